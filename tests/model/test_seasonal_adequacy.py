"""Seasonal adequacy on a tiny system worked by hand: the winter requirement binds, the summer
one does not.

Region A: existing gas 60 MW (accredited 1.0 in both seasons) and solar 100 MW (accredited 0.5
against the summer peak, 0.05 against the winter one); a peaker can be built at 50,000 USD/MW-yr
(fixed cost, no capital). Other load 40 MW; summer peak 100 MW, winter peak 90 MW; no reserve
margin. Summer: 60 + 0.5 x 100 = 110 >= 100, slack. Winter: 60 + 0.05 x 100 = 65 < 90, so 25 MW
of peakers are built (never run) and the winter dual is the peaker's fixed cost, 50,000 USD per
MW-yr; the summer dual is 0. With the annual accreditation alone (0.3 for solar, the annual peak
100 MW) the build would be 100 - 60 - 30 = 10 MW.
"""

from pathlib import Path

import pandas as pd
import pyomo.environ as pyo
import pytest

from energy.inputs.tables import Inputs
from energy.model.prepare import (
    class_ratings,
    delivery_years,
    market_winter_peak_month,
    regional_accreditation,
    requirement_factors,
)
from energy.model.prepare.load import winter_peak_month
from energy.scenario import load_scenario
from tests.grid_helpers import grid, series, solved, tech_table
from tests.model.test_tiny_systems import dual


def _system(seasonal: bool):
    techs = tech_table(gas={}, solar={"accreditation": 0.3}, peaker={"buildable": True})
    if seasonal:
        techs["accreditation_summer"] = techs["accreditation"]
        techs["accreditation_winter"] = techs["accreditation"]
        techs.loc["solar", ["accreditation_summer", "accreditation_winter"]] = [0.5, 0.05]
    data = grid(
        techs=techs,
        existing={("A", "gas"): 60.0, ("A", "solar"): 100.0},
        vc={"gas": 20.0, "peaker": 80.0},
        capex={"peaker": 0.0},
        fom={"peaker": 50_000.0},
        other_load={"A": 40.0},
        availability={("A", "solar"): 0.0},
        peak={"A": 100.0},
    )
    if seasonal:
        data.summer_peak_mw = series({("A", 2030): 100.0}, ["region", "year"])
        data.winter_peak_mw = series({("A", 2030): 90.0}, ["region", "year"])
    return data


def test_the_winter_requirement_binds_and_the_summer_one_does_not():
    m, _ = solved(_system(seasonal=True))
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(25)
    assert abs(dual(m, m.winter_adequacy["A", 2030])) == pytest.approx(50_000)
    assert dual(m, m.adequacy["A", 2030]) == pytest.approx(0, abs=1e-6)


def test_without_seasonal_values_both_seasons_count_the_annual_accreditation():
    m, _ = solved(_system(seasonal=False))
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(10)
    # the two seasons are then the same row twice: their prices add up to the peaker's cost
    prices = abs(dual(m, m.adequacy["A", 2030])) + abs(dual(m, m.winter_adequacy["A", 2030]))
    assert prices == pytest.approx(50_000)


def test_a_shortfall_is_paid_once_whichever_season_is_short():
    # Nothing can be built: 60 MW of gas against a 90 MW winter peak and a 100 MW summer peak
    # (solar credited 0.5 in summer: 110, not short; 0.05 in winter: 65, short by 25 MW). One
    # shortfall serves both seasons: 25 MW at the penalty, and the two seasons' prices together
    # are the penalty (35,040,000 USD/MW-yr), not twice it.
    data = _system(seasonal=True)
    data.techs.loc["peaker", "buildable"] = False
    m, _ = solved(data)
    assert pyo.value(m.adequacy_shortfall["A", 2030]) == pytest.approx(25)
    prices = abs(dual(m, m.adequacy["A", 2030])) + abs(dual(m, m.winter_adequacy["A", 2030]))
    assert prices == pytest.approx(data.adequacy_shortfall_penalty_usd_per_mw_yr)


