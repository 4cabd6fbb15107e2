"""On-site power on a tiny system worked by hand.

Region A, year 2030: A requests 100 MW of data-center load; its utility connects 100 MW of
connection capacity a year at utilization 0.5, so 50 MW are served in place and 50 MW must be
served on site or go unserved (2,000 USD/MWh x 8,760 h = 17.52 million USD per MW-yr). On-site
gas: capex 2 million USD/MW over 20 years at a zero discount rate (0.1 million USD/MW-yr), 30
USD/MWh to run (0.2628 million USD per MW-yr of load), 1.5 MW of plant per MW of load. Served
on site: 75 MW of plant, 7.5 + 50 x 0.2628 = 20.64 million USD a year, far below 876 unserved.
With the national gas-turbine supply used up (limit 0), nothing is built on site: 50 MW unserved.
"""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import grid, series, solved, tech_table


def _system(turbines_mw=None):
    options = {}
    if turbines_mw is not None:
        options["national_build_limit_mw_per_year"] = series(
            {("gas_turbine", 2030): turbines_mw}, ["group", "year"]
        )
    return grid(
        techs=tech_table(gas={}, onsite={"group": "gas_turbine", "co2_t_per_mwh": 0.5}),
        existing={("A", "gas"): 500.0},
        capex={"onsite": 2e6},
        vc={"onsite": 30.0},
        requested={"A": 100.0},
        connect_limit=100.0,
        onsite_tech="onsite",
        onsite_mw_per_mw_load=1.5,
        **options,
    )


def test_on_site_power_serves_what_the_connection_rate_holds_back():
    m, _ = solved(_system())
    assert pyo.value(m.dc_in_place["A", 2030]) == pytest.approx(50)
    assert pyo.value(m.dc_onsite["A", 2030]) == pytest.approx(50)
    assert pyo.value(m.onsite_build["A", 2030]) == pytest.approx(75)
    assert pyo.value(m.dc_unserved["A", 2030]) == pytest.approx(0)
    assert pyo.value(m.annual_cost[2030]) == pytest.approx(20.64)


def test_no_on_site_power_when_the_turbine_supply_is_used_up():
    m, _ = solved(_system(turbines_mw=0.0))
    assert pyo.value(m.dc_onsite["A", 2030]) == pytest.approx(0)
    assert pyo.value(m.dc_unserved["A", 2030]) == pytest.approx(50)


def test_on_site_emissions_count_against_a_co2_cap():
    # 50 MW on site for 8,760 h at 0.5 t/MWh = 219,000 t; a cap of 100,000 t allows 22.83 MW
    data = _system()
    data.co2_cap_t = series({2030: 100_000.0}, ["year"])
    m, _ = solved(data)
    assert pyo.value(m.dc_onsite["A", 2030]) == pytest.approx(100_000 / (0.5 * 8760))
