"""Supply: technologies and their costs (ATB, 2023 USD per MW), fuel and variable costs per
region, the existing fleet with announced changes, and hourly availability by slice."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from energy.inputs.tables import Inputs
from energy.model.prepare.series import by_region, interpolate
from energy.model.profiles import (
    solar_availability,
    thermal_availability,
    wind_availability,
)
from energy.model.timeslices import TimeSlices, reduce_availability


@dataclass
class Supply:
    techs: pd.DataFrame  # the technology table GridData.techs expects
    capex_usd_per_mw: pd.Series  # (tech, year)
    fom_usd_per_mw_yr: pd.Series  # (tech, year)
    variable_cost_usd_per_mwh: pd.Series  # (region, tech, year)
    co2_t_per_mwh: pd.Series  # (region, tech, year), emitting plants only
    existing_mw: pd.Series  # (region, tech, year)
    availability: pd.Series  # (region, tech, slice)


def fleet_heat_rates(inputs: Inputs) -> dict[tuple[str, str], float]:
    """(region, tech) -> the region's fleet heat rate (MMBtu/MWh), where the fleet sheet has one."""
    fleet = inputs["fleet"]
    if "heat_rate_mmbtu_per_mwh" not in fleet:
        return {}
    given = fleet.dropna(subset=["heat_rate_mmbtu_per_mwh"])
    return {
        (r, t): float(h)
        for r, t, h in zip(
            given["region_id"], given["tech_id"], given["heat_rate_mmbtu_per_mwh"], strict=True
        )
    }


def technologies(inputs: Inputs, regions: list[str], years: list[int]):
    """Technology table, capex, fixed O&M, variable cost (fuel x heat rate + variable O&M +
    CO2 per MWh x the region's carbon price) and CO2 per MWh; a region's fleet heat rate, where
    given, replaces the technology's."""
    # technologies
    techs = inputs["technologies"].set_index("tech_id")
    fuels = inputs["fuels"].set_index("fuel_id")["co2_kg_per_mmbtu"]
    costs = interpolate(inputs["technology_costs"], ["tech_id"], "capex_usd_per_kw", years) * 1000
    fom = (
        interpolate(inputs["technology_costs"], ["tech_id"], "fixed_om_usd_per_kw_yr", years) * 1000
    )
    vom = interpolate(inputs["technology_costs"], ["tech_id"], "variable_om_usd_per_mwh", years)
    heat = interpolate(inputs["technology_costs"], ["tech_id"], "heat_rate_mmbtu_per_mwh", years)
    tech_table = pd.DataFrame(
        {
            "buildable": techs["buildable"] == "yes",
            "group": techs["build_group"],
            "storage_hours": techs["storage_hours"],
            "efficiency": techs["round_trip_efficiency"],
            "accreditation": techs["accreditation"],
            "lifetime_years": techs["lifetime_years"],
            "co2_t_per_mwh": [
                heat[t, years[0]] * fuels[techs.loc[t, "fuel_id"]] / 1000 for t in techs.index
            ],
            "energy_share": techs["availability"].where(techs["energy_limited"] == "yes"),
            "reserve_capable": (
                techs["reserve_capable"] == "yes" if "reserve_capable" in techs else False
            ),
            "reported_as": (
                techs["reported_as"].fillna(pd.Series(techs.index, index=techs.index))
                if "reported_as" in techs
                else techs.index.to_series()
            ),
        }
    )
    prices = interpolate(
        inputs["fuel_prices"], ["region_id", "fuel_id"], "price_usd_per_mmbtu", years
    )
    fleet_heat = fleet_heat_rates(inputs)
    adder = (
        techs["running_cost_adder_usd_per_mwh"].fillna(0.0)
        if "running_cost_adder_usd_per_mwh" in techs
        else pd.Series(0.0, index=techs.index)
    )
    carbon = carbon_prices(inputs, years)
    variable, co2 = {}, {}
    for r in regions:
        for t in techs.index:
            fuel = techs.loc[t, "fuel_id"]
            for y in years:
                rate = fleet_heat.get((r, t), heat[t, y])
                price = prices.get((r, fuel, y), 0.0) if rate > 0 else 0.0
                variable[r, t, y] = vom[t, y] + price * rate + float(adder[t])
                if rate * fuels[fuel] > 0:
                    co2[r, t, y] = rate * fuels[fuel] / 1000
                    variable[r, t, y] += co2[r, t, y] * carbon.get((r, y), 0.0)

    return tech_table, costs, fom, pd.Series(variable), pd.Series(co2, dtype=float)


