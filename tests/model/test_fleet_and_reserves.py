"""The existing fleet as separate technologies (heat-rate order, regional heat rates, seasonal
outages) and operating reserves that put scarcity into prices: tiny systems worked by hand."""

import numpy as np
import pyomo.environ as pyo
import pytest

from energy.model.prepare.supply import technologies
from energy.model.profiles import levelized_maintenance_shape, thermal_availability
from tests.grid_helpers import HOURS, grid, series, solved, tech_table

MILLION = 1e6


def price(m, region="A", year=2030, slice_="all"):
    """Energy price, USD/MWh (discount rate 0, one slice of 8,760 h)."""
    return m.dual[m.energy_balance[region, year, slice_]] * MILLION / HOURS


def test_old_and_new_units_dispatch_in_heat_rate_order():
    # Gas at 3 USD/MMBtu, VOM 2 USD/MWh: the efficient unit (6.5 MMBtu/MWh) costs
    # 6.5 x 3 + 2 = 21.5 USD/MWh, the old one (8.0) 8 x 3 + 2 = 26. 150 MW of load: the
    # efficient unit runs flat out (100 MW), the old one supplies the other 50 and sets the price.
    techs = tech_table(gas_cc_existing={}, gas_cc_existing_efficient={})
    data = grid(
        techs=techs,
        existing={("A", "gas_cc_existing"): 100, ("A", "gas_cc_existing_efficient"): 100},
        vc={"gas_cc_existing": 8.0 * 3 + 2, "gas_cc_existing_efficient": 6.5 * 3 + 2},
        other_load={"A": 150},
        peak={"A": 0},
    )
    m, _ = solved(data)
    assert pyo.value(m.gen["A", "gas_cc_existing_efficient", 2030, "all"]) == pytest.approx(100)
    assert pyo.value(m.gen["A", "gas_cc_existing", 2030, "all"]) == pytest.approx(50)
    assert price(m) == pytest.approx(26.0)  # the marginal (old) unit's running cost
    # one more MW of the efficient unit saves 26 - 21.5 = 4.5 USD/MWh
    limit = m.generation_limit["A", "gas_cc_existing_efficient", 2030, "all"]
    assert abs(m.dual[limit]) * MILLION / HOURS == pytest.approx(4.5)


def test_a_fleet_no_decision_can_change_is_bounded_not_rowed():
    # The same two gas units, neither buildable nor retiring early (retires_early = no): their
    # capacity is given, so availability (0.9) bounds each unit's generation column directly, no
    # generation_limit row. 150 MW of load: the efficient unit runs at 0.9 x 100 = 90 MW, the old
    # one 60 and sets the price, 26 USD/MWh, as with the rows.
    techs = tech_table(
        gas_cc_existing={"retires_early": False}, gas_cc_existing_efficient={"retires_early": False}
    )
    data = grid(
        techs=techs,
        existing={("A", "gas_cc_existing"): 100, ("A", "gas_cc_existing_efficient"): 100},
        vc={"gas_cc_existing": 8.0 * 3 + 2, "gas_cc_existing_efficient": 6.5 * 3 + 2},
        availability={("A", "gas_cc_existing"): 0.9, ("A", "gas_cc_existing_efficient"): 0.9},
        other_load={"A": 150},
        peak={"A": 0},
    )
    assert data.fixed_capacity_mw() == {
        ("A", "gas_cc_existing", 2030): 100.0,
        ("A", "gas_cc_existing_efficient", 2030): 100.0,
    }
    m, _ = solved(data)
    assert len(m.generation_limit) == 0
    assert m.gen["A", "gas_cc_existing_efficient", 2030, "all"].ub == pytest.approx(90)
    assert pyo.value(m.gen["A", "gas_cc_existing_efficient", 2030, "all"]) == pytest.approx(90)
    assert pyo.value(m.gen["A", "gas_cc_existing", 2030, "all"]) == pytest.approx(60)
    assert price(m) == pytest.approx(26.0)