def _two_alike_regions(techs, **options):
    """Regions A and B alike: gas 60 MW and solar 100 MW (dark at the peak), other load 40 MW,
    peak 100 MW, peakers buildable at 50,000 USD/MW-yr of fixed cost."""
    return grid(
        regions=("A", "B"),
        techs=techs,
        existing={(r, g): mw for r in "AB" for g, mw in (("gas", 60.0), ("solar", 100.0))},
        vc={"gas": 20.0, "peaker": 80.0},
        capex={"peaker": 0.0},
        fom={"peaker": 50_000.0},
        other_load={"A": 40.0, "B": 40.0},
        availability={("A", "solar"): 0.0, ("B", "solar"): 0.0},
        peak={"A": 100.0, "B": 100.0},
        **options,
    )


def test_a_markets_own_seasonal_credit_replaces_the_technologys_in_its_region_only():
    # The technologies sheet gives solar 0.3 all year; region A's market publishes 0.5 against
    # its summer peak and 0.05 against its winter one (sheet regional_accreditation). A then
    # builds as in the seasonal case, 25 MW (winter: 60 + 0.05 x 100 = 65 < 90); region B, the
    # same system without a row, counts 0.3 in both seasons and builds 100 - 60 - 30 = 10 MW.
    techs = tech_table(gas={}, solar={"accreditation": 0.3}, peaker={"buildable": True})
    data = _two_alike_regions(techs)
    data.summer_peak_mw = series({("A", 2030): 100.0, ("B", 2030): 100.0}, ["region", "year"])
    data.winter_peak_mw = series({("A", 2030): 90.0, ("B", 2030): 90.0}, ["region", "year"])
    data.regional_accreditation = {
        ("A", "solar", "summer", 2030): 0.5,
        ("A", "solar", "winter", 2030): 0.05,
    }
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(25)
    assert pyo.value(m.capacity["B", "peaker", 2030]) == pytest.approx(10)
    assert abs(dual(m, m.winter_adequacy["A", 2030])) == pytest.approx(50_000)
    assert dual(m, m.adequacy["A", 2030]) == pytest.approx(0, abs=1e-6)
    # B counts the annual credit in both seasons; its winter peak (90 MW) is below its summer
    # one (100 MW), so winter is slack and summer carries the whole price
    assert abs(dual(m, m.adequacy["B", 2030])) == pytest.approx(50_000)


def test_a_regional_row_covers_the_technologies_reported_as_it_unless_they_have_their_own():
    techs = pd.DataFrame(
        {
            "tech_id": ["solar", "solar_new", "wind", "wind_new_1"],
            "reported_as": [None, "solar", None, "wind"],
        }
    )
    rows = pd.DataFrame(
        {
            "region_id": ["ERCOT", "ERCOT", "ERCOT", "FRCC"],
            "tech_id": ["solar", "wind_new_1", "wind", "solar"],
            "season": ["summer", "winter", "winter", "summer"],
            "accreditation": [0.5, 0.3, 0.2, 0.4],
        }
    )
    inputs = Inputs({"technologies": techs, "regional_accreditation": rows}, Path("."))
    credit = regional_accreditation(inputs, ["ERCOT"], [2030])  # FRCC is not modelled here
    assert credit == {
        ("ERCOT", "solar", "summer", 2030): 0.5,
        ("ERCOT", "solar_new", "summer", 2030): 0.5,  # a new-build vintage of solar
        ("ERCOT", "wind", "winter", 2030): 0.2,
        ("ERCOT", "wind_new_1", "winter", 2030): 0.3,  # its own row wins over wind's
    }


