"""Regenerate the corpus of broken workbooks from the default workbook (one defect each).

Run from the project root after the schema or the default workbook changes:
    python tests/data/bad/make_corpus.py
test_bad_inputs.py lists the message each file must produce.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from energy.inputs.schema import GRID_TABLE_NAMES

ROOT = Path(__file__).resolve().parents[3]
DEFAULT = ROOT / "inputs" / "energy_inputs.xlsx"
HERE = Path(__file__).resolve().parent


def column_index(ws, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


def edit(name: str, change) -> None:
    wb = load_workbook(DEFAULT)
    change(wb)
    # keep the corpus small: documentation sheets go, and so do the (optional) grid sheets,
    # since every defect here is in a demand sheet
    for sheet in ("about", "columns", *GRID_TABLE_NAMES):
        if sheet in wb.sheetnames:
            del wb[sheet]
    wb.save(HERE / name)


def set_cell(sheet: str, row: int, column: str, value):
    def change(wb):
        ws = wb[sheet]
        ws.cell(row=row, column=column_index(ws, column)).value = value

    return change


def drop_sheet(wb):
    del wb["pue"]


def rename_column(wb):
    ws = wb["shipments"]
    ws.cell(row=1, column=column_index(ws, "shipments_thousand"), value="shipments")


def duplicate_row(wb):
    ws = wb["pue"]
    ws.append([c.value for c in ws[2]])


def delete_shipment_row(wb):
    ws = wb["shipments"]
    ws.delete_rows(10)


CORPUS = {
    "missing_sheet.xlsx": drop_sheet,
    "missing_column.xlsx": rename_column,
    "text_in_number.xlsx": set_cell("shipments", 5, "shipments_thousand", "lots"),
    "negative_power.xlsx": set_cell("server_classes", 3, "max_power_w", -5),
    "share_above_one.xlsx": set_cell("utilization", 4, "utilization", 1.5),
    "unknown_class.xlsx": set_cell("shipments", 7, "class_id", "ai_quantum"),
    "unknown_case.xlsx": set_cell("pue", 2, "case", "medium"),
    "bad_choice.xlsx": set_cell("server_classes", 2, "component", "gpu_servers"),
    "duplicate_key.xlsx": duplicate_row,
    "year_out_of_range.xlsx": set_cell("shipments", 6, "year", 2051),
    "shares_not_one.xlsx": set_cell("space_type_shares", 2, "share", 0.5),
    "missing_years.xlsx": delete_shipment_row,
    "empty_required_cell.xlsx": set_cell("server_classes", 4, "lifetime_years", None),
}

if __name__ == "__main__":
    for name, change in CORPUS.items():
        edit(name, change)
        print("wrote", HERE / name)