def test_nothing_is_built_in_the_base_year_it_is_history():
    # Base year 2023 and 2030; gas (100 MW) and buildable solar (capex 0, running cost 0, 0.5
    # available), which its lead time would allow from 2023. In 2023 nothing can be built all the
    # same (a bound, not a lead-time row: the past), so the 150 MW load meets 100 MW of gas and
    # 50 MW of other load is shed; in 2030 solar is built to carry it: 2 x 150 = 300 MW at 0.5
    # (cheaper than gas at 10 USD/MWh).
    techs = tech_table(gas={"retires_early": False}, solar={"buildable": True})
    data = grid(
        years=(2023, 2030),
        techs=techs,
        existing={("A", "gas"): 100},
        vc={"gas": 10.0},
        availability={("A", "solar"): 0.5},
        other_load={"A": 150},
        peak={"A": 0},
        base_year=2023,
    )
    data.first_build_year = series({"gas": 2023, "solar": 2023}, ["tech"])
    assert data.fixed_capacity_mw() == {
        ("A", "gas", 2023): 100.0,
        ("A", "gas", 2030): 100.0,
        ("A", "solar", 2023): 0.0,
    }
    m, _ = solved(data)
    assert m.build["A", "solar", 2023].ub == 0
    assert len(m.lead_time) == 0
    assert [k[2] for k in m.generation_limit] == [2030]  # solar in 2030: a decision
    assert pyo.value(m.shed["A", 2023, "all"]) == pytest.approx(50)
    assert pyo.value(m.build["A", "solar", 2030]) == pytest.approx(300)
    assert pyo.value(m.shed["A", 2030, "all"]) == pytest.approx(0)


def reserve_system(load_mw: float):
    """100 MW of gas (running cost 30 USD/MWh), reserve-capable; 10 MW of reserves required,
    short at 1,000 USD/MWh; `load_mw` of other load."""
    data = grid(
        techs=tech_table(gas={"reserve_capable": True}),
        existing={("A", "gas"): 100},
        vc={"gas": 30},
        other_load={"A": load_mw},
        peak={"A": 0},
        reserve_requirement_mw=series({("A", 2030): 10.0}, ["region", "year"]),
        reserve_shortage_usd_per_mwh=series({"A": 1000.0}, ["region"]),
    )
    return solved(data)[0]


def test_reserve_shortage_puts_the_shortage_price_on_energy():
    # 95 MW of load: headroom is 5 MW, 5 MW short. One more MW of load takes one MW of
    # headroom, so it costs 30 + 1,000; one more MW of requirement costs 1,000.
    m = reserve_system(95)
    assert pyo.value(m.reserve_shortfall["A", 2030, "all"]) == pytest.approx(5)
    assert price(m) == pytest.approx(1030)
    reserve = m.reserve_requirement["A", 2030, "all"]
    assert abs(m.dual[reserve]) * MILLION / HOURS == pytest.approx(1000)


def test_reserves_with_headroom_leave_the_price_at_running_cost():
    # 80 MW of load: 20 MW of headroom covers the 10 MW requirement
    m = reserve_system(80)
    assert pyo.value(m.reserve_shortfall["A", 2030, "all"]) == pytest.approx(0)
    assert price(m) == pytest.approx(30)


def test_seasonal_outages_keep_the_annual_availability():
    # coal: annual availability 0.777 (NERC EAF), forced outage rate 0.0996 (EFORd). 2023 has
    # 5,088 h in January, February, June-September and December and 3,672 h in spring and
    # autumn: summer and winter hours 1 - 0.0996 = 0.9004, spring and autumn hours
    # (0.777 x 8,760 - 0.9004 x 5,088) / 3,672 = 0.606014 (planned outages off-peak)
    hourly = thermal_availability(0.777, 0.0996)
    assert hourly.mean() == pytest.approx(0.777)
    assert sorted(set(np.round(hourly, 6))) == pytest.approx([0.606014, 0.9004], abs=1e-6)
    assert (hourly > 0.9).sum() == 5088


