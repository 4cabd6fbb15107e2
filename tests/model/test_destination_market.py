"""Destination markets on a tiny system worked by hand: moved load goes only where sites are held.

Regions A, B and C, one year (2025), existing gas everywhere (running cost 0), no move lead
time. A requests 100 MW of data-center load; each utility connects 100 MW of connection
capacity a year at utilization 0.5, so A serves 50 MW in place and the other 50 MW must move or
go unserved. B's campus pipeline holds 40 MW of connection capacity = 20 MW of average load at
utilization 0.5 (B requests nothing of its own); C has no pipeline. So 20 MW move to B at 10 USD/MWh
and 30 MW go unserved at 2,000 USD/MWh: 20 x 8,760 x 10 + 30 x 8,760 x 2,000 USD = 527.352
million USD. One more MW of room in B moves one more MW there instead of leaving it unserved:
the dual of B's row is (2,000 - 10) x 8,760 = 17,432,400 USD per MW-yr of moved load.
Without a pipeline bound (limits relaxed, or no region listed), all 50 MW move (at 10 USD/MWh:
4.38 million USD).
"""

import pandas as pd
import pyomo.environ as pyo
import pytest

from energy.model.prepare import campus_pipeline_mw
from energy.results.limits import limits_table
from energy.scenario.options import GridOptions
from tests.grid_helpers import grid, solved, tech_table


def _system(room: dict[str, float] | None, years=(2025,)):
    data = grid(
        regions=("A", "B", "C"),
        years=years,
        techs=tech_table(gas={}),
        existing={("A", "gas"): 500.0, ("B", "gas"): 500.0, ("C", "gas"): 500.0},
        requested={"A": 100.0},
        connect_limit=100.0,
    )
    if room is not None:
        data.campus_pipeline_mw = pd.Series(room, dtype=float)
    return data


def test_moved_load_fills_the_destinations_planned_pipeline_and_no_more():
    m, _ = solved(_system({"A": 0.0, "B": 40.0, "C": 0.0}))
    assert pyo.value(m.dc_in_place["A", 2025]) == pytest.approx(50)
    assert pyo.value(m.dc_relocated["A", "B", 2025]) == pytest.approx(20)
    assert pyo.value(m.dc_relocated["A", "C", 2025]) == pytest.approx(0)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(30)
    assert pyo.value(m.annual_cost[2025]) == pytest.approx(
        (20 * 8760 * 10 + 30 * 8760 * 2000) / 1e6
    )
    limits, _ = limits_table(m, m.data)
    rows = limits.set_index(["family", "region", "year"])
    assert rows.loc[("destination market", "B", 2025), "binding"]
    assert rows.loc[("destination market", "B", 2025), "shadow_price"] == pytest.approx(
        (2000 - 10) * 8760
    )


def test_the_room_follows_utilization():
    data = _system({"A": 0.0, "B": 40.0, "C": 0.0})
    data.dc_utilization = 0.25  # A serves 25 in place; B holds 10 MW of load
    m, _ = solved(data)
    assert pyo.value(m.dc_relocated["A", "B", 2025]) == pytest.approx(10)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(65)


def test_without_a_pipeline_bound_any_region_is_a_destination():
    m, _ = solved(_system(None))
    assert not hasattr(m, "market_room") or len(m.market_room) == 0
    moved = sum(pyo.value(m.dc_relocated["A", b, 2025]) for b in ("B", "C"))
    assert moved == pytest.approx(50)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(0)


def test_the_destinations_own_growth_takes_its_pipeline_first():
    # B requests 10 MW of its own (base 0): of B's 20 MW of pipeline load, its own 10 MW come
    # first, so only 10 MW move in from A and 40 go unserved. The dual is unchanged: one more MW
    # of pipeline in B moves one more MW there instead of leaving it unserved.
    data = _system({"A": 0.0, "B": 40.0, "C": 0.0})
    data.dc_requested_mw[("B", 2025)] = 10.0
    m, _ = solved(data)
    assert pyo.value(m.dc_in_place["B", 2025]) == pytest.approx(10)
    assert pyo.value(m.dc_relocated["A", "B", 2025]) == pytest.approx(10)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(40)
    # a <= row of a minimisation: its dual is negative
    assert -m.dual[m.market_room["B", 2025]] * 1e6 == pytest.approx((2000 - 10) * 8760)


def test_a_region_whose_growth_outruns_its_pipeline_takes_no_moved_load():
    # B requests 30 MW, more than its 20 MW of pipeline load: no room is left for moved load,
    # so B serves its own 30 MW in place and A's 50 MW go unserved
    data = _system({"A": 0.0, "B": 40.0, "C": 0.0})
    data.dc_requested_mw[("B", 2025)] = 30.0
    m, _ = solved(data)
    assert pyo.value(m.dc_in_place["B", 2025]) == pytest.approx(30)
    assert pyo.value(m.dc_relocated["A", "B", 2025]) == pytest.approx(0)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(50)


