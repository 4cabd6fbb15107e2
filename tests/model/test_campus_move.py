"""A move pays for a second campus site once, worked by hand on a tiny system.

B requests 30 MW of data-center load in 2030 and 2031 and has no supply; A has gas. The load
moves to A both years (relocation 10 USD/MWh). The second site costs 100,000 USD per MW of
campus; at utilization 0.5 that is 200,000 USD per MW of average load, recovered over a 10-year
life at a 0% discount rate: 20,000 USD per MW-yr. The 30 MW move in 2030 is new (30 MW moved),
in 2031 it stays (0 moved), so each year pays 30 x 20,000 = 600,000 USD: 1.2 million USD over
the two years, the whole difference from the same system without a site cost.
"""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import grid, solved


def _system(site_usd_per_mw: float, requested=None):
    return grid(
        regions=("A", "B"),
        years=(2030, 2031),
        existing={("A", "gas"): 200},
        vc={"gas": 20},
        other_load={"A": 60, "B": 0},
        requested=requested or {"B": 30},
        relocation_cost_usd_per_mwh=10,
        relocation_site_usd_per_mw=site_usd_per_mw,
        relocation_site_life_years=10.0,
        dc_utilization=0.5,
        peak={"A": 0, "B": 0},
    )


def test_a_campus_that_stays_pays_for_its_site_once():
    m, _ = solved(_system(100_000.0))
    free, _ = solved(_system(0.0))
    assert pyo.value(m.dc_relocated["B", "A", 2030]) == pytest.approx(30)
    assert pyo.value(m.campus_moved["B", "A", 2030]) == pytest.approx(30)
    assert pyo.value(m.campus_moved["B", "A", 2031]) == pytest.approx(0)
    difference = pyo.value(m.total_cost) - pyo.value(free.total_cost)
    assert difference == pytest.approx(1.2)  # million USD
    assert not hasattr(free, "campus_moved")  # no site cost: nothing built


def test_load_that_moves_later_pays_from_the_year_it_moves():
    # 10 MW requested in 2030, 30 MW in 2031: 10 MW moves in 2030, 20 more in 2031; the site
    # cost is 20,000 x 10 in 2030 and 20,000 x 30 in 2031 (the first site's recovery goes on)
    m, _ = solved(_system(100_000.0, requested={("B", 2030): 10, ("B", 2031): 30}))
    free, _ = solved(_system(0.0, requested={("B", 2030): 10, ("B", 2031): 30}))
    assert pyo.value(m.campus_moved["B", "A", 2031]) == pytest.approx(20)
    difference = pyo.value(m.total_cost) - pyo.value(free.total_cost)
    assert difference == pytest.approx(0.2 + 0.6)