def carbon_prices(inputs: Inputs, years: list[int]) -> pd.Series:
    """(region, year) -> USD per tonne of CO2 that the region's plants pay (none if absent)."""
    if "carbon_prices" not in inputs.tables:
        return pd.Series(dtype=float)
    return interpolate(inputs["carbon_prices"], ["region_id"], "price_usd_per_t_co2", years)


def fleet(inputs: Inputs, years: list[int]) -> pd.Series:
    """(region, tech, year) -> MW: the fleet plus announced changes up to each year."""
    # fleet: end of the base year's predecessor + announced changes up to each year
    fleet = inputs["fleet"].groupby(["region_id", "tech_id"])["capacity_mw"].sum()
    changes = inputs["fleet_changes"].pivot_table(
        index=["region_id", "tech_id"], columns="year", values="change_mw", aggfunc="sum"
    )
    pairs = fleet.index.union(changes.index)
    fleet, changes = fleet.reindex(pairs, fill_value=0.0), changes.reindex(pairs).fillna(0.0)
    existing = (
        pd.concat(
            {
                y: (fleet + changes.loc[:, changes.columns <= y].sum(axis=1)).clip(lower=0.0)
                for y in years
            },
            names=["year"],
        )
        .reorder_levels([1, 2, 0])
        .to_dict()
    )

    return pd.Series(existing, dtype=float)


def availability(inputs: Inputs, regions: list[str], ts: TimeSlices) -> pd.Series:
    """(region, tech, slice) -> available share: solar and wind profiles, seasonal outages for
    plants with a forced outage rate, a constant otherwise."""
    techs = inputs["technologies"].set_index("tech_id")
    resource = pd.DataFrame(
        {c: by_region(inputs, "renewable_resource", c, regions) for c in ("solar_cf", "wind_cf")}
    )
    geo = inputs["regions"].set_index("region_id")
    monthly = inputs["wind_monthly"].sort_values("month")["relative_cf"].to_numpy()
    solar = pd.DataFrame(
        {
            r: solar_availability(
                geo.loc[r, "latitude"], geo.loc[r, "longitude"], resource.loc[r, "solar_cf"]
            )
            for r in regions
        }
    )
    wind = pd.DataFrame(
        {r: wind_availability(monthly, resource.loc[r, "wind_cf"]) for r in regions}
    )
    profiles = {"solar": reduce_availability(solar, ts), "wind": reduce_availability(wind, ts)}
    outages = (
        techs["forced_outage_rate"].dropna()
        if "forced_outage_rate" in techs
        else pd.Series(dtype=float)
    )
    # the annual energy of thermal plants is kept on the slices (their availability x hours)
    seasonal = (
        reduce_availability(
            pd.DataFrame(
                {
                    t: thermal_availability(float(techs.loc[t, "availability"]), float(rate))
                    for t, rate in outages.items()
                }
            ),
            ts,
        )
        if len(outages)
        else pd.DataFrame(index=ts.slices.index)
    )
    availability = {}
    for t in techs.index:
        kind = techs.loc[t, "profile"]
        for r in regions:
            for s in ts.slices.index:
                if kind in profiles:
                    availability[r, t, s] = float(profiles[kind].at[s, r])
                elif t in outages.index:
                    availability[r, t, s] = float(seasonal.at[s, t])
                else:
                    availability[r, t, s] = float(techs.loc[t, "availability"])

    return pd.Series(availability)


def supply(inputs: Inputs, regions: list[str], years: list[int], ts: TimeSlices) -> Supply:
    tech_table, capex, fom, variable, co2 = technologies(inputs, regions, years)
    return Supply(
        tech_table,
        capex,
        fom,
        variable,
        co2,
        fleet(inputs, years),
        availability(inputs, regions, ts),
    )