def test_maintenance_fills_the_lowest_peak_weeks_up_to_one_level():
    # three weeks with flat loads of 100, 80 and 60 MW and 10 MW of planned outages on average
    # (5,040 MWh): one level L with 168 x ((L - 60) + (L - 80)) = 5,040 gives L = 85, so the
    # 60 MW week takes 25 MW (2.5 x the average), the 80 MW week 5 MW, the peak week none
    load = np.repeat([100.0, 80.0, 60.0], 168)
    shape = levelized_maintenance_shape(load, 10.0, largest_share=8.0)
    assert shape.mean() == pytest.approx(1.0)
    assert [shape[0], shape[168], shape[336]] == pytest.approx([0.0, 0.5, 2.5], abs=1e-9)
    # no week may take more than twice the average: the 60 MW week 20 MW, the 80 MW week 10 MW
    capped = levelized_maintenance_shape(load, 10.0, largest_share=2.0)
    assert [capped[0], capped[168], capped[336]] == pytest.approx([0.0, 1.0, 2.0], abs=1e-9)
    # coal (availability 0.777, forced outage rate 0.0996: 0.1234 planned) in the low week:
    # 0.9004 - 0.1234 x 2.5 = 0.5919; in the peak week 0.9004
    hourly = thermal_availability(0.777, 0.0996, maintenance_shape=shape)
    assert [hourly[0], hourly[336]] == pytest.approx([0.9004, 0.5919])
    assert hourly.mean() == pytest.approx(0.777)


def test_each_region_takes_its_planned_outages_in_its_own_low_weeks(default_inputs):
    from energy.model.prepare.supply import hourly_availability

    regions = list(default_inputs["regions"]["region_id"])
    hourly = hourly_availability(default_inputs, regions)
    load = default_inputs["hourly_load"].sort_values("hour")
    for region in ("FRCC", "ERCOT", "NW"):
        coal = hourly.of(region, "coal")
        assert coal.mean() == pytest.approx(0.7769)
        # the region's peak hour falls in a week without planned outages
        assert coal[int(load[region].to_numpy().argmax())] == pytest.approx(1 - 0.0996)


def test_maintenance_levelizes_against_load_less_wind_and_solar(default_inputs):
    from energy.model.prepare.supply import hourly_availability, net_load_mw

    regions = list(default_inputs["regions"]["region_id"])
    hourly = hourly_availability(default_inputs, regions)
    net = net_load_mw(default_inputs, regions, hourly.profiles)
    load = default_inputs["hourly_load"].sort_values("hour")["ERCOT"].to_numpy()
    fleet = default_inputs["fleet"].set_index(["region_id", "tech_id"])["capacity_mw"]
    # ERCOT's wind and solar fleets (sheet fleet) at their profiles, taken from the load
    made = fleet["ERCOT", "wind"] * hourly.profiles["wind"]["ERCOT"].to_numpy()
    made += fleet["ERCOT", "solar"] * hourly.profiles["solar"]["ERCOT"].to_numpy()
    assert net["ERCOT"] == pytest.approx(load - made)
    # the week of the highest net load takes no planned outage; the week of the lowest does
    coal = hourly.of("ERCOT", "coal")
    weeks = np.arange(len(load)) // 168
    peaks = np.array([net["ERCOT"][weeks == w].max() for w in range(weeks[-1] + 1)])
    assert coal[weeks == peaks.argmax()] == pytest.approx(1 - 0.0996)
    assert coal[weeks == peaks.argmin()].max() < 1 - 0.0996


def test_on_slices_thermal_availability_keeps_its_annual_energy(default_inputs):
    from energy.model.prepare.supply import availability, hourly_availability
    from energy.model.timeslices import build_slices

    regions = list(default_inputs["regions"]["region_id"])
    ts = build_slices(default_inputs["hourly_load"][regions], 6, 4)
    hourly = hourly_availability(default_inputs, regions)
    shares = availability(hourly, regions, ts).xs(("PJM_WEST", "coal"), level=[0, 1])
    hours = ts.slices["weight"] * ts.slices["hours"]
    assert np.average(shares.reindex(hours.index), weights=hours) == pytest.approx(0.7769)


