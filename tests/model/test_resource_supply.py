"""Resource supply on a tiny system worked by hand: the best sites fill first, then the next
tranche, and a tranche without sites in a region is never built there."""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import HOURS, grid, series, solved, tech_table

FOM_USD_PER_MW_YR = 100_000.0


def test_the_best_sites_fill_first_and_the_next_tranche_sets_the_price():
    # 20 MW of load; gas at 50 USD/MWh; wind tranches at 100,000 USD/MW-yr: the best (CF 0.5)
    # holds 10 MW, the next (CF 0.25) 100 MW, a third (CF 0.9) has no sites in A.
    # A MW of the second tranche saves 0.25 x 8,760 x 50 = 109,500 > 100,000: it displaces all
    # the gas: 0.5 x 10 + 0.25 x 60 = 20 MW. The price is then the second tranche's cost per MWh
    # (100,000 / 2,190 = 45.66 USD/MWh), and a MW more of the best sites saves two of the second:
    # 2 x 100,000 - 100,000 = 100,000 USD/MW-yr = 100 USD/kW-yr.
    techs = tech_table(
        gas={},
        wind_1={"buildable": True, "group": "wind"},
        wind_2={"buildable": True, "group": "wind"},
        wind_3={"buildable": True, "group": "wind"},
    )
    data = grid(
        techs=techs,
        existing={("A", "gas"): 100},
        vc={"gas": 50},
        fom={"wind_1": FOM_USD_PER_MW_YR, "wind_2": FOM_USD_PER_MW_YR, "wind_3": FOM_USD_PER_MW_YR},
        other_load={"A": 20},
        availability={("A", "wind_1"): 0.5, ("A", "wind_2"): 0.25, ("A", "wind_3"): 0.9},
        resource_supply_mw=series(
            {("A", "wind_1"): 10.0, ("A", "wind_2"): 100.0, ("B", "wind_3"): 50.0},
            ["region", "tech"],
        ),
    )
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "wind_1", 2030]) == pytest.approx(10)
    assert pyo.value(m.capacity["A", "wind_2", 2030]) == pytest.approx(60)
    assert pyo.value(m.capacity["A", "wind_3", 2030]) == pytest.approx(0)
    price = m.dual[m.energy_balance["A", 2030, "all"]] * 1e6 / HOURS
    assert price == pytest.approx(FOM_USD_PER_MW_YR / (0.25 * HOURS))
    family = next(f for f in m.families if f.name == "resource supply")
    shadow = family.shadow_price(m.dual[m.resource_limit["A", "wind_1", 2030]], 1.0)
    assert shadow == pytest.approx(FOM_USD_PER_MW_YR / 1000)
