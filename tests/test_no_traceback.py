"""No traceback, no silent nonsense: each input a new user might try gets a message naming the
file, sheet or option and what to fix, and a non-zero exit; `energy inputs validate` catches
every workbook problem `energy run` would reject. Faults of the machine (a folder that cannot
be written, a full disk) are explained too."""

import errno
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from energy.errors import InputError
from energy.inputs import validate_tables
from energy.inputs.workbook import write_csv_folder
from tests.cli_helpers import energy
from tests.conftest import COARSE_UNCHECKED as COARSE
from tests.conftest import DEFAULT_WORKBOOK, SCENARIOS

REFERENCE = (SCENARIOS / "reference.toml").as_posix()

# scenario text after `extends = reference` -> fragments of the message
SCENARIO_CASES = {
    "where is a string": (
        '[[override]]\nsheet = "shipments"\nwhere = "ai_blackwell"\n'
        'column = "shipments_thousand"\nvalue = 1\n',
        ["override #1", "'where' must be a table of column = value"],
    ),
    "workbook is a number": ("workbook = 5\n", ["'workbook' must be", "found 5"]),
    "seed is text": ('[grid]\nseed = "abc"\n', ["[grid] seed", "expected a whole number"]),
    "co2 cap is text": (
        '[grid]\nco2_cap_mt = {2028 = "lots"}\n',
        ["[grid] co2_cap_mt 2028", "expected Mt of CO2 as a number"],
    ),
    "co2 cap year is a word": (
        "[grid]\nco2_cap_mt = {soon = 100}\n",
        ["[grid] co2_cap_mt", "'soon' is not a model year"],
    ),
    "held-back step is nan": (
        "[grid]\nheld_back_step_mw = nan\n",
        ["[grid] held_back_step_mw", "expected a positive number, found nan"],
    ),
    "override value is nan": (
        '[[override]]\nsheet = "shipments"\n'
        'where = { case = "reference", class_id = "ai_blackwell", year = 2026 }\n'
        'column = "shipments_thousand"\nvalue = nan\n',
        ["override #1", "value nan for 'shipments.shipments_thousand'", "finite"],
    ),
    "a kept day outside the year": (
        "[grid]\nkeep_days = [0, 400]\n",
        ["[grid] keep_days", "expected days of the year from 1 to 365"],
    ),
    "hourly-check rounds negative": (
        "[grid]\nhourly_check_rounds = -1\n",
        ["[grid] hourly_check_rounds", "expected a whole number >= 0"],
    ),
    "a grid-ceiling method that does not exist": (
        '[solver]\ngrid_ceiling_method = "barrier"\n',
        ["[solver] grid_ceiling_method", "expected one of method, simplex, ipm", "'barrier'"],
    ),
    "a removed option": (
        "[grid]\nheld_back_time_limit_s = 60\n",
        ["held_back_time_limit_s", "removed", "held_back_max_solves"],
    ),
    "an option replaced by another": (
        "[grid]\nmarket_accreditation = true\n",
        ["market_accreditation", "removed", "pjm_accreditation_everywhere"],
    ),
}


def no_traceback(result):
    assert result.exit_code != 0
    assert "Traceback" not in result.err and "Traceback" not in result.out


@pytest.mark.parametrize("case", sorted(SCENARIO_CASES))
def test_scenario_mistakes_are_named(capsys, tmp_path, case):
    text, fragments = SCENARIO_CASES[case]
    path = tmp_path / "bad.toml"
    path.write_text(f'extends = "{REFERENCE}"\n{text}')
    result = energy(capsys, "demand", path)
    no_traceback(result)
    for fragment in fragments:
        assert fragment in result.err, result.err
    assert str(path) in result.err


