"""The demand projection on the hand-checkable tiny system (see conftest.tiny_tables)."""

import numpy as np
import pandas as pd
import pytest

from energy.demand.projection import calibration_multipliers, project_demand
from energy.inputs import load_inputs
from tests.helpers import tiny_tables, write_tables

HOURS = 8760


def test_tiny_system_by_hand(tiny_folder):
    p = project_demand(load_inputs(tiny_folder), "base")
    parts = p.components[p.components["year"] == 2014].set_index("component")["energy_twh"]
    volume = 400e3 * 150 * HOURS / 1e12  # 400 thousand servers × (200 × (0.5 + 0.5 × 0.5)) W
    storage = 1e6 * 10 * HOURS / 1e12
    network = 0.5e6 * 4 * HOURS / 1e12
    assert parts["conventional_servers"] == pytest.approx(volume, rel=2e-3)
    assert parts["storage"] == pytest.approx(storage)
    assert parts["network"] == pytest.approx(network)
    assert parts["ai_servers"] == pytest.approx(0)
    assert parts["infrastructure"] == pytest.approx(0.5 * (volume + storage + network), rel=2e-3)
    assert parts["total"] == pytest.approx(1.5 * (volume + storage + network), rel=2e-3)
    assert p.national.loc[2014, "share_of_us_electricity"] == pytest.approx(parts["total"] / 4000)


def test_ai_cohort_and_its_pue(tiny_folder):
    p = project_demand(load_inputs(tiny_folder), "base")
    ai = p.national["ai_servers_twh"]
    one_year = 10e3 * 800 * HOURS / 1e12  # 10 thousand servers at 800 W for a whole year
    assert ai[2020] == pytest.approx(
        one_year / 2, rel=1e-3
    )  # shipped through the year: half a year on average
    assert ai[2021] == pytest.approx(one_year, rel=1e-3)
    assert ai[2022] == pytest.approx(one_year / 2, rel=1e-3)  # retired through its second birthday
    assert ai[2023] == pytest.approx(0, abs=1e-9)
    it = p.national["it_twh"]
    # AI load sits in a hall with PUE 1.2, the rest in PUE 1.5
    assert p.national.loc[2021, "total_twh"] == pytest.approx(
        1.5 * (it[2021] - ai[2021]) + 1.2 * ai[2021]
    )


def test_components_add_up_and_average_mw(tiny_folder):
    p = project_demand(load_inputs(tiny_folder), "base")
    wide = p.components.pivot(index="year", columns="component", values="energy_twh")
    parts = wide.drop(columns="total").sum(axis=1)
    assert np.allclose(parts, wide["total"])
    row = p.components.iloc[0]
    assert row["average_mw"] == pytest.approx(row["energy_twh"] * 1e6 / HOURS)
    assert set(p.components.columns) == {
        "year",
        "component",
        "energy_twh",
        "average_mw",
        "share_of_us_electricity",
    }
    assert (
        p.components.loc[p.components["component"] != "total", "share_of_us_electricity"]
        .isna()
        .all()
    )


def test_case_rows_replace_all_rows_and_interpolate(tmp_path):
    tables = tiny_tables()
    tables["cases"] = pd.concat(
        [
            tables["cases"],
            pd.DataFrame([{"case_id": "busy", "description": "t", "source_id": "s1"}]),
        ]
    )
    extra = {
        "case": "busy",
        "class_id": "vol",
        "status": "assumption",
        "source_id": "s1",
        "note": "",
    }
    tables["utilization"] = pd.concat(
        [
            tables["utilization"],
            pd.DataFrame(
                [
                    {**extra, "year": 2020, "utilization": 0.5},
                    {**extra, "year": 2030, "utilization": 1.0},
                ]
            ),
        ]
    )
    inputs = load_inputs(write_tables(tables, tmp_path / "t"))
    base, busy = project_demand(inputs, "base"), project_demand(inputs, "busy")
    power = busy.servers.set_index(["class_id", "year"])["power_w"]
    assert power["vol", 2014] == pytest.approx(150)  # flat before the first listed year
    assert power["vol", 2025] == pytest.approx(
        200 * (0.5 + 0.5 * 0.75)
    )  # halfway between 0.5 and 1.0
    assert power["vol", 2035] == pytest.approx(200)  # flat after the last listed year
    assert base.servers.set_index(["class_id", "year"])["power_w"]["vol", 2025] == pytest.approx(
        150
    )


def test_calibration_levers_scale_and_grow():
    calibration = pd.DataFrame(
        [
            {
                "parameter": "conventional_power_scale",
                "case": "all",
                "first_year": 2014,
                "last_year": 2035,
                "value": 2.0,
            },
            {
                "parameter": "conventional_power_growth",
                "case": "all",
                "first_year": 2016,
                "last_year": 2018,
                "value": 1.1,
            },
            {
                "parameter": "ai_shipment_scale",
                "case": "other",
                "first_year": 2020,
                "last_year": 2020,
                "value": 5.0,
            },
        ]
    )
    m = calibration_multipliers(calibration, "base")
    power = dict(zip(range(2014, 2036), m["conventional_power_scale"], strict=True))
    assert power[2015] == pytest.approx(2.0)
    assert power[2016] == pytest.approx(2.2)
    assert power[2018] == pytest.approx(2.0 * 1.1**3)
    assert power[2030] == pytest.approx(2.0 * 1.1**3)  # the factor reached holds afterwards
    assert "ai_shipment_scale" not in m  # another case's lever does not apply


def power_lever(value: float) -> pd.DataFrame:
    """One calibration row scaling volume-server power in every year, targeting the tiny anchor."""
    row = {
        "parameter": "conventional_power_scale",
        "case": "all",
        "first_year": 2014,
        "last_year": 2035,
        "target_anchor_id": "t2014",
        "value": value,
        "status": "calibrated",
        "note": "",
    }
    return pd.DataFrame([row])


def test_lever_changes_energy_proportionally(tiny_folder):
    inputs = load_inputs(tiny_folder)
    lever = power_lever(1.5)
    plain = project_demand(inputs, "base").national["conventional_servers_twh"]
    scaled = project_demand(inputs, "base", calibration=lever).national["conventional_servers_twh"]
    assert np.allclose(scaled, 1.5 * plain)


def test_calibration_solves_the_tiny_anchor(tiny_folder):
    from energy.demand.calibration import solve_calibration

    inputs = load_inputs(tiny_folder)
    lever = power_lever(1.0)
    inputs = inputs.replace(calibration=lever)
    solved = solve_calibration(inputs)
    # total 2014 = 1.5 × (volume × k + storage + network) = 1.0 TWh
    volume, fixed = 400e3 * 150 * HOURS / 1e12, (1e6 * 10 + 0.5e6 * 4) * HOURS / 1e12
    assert solved.loc[0, "value"] == pytest.approx((1.0 / 1.5 - fixed) / volume, rel=2e-3)
    assert solved.loc[0, "achieved_value"] == pytest.approx(1.0)