def test_a_credit_given_from_a_year_holds_from_then_until_the_next():
    # ERCOT's CDR: its solar fleet's summer ELCC is 0.28 for 2026 and 0.21 by 2028-2030 as the
    # fleet grows: a blank from_year holds from the first year, 2028's row from 2028 on
    techs = pd.DataFrame({"tech_id": ["solar", "solar_new"], "reported_as": [None, "solar"]})
    rows = pd.DataFrame(
        {
            "region_id": ["ERCOT", "ERCOT"],
            "tech_id": ["solar", "solar"],
            "season": ["summer", "summer"],
            "accreditation": [0.21, 0.28],
            "from_year": [2028, None],
        }
    )
    inputs = Inputs({"technologies": techs, "regional_accreditation": rows}, Path("."))
    credit = regional_accreditation(inputs, ["ERCOT"], [2023, 2027, 2028, 2035])
    assert [credit["ERCOT", "solar_new", "summer", y] for y in (2023, 2027, 2028, 2035)] == [
        0.28,
        0.28,
        0.21,
        0.21,
    ]


def _both_seasons(m, region: str, year: int = 2030) -> float:
    """The region's summer and winter adequacy duals together (a MW counts in both)."""
    return abs(dual(m, m.adequacy[region, year])) + abs(dual(m, m.winter_adequacy[region, year]))


def _a_on_class_ratings_b_on_installed():
    """Two regions alike (gas 60 MW rated 0.8, installed 1.0; solar 100 MW rated 0.1, installed
    blank; peakers rated 0.8, installed 1.0, at 50,000 USD/MW-yr; margin 0.2; PJM's factor
    0.9): A counts class ratings, B installed capacity."""
    techs = tech_table(
        gas={"accreditation": 0.8},
        solar={"accreditation": 0.1},
        peaker={"buildable": True, "accreditation": 0.8},
    )
    techs["accreditation_installed"] = [1.0, float("nan"), 1.0]
    data = _two_alike_regions(techs, reserve_margin=0.2)
    data.accredited_requirement_factor = 0.9
    data.installed_basis_regions = frozenset({"B"})
    return data


def test_each_region_counts_on_its_own_basis_installed_or_class_ratings():
    # Two regions alike: gas 60 MW (class rating 0.8, installed 1.0), solar 100 MW (class rating
    # 0.1, installed blank -> its class rating), peak 100 MW in both seasons, margin 0.2; a
    # peaker (class rating 0.8, installed 1.0) at 50,000 USD/MW-yr. PJM's requirement factor
    # 0.9. Region A counts class ratings: 0.8 x 60 + 0.1 x 100 + 0.8 x P >= 0.9 x 1.2 x 100 =
    # 108, so P = (108 - 58) / 0.8 = 62.5 MW, price 50,000 / 0.8 = 62,500 USD/MW-yr (the two
    # seasons together). Region B counts installed capacity: 60 + 0.1 x 100 + P >= 1.0 x 1.2 x
    # 100 = 120, so P = 50 MW, price 50,000.
    data = _a_on_class_ratings_b_on_installed()
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(62.5)
    assert pyo.value(m.capacity["B", "peaker", 2030]) == pytest.approx(50)
    for region, price in (("A", 62_500), ("B", 50_000)):
        both = _both_seasons(m, region)
        assert both == pytest.approx(price)


def test_class_ratings_and_the_requirement_factor_follow_the_delivery_year():
    # As the test above, in 2030 with PJM's numbers for that delivery year: gas rated 0.6,
    # solar 0.05 and peakers 0.5 (sheet class_ratings), requirement factor 0.95 (sheet
    # requirement_factors). Region A (class ratings): 0.6 x 60 + 0.05 x 100 + 0.5 x P >= 0.95 x
    # 1.2 x 100 = 114, so P = (114 - 41) / 0.5 = 146 MW at 50,000 / 0.5 = 100,000 USD per
    # accredited MW-yr. Region B (installed) keeps gas at 1.0 and factor 1; its solar, blank on
    # that basis, falls back on the technologies sheet's 0.1, not PJM's rating of the year:
    # P = 120 - 70 = 50 MW, price 50,000.
    data = _a_on_class_ratings_b_on_installed()
    data.requirement_factors = {2030: 0.95}
    data.class_ratings = {("gas", 2030): 0.6, ("solar", 2030): 0.05, ("peaker", 2030): 0.5}
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(146)
    assert pyo.value(m.capacity["B", "peaker", 2030]) == pytest.approx(50)
    for region, price in (("A", 100_000), ("B", 50_000)):
        both = _both_seasons(m, region)
        assert both == pytest.approx(price)


