"""Must-run floor (sheet must_run), worked by hand.

One slice stands for all 8,760 hours; no discounting, so duals (million USD per MWh of annual
energy) are USD/MWh after x 1e6. A combined cycle (100 MW at 20 USD/MWh) and a gas turbine
(50 MW at 50 USD/MWh) serve 60 MW of other load.
"""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import HOURS, grid, series, solved, tech_table

MILLION = 1e6


def _system(floor: float, retires_early: bool):
    techs = tech_table(cc={}, ct={"retires_early": retires_early})
    return grid(
        techs=techs,
        existing={("A", "cc"): 100, ("A", "ct"): 50},
        vc={"cc": 20, "ct": 50},
        other_load={"A": 60},
        peak={"A": 0},  # no reserve margin to keep the turbine for
        min_capacity_factor=series({("A", "ct"): floor}, ["region", "tech"]),
    )


def test_the_floor_runs_the_turbine_in_place_of_the_combined_cycle():
    # the turbine must make 0.2 x 8,760 h x 50 MW = 87,600 MWh: 10 MW on average, so the
    # combined cycle runs 50 MW; it still sets the price (20 USD/MWh) and the floor costs the
    # difference in running cost, 50 - 20 = 30 USD per MWh it forces
    m, _ = solved(_system(0.2, retires_early=False))
    assert pyo.value(m.gen["A", "ct", 2030, "all"]) == pytest.approx(10)
    assert pyo.value(m.gen["A", "cc", 2030, "all"]) == pytest.approx(50)
    assert m.dual[m.energy_balance["A", 2030, "all"]] * MILLION / HOURS == pytest.approx(20)
    # raising the floor by one MWh raises the cost by 30 USD (the sign is the one HiGHS gives
    # this row, written generation - floor x capacity >= 0)
    assert m.dual[m.must_run["A", "ct", 2030]] * MILLION == pytest.approx(-30)


def test_without_a_floor_the_turbine_stays_idle():
    m, _ = solved(_system(0.0, retires_early=False))
    assert pyo.value(m.gen["A", "ct", 2030, "all"]) == pytest.approx(0)
    assert not hasattr(m, "must_run") or len(m.must_run) == 0


def test_a_plant_free_to_retire_escapes_the_floor_when_nothing_else_needs_it():
    # kept, the turbine costs 30 USD x 0.2 x 8,760 h = 52,560 USD per MW-year to run as the
    # floor asks and earns nothing (no margin to meet, no fixed cost saved): all 50 MW retire,
    # and the floor, on the capacity still in service, asks for nothing
    m, _ = solved(_system(0.2, retires_early=True))
    assert pyo.value(m.capacity["A", "ct", 2030]) == pytest.approx(0, abs=1e-6)
    assert pyo.value(m.gen["A", "ct", 2030, "all"]) == pytest.approx(0, abs=1e-6)
    assert pyo.value(m.gen["A", "cc", 2030, "all"]) == pytest.approx(60)
