"""The base-year check: the 2023 model year beside what happened in 2023 (sheet actuals_2023).

2023 is history, so the model's 2023 year is a test of the fleet and its costs before anything
it says about 2030 is trusted. Each actual names the metric, the market and the model regions it
covers; the model's value is computed from the solved 2023 year the same way:
generation by EIA category (TWh, national or for the regions named), CO2 (Mt, in all or by fuel), capacity factors (generation / capacity x 8,760 h),
the load-weighted energy price over the regions of a market (USD/MWh), load left unserved or
shed (TWh), adequacy shortfall (MW; the base year carries no adequacy requirement).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# EIA's net-generation categories, as the model's technologies fall into them (storage is net
# of its charging, which EIA counts with "other")
CATEGORY = {
    "coal": "coal",
    "gas_cc": "natural_gas",
    "gas_ct": "natural_gas",
    "other_fossil": "natural_gas",
    "nuclear": "nuclear",
    "nuclear_smr": "nuclear",
    "hydro": "hydro",
    "wind": "wind",
    "solar": "solar",
    "other": "other_renewables",
}
# EIA's CO2 categories by fuel burned: other_fossil stands for petroleum-fired units (EIA's
# petroleum heat rate), though the model prices and reports its generation with natural gas
CO2_CATEGORY = {
    "coal": "coal",
    "gas_cc": "natural_gas",
    "gas_ct": "natural_gas",
    "other_fossil": "petroleum",
}
CAPACITY_FACTOR_TECH = {
    "coal": "coal",
    "gas_cc": "gas_cc",
    "gas_ct": "gas_ct",
    "nuclear": "nuclear",
}
COLUMNS = ["metric", "region", "model", "actual", "unit", "difference", "source_id"]


def _kind(table: pd.DataFrame) -> pd.Series:
    """The technology each row is reported under (all vintages of a kind together)."""
    return table["reported_as"] if "reported_as" in table else table["tech"]


def _generation(tables: dict, year: int, regions: list[str]) -> pd.Series:
    gen = tables["generation"]
    gen = gen[(gen["year"] == year) & _kind(gen).isin(CATEGORY)]
    if regions != ["US"]:
        gen = gen[gen["region"].isin(regions)]
    by_category = gen.groupby(_kind(gen).map(CATEGORY))["generation_twh"].sum()
    return pd.concat([by_category, pd.Series({"total": float(by_category.sum())})])


def _capacity_factor(tables: dict, tech: str, year: int) -> float:
    gen, cap = tables["generation"], tables["capacity"]
    energy = gen[(gen["year"] == year) & (_kind(gen) == tech)]["generation_twh"].sum()
    capacity = cap[(cap["year"] == year) & (_kind(cap) == tech)]["capacity_mw"].sum()
    return float(energy * 1e6 / (capacity * 8760)) if capacity > 0 else float("nan")


def _price(tables: dict, regions: list[str], load_twh: pd.Series, year: int) -> float:
    prices = tables["prices"]
    here = prices[(prices["year"] == year) & prices["region"].isin(regions)].set_index("region")
    weights = load_twh.reindex(here.index).fillna(0.0)
    if weights.sum() <= 0:
        return float("nan")
    return float(np.average(here["energy_price_usd_per_mwh"], weights=weights))


def model_value(metric: str, regions: list[str], tables: dict, load_twh: pd.Series, year: int):
    """The model's value of one metric of sheet actuals_2023 in `year`."""
    if metric.startswith("generation_"):
        return float(
            _generation(tables, year, regions).get(metric.removeprefix("generation_"), 0.0)
        )
    if metric == "co2":
        national = tables["national"].set_index("year")
        return float(national.at[year, "co2_mt"])
    if metric.startswith("co2_"):
        gen = tables["generation"]
        gen = gen[(gen["year"] == year) & _kind(gen).isin(CO2_CATEGORY)]
        by_fuel = gen.groupby(_kind(gen).map(CO2_CATEGORY))["co2_mt"].sum()
        return float(by_fuel.get(metric.removeprefix("co2_"), 0.0))
    if metric.startswith("capacity_factor_"):
        return _capacity_factor(
            tables, CAPACITY_FACTOR_TECH[metric.removeprefix("capacity_factor_")], year
        )
    if metric == "energy_price":
        return _price(tables, regions, load_twh, year)
    if metric == "unserved_load":
        national = tables["national"].set_index("year")
        return float(national.at[year, "unserved_twh"] + national.at[year, "shed_other_load_twh"])
    if metric == "adequacy_shortfall":
        prices = tables["prices"]
        here = prices[prices["year"] == year]
        if regions != ["US"]:
            here = here[here["region"].isin(regions)]
        return float(here["adequacy_shortfall_mw"].sum())
    raise ValueError(f"unknown metric {metric!r}")  # the schema allows only the metrics above


def region_load_twh(data, year: int) -> pd.Series:
    """Each region's load other than data centers in `year` (TWh): the price weights."""
    load = data.other_load_mw.xs(year, level=1)
    hours = load.index.get_level_values(1).map(data.slice_hours)
    return (load * np.asarray(hours, dtype=float)).groupby(level=0).sum() / 1e6


def backcast_table(actuals: pd.DataFrame, tables: dict, load_twh: pd.Series, year: int = 2023):
    """One row per actual: metric, region, model, actual, unit, difference (model - actual)."""
    rows = []
    for row in actuals.itertuples():
        regions = str(row.model_regions).split()
        model = model_value(row.metric, regions, tables, load_twh, year)
        rows.append(
            {
                "metric": row.metric,
                "region": row.region,
                "model": model,
                "actual": float(row.value),
                "unit": row.unit,
                "difference": model - float(row.value),
                "source_id": row.source_id,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
