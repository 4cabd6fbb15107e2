"""The hourly check on tiny systems whose hour-by-hour shortfalls are worked out by hand.

One region plans on a single slice, counting solar at full credit; the hours then show the
evening peak after sunset that the plan's one slice cannot see."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from energy.model.prepare.supply import HourlyAvailability
from energy.results.hourly_check import hourly_check
from tests.grid_helpers import grid, solved, tech_table

HOURS = 8760
HOUR_OF_DAY = np.arange(HOURS) % 24
DAYTIME = (HOUR_OF_DAY >= 8) & (HOUR_OF_DAY <= 16)


def _evening_peak() -> pd.DataFrame:
    """60 MW at night, 80 MW in daylight (8-16 h), a 100 MW peak at 20 h, every day."""
    load = np.where(DAYTIME, 80.0, 60.0)
    load[HOUR_OF_DAY == 20] = 100.0
    return pd.DataFrame({"A": load})


def _checked(
    techs, existing, regions=("A",), load=None, corridors=None, loss=0.0, whole=False, **kw
):
    data = grid(
        regions=regions,
        techs=techs,
        existing=existing,
        vc={"gas": 20},
        other_load={r: 60.0 for r in regions},
        peak={r: 100.0 for r in regions},
        corridors=corridors,
        allow_relocation=False,
        **kw,
    )
    data.corridors["loss"] = loss
    m, _ = solved(data)
    solar = pd.DataFrame({r: np.where(DAYTIME, 0.5, 0.0) for r in regions})
    hourly = HourlyAvailability(
        profiles={"solar": solar},
        seasonal=pd.DataFrame(index=range(HOURS)),
        kind=pd.Series({g: ("solar" if g == "solar" else "none") for g in techs.index}),
        constant=pd.Series({g: 1.0 for g in techs.index}),
    )
    load = load if load is not None else _evening_peak()
    prepared = SimpleNamespace(data=data, other_load_hourly=load, hourly_availability=hourly)
    check = hourly_check(m, prepared)
    return check if whole else check.table.set_index("region")


def test_solar_counted_at_the_peak_leaves_the_evening_short():
    # plan: 60 gas + 60 solar at full credit cover the 100 MW peak; hours: at 20 h solar gives
    # nothing, so 60 MW of gas meets 100 MW: 40 MW short, once a day
    techs = tech_table(gas={}, solar={})
    row = _checked(techs, {("A", "gas"): 60, ("A", "solar"): 60}).loc["A"]
    assert row["hours_short"] == 365
    assert row["largest_shortfall_mw"] == pytest.approx(40)
    assert row["unserved_mwh"] == pytest.approx(40 * 365)
    assert row["peak_load_mw"] == pytest.approx(100)
    assert row["plan_adequate"] and row["short_though_planned_adequate"]


def test_demand_response_covers_what_it_can_of_the_evening_shortfall():
    # as above (40 MW short at 20 h), with 25 MW of demand response counted by the planners:
    # 15 MW short in that hour, still once a day
    techs = tech_table(gas={}, solar={})
    data_kw = {"demand_response_mw": pd.Series({"A": 25.0})}
    row = _checked(techs, {("A", "gas"): 60, ("A", "solar"): 60}, **data_kw).loc["A"]
    assert row["hours_short"] == 365
    assert row["largest_shortfall_mw"] == pytest.approx(15)
    assert row["unserved_mwh"] == pytest.approx(15 * 365)


def test_a_store_filled_by_the_midday_surplus_covers_part_of_the_evening():
    # daylight: 60 gas + 30 solar = 90 for 80 MW of load, a 10 MW surplus for 9 hours; a 10 MW,
    # 4-hour store charges from it and discharges 10 MW at 20 h: 30 MW short instead of 40
    techs = tech_table(gas={}, solar={}, storage={"storage_hours": 4.0})
    row = _checked(techs, {("A", "gas"): 60, ("A", "solar"): 60, ("A", "storage"): 10}).loc["A"]
    assert row["hours_short"] == 365
    assert row["largest_shortfall_mw"] == pytest.approx(30)
    assert row["unserved_mwh"] == pytest.approx(30 * 365)


def _with_neighbour(b_gas_mw: float, loss: float = 0.0, whole: bool = False, **kw):
    """A as above (60 MW gas, 60 MW solar, the evening peak) and B with `b_gas_mw` of gas and the
    same load, joined by a 50 MW corridor B -> A losing `loss`."""
    return _checked(
        tech_table(gas={}, solar={}),
        {("A", "gas"): 60, ("A", "solar"): 60, ("B", "gas"): b_gas_mw},
        regions=("A", "B"),
        load=pd.concat([_evening_peak(), _evening_peak().rename(columns={"A": "B"})], axis=1),
        corridors={("B", "A"): 50},
        loss=loss,
        whole=whole,
        **kw,
    )


def test_imports_over_a_lossy_corridor_cover_what_arrives():
    # B has 120 MW of gas and the same load; it can spare 20 MW at 20 h. The corridor B -> A
    # loses 10%: 18 MW arrive, so A is 40 - 18 = 22 MW short at 20 h and B never
    table = _with_neighbour(120, loss=0.1)
    assert table.loc["A", "largest_shortfall_mw"] == pytest.approx(22)
    assert table.loc["A", "unserved_mwh"] == pytest.approx(22 * 365)
    assert table.loc["B", "hours_short"] == 0


def test_a_neighbours_demand_response_is_called_before_any_load_is_shed():
    # A is 40 MW short at 20 h (as above); B has 100 MW of gas for its own 100 MW peak, nothing
    # to spare, but 25 MW of demand response, and a 50 MW corridor B -> A losing 10%. B calls its
    # response and sends the 25 MW it frees to A, 22.5 MW arriving: A is 17.5 MW short, B never
    # (shedding in B to send more would lose 10% of it), every day. Shed first and netted after,
    # the shortfall could as well have been shed in B and 25 MW of it excused there.
    table = _with_neighbour(100, loss=0.1, demand_response_mw=pd.Series({"A": 0.0, "B": 25.0}))
    assert table.loc["A", "largest_shortfall_mw"] == pytest.approx(17.5)
    assert table.loc["A", "unserved_mwh"] == pytest.approx(17.5 * 365)
    assert table.loc["B", "hours_short"] == 0


def test_a_system_with_enough_firm_capacity_is_never_short():
    techs = tech_table(gas={}, solar={})
    row = _checked(techs, {("A", "gas"): 100, ("A", "solar"): 60}).loc["A"]
    assert row["hours_short"] == 0
    assert row["unserved_mwh"] == 0


def test_imports_that_cover_the_evening_leave_no_hour_short():
    # B's 140 MW of gas spare 40 MW at 20 h and a lossless 50 MW corridor carries them: A is
    # never short. On its own A is short every evening; the screen sees B's surplus cover it,
    # so no day needs its LP
    check = _with_neighbour(140, whole=True)
    assert check.table["hours_short"].sum() == 0
    assert check.days_dispatched == {2030: 0}


def test_imports_that_fall_short_across_losses_send_the_day_to_its_lp():
    # the same with 10% losses on the corridor: 36 of B's 40 MW arrive, so the screen cannot
    # clear the evening and every day goes to its LP, which finds A 4 MW short at 20 h
    check = _with_neighbour(140, loss=0.1, whole=True)
    assert check.days_dispatched == {2030: 365}
    assert check.table.set_index("region").loc["A", "largest_shortfall_mw"] == pytest.approx(4)


def test_a_short_base_year_is_reported_but_never_a_reason_to_plan_again():
    # the same evening shortfall, in a year that is the base year (history): reported in the
    # table, but no day is proposed for planning again (no plan can change the base year's fleet)
    techs = tech_table(gas={}, solar={})
    existing = {("A", "gas"): 60, ("A", "solar"): 60}
    planned = _checked(techs, existing, whole=True)
    assert planned.worst_days() == {"A": 1}  # a plan year: its first worst day is proposed
    history = _checked(techs, existing, whole=True, base_year=2030)
    assert history.table.set_index("region").loc["A", "hours_short"] == 365
    assert history.worst_days() == {}