def test_a_class_rating_holds_from_its_delivery_year_until_the_next_and_covers_its_fleet():
    # Storage 0.50 for 2026/27, 0.58 from 2027/28; gas CTs 0.60 then 0.61, the existing fleet
    # reported as gas_ct alike; before 2026 nothing is listed (the technologies sheet holds).
    # The requirement factor: grid_settings' 0.8002 before 2027, then 0.808, 0.8203 from 2028.
    techs = pd.DataFrame(
        {
            "tech_id": ["storage", "gas_ct", "gas_ct_existing", "wind"],
            "reported_as": [None, None, "gas_ct", None],
        }
    )
    ratings = pd.DataFrame(
        {
            "tech_id": ["storage", "storage", "gas_ct", "gas_ct"],
            "from_year": [2027, 2026, 2026, 2027],
            "accreditation": [0.58, 0.50, 0.60, 0.61],
        }
    )
    factors = pd.DataFrame(
        {"from_year": [2028, 2027], "accredited_requirement_factor": [0.8203, 0.808]}
    )
    settings = pd.DataFrame({"setting": ["accredited_requirement_factor"], "value": [0.8002]})
    inputs = Inputs(
        {
            "technologies": techs,
            "class_ratings": ratings,
            "requirement_factors": factors,
            "grid_settings": settings,
        },
        Path("."),
    )
    years = [2025, 2026, 2027, 2035]
    rating = class_ratings(inputs, years)
    assert [rating.get(("storage", y)) for y in years] == [None, 0.50, 0.58, 0.58]
    assert [rating.get(("gas_ct_existing", y)) for y in years] == [None, 0.60, 0.61, 0.61]
    assert not any(tech == "wind" for tech, _ in rating)
    assert requirement_factors(inputs, years) == {
        2025: 0.8002,
        2026: 0.8002,
        2027: 0.808,
        2035: 0.8203,
    }


def _importing_region():
    """A on class ratings, B on installed capacity: A has gas 50 MW and peakers rated 0.8 (50,000
    USD/MW-yr), B gas 200 MW at 1.0; peaks 100 MW, no margin; the corridor B -> A 25 MW."""
    techs = tech_table(gas={"accreditation": 0.8}, peaker={"buildable": True, "accreditation": 0.8})
    techs["accreditation_installed"] = [1.0, 1.0]
    return grid(
        regions=("A", "B"),
        techs=techs,
        existing={("A", "gas"): 50.0, ("B", "gas"): 200.0},
        vc={"gas": 20.0, "peaker": 80.0},
        capex={"peaker": 0.0},
        fom={"peaker": 50_000.0},
        other_load={"A": 40.0, "B": 40.0},
        peak={"A": 100.0, "B": 100.0},
        corridors={("B", "A"): 25.0},
    )


def test_a_firm_import_counts_on_the_importers_basis():
    # A counts class ratings (factor 0.8), B installed capacity (factor 1); no margin, peaks 100.
    # A: gas 50 MW rated 0.8 = 40 accredited, needs 0.8 x 100 = 80. B: gas 200 MW at 1.0, needs
    # 100: 100 MW spare. The corridor B -> A carries 25 MW of firm capacity, which counts 0.8 x
    # 25 = 20 accredited MW in A (not 25), so A builds (80 - 40 - 20) / 0.8 = 25 MW of peakers
    # (rated 0.8) at 50,000 USD/MW-yr: A's price is 62,500 per accredited MW, the corridor's
    # firm capacity worth 0.8 x 62,500 = 50,000 per MW.
    data = _importing_region()
    data.accredited_requirement_factor = 0.8
    data.installed_basis_regions = frozenset({"B"})
    m, _ = solved(data)
    assert pyo.value(m.firm_import["B", "A", 2030]) == pytest.approx(25)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(25)
    both = _both_seasons(m, "A")
    assert both == pytest.approx(62_500)


