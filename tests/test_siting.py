"""Siting: national demand -> requested load per region, adding up every year."""

import numpy as np
import pandas as pd
import pytest

from energy.siting.requested import pipeline_load, requested_load

STAGES = pd.DataFrame({"stage": ["built", "maybe"], "probability": [1.0, 0.5]})


def pipeline(rows):
    return pd.DataFrame(
        rows, columns=["region_id", "stage", "capacity_mw", "first_year", "last_year"]
    )


def test_pipeline_ramps_over_its_years():
    p = pipeline([("A", "built", 400, 2025, 2026), ("A", "maybe", 400, 2026, 2026)])
    load = pipeline_load(p, STAGES, 0.5, [2024, 2025, 2026, 2027]).loc["A"]
    # 400 MW x 1.0 x 0.5 = 200 MW, half in 2025; plus 400 x 0.5 x 0.5 = 100 MW from 2026
    assert list(load) == pytest.approx([0, 100, 300, 300])


def test_regions_add_up_to_the_national_projection():
    national = pd.Series([100.0, 150.0, 400.0, 90.0], index=[2023, 2024, 2025, 2026])
    shares = pd.Series({"A": 0.6, "B": 0.4})
    p = pipeline([("B", "built", 100, 2024, 2024), ("A", "built", 1000, 2025, 2025)])
    table = requested_load(national, shares, p, STAGES, 0.5)
    totals = table.groupby("year")["requested_mw"].sum()
    assert totals.to_numpy() == pytest.approx(national.to_numpy())
    by = table.set_index(["region", "year"])
    # 2024: growth 50; pipeline B 50 fits exactly, nothing left to share
    assert by.loc[("B", 2024), "pipeline_mw"] == pytest.approx(50)
    assert by.loc[("A", 2024), "requested_mw"] == pytest.approx(60)
    # 2025: growth 300 < pipeline 550 (A 500 + B 50): scaled by 300 / 550
    assert by.loc[("A", 2025), "pipeline_mw"] == pytest.approx(500 * 300 / 550)
    # 2026: national falls below 2023: everything scales with it
    assert by.loc[("A", 2026), "requested_mw"] == pytest.approx(0.6 * 90)


def test_default_workbook_siting_adds_up(default_inputs):
    from energy.demand.projection import project_demand

    demand = project_demand(default_inputs, "reference")
    national = demand.national["average_mw"].loc[2023:2035]
    shares = default_inputs["dc_load_2023"].set_index("region_id")["share_of_national"]
    table = requested_load(
        national, shares, default_inputs["dc_pipeline"], default_inputs["pipeline_stages"], 0.5
    )
    assert np.allclose(table.groupby("year")["requested_mw"].sum(), national, rtol=1e-9)
    dom = table[table["region"] == "PJM_DOM"].set_index("year")["requested_mw"]
    assert dom[2023] == pytest.approx(shares["PJM_DOM"] * national[2023])
    assert dom.is_monotonic_increasing
