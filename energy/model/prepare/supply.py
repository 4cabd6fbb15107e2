"""Supply: technologies and their costs (ATB, 2023 USD per MW), fuel and variable costs per
region, the existing fleet with announced changes, and hourly availability by slice."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from energy.inputs.tables import Inputs
from energy.model.prepare.series import by_region, interpolate
from energy.model.profiles import (
    levelized_maintenance_shape,
    planned_outage_share,
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
    hourly: HourlyAvailability  # the same, hour by hour (the hourly check)


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


def technology_costs(inputs: Inputs) -> pd.DataFrame:
    """The technology_costs rows of every technology: one with `costs_as` takes its target's."""
    costs, techs = inputs["technology_costs"], inputs["technologies"]
    if "costs_as" not in techs:
        return costs
    borrowed = [
        costs[costs["tech_id"] == target].assign(tech_id=tech)
        for tech, target in zip(techs["tech_id"], techs["costs_as"], strict=True)
        if isinstance(target, str)
    ]
    return pd.concat([costs, *borrowed], ignore_index=True)


def itc_share(inputs: Inputs, index: pd.Index) -> pd.Series:
    """(tech, year) -> share of the capital cost a plant entering service that year gets back
    as a federal investment tax credit (sheet tax_credits; 0 without a row)."""
    share = pd.Series(0.0, index=index)
    if "tax_credits" not in inputs.tables:
        return share
    credits = inputs["tax_credits"]
    techs = index.get_level_values(0)
    years = index.get_level_values(1)
    for row in credits.itertuples(index=False):
        hit = (techs == row.tech_id) & (years >= row.first_service_year)
        share[hit & (years <= row.last_service_year)] = float(row.itc_share)
    return share