def test_a_regions_fleet_heat_rate_sets_its_running_cost_and_co2(default_inputs):
    years = [2023, 2030]
    regions = list(default_inputs["regions"]["region_id"])
    techs, _, _, variable, co2 = technologies(default_inputs, regions, years)
    fleet = default_inputs["fleet"].set_index(["region_id", "tech_id"])
    heat = fleet.loc[("PJM_WEST", "coal"), "heat_rate_mmbtu_per_mwh"]
    prices = default_inputs["fuel_prices"].set_index(["region_id", "fuel_id", "year"])
    coal_price = prices.loc[("PJM_WEST", "coal", 2023), "price_usd_per_mmbtu"]
    costs = default_inputs["technology_costs"].set_index(["tech_id", "year"])
    vom = costs.loc[("coal", 2023), "variable_om_usd_per_mwh"]
    adder = (
        default_inputs["technologies"]
        .set_index("tech_id")
        .loc["coal", "running_cost_adder_usd_per_mwh"]
    )
    assert adder > 0  # calibrated to 2023 coal generation
    assert variable["PJM_WEST", "coal", 2023] == pytest.approx(vom + heat * coal_price + adder)
    assert co2["PJM_WEST", "coal", 2023] == pytest.approx(heat * 95.52 / 1000)
    # existing vintages are reported under their kind; new builds under themselves
    assert techs.loc["gas_cc_existing_efficient", "reported_as"] == "gas_cc"
    assert techs.loc["gas_cc", "reported_as"] == "gas_cc"
    efficient = fleet.xs("gas_cc_existing_efficient", level=1)["heat_rate_mmbtu_per_mwh"]
    older = fleet.xs("gas_cc_existing", level=1)["heat_rate_mmbtu_per_mwh"]
    assert (efficient.reindex(older.index).dropna() < older.reindex(efficient.index).dropna()).all()


def test_without_outage_rates_availability_is_the_annual_share(default_inputs):
    # a workbook without forced outage rates: every slice at the technology's availability
    from energy.model.prepare.supply import availability, hourly_availability
    from energy.model.timeslices import build_slices

    techs = default_inputs["technologies"].assign(forced_outage_rate=float("nan"))
    inputs = default_inputs.replace(technologies=techs)
    regions = list(inputs["regions"]["region_id"])
    hourly = inputs["hourly_load"].drop(columns=["hour"], errors="ignore")[regions]
    ts = build_slices(hourly, 4, 8)
    shares = availability(hourly_availability(inputs, regions), regions, ts)
    coal = techs.set_index("tech_id").loc["coal", "availability"]
    assert (shares.xs("coal", level=1) == coal).all()


def test_the_base_year_is_history_no_adequacy_requirement_no_retirement():
    # 50 MW of gas against a 100 MW peak with a 10% margin: short of adequacy in a planned year,
    # but the base year (2023) carries no requirement and nothing retires in it
    data = grid(
        years=(2023, 2030),
        base_year=2023,
        existing={("A", "gas"): 50},
        vc={"gas": 20},
        other_load={"A": 40},
        peak={"A": 100},
        reserve_margin=0.1,
        allow_relocation=False,
    )
    m, _ = solved(data)
    assert ("A", 2023) not in m.adequacy and ("A", 2030) in m.adequacy
    assert pyo.value(m.adequacy_shortfall["A", 2023]) == 0
    # 2030 is short by 1.1 x 100 - 50 = 60 MW of accredited capacity (nothing can be built)
    assert pyo.value(m.adequacy_shortfall["A", 2030]) == pytest.approx(60)
    assert m.retired["A", "gas", 2023].ub == 0


