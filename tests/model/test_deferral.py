"""Deferred retirement on tiny systems worked by hand: a plant announced to retire is kept under
a reliability-must-run contract when that is the cheapest way to meet the reserve margin, and a
plant let go does not come back."""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import grid, series, solved, tech_table

RMR_USD_PER_KW_YR = 112.5
COAL_FOM_USD_PER_MW_YR = 50_000.0
GAS_FOM_USD_PER_MW_YR = 200_000.0


def _system(years, peak, announced, deferrable=None):
    # A: 40 MW of coal left after its announced retirements (60 MW announced), new gas at
    # 200 USD/kW-yr, a contract keeps coal at 112.5 USD/kW-yr (in place of its 50 USD/kW-yr O&M)
    data = grid(
        years=years,
        techs=tech_table(coal={}, gas={"buildable": True}),
        existing={("A", "coal"): 40},
        fom={"coal": COAL_FOM_USD_PER_MW_YR, "gas": GAS_FOM_USD_PER_MW_YR},
        other_load={"A": 0},
        peak={"A": peak},
        announced_retired_mw=series(
            {("A", "coal", y): mw for y, mw in announced.items()}, ["region", "tech", "year"]
        ),
        deferrable_mw=series(
            {("A", "coal", y): mw for y, mw in (deferrable or announced).items()},
            ["region", "tech", "year"],
        ),
        retirement_deferral_usd_per_mw_yr=RMR_USD_PER_KW_YR * 1000,
    )
    return data


def test_a_retiring_plant_is_kept_when_a_contract_costs_less_than_new_capacity():
    m, _ = solved(_system((2030,), 80, {2030: 60}))
    assert pyo.value(m.kept["A", "coal", 2030]) == pytest.approx(40)
    assert pyo.value(m.build["A", "gas", 2030]) == pytest.approx(0)
    # one more MW of peak: keep one more MW at the contract's rate (its O&M is part of it)
    family = next(f for f in m.families if f.name == "generation adequacy")
    # summer and winter are one row twice without seasonal values: the prices add up
    price = family.shadow_price(m.dual[m.adequacy["A", 2030]], 1.0) + family.shadow_price(
        m.dual[m.winter_adequacy["A", 2030]], 1.0
    )
    assert price == pytest.approx(RMR_USD_PER_KW_YR)


def test_a_plant_let_go_does_not_come_back():
    # the peak needs no more than the 40 MW left in 2030; in 2031 it is 80 MW and nothing new is
    # announced to retire. Keeping 40 MW through both years would cost 2 x 112.5 = 225 USD/kW
    # against 200 for new gas in 2031, so the plant goes in 2030, and then it cannot come back
    # in 2031 (without that rule it would, at 112.5 < 200): the gap is new gas
    m, _ = solved(_system((2030, 2031), 40, {2030: 60, 2031: 60}))
    m.data.other_peak_mw[("A", 2031)] = 80.0
    m, _ = solved(m.data)
    assert pyo.value(m.kept["A", "coal", 2030]) == pytest.approx(0)
    assert pyo.value(m.kept["A", "coal", 2031]) == pytest.approx(0)
    assert pyo.value(m.capacity["A", "gas", 2031]) == pytest.approx(40)


def test_a_contract_ends_when_its_window_has_passed():
    # announced for 2030 and kept then; by 2035 the contract window (say 4 years) has passed:
    # nothing of it is deferrable any more, so 2035's peak of 80 MW takes 40 MW of new gas
    data = _system((2030, 2035), 80, {2030: 60, 2035: 60}, deferrable={2030: 60})
    m, _ = solved(data)
    assert pyo.value(m.kept["A", "coal", 2030]) == pytest.approx(40)
    assert ("A", "coal", 2035) not in m.kept
    assert pyo.value(m.capacity["A", "gas", 2035]) == pytest.approx(40)


def test_capacity_kept_under_contract_runs_though_the_fleet_cannot_retire_early():
    # Coal may not retire early (retires_early = no), but its announced retirement (60 of 100 MW
    # in 2030) may be deferred: its capacity is a decision, not given, so generation stays a row
    # on it. 70 MW of load all year: keeping 30 MW at 112.5 USD/kW-yr beats new gas at 200, and
    # the kept coal runs (70 MW in all); had its capacity been taken as the 40 MW left, 30 MW of
    # gas would have been built.
    data = _system((2030,), 70, {2030: 60})
    data.techs.loc["coal", "retires_early"] = False
    data.other_load_mw[:] = 70.0
    assert ("A", "coal", 2030) not in data.fixed_capacity_mw()
    m, _ = solved(data)
    assert pyo.value(m.kept["A", "coal", 2030]) == pytest.approx(30)
    assert pyo.value(m.gen["A", "coal", 2030, "all"]) == pytest.approx(70)
    assert pyo.value(m.build["A", "gas", 2030]) == pytest.approx(0)