def technologies(inputs: Inputs, regions: list[str], years: list[int]):
    """Technology table, capex, fixed O&M, variable cost (fuel x heat rate + variable O&M +
    CO2 per MWh x the region's carbon price) and CO2 per MWh; a region's fleet heat rate, where
    given, replaces the technology's."""
    # technologies
    techs = inputs["technologies"].set_index("tech_id")
    fuels = inputs["fuels"].set_index("fuel_id")["co2_kg_per_mmbtu"]
    table = technology_costs(inputs)
    costs = interpolate(table, ["tech_id"], "capex_usd_per_kw", years) * 1000
    costs = costs * (1.0 - itc_share(inputs, costs.index))  # what the owner pays after credits
    fom = interpolate(table, ["tech_id"], "fixed_om_usd_per_kw_yr", years) * 1000
    vom = interpolate(table, ["tech_id"], "variable_om_usd_per_mwh", years)
    heat = interpolate(table, ["tech_id"], "heat_rate_mmbtu_per_mwh", years)
    tech_table = pd.DataFrame(
        {
            "buildable": techs["buildable"] == "yes",
            "group": techs["build_group"],
            "storage_hours": techs["storage_hours"],
            "efficiency": techs["round_trip_efficiency"],
            "accreditation": techs["accreditation"],
            # blank: the annual accreditation (energy.model.constraints.adequacy.season_credit)
            **{
                column: techs[column]
                for column in (
                    "accreditation_summer",
                    "accreditation_winter",
                    "accreditation_installed",
                )
                if column in techs
            },
            "lifetime_years": techs["lifetime_years"],
            "co2_t_per_mwh": [
                heat[t, years[0]] * fuels[techs.loc[t, "fuel_id"]] / 1000 for t in techs.index
            ],
            "energy_share": techs["availability"].where(techs["energy_limited"] == "yes"),
            "reserve_capable": (
                techs["reserve_capable"] == "yes" if "reserve_capable" in techs else False
            ),
            "retires_early": (
                techs["retires_early"].fillna("yes") != "no" if "retires_early" in techs else True
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


BASE_YEAR_ADDITIONS_SHARE = 0.5  # additions of the base year: in service half of it on average


def fleet(inputs: Inputs, years: list[int], base_year: int | None = None) -> pd.Series:
    """(region, tech, year) -> MW: the fleet plus announced changes up to each year.

    The base year is history, and a plant added during it ran for part of it only: its additions
    count at BASE_YEAR_ADDITIONS_SHARE there (the mid-year convention, as EIA's capacity factors
    use the year's average capacity; the base year's national additions carry no dates), in full
    from the next year. Its retirements already carry their own rule in the data (retired after
    June: gone from the next year)."""
    # fleet: end of the base year's predecessor + announced changes up to each year
    fleet = inputs["fleet"].groupby(["region_id", "tech_id"])["capacity_mw"].sum()
    table = inputs["fleet_changes"]
    if base_year is not None:
        added = (table["year"] == base_year) & (table["change_mw"] > 0)
        table = pd.concat(
            [
                table.assign(
                    change_mw=table["change_mw"].where(
                        ~added, table["change_mw"] * BASE_YEAR_ADDITIONS_SHARE
                    )
                ),
                table[added].assign(
                    year=base_year + 1,
                    change_mw=table["change_mw"] * (1 - BASE_YEAR_ADDITIONS_SHARE),
                ),
            ],
            ignore_index=True,
        )
    changes = table.pivot_table(
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


@dataclass
class HourlyAvailability:
    """Share of each technology's capacity available in each of the weather year's 8,760 hours:
    the series the time slices average, kept whole for the hourly check."""

    profiles: dict[str, pd.DataFrame]  # profile kind (solar, wind) -> hour x region
    seasonal: pd.DataFrame  # hour x "region|tech": plants with a forced outage rate
    kind: pd.Series  # tech -> profile kind ("none" for the rest)
    constant: pd.Series  # tech -> annual availability (the rest)
    # (region, tech) -> the profile scaled to a supply-curve tranche's capacity factor
    sited: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    # tech -> 1 - forced outage rate: the seasonal plants' availability outside maintenance
    in_service: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))

    def of(self, region: str, tech: str) -> np.ndarray:
        """The 8,760 available shares of one technology in one region."""
        if (region, tech) in self.sited:
            return self.sited[region, tech]
        kind = self.kind[tech]
        if kind in self.profiles:
            return self.profiles[kind][region].to_numpy()
        if f"{region}|{tech}" in self.seasonal:
            return self.seasonal[f"{region}|{tech}"].to_numpy()
        return np.full(len(self.seasonal), float(self.constant[tech]))


def net_load_mw(inputs: Inputs, regions: list[str], profiles: dict[str, pd.DataFrame]):
    """Region -> 2023 hourly load less what its 2023 wind and solar fleet (sheet fleet) makes by
    the profiles: the load the rest of the fleet must meet, against which planners schedule
    maintenance."""
    load = inputs["hourly_load"].sort_values("hour")
    fleet = inputs["fleet"]
    kind = inputs["technologies"].set_index("tech_id")["profile"]
    fleet = fleet.assign(profile=fleet["tech_id"].map(kind))
    net = {}
    for r in regions:
        here = fleet[fleet["region_id"] == r]
        variable = np.zeros(len(load))
        for profile, shape in profiles.items():
            mw = float(here.loc[here["profile"] == profile, "capacity_mw"].sum())
            variable += mw * shape[r].to_numpy(dtype=float)
        net[r] = load[r].to_numpy(dtype=float) - variable
    return net


def maintenance_shapes(
    inputs: Inputs,
    regions: list[str],
    techs: pd.DataFrame,
    outages: pd.Series,
    net_load: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Region -> hourly share of its planned outages (mean 1), levelizing its reserves against
    its 2023 hourly net load (load less its wind and solar: a windy spring week can take more
    maintenance than a calm one of the same load): the region's planned-outage MW are its 2023
    fleet's (sheet fleet) times each plant type's planned-outage share (1 - forced outage rate -
    availability)."""
    planned = planned_outage_share(techs.loc[outages.index, "availability"].astype(float), outages)
    in_service = 1.0 - outages
    largest = (
        float((in_service[planned > 0] / planned[planned > 0]).min())
        if (planned > 0).any()
        else 1.0
    )
    fleet = inputs["fleet"]
    fleet = fleet[fleet["tech_id"].isin(planned.index)]
    maintenance_mw = (
        (fleet["capacity_mw"] * fleet["tech_id"].map(planned)).groupby(fleet["region_id"]).sum()
    )
    return {
        r: levelized_maintenance_shape(net_load[r], float(maintenance_mw.get(r, 0.0)), largest)
        for r in regions
    }


def hourly_availability(inputs: Inputs, regions: list[str]) -> HourlyAvailability:
    """Solar and wind profiles per region, seasonal outages for plants with a forced outage
    rate, the annual availability for the rest; hour by hour."""
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
    outages = (
        techs["forced_outage_rate"].dropna()
        if "forced_outage_rate" in techs
        else pd.Series(dtype=float)
    )
    net_load = net_load_mw(inputs, regions, {"solar": solar, "wind": wind})
    shapes = maintenance_shapes(inputs, regions, techs, outages, net_load)
    seasonal = pd.DataFrame(
        {
            f"{r}|{t}": thermal_availability(
                float(techs.loc[t, "availability"]), float(rate), maintenance_shape=shapes[r]
            )
            for r in regions
            for t, rate in outages.items()
        },
        index=range(len(solar)),
    )
    sited = {}
    if "resource_supply" in inputs.tables:
        for r, t, cf in inputs["resource_supply"][
            ["region_id", "tech_id", "capacity_factor"]
        ].itertuples(index=False):
            if r not in geo.index:
                continue
            sited[r, t] = (
                solar_availability(geo.loc[r, "latitude"], geo.loc[r, "longitude"], float(cf))
                if techs.loc[t, "profile"] == "solar"
                else wind_availability(monthly, float(cf))
            )
    return HourlyAvailability(
        {"solar": solar, "wind": wind},
        seasonal,
        techs["profile"],
        techs["availability"].astype(float),
        sited,
        1.0 - outages.astype(float),
    )


def announced_retirements(
    inputs: Inputs, years: list[int], decision_year: int, window_years: float = math.inf
) -> pd.Series:
    """(region, tech, year) -> MW of announced retirements from the decision year on in effect
    by each year, counting only those announced for the last `window_years` years (the capacity
    a reliability-must-run contract could still keep; earlier retirements are history)."""
    changes = inputs["fleet_changes"]
    drops = changes[(changes["change_mw"] < 0) & (changes["year"] >= decision_year)]
    out = {}
    for (r, t), rows in drops.groupby(["region_id", "tech_id"]):
        for y in years:
            recent = (rows["year"] <= y) & (rows["year"] > y - window_years)
            gone = -float(rows.loc[recent, "change_mw"].sum())
            if gone > 0:
                out[r, t, y] = gone
    return pd.Series(out, dtype=float)


def seasonal_availability(hourly: HourlyAvailability, ts: TimeSlices) -> pd.DataFrame:
    """Slice availability of the plants with planned outages: 1 - forced outage rate less the
    slice's planned outages, those scaled so the year's planned-outage energy is kept (scaling
    the availability instead would lift days without maintenance above 1 - forced outage rate
    wherever the representative days sample maintenance weeks more than the calendar does)."""
    if not len(hourly.seasonal.columns):
        return pd.DataFrame(index=ts.slices.index)
    in_service = pd.Series(
        {c: float(hourly.in_service[c.split("|")[1]]) for c in hourly.seasonal.columns}
    )
    planned = reduce_availability(in_service - hourly.seasonal, ts)
    return (in_service - planned).clip(lower=0.0)


def availability(hourly: HourlyAvailability, regions: list[str], ts: TimeSlices) -> pd.Series:
    """(region, tech, slice) -> available share on the time slices; each series keeps its
    annual mean (the annual energy of thermal plants is their availability x hours)."""
    profiles = {kind: reduce_availability(p, ts) for kind, p in hourly.profiles.items()}
    seasonal = seasonal_availability(hourly, ts)
    sited = (
        reduce_availability(pd.DataFrame({f"{r}|{t}": v for (r, t), v in hourly.sited.items()}), ts)
        if hourly.sited
        else pd.DataFrame(index=ts.slices.index)
    )
    availability = {}
    for t, kind in hourly.kind.items():
        for r in regions:
            for s in ts.slices.index:
                if f"{r}|{t}" in sited:
                    availability[r, t, s] = float(sited.at[s, f"{r}|{t}"])
                elif kind in profiles:
                    availability[r, t, s] = float(profiles[kind].at[s, r])
                elif f"{r}|{t}" in seasonal:
                    availability[r, t, s] = float(seasonal.at[s, f"{r}|{t}"])
                else:
                    availability[r, t, s] = float(hourly.constant[t])

    return pd.Series(availability)


def min_capacity_factor(inputs: Inputs, regions: list[str]) -> pd.Series:
    """(region, tech) -> least capacity factor of the fleet (sheet must_run; none without it)."""
    if "must_run" not in inputs.tables:
        return pd.Series(dtype=float)
    table = inputs["must_run"]
    table = table[table["region_id"].isin(regions)]
    return pd.Series(
        table["min_capacity_factor"].astype(float).to_numpy(),
        index=pd.MultiIndex.from_arrays([table["region_id"], table["tech_id"]]),
        dtype=float,
    ).sort_index()


def supply(
    inputs: Inputs, regions: list[str], years: list[int], ts: TimeSlices, base_year: int
) -> Supply:
    tech_table, capex, fom, variable, co2 = technologies(inputs, regions, years)
    hourly = hourly_availability(inputs, regions)
    return Supply(
        tech_table,
        capex,
        fom,
        variable,
        co2,
        fleet(inputs, years, base_year),
        availability(hourly, regions, ts),
        hourly,
    )