def test_a_carbon_price_adds_co2_times_price_to_running_costs(default_inputs):
    # carbon_prices: NYISO pays the RGGI price in every year (held flat after 2023), Virginia
    # (PJM_DOM) only in 2023, PJM_WEST never
    years = [2023, 2030]
    regions = list(default_inputs["regions"]["region_id"])
    _, _, _, variable, co2 = technologies(default_inputs, regions, years)
    carbon = default_inputs["carbon_prices"].set_index(["region_id", "year"])["price_usd_per_t_co2"]
    without = default_inputs.replace(carbon_prices=default_inputs["carbon_prices"].iloc[0:0])
    _, _, _, bare, _ = technologies(without, regions, years)
    tech = "gas_cc_existing"
    for year in years:
        paid = variable["NYISO", tech, year] - bare["NYISO", tech, year]
        assert paid == pytest.approx(co2["NYISO", tech, year] * carbon["NYISO", 2023])
        assert variable["PJM_WEST", tech, year] == bare["PJM_WEST", tech, year]
    assert variable["PJM_DOM", tech, 2023] > bare["PJM_DOM", tech, 2023]
    assert variable["PJM_DOM", tech, 2030] == bare["PJM_DOM", tech, 2030]
    assert variable["NYISO", "nuclear", 2030] == bare["NYISO", "nuclear", 2030]  # no CO2


def test_only_the_base_year_fleet_retires_early_not_plants_added_since():
    # 10 MW in service in the first year, 20 MW more added in 2031; no load, fixed O&M 1,000
    # USD/MW-yr: retiring saves money, but only the 10 MW of the first year may go (the added
    # 20 MW run under the contracts that financed them), so 20 MW stay in 2031 at 20,000 USD
    data = grid(years=(2030, 2031), techs=tech_table(gas={}), fom={"gas": 1000.0})
    data.existing_mw = series(
        {("A", "gas", 2030): 10.0, ("A", "gas", 2031): 30.0}, ["region", "tech", "year"]
    )
    m, _ = solved(data)
    assert pyo.value(m.retired["A", "gas", 2030]) == pytest.approx(10)
    assert pyo.value(m.retired["A", "gas", 2031]) == pytest.approx(10)
    assert pyo.value(m.capacity["A", "gas", 2031]) == pytest.approx(20)
    assert pyo.value(m.annual_cost[2031]) == pytest.approx(0.02)


def test_no_economic_retirement_before_the_first_year_still_ahead():
    # as above with 10 MW throughout: retiring saves 1,000 USD/MW-yr, but 2030 is set as past
    # (early_retirement_from_year 2031): the 10 MW run in 2030 and retire in 2031
    data = grid(years=(2030, 2031), techs=tech_table(gas={}), fom={"gas": 1000.0})
    data.existing_mw = series(
        {("A", "gas", 2030): 10.0, ("A", "gas", 2031): 10.0}, ["region", "tech", "year"]
    )
    data.early_retirement_from_year = 2031
    m, _ = solved(data)
    assert pyo.value(m.retired["A", "gas", 2030]) == pytest.approx(0)
    assert pyo.value(m.retired["A", "gas", 2031]) == pytest.approx(10)
    assert pyo.value(m.annual_cost[2030]) == pytest.approx(0.01)


def test_plants_added_in_the_base_year_count_half_of_it_and_fully_after():
    # 1,000 MW of solar at the end of 2022; 400 MW added during 2023 (no dates: in service half
    # the year on average), 300 MW in 2024; 200 MW of coal retired in 2023 (the data's own rule
    # already says from which year): solar 1,200 MW in 2023, 1,700 in 2025; coal 800 in 2023
    from pathlib import Path

    import pandas as pd

    from energy.inputs.tables import Inputs
    from energy.model.prepare.supply import fleet

    inputs = Inputs(
        {
            "fleet": pd.DataFrame(
                {
                    "region_id": ["A", "A"],
                    "tech_id": ["solar", "coal"],
                    "capacity_mw": [1000.0, 1000.0],
                }
            ),
            "fleet_changes": pd.DataFrame(
                {
                    "region_id": ["A", "A", "A"],
                    "tech_id": ["solar", "solar", "coal"],
                    "year": [2023, 2024, 2023],
                    "change_mw": [400.0, 300.0, -200.0],
                }
            ),
        },
        Path("."),
    )
    mw = fleet(inputs, [2023, 2025], base_year=2023)
    assert mw["A", "solar", 2023] == pytest.approx(1200.0)
    assert mw["A", "solar", 2025] == pytest.approx(1700.0)
    assert mw["A", "coal", 2023] == pytest.approx(800.0)
    assert fleet(inputs, [2023], base_year=None)["A", "solar", 2023] == pytest.approx(1400.0)
