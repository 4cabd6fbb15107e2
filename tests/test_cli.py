"""End to end: the `energy` command in temporary folders, as a user runs it."""

import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import load_workbook

from energy.demand.projection import HOURS_PER_YEAR, calibration_multipliers
from energy.inputs import load_inputs
from energy.inputs.series import case_series
from tests.cli_helpers import energy
from tests.conftest import SCENARIOS

CLASS, YEAR, ADDED = (
    "ai_blackwell",
    2026,
    100.0,
)  # thousand servers added to reference shipments in 2026


def scenario_for(tmp_path, workbook, case="reference"):
    path = tmp_path / "scenario.toml"
    path.write_text(f'description = "test"\nworkbook = "{workbook.as_posix()}"\ncase = "{case}"\n')
    return path


def run_demand(capsys, tmp_path, scenario, name):
    out = tmp_path / name
    result = energy(capsys, "demand", scenario, "--out", out)
    assert result.exit_code == 0, result.err
    return pd.read_csv(out).set_index(["year", "component"])


def test_demand_prints_table_and_anchors(capsys, tmp_path):
    out, stock = tmp_path / "reference.csv", tmp_path / "stock.csv"
    result = energy(capsys, "demand", SCENARIOS / "reference.toml", "--out", out, "--stock", stock)
    assert result.exit_code == 0
    assert "AI servers" in result.out and "2028" in result.out
    assert "ok   2023 total_twh" in result.out and "MISS " not in result.out
    table = pd.read_csv(out)
    assert list(table.columns) == [
        "year",
        "component",
        "energy_twh",
        "average_mw",
        "share_of_us_electricity",
    ]
    totals = table[table["component"] == "total"]
    assert len(totals) == 22 and totals["share_of_us_electricity"].notna().all()
    assert totals.set_index("year").loc[2023, "energy_twh"] == pytest.approx(176, rel=0.02)
    servers = pd.read_csv(stock)
    assert {"class_id", "installed_base_thousand", "operating_stock_thousand", "power_w"} <= set(
        servers.columns
    )
    by_year = servers.groupby("year")["energy_twh"].sum()
    ai_and_conv = (
        table[table["component"].isin(["ai_servers", "conventional_servers"])]
        .groupby("year")["energy_twh"]
        .sum()
    )
    assert by_year.to_numpy() == pytest.approx(ai_and_conv.to_numpy(), rel=1e-5)


def test_explain_shows_calibration(capsys):
    result = energy(capsys, "demand", SCENARIOS / "lbnl-low.toml", "--explain")
    assert result.exit_code == 0
    assert "us_share_of_global_ai_shipments" in result.out
    assert "stored value reproduces the anchor" in result.out
    assert "STALE" not in result.out


def test_changing_one_cell_moves_the_projection_by_the_expected_amount(
    capsys, tmp_path, workbook_copy
):
    before = run_demand(capsys, tmp_path, scenario_for(tmp_path, workbook_copy), "before.csv")

    wb = load_workbook(workbook_copy)
    ws = wb["shipments"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in header}
    for row in ws.iter_rows(min_row=2):
        if (row[col["case"]].value, row[col["class_id"]].value, row[col["year"]].value) == (
            "reference",
            CLASS,
            YEAR,
        ):
            row[col["shipments_thousand"]].value += ADDED
            break
    else:
        pytest.fail("row not found")
    wb.save(workbook_copy)
    after = run_demand(capsys, tmp_path, scenario_for(tmp_path, workbook_copy), "after.csv")

    # Expected: the added servers, scaled by the calibrated levers, are in service half of 2026
    # (shipped through the year) at the class's power, in AI facilities with their PUE.
    inputs = load_inputs(workbook_copy)
    levers = calibration_multipliers(inputs["calibration"], "reference")
    i = YEAR - 2014
    servers = (
        ADDED * levers["ai_shipment_scale"][i] * levers["us_share_of_global_ai_shipments"][i] / 2
    )
    c = inputs["server_classes"].set_index("class_id").loc[CLASS]
    util = case_series(inputs["utilization"], "reference", ["class_id"], "utilization", [YEAR])[
        CLASS
    ].iloc[0]
    power_w = c["max_power_w"] * util * levers["ai_power_scale"][i]
    ai_twh = servers * 1e3 * power_w * HOURS_PER_YEAR / 1e12
    pue = case_series(inputs["pue"], "reference", ["space_type_id"], "pue", [YEAR])[
        "ai_specialized"
    ].iloc[0]

    delta = after["energy_twh"] - before["energy_twh"]
    assert delta[(YEAR, "ai_servers")] == pytest.approx(ai_twh, rel=1e-3)
    assert delta[(YEAR, "total")] == pytest.approx(ai_twh * pue, rel=1e-3)
    assert delta[(YEAR - 1, "total")] == pytest.approx(0, abs=1e-9)  # nothing changes before
    assert delta[(YEAR + 1, "ai_servers")] > delta[(YEAR, "ai_servers")]  # in service all of 2027
    assert delta[(2035, "ai_servers")] < delta[(YEAR + 1, "ai_servers")]  # retired by then, mostly


def test_help_says_what_and_shows_examples(capsys):
    top = energy(capsys, "--help")
    assert top.exit_code == 0 and "energy demand scenarios/reference.toml" in top.out
    for args in (
        ("demand",),
        ("inputs",),
        ("inputs", "validate"),
        ("inputs", "export"),
        ("inputs", "import"),
        ("inputs", "template"),
        ("inputs", "calibrate"),
    ):
        result = energy(capsys, *args, "--help")
        assert result.exit_code == 0
        assert "Example" in result.out, args


def test_console_script_runs_in_a_subprocess(tmp_path):
    """The installed entry point, as typed in a shell, with a bad path: message and exit 1."""
    done = subprocess.run(
        [sys.executable, "-m", "energy", "inputs", "validate", str(tmp_path / "nope.xlsx")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "no such file" in done.stderr and "Traceback" not in done.stderr
