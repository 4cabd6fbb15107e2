"""The base-year check: backcast.csv sets the 2023 model year beside sheet actuals_2023."""

import pandas as pd
import pytest

from energy.results.backcast import COLUMNS, model_value


def test_every_actual_has_its_model_value(coarse_run, default_inputs):
    check = pd.read_csv(coarse_run.folder / "backcast.csv", keep_default_na=False)
    actuals = default_inputs["actuals_2023"]
    assert list(check.columns) == COLUMNS
    assert list(zip(check["metric"], check["region"], strict=True)) == list(
        zip(actuals["metric"], actuals["region"], strict=True)
    )
    # the CSV holds 6 significant digits
    assert list(check["difference"]) == pytest.approx(
        list(check["model"] - check["actual"]), rel=1e-4, abs=1e-2
    )
    by = check.set_index(["metric", "region"])["model"]
    categories = {m for m in by.index.get_level_values(0) if m.startswith("generation_")}
    parts = sum(by[m, "US"] for m in categories if m != "generation_total")
    assert by["generation_total", "US"] == pytest.approx(parts, rel=1e-5)
    # a region's coal is its own: the regions' rows add up to no more than the nation's
    regional = by.xs("generation_coal", level=0).drop("US")
    assert len(regional) > 10
    assert regional.sum() <= by["generation_coal", "US"] * (1 + 1e-5)  # 6 digits written
    # gas by region: every region has a row; the model's rows add up to the nation's, and the
    # actuals (shares of CEMS gas load x the national actual) to the national actual
    gas = check[check["metric"] == "generation_natural_gas"].set_index("region")
    assert len(gas) == 20
    assert gas["model"].drop("US").sum() == pytest.approx(gas.at["US", "model"], rel=1e-5)
    assert gas["actual"].drop("US").sum() == pytest.approx(gas.at["US", "actual"], abs=0.1 * 19)
    national = pd.read_csv(coarse_run.folder / "national.csv").set_index("year")
    assert by["co2", "US"] == pytest.approx(national.at[2023, "co2_mt"], rel=1e-5)
    assert 0 <= by["capacity_factor_coal", "US"] <= 1


def test_a_market_price_is_weighted_by_its_regions_load():
    # two regions of one market at 20 and 40 USD/MWh with 1 and 3 TWh of load: (20 + 120) / 4
    prices = pd.DataFrame(
        {
            "region": ["A", "B", "C"],
            "year": [2023, 2023, 2023],
            "energy_price_usd_per_mwh": [20.0, 40.0, 99.0],
            "adequacy_shortfall_mw": [0.0, 5.0, 7.0],
        }
    )
    load = pd.Series({"A": 1.0, "B": 3.0, "C": 10.0})
    tables = {"prices": prices}
    assert model_value("energy_price", ["A", "B"], tables, load, 2023) == pytest.approx(35.0)
    assert model_value("adequacy_shortfall", ["US"], tables, load, 2023) == 12.0
    assert model_value("adequacy_shortfall", ["B"], tables, load, 2023) == 5.0


def test_co2_by_fuel_follows_the_fuel_each_kind_burns():
    # coal 10 Mt; combined cycles 4 and gas turbines 1 (natural gas); other_fossil 2 (petroleum
    # units, EIA's petroleum category); a 2030 row and nuclear are not counted
    generation = pd.DataFrame(
        {
            "region": ["A", "A", "B", "B", "A", "A"],
            "tech": ["coal", "gas_cc_existing", "gas_ct", "other_fossil", "coal", "nuclear"],
            "reported_as": ["coal", "gas_cc", "gas_ct", "other_fossil", "coal", "nuclear"],
            "year": [2023, 2023, 2023, 2023, 2030, 2023],
            "generation_twh": [10.0, 10.0, 2.0, 3.0, 9.0, 50.0],
            "co2_mt": [10.0, 4.0, 1.0, 2.0, 9.0, 0.0],
        }
    )
    tables = {"generation": generation}
    load = pd.Series(dtype=float)
    assert model_value("co2_coal", ["US"], tables, load, 2023) == 10.0
    assert model_value("co2_natural_gas", ["US"], tables, load, 2023) == 5.0
    assert model_value("co2_petroleum", ["US"], tables, load, 2023) == 2.0


def test_the_report_names_the_largest_regional_misses_in_twh():
    from energy.report.build import _largest_regional_misses

    check = pd.DataFrame(
        {
            "metric": [
                "generation_coal",
                "generation_natural_gas",
                "generation_natural_gas",
                "co2",
            ],
            "region": ["A", "B", "US", "US"],
            "model": [10.0, 7.0, 900.0, 5.0],
            "actual": [12.0, 46.0, 100.0, 500.0],
        }
    )
    check["difference"] = check["model"] - check["actual"]
    # national rows and CO2 are not regional generation; B misses by 39 TWh, A by 2
    assert _largest_regional_misses(check) == (
        " By region, the model misses most in B natural gas 7 TWh against 46;"
        " A coal 10 TWh against 12."
    )
    assert _largest_regional_misses(check.iloc[2:]) == ""


@pytest.fixture(scope="module")
def base_year_check():
    """The reference scenario's 2023 year solved alone at its own resolution: backcast.csv."""
    from energy.pipeline import run_scenario
    from tests.conftest import SCENARIOS

    out = run_scenario(
        SCENARIOS / "reference.toml",
        years=[2023],
        measure_held_back=False,
        national_ceiling=False,
        hourly_check=False,
    )
    return out.results.tables["backcast"].set_index(["metric", "region"])


def test_the_base_year_reproduces_what_happened_in_2023(base_year_check):
    # issue 13's bar: national shares within 3 points of EIA's, CO2 within 5%, coal and
    # combined-cycle capacity factors within 5 points, prices within 25% in five markets
    check = base_year_check
    total_model = check.at[("generation_total", "US"), "model"]
    total_actual = check.at[("generation_total", "US"), "actual"]
    for fuel in ("coal", "natural_gas", "nuclear", "wind", "hydro", "solar"):
        row = check.loc[(f"generation_{fuel}", "US")]
        share_model = row["model"] / total_model
        share_actual = row["actual"] / total_actual
        assert abs(share_model - share_actual) <= 0.03, (fuel, share_model, share_actual)
    co2 = check.loc[("co2", "US")]
    assert abs(co2["model"] / co2["actual"] - 1) <= 0.05
    for tech in ("coal", "gas_cc"):
        row = check.loc[(f"capacity_factor_{tech}", "US")]
        assert abs(row["model"] - row["actual"]) <= 0.05, (tech, row["model"], row["actual"])
    prices = check.xs("energy_price", level="metric")
    assert ((prices["model"] / prices["actual"] - 1).abs() <= 0.25).sum() >= 5
    assert check.at[("unserved_load", "US"), "model"] == pytest.approx(0, abs=1e-6)