def test_a_firm_import_counts_the_importers_requirement_factor_of_the_year():
    # As above with PJM's factor 0.9 for 2030 (sheet requirement_factors) beside the settings'
    # 0.8: A needs 0.9 x 100 = 90 accredited MW; the 25 MW import counts 0.9 x 25 = 22.5, gas
    # 40, so A builds (90 - 40 - 22.5) / 0.8 = 34.375 MW of peakers; price 62,500 as before
    # (a peaker's cost per accredited MW), the import worth 0.9 x 62,500 = 56,250 per MW.
    data = _importing_region()
    data.accredited_requirement_factor = 0.8
    data.requirement_factors = {2030: 0.9}
    data.installed_basis_regions = frozenset({"B"})
    m, _ = solved(data)
    assert pyo.value(m.firm_import["B", "A", 2030]) == pytest.approx(25)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(34.375)
    both = _both_seasons(m, "A")
    assert both == pytest.approx(62_500)


def test_demand_response_is_netted_from_the_peak_the_margin_counts_on():
    # Region A as in the seasonal case, on installed capacity (gas 60 MW, solar 100 MW credited
    # 0.5 in summer and 0.05 in winter, peaks 100 and 90 MW, no margin), with 20 MW of demand
    # response netted from both peaks: summer 110 >= 80, slack; winter 65 < 70, so 5 MW of
    # peakers are built (25 MW without it), and the winter price is still the peaker's cost.
    data = _system(seasonal=True)
    data.demand_response_mw = pd.Series({"A": 20.0})
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(5)
    assert abs(dual(m, m.winter_adequacy["A", 2030])) == pytest.approx(50_000)


def test_demand_response_comes_off_the_peak_before_the_margin_and_the_factor():
    # The same region on class ratings (gas and peakers rated 1) with PJM's factor 0.8 and a
    # margin of 0.2: winter needs 0.8 x 1.2 x (90 - 20) = 67.2 accredited MW against 60 + 0.05 x
    # 100 = 65, so 2.2 MW of peakers (netting the response after the margin would give
    # 0.8 x (1.2 x 90 - 20) = 70.4 and 5.4 MW; after the factor 86.4 - 20 = 66.4 and 1.4 MW);
    # summer needs 0.8 x 1.2 x 80 = 76.8 against 110, slack.
    data = _system(seasonal=True)
    data.demand_response_mw = pd.Series({"A": 20.0})
    data.reserve_margin = pd.Series({"A": 0.2})
    data.accredited_requirement_factor = 0.8
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(2.2)
    assert abs(dual(m, m.winter_adequacy["A", 2030])) == pytest.approx(50_000)
    assert dual(m, m.adequacy["A", 2030]) == pytest.approx(0, abs=1e-6)


def test_the_reference_counts_pjm_on_class_ratings_and_the_rest_on_installed_capacity(
    default_inputs,
):
    from energy.model.prepare import installed_basis_regions

    scenarios = Path(__file__).parents[2] / "scenarios"
    assert not load_scenario(scenarios / "reference.toml").grid.pjm_accreditation_everywhere
    assert load_scenario(
        scenarios / "pjm-accreditation-everywhere.toml"
    ).grid.pjm_accreditation_everywhere
    regions = list(default_inputs["regions"]["region_id"])
    installed = installed_basis_regions(default_inputs, regions)
    assert installed == frozenset(r for r in regions if not r.startswith("PJM_"))
    credit = regional_accreditation(default_inputs, ["MISO_C", "PJM_DOM"], [2030])
    assert credit["MISO_C", "solar", "summer", 2030] == 0.5
    assert credit["MISO_C", "solar_new", "winter", 2030] == 0.05  # new plants count as their class
    assert not any(region == "PJM_DOM" for region, _tech, _season, _year in credit)