def test_a_scenario_file_that_is_not_utf8(capsys, tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(f'extends = "{REFERENCE}"\ndescription = "Zürich"\n'.encode("latin-1"))
    result = energy(capsys, "demand", path)
    no_traceback(result)
    assert "not UTF-8" in result.err and str(path) in result.err


def set_cell(tables, sheet, where, column, value):
    table = tables[sheet].astype(object).copy()
    mask = True
    for key, wanted in where.items():
        mask = mask & (table[key] == wanted)
    assert mask.sum() >= 1, (sheet, where)
    table.loc[mask, column] = value
    return {**tables, sheet: table}


# (sheet, row selector, column, value written as the cell's text) -> fragments of the message
WORKBOOK_CASES = {
    "infinite capacity": (
        ("fleet", {"region_id": "ERCOT", "tech_id": "gas_cc_existing"}, "capacity_mw", "inf"),
        ["sheet 'fleet'", "column 'capacity_mw'", "not a finite number"],
    ),
    "1e308 shipments": (
        ("shipments", {"class_id": "ai_blackwell", "year": 2026}, "shipments_thousand", "1e308"),
        ["sheet 'shipments'", "implausibly large"],
    ),
    "TRUE as a number": (
        ("fleet", {"region_id": "ERCOT", "tech_id": "gas_cc_existing"}, "capacity_mw", "TRUE"),
        ["sheet 'fleet'", "a logical value, not a number"],
    ),
    "a decimal comma": (
        ("reserve_margins", {"region_id": "ERCOT"}, "reserve_margin", "0,15"),
        ["sheet 'reserve_margins'", "a comma is ambiguous"],
    ),
    "utilization 0": (
        ("grid_settings", {"setting": "dc_utilization"}, "value", "0"),
        ["sheet 'grid_settings'", "'dc_utilization' is 0", "above 0"],
    ),
    "discount rate -1": (
        ("grid_settings", {"setting": "discount_rate"}, "value", "-1"),
        ["sheet 'grid_settings'", "'discount_rate' is -1", "from 0 to 0.5"],
    ),
    "a corridor to itself": (
        ("corridors", {"from_region": "PJM_DOM", "to_region": "PJM_WEST"}, "to_region", "PJM_DOM"),
        ["sheet 'corridors'", "from PJM_DOM to itself"],
    ),
    "region_load peak that hourly_load does not reach": (
        ("region_load", {"region_id": "ERCOT"}, "peak_load_2023_mw", "95000"),
        ["sheet 'region_load'", "ERCOT: peak_load_2023_mw", "must agree"],
    ),
}


@pytest.mark.parametrize("case", sorted(WORKBOOK_CASES))
def test_workbook_mistakes_are_caught_when_reading(default_inputs, case):
    # the cell is written as a CSV file would hold it (text); validation types it
    (sheet, where, column, value), fragments = WORKBOOK_CASES[case]
    tables = set_cell(default_inputs.tables, sheet, where, column, value)
    with pytest.raises(InputError) as error:
        validate_tables(tables, Path("inputs.xlsx"))
    for fragment in fragments:
        assert fragment in str(error.value), str(error.value)


def test_rows_missing_from_month_and_hour_tables(capsys, tmp_path, default_inputs):
    # through the command, from a CSV folder, as a user would meet it
    tables = dict(default_inputs.tables)
    tables["wind_monthly"] = tables["wind_monthly"][tables["wind_monthly"]["month"] != 7]
    tables["hourly_load"] = tables["hourly_load"].iloc[100:]
    folder = tmp_path / "inputs"
    write_csv_folder(tables, folder)
    result = energy(capsys, "inputs", "validate", folder)
    no_traceback(result)
    assert "wind_monthly.csv" in result.err and "no row for month(s) 7" in result.err
    assert "hourly_load.csv" in result.err and "100 hour(s) missing (first: 0)" in result.err


def test_a_formula_without_a_value_and_a_logical_cell_in_a_workbook(capsys, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "formula.xlsx"
    shutil.copy(DEFAULT_WORKBOOK, path)
    book = load_workbook(path)
    sheet = book["reserve_margins"]
    sheet["B2"] = "=B3*2"  # a formula openpyxl stores without a computed value
    sheet["B3"] = True
    book.save(path)
    result = energy(capsys, "inputs", "validate", path)
    no_traceback(result)
    assert "sheet 'reserve_margins', row 2, column 'reserve_margin'" in result.err
    assert "the formula '=B3*2' with no computed value" in result.err
    assert "row 3, column 'reserve_margin'" in result.err and "a logical value" in result.err


def test_a_workbook_one_reader_accepts_and_the_other_refuses(capsys, tmp_path):
    # calamine reads the cells, openpyxl (looking for formulas) refuses the file's properties:
    # either way it is an input error naming the file, not a traceback
    import zipfile

    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(DEFAULT_WORKBOOK) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode()
                start = text.index("<dcterms:created")
                end = text.index("</dcterms:created>")
                opening = text[start : text.index(">", start) + 1]
                data = (text[:start] + opening + "not-a-date" + text[end:]).encode()
            target.writestr(item, data)
    result = energy(capsys, "inputs", "validate", path)
    no_traceback(result)
    assert "broken.xlsx: cannot be read as an Excel workbook" in result.err


def test_a_folder_that_cannot_be_written_fails_before_solving(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = energy(capsys, "run", SCENARIOS / "reference.toml", "--out-dir", blocker / "reports")
    no_traceback(result)
    assert "cannot write into" in result.err and "a-file" in result.err
    assert "solving" not in result.err  # it stopped before any work
    demand = energy(capsys, "demand", SCENARIOS / "reference.toml", "--out", blocker / "x.csv")
    no_traceback(demand)
    assert "cannot write into" in demand.err


def test_a_full_disk_is_said_plainly(capsys, tmp_path, monkeypatch):
    import energy.demand.projection as projection

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "demand.csv"))

    monkeypatch.setattr(projection.pd.DataFrame, "to_csv", full)
    result = energy(
        capsys, "demand", SCENARIOS / "reference.toml", "--out", tmp_path / "demand.csv"
    )
    no_traceback(result)
    assert "the disk is full" in result.err and "demand.csv" in result.err
    assert not (tmp_path / "demand.csv").exists()


@pytest.mark.slow
def test_an_impossible_co2_cap_is_named_as_the_cause(capsys, tmp_path):
    path = tmp_path / "cap.toml"
    # 2026 is left out: before a campus can move (2027) load a region cannot serve would wait,
    # and unserved load is forbidden here, so the CO2 cap is the one cause
    grid = COARSE.replace("years = [2023, 2026, 2030]", "years = [2023, 2030]")
    path.write_text(
        f'extends = "{REFERENCE}"\n{grid}allow_unserved = false\nco2_cap_mt = {{ 2030 = 1 }}\n'
    )
    result = energy(capsys, "run", path, "--out-dir", tmp_path / "out")
    no_traceback(result)
    assert "Infeasible" in result.err
    alone = result.err[result.err.index("stretched alone") :]
    assert "co2: by up to" in alone and "scenario [grid] co2_cap_mt" in alone, result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_failed_run_of_the_command_exits_with_its_error(tmp_path):
    # the `energy` command (energy.cli.entry) skips the teardown of a successful run only; a
    # failed one, whose helper was stopped mid-job, exits as usual with code 1
    path = tmp_path / "cap.toml"
    grid = COARSE.replace("years = [2023, 2026, 2030]", "years = [2023, 2030]")
    path.write_text(
        f'extends = "{REFERENCE}"\n{grid}allow_unserved = false\nco2_cap_mt = {{ 2030 = 1 }}\n'
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "energy", "run", str(path), "--out-dir", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "Error: the grid model has no optimal solution (Infeasible)" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


WORKER = """
import multiprocessing, sys, time
from energy.results.workers import exit_with_parent

def work():
    exit_with_parent()  # what every helper process does first
    time.sleep(600)

if __name__ == "__main__":
    child = multiprocessing.get_context("spawn").Process(target=work)
    child.start()
    print(child.pid, flush=True)
    time.sleep(600)
"""


def test_a_killed_run_leaves_no_worker_behind(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import tempfile
    import time

    script = tmp_path / "parent.py"
    script.write_text(WORKER)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    time.sleep(1.0)
    os.kill(parent.pid, signal.SIGKILL)  # kill -9: the parent cannot clean up
    parent.wait()
    deadline = time.time() + 10
    while time.time() < deadline and _running(worker):
        time.sleep(0.2)
    assert not _running(worker), "a worker outlived its killed parent"
    # what a killed run leaves in the scratch folder, the next run removes
    from energy.scratch import PREFIX, remove_stale

    stale = Path(tempfile.gettempdir()) / f"{PREFIX}{parent.pid}-held-back-x"
    stale.mkdir()
    remove_stale(stale.parent, PREFIX)
    assert not stale.exists()


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