def test_base_year_load_needs_no_new_site():
    # B already hosts 25 MW (base year) and requests no more: no growth of its own, so its whole
    # pipeline (20 MW of load) takes moved load
    data = _system({"A": 0.0, "B": 40.0, "C": 0.0})
    data.dc_requested_mw[("B", 2025)] = 25.0
    data.dc_existing_mw = pd.Series({"A": 0.0, "B": 25.0, "C": 0.0}, dtype=float)
    m, _ = solved(data)
    assert pyo.value(m.dc_relocated["A", "B", 2025]) == pytest.approx(20)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(30)


def test_the_shipped_pipelines_are_the_books_or_the_market_inventory(default_inputs):
    # a region's pipeline: its large-load book, all stages (PJM_DOM: Dominion's 7.1 + 9.8 +
    # 30.1 GW), or its market inventory ((236 + 730) IT MW x PUE 1.68 for Portland and Eastern
    # Oregon); a region with neither (ISO-NE) has none; relaxed limits drop the bound
    regions = list(default_inputs["regions"]["region_id"])
    room = campus_pipeline_mw(default_inputs, GridOptions(), regions)
    assert list(room.index) == regions
    assert room["PJM_DOM"] == pytest.approx(7100 + 9800 + 30100)
    assert room["NW"] == pytest.approx((236 + 730) * 1.68)
    assert room["ISONE"] == 0
    assert campus_pipeline_mw(default_inputs, GridOptions(relax_limits=True), regions).empty


def test_the_reference_moves_load_only_into_pipeline_room(coarse_run, default_inputs):
    # the shipped run: load moved into a region stays within its pipeline's load less its own
    # requested growth ahead, so regions without a book or a market (ISO-NE, ...) take none
    regions = list(default_inputs["regions"]["region_id"])
    pipeline = campus_pipeline_mw(default_inputs, GridOptions(), regions)
    load = pd.read_csv(coarse_run.folder / "dc_load.csv")
    utilization = float(
        default_inputs["grid_settings"].set_index("setting").loc["dc_utilization", "value"]
    )
    # own growth since the decision year (2025; the base year where it is not a model year, as
    # in this coarse run), its largest from each year on
    load = load.sort_values(["region", "year"]).reset_index(drop=True)
    start = load.groupby("region")["base_mw"].transform("first")
    if (load["year"] == 2025).any():
        start = load["region"].map(load[load["year"] == 2025].set_index("region")["requested_mw"])
    growth = load["requested_mw"] - start
    ahead = growth[::-1].groupby(load["region"][::-1]).cummax()[::-1]
    room = (load["region"].map(pipeline) * utilization - ahead).clip(lower=0)
    assert (load["relocated_in_mw"] <= room + 0.1).all()  # the CSV keeps 6 significant digits
    assert load["relocated_in_mw"].sum() > 0  # the run does move load
    assert load.loc[load["region"].map(pipeline) == 0, "relocated_in_mw"].max() == 0
    # dc_load.csv states the room from the first move year (2027)
    later = load["year"] >= 2027
    assert (load.loc[later, "move_room_mw"] - room[later]).abs().max() < 0.1
    assert load.loc[~later, "move_room_mw"].isna().all()


def test_the_destination_keeps_its_pipeline_for_its_own_later_growth():
    # two years; B requests nothing in 2025 and 15 MW in 2026: of its 20 MW of pipeline load, 15
    # are kept for its own 2026 growth, so in 2025 only 5 MW move in from A (not 20) and 45 go
    # unserved; in 2026 A's connections (200 MW by then) serve its 100 MW in place and B its 15
    data = _system({"A": 0.0, "B": 40.0, "C": 0.0}, years=(2025, 2026))
    data.dc_requested_mw[("B", 2025)] = 0.0
    data.dc_requested_mw[("B", 2026)] = 15.0
    m, _ = solved(data)
    assert pyo.value(m.dc_relocated["A", "B", 2025]) == pytest.approx(5)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(45)
    assert pyo.value(m.dc_in_place["A", 2026]) == pytest.approx(100)
    assert pyo.value(m.dc_in_place["B", 2026]) == pytest.approx(15)
    # the campus moved into B in 2025 is still hosted there: B serves 15 >= 5 in 2026
    assert pyo.value(m.dc_served["B", 2026]) >= pyo.value(m.dc_served["B", 2025]) - 1e-6
    assert -m.dual[m.market_room["B", 2025]] * 1e6 == pytest.approx((2000 - 10) * 8760)


def test_no_room_rows_before_a_move_can_be_in_service():
    # decided in 2025 with a one-year move lead time: moves start in 2026, so do the rows
    data = _system({"A": 0.0, "B": 40.0, "C": 0.0}, years=(2025, 2026))
    data.decision_year, data.relocation_lead_years = 2025, 1
    m, _ = solved(data)
    assert sorted(m.market_room) == [("A", 2026), ("B", 2026), ("C", 2026)]
