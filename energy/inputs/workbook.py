"""Write input tables: CSV folders, formatted workbooks (header notes with units, drop-down lists,
documentation sheets), the blank template, and calibrated values stored back in place."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from energy.atomic import atomic_dir, atomic_path
from energy.inputs.schema import TABLES, Table
from energy.inputs.tables import Inputs, load_inputs

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
VALIDATION_ROWS = 5000  # drop-downs cover this many data rows

ABOUT = [
    "energy: input workbook",
    "",
    "Each sheet is one table: a header row of snake_case column names, one row per record.",
    "Hover a header cell to see its unit and meaning; the 'columns' sheet lists them all.",
    "Every row names its source_id (sheet 'sources') and a status: confirmed, secondary, derived, assumption or calibrated.",
    "case = 'all' rows apply to every demand case; a row for a named case replaces the 'all' row with the same key and year.",
    "Series sheets (utilization, equipment_stock, space_type_shares, pue, us_electricity) are interpolated linearly",
    "between listed years and held flat outside them; shipments need every year.",
    "Check a workbook with:  energy inputs validate PATH",
]


def _list_formula(table: Table, column) -> str | None:
    if column.choices:
        return '"' + ",".join(column.choices) + '"'
    if column.ref:
        sheet, col = column.ref.split(".")
        ref_table = TABLES[sheet]
        letter = get_column_letter(ref_table.column_names.index(col) + 1)
        return f"'{sheet}'!${letter}$2:${letter}${VALIDATION_ROWS}"
    return None


def _format_sheet(ws, table: Table) -> None:
    for idx, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=idx)
        if cell.value is None:
            cell.value = column.name
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        unit = f" [{column.unit}]" if column.unit else ""
        cell.comment = Comment(
            f"{column.name}{unit}: {column.description}. Expected: {column.expectation()}.",
            "energy",
        )
        width = max(len(column.name) + 2, 12)
        if column.kind == "str" and column.name in ("citation", "description", "note", "used_for"):
            width = 60
        ws.column_dimensions[get_column_letter(idx)].width = width
        formula = _list_formula(table, column)
        if formula and not column.allow_all:
            rule = DataValidation(type="list", formula1=formula, allow_blank=not column.required)
            rule.error = f"Expected {column.expectation()}"
            rule.errorTitle = f"{table.name}.{column.name}"
            ws.add_data_validation(rule)
            letter = get_column_letter(idx)
            rule.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
    ws.freeze_panes = "A2"


def format_workbook(path: str | Path, sheets: list[str]) -> None:
    """Add header notes, drop-downs and the documentation sheets to a written workbook."""
    wb = load_workbook(path)
    for name in sheets:
        if name in TABLES and name in wb.sheetnames:
            _format_sheet(wb[name], TABLES[name])
    about = wb.create_sheet("about", 0)
    for i, line in enumerate(ABOUT, start=1):
        about.cell(row=i, column=1, value=line)
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 120
    columns = wb.create_sheet("columns", 1)
    header = ["sheet", "column", "unit", "type", "expected", "required", "refers_to", "description"]
    columns.append(header)
    for table in TABLES.values():
        for column in table.columns:
            columns.append(
                [
                    table.name,
                    column.name,
                    column.unit,
                    column.kind,
                    column.expectation(),
                    "yes" if column.required else "no",
                    column.ref or "",
                    column.description,
                ]
            )
    for cell in columns[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for letter, width in zip("ABCDEFGH", (18, 26, 20, 8, 34, 9, 24, 90), strict=True):
        columns.column_dimensions[letter].width = width
    for row in columns.iter_rows(min_row=2):
        row[7].alignment = Alignment(wrap_text=False)
    columns.freeze_panes = "A2"
    wb.save(path)


def write_template(target: str | Path) -> None:
    """An empty workbook: every sheet with its header, unit notes and drop-down lists."""
    write_workbook(
        {name: pd.DataFrame(columns=t.column_names) for name, t in TABLES.items()}, target
    )


def _ordered(df: pd.DataFrame, name: str) -> pd.DataFrame:
    table = TABLES.get(name)
    if table is None:
        return df
    fixed = [c for c in table.column_names if c in df.columns]
    extra = [c for c in df.columns if c not in table.column_names] if table.wide_ref else []
    return df[fixed + extra]


def write_csv_folder(tables: dict[str, pd.DataFrame], folder: str | Path) -> None:
    """Write one CSV per table, atomically replacing `folder`."""
    with atomic_dir(folder) as tmp:
        for name, df in tables.items():
            _ordered(df, name).to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n")


def write_workbook(tables: dict[str, pd.DataFrame], target: str | Path) -> None:
    """Write the tables as a formatted workbook (with about/columns sheets), atomically."""
    with atomic_path(target) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, df in tables.items():
                _ordered(df, name).to_excel(writer, sheet_name=name, index=False)
        format_workbook(tmp, list(tables))


def export_inputs(source: str | Path, target: str | Path) -> Inputs:
    """Validate `source` and write it in the other format (xlsx -> CSV folder, or back)."""
    inputs = load_inputs(source)
    tables = inputs.tables
    target = Path(target)
    if target.suffix.lower() == ".xlsx":
        write_workbook(tables, target)
    else:
        write_csv_folder(tables, target)
    return inputs


def store_calibration(path: str | Path, solved: pd.DataFrame) -> None:
    """Write solved calibration values into the workbook or CSV folder in place (atomically)."""
    path = Path(path)
    key = ["parameter", "case", "first_year"]
    values = {(r.parameter, r.case, int(r.first_year)): float(r.value) for r in solved.itertuples()}
    if path.is_dir():
        target = path / "calibration.csv"
        raw = pd.read_csv(target, dtype=object, keep_default_na=False)
        raw["value"] = [
            repr(values.get((p, c, int(float(y))), float(v)))
            for p, c, y, v in zip(
                raw["parameter"], raw["case"], raw["first_year"], raw["value"], strict=True
            )
        ]
        with atomic_path(target) as tmp:
            raw.to_csv(tmp, index=False, lineterminator="\n")
        return
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path)
    ws = wb["calibration"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in [*key, "value"]}
    for row in ws.iter_rows(min_row=2):
        ident = (row[col["parameter"]].value, row[col["case"]].value, row[col["first_year"]].value)
        if ident[0] is None:
            continue
        found = values.get((str(ident[0]).strip(), str(ident[1]).strip(), int(ident[2])))
        if found is not None:
            row[col["value"]].value = found
    with atomic_path(path) as tmp:
        wb.save(tmp)
