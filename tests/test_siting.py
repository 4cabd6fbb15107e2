"""Siting: national demand -> requested load per region, adding up every year, no double count."""

import numpy as np
import pandas as pd
import pytest

from energy.siting.requested import book_load_mw, requested_load

STAGES = pd.DataFrame({"stage": ["built", "maybe"], "probability": [1.0, 0.5]})


def pipeline(rows):
    return pd.DataFrame(rows, columns=["region_id", "stage", "capacity_mw"])


def test_a_book_is_capacity_times_its_stage_probability():
    p = pipeline([("A", "built", 400), ("A", "maybe", 400), ("B", "maybe", 100)])
    assert book_load_mw(p, STAGES).to_dict() == pytest.approx({"A": 600.0, "B": 50.0})


def test_booked_regions_share_their_growth_by_book_and_the_rest_grow_with_the_nation():
    # worked by hand: 2023 national 100 MW; shares A 0.5, B 0.3, C 0.2; books A 300, B 100 MW
    national = pd.Series([100.0, 200.0, 80.0], index=[2023, 2030, 2035])
    shares = pd.Series({"A": 0.5, "B": 0.3, "C": 0.2})
    p = pipeline([("A", "built", 300), ("B", "maybe", 200)])
    table = requested_load(national, shares, p, STAGES, 0.5)
    by = table.set_index(["region", "year"])
    totals = table.groupby("year")["requested_mw"].sum()
    assert totals.to_numpy() == pytest.approx(national.to_numpy())
    # 2030: growth 100; C (no book) grows by 0.2 x 100 = 20; A and B share 0.8 x 100 = 80
    # by book: A 300 / 400 -> 60, B 100 / 400 -> 20; no region gets both parts
    assert by.loc[("C", 2030), ["base_mw", "booked_mw", "share_mw"]].tolist() == pytest.approx(
        [20, 0, 20]
    )
    assert by.loc[("A", 2030), ["base_mw", "booked_mw", "share_mw"]].tolist() == pytest.approx(
        [50, 60, 0]
    )
    assert by.loc[("B", 2030), "requested_mw"] == pytest.approx(30 + 20)
    # books: 400 MW x utilization 0.5 = 200 MW expected; 80 MW of growth placed -> scale 0.4
    assert by.loc[("A", 2030), "book_scale"] == pytest.approx(0.4)
    # 2035: the nation falls below 2023: everything scales with it
    assert by.loc[("A", 2035), "requested_mw"] == pytest.approx(0.5 * 80)


def test_default_workbook_siting_adds_up(default_inputs):
    from energy.demand.projection import project_demand

    demand = project_demand(default_inputs, "reference")
    national = demand.national["average_mw"].loc[2023:2035]
    shares = default_inputs["dc_load_2023"].set_index("region_id")["share_of_national"]
    table = requested_load(
        national, shares, default_inputs["dc_pipeline"], default_inputs["pipeline_stages"], 0.5
    )
    assert np.allclose(table.groupby("year")["requested_mw"].sum(), national, rtol=1e-9)
    assert ((table["booked_mw"] == 0) | (table["share_mw"] == 0)).all()  # never both
    dom = table[table["region"] == "PJM_DOM"].set_index("year")["requested_mw"]
    assert dom[2023] == pytest.approx(shares["PJM_DOM"] * national[2023])
    assert dom.is_monotonic_increasing
