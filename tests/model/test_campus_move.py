"""A region's second campus sites, paid for once, worked by hand on tiny systems.

Load requested where it cannot be served moves to A, which has gas (relocation 10 USD/MWh). A
second site costs 100,000 USD per MW of campus; at utilization 0.5 that is 200,000 USD per MW
of average load, recovered over a 10-year life at a 0% discount rate: 20,000 USD per MW-yr of
sites standing. Each difference below is against the same system without a site cost.
"""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import grid, solved


def _system(site_usd_per_mw: float, requested, regions=("A", "B")):
    return grid(
        regions=regions,
        years=(2030, 2031),
        existing={("A", "gas"): 200},
        vc={"gas": 20},
        other_load={r: 60 if r == "A" else 0 for r in regions},
        requested=requested,
        relocation_cost_usd_per_mwh=10,
        relocation_site_cost_usd_per_mw=site_usd_per_mw,
        relocation_site_life_years=10.0,
        dc_utilization=0.5,
        peak={r: 0 for r in regions},
    )


def _site_cost_musd(requested, regions=("A", "B")):
    m, _ = solved(_system(100_000.0, requested, regions))
    free, _ = solved(_system(0.0, requested, regions))
    assert not hasattr(free, "campus_sites")  # no site cost: no sites modelled
    return m, pyo.value(m.total_cost) - pyo.value(free.total_cost)


def test_a_campus_that_stays_pays_for_its_site_once():
    # B's 30 MW move to A in 2030 and stay in 2031: 30 MW of sites both years, 600,000 USD a year
    m, difference = _site_cost_musd({"B": 30})
    assert pyo.value(m.dc_relocated["B", "A", 2030]) == pytest.approx(30)
    assert pyo.value(m.campus_sites["A", 2031]) == pytest.approx(30)
    assert difference == pytest.approx(1.2)  # million USD


def test_load_that_moves_in_two_steps_adds_sites_when_it_moves():
    # 10 MW move in 2030, 30 by 2031: 20,000 x 10 in 2030 and 20,000 x 30 in 2031
    m, difference = _site_cost_musd({("B", 2030): 10, ("B", 2031): 30})
    assert pyo.value(m.campus_sites["A", 2030]) == pytest.approx(10)
    assert difference == pytest.approx(0.2 + 0.6)


def test_load_from_another_region_takes_a_site_already_built():
    # B's 30 MW move to A in 2030; in 2031 B's requests end (its campus in A may close) and C's
    # 30 MW move to A instead: the same 30 MW of sites serve them, so the sites cost 600,000 USD
    # a year, 1.2 million in all, not a second 600,000 for C's load
    requested = {("B", 2030): 30, ("B", 2031): 0, ("C", 2030): 0, ("C", 2031): 30}
    m, difference = _site_cost_musd(requested, regions=("A", "B", "C"))
    assert pyo.value(m.dc_relocated["C", "A", 2031]) == pytest.approx(30)
    assert pyo.value(m.campus_sites["A", 2031]) == pytest.approx(30)
    assert difference == pytest.approx(1.2)
