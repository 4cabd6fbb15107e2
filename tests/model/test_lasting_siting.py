"""Lasting siting on a tiny system worked by hand: load that moved stays where it went.

Regions A and B, years 2030 and 2031, free gas in both. A requests 100 MW of data-center load
in both years; each utility connects 100 MW of connection capacity a year at utilization 0.5, so
A serves 50 MW in place in 2030 and 50 MW move to B (10 USD/MWh). In 2031 A could serve all 100
in place and, without lasting siting, B would host nothing. A campus stays: B still hosts 50 MW
in 2031, A serves 50 in place; the 2031 relocation cost 50 x 8,760 x 10 = 4.38 million USD.
"""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import grid, series, solved, tech_table


def _system():
    return grid(
        regions=("A", "B"),
        years=(2030, 2031),
        techs=tech_table(gas={}),
        existing={("A", "gas"): 500.0, ("B", "gas"): 500.0},
        requested={"A": 100.0},
        connect_limit=100.0,
    )


def test_load_that_moved_stays_where_it_went():
    m, _ = solved(_system())
    assert pyo.value(m.dc_in_place["A", 2030]) == pytest.approx(50)
    assert pyo.value(m.dc_relocated["A", "B", 2030]) == pytest.approx(50)
    assert pyo.value(m.dc_served["B", 2031]) == pytest.approx(50)
    assert pyo.value(m.dc_in_place["A", 2031]) == pytest.approx(50)
    assert pyo.value(m.annual_cost[2031]) == pytest.approx(4.38)
    # the dual: letting B's hosted load fall by one MW in 2031 saves that MW's relocation cost
    assert abs(m.dual[m.campus_stays["B", 2031]]) == pytest.approx(8760 * 10 / 1e6)


def test_hosted_load_may_fall_as_far_as_the_regions_own_requests_fall():
    data = _system()
    # A's requests fall by 70 MW in 2031: of the 100 MW hosted in 2030 (50 in A, 50 moved to
    # B), 70 may close; what closes is free to choose, so the test checks the totals: all of
    # 2030's load served (nothing held back for fear of 2031) and 30 MW hosted in 2031
    data.dc_requested_mw[("A", 2031)] = 30.0
    m, _ = solved(data)
    assert pyo.value(m.dc_unserved["A", 2030]) == pytest.approx(0)
    assert pyo.value(m.dc_served["A", 2031] + m.dc_served["B", 2031]) == pytest.approx(30)
    closed = sum(pyo.value(v) for v in m.campus_closed.values())
    assert closed == pytest.approx(70)


def test_of_two_equal_destinations_the_nearer_takes_the_load():
    # B and C are alike, B is nearer to A: 0.5 against 1.0 USD/MWh of distance cost on top of
    # the 10 USD/MWh relocation cost, so A's 50 MW go to B: 50 x 8,760 x 10.5 = 4.599 million USD
    data = grid(
        regions=("A", "B", "C"),
        years=(2030,),
        techs=tech_table(gas={}),
        existing={("A", "gas"): 500.0, ("B", "gas"): 500.0, ("C", "gas"): 500.0},
        requested={"A": 100.0},
        connect_limit=100.0,
        relocation_distance_usd_per_mwh=series(
            {("A", "B"): 0.5, ("A", "C"): 1.0, ("B", "C"): 0.5}, ["from_region", "to_region"]
        ),
    )
    m, _ = solved(data)
    assert pyo.value(m.dc_relocated["A", "B", 2030]) == pytest.approx(50)
    assert pyo.value(m.dc_relocated["A", "C", 2030]) == pytest.approx(0)
    assert pyo.value(m.annual_cost[2030]) == pytest.approx(50 * 8760 * 10.5 / 1e6)
