"""Workbook and CSV folder: the same tables either way; template; calibration stored in place."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from energy.inputs import load_inputs
from energy.inputs.schema import TABLES
from tests.cli_helpers import energy

# sheets the schema knows but the default workbook does not ship (none: every sheet ships)
NOT_SHIPPED: set[str] = set()


def test_default_workbook_is_valid(capsys, default_inputs):
    assert set(default_inputs.tables) == set(TABLES) - NOT_SHIPPED
    result = energy(capsys, "inputs", "validate", default_inputs.path)
    assert result.exit_code == 0
    assert "valid" in result.out


def test_every_row_cites_a_source_and_status(default_inputs):
    sources = set(default_inputs["sources"]["source_id"])
    for name, df in default_inputs.tables.items():
        if "source_id" in df:
            assert df["source_id"].isin(sources).all(), name
        if "status" in df and name != "calibration":
            assert df["status"].notna().all(), name
    assert (default_inputs["calibration"]["status"] == "calibrated").all()


def test_export_import_round_trip(capsys, tmp_path, default_inputs):
    folder, workbook = tmp_path / "csv", tmp_path / "again.xlsx"
    assert energy(capsys, "inputs", "export", default_inputs.path, folder).exit_code == 0
    assert {p.stem for p in folder.glob("*.csv")} == set(TABLES) - NOT_SHIPPED
    assert energy(capsys, "inputs", "import", folder, workbook).exit_code == 0
    for source in (folder, workbook):
        again = load_inputs(source)
        for name, df in default_inputs.tables.items():
            pd.testing.assert_frame_equal(
                again[name].reset_index(drop=True),
                df.reset_index(drop=True),
                check_dtype=False,
                obj=f"{source.name}:{name}",
            )


def test_template_has_headers_units_and_dropdowns(capsys, tmp_path):
    target = tmp_path / "blank.xlsx"
    assert energy(capsys, "inputs", "template", target).exit_code == 0
    wb = load_workbook(target)
    assert {"about", "columns", *TABLES} <= set(wb.sheetnames)
    ws = wb["server_classes"]
    header = [c.value for c in ws[1]]
    assert header == TABLES["server_classes"].column_names
    power = ws.cell(row=1, column=header.index("max_power_w") + 1)
    assert "W/server" in power.comment.text
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in ws.data_validations.dataValidation}
    component_col = "ABCDEFGHIJKLMNOP"[header.index("component")]
    assert "conventional_servers,ai_servers" in lists[component_col]
    shipments = wb["shipments"]
    refs = [v.formula1 for v in shipments.data_validations.dataValidation]
    assert any("server_classes" in f for f in refs)  # class_id picks from the classes sheet
    # an empty template is readable and reports the missing content, not a crash
    result = energy(capsys, "inputs", "validate", target)
    assert result.exit_code == 1 and "Traceback" not in result.err


def test_calibrate_write_restores_stale_values(capsys, workbook_copy):
    wb = load_workbook(workbook_copy)
    ws = wb["calibration"]
    value_col = [c.value for c in ws[1]].index("value") + 1
    ws.cell(row=2, column=value_col).value = 1.0
    wb.save(workbook_copy)
    result = energy(capsys, "inputs", "calibrate", workbook_copy)
    assert "STALE" in result.out
    assert energy(capsys, "inputs", "calibrate", workbook_copy, "--write").exit_code == 0
    result = energy(capsys, "inputs", "calibrate", workbook_copy)
    assert "STALE" not in result.out


@pytest.mark.parametrize("bad", ["missing.xlsx", "notes.txt"])
def test_unreadable_paths_are_explained(capsys, tmp_path, bad):
    path = tmp_path / bad
    if bad.endswith(".txt"):
        path.write_text("hello")
    result = energy(capsys, "inputs", "validate", path)
    assert result.exit_code == 1
    assert str(path) in result.err and "Traceback" not in result.err