def test_a_winter_peak_in_february_counts_the_delivery_year_opened_the_summer_before():
    # As above (2030's ratings: gas 0.6, solar 0.05, peakers 0.5, factor 0.95), with 2029's
    # listed too: gas 0.5, solar 0.05, peakers 0.4, factor 0.97. A's winter peak falls in
    # February, in delivery year 2029/30, so its winter row counts 2029's: 0.5 x 60 + 0.05 x 100
    # + 0.4 x P >= 0.97 x 1.2 x 100 = 116.4, P = (116.4 - 35) / 0.4 = 203.5 MW, while the summer
    # (2030/31) needs only 146: the winter binds, at 50,000 / 0.4 = 125,000 USD per accredited
    # MW-yr. With the winter peak in December both rows count 2030/31: 146 MW, 100,000.
    def solved_with_winter_peak_in(month: int):
        data = _a_on_class_ratings_b_on_installed()
        data.requirement_factors = {2029: 0.97, 2030: 0.95}
        data.class_ratings = {
            **{("gas", 2030): 0.6, ("solar", 2030): 0.05, ("peaker", 2030): 0.5},
            **{("gas", 2029): 0.5, ("solar", 2029): 0.05, ("peaker", 2029): 0.4},
        }
        data.winter_peak_month = pd.Series({"A": month, "B": month})
        return solved(data)[0]

    m = solved_with_winter_peak_in(2)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(203.5)
    assert abs(dual(m, m.winter_adequacy["A", 2030])) == pytest.approx(125_000)
    assert dual(m, m.adequacy["A", 2030]) == pytest.approx(0, abs=1e-6)
    assert pyo.value(m.capacity["B", "peaker", 2030]) == pytest.approx(50)  # installed: as before
    m = solved_with_winter_peak_in(12)
    assert pyo.value(m.capacity["A", "peaker", 2030]) == pytest.approx(146)
    assert _both_seasons(m, "A") == pytest.approx(100_000)


def test_the_winter_peak_month_is_read_from_the_weather_years_winter_hours():
    # 2023's hours: A peaks on 4 February (and higher still in July, which is summer), B on 20
    # December; a tie keeps the first hour.
    hours = pd.date_range("2023-01-01", periods=8760, freq="h")
    load = pd.DataFrame({"A": 1.0, "B": 1.0, "C": 1.0}, index=range(8760))
    load.loc[hours.get_loc(pd.Timestamp("2023-02-04 13:00")), "A"] = 5.0
    load.loc[hours.get_loc(pd.Timestamp("2023-07-28 21:00")), "A"] = 9.0
    load.loc[hours.get_loc(pd.Timestamp("2023-12-20 18:00")), "B"] = 5.0
    assert winter_peak_month(load, 2023).to_dict() == {"A": 2, "B": 12, "C": 1}


def test_a_capacity_markets_regions_count_the_month_of_its_coincident_winter_peak():
    # A and B form one market: A peaks at 5 MW on 4 February, B at 3 MW on 20 December; together
    # 6 MW in February (5 + 1) against 4 in December (1 + 3), so both count February, the month
    # of the market's peak; C, a market of its own, its own December peak. And the prepared
    # ratings reach back a delivery year for the winter rows (2029 for model year 2030).
    hours = pd.date_range("2023-01-01", periods=8760, freq="h")
    load = pd.DataFrame({"A": 1.0, "B": 1.0, "C": 1.0}, index=range(8760))
    load.loc[hours.get_loc(pd.Timestamp("2023-02-04 13:00")), "A"] = 5.0
    load.loc[hours.get_loc(pd.Timestamp("2023-12-20 18:00")), ["B", "C"]] = 3.0
    pools = {"PJM": ("A", "B"), "C": ("C",)}
    assert market_winter_peak_month(load, pools, 2023).to_dict() == {"A": 2, "B": 2, "C": 12}
    assert delivery_years([2030, 2035]) == [2029, 2030, 2034, 2035]
