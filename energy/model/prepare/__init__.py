"""Workbook tables + scenario options + requested load (siting's tables) -> GridData.

All unit conversions and data assembly for the model happen here, one module per topic (load,
supply, limits), so the formulation only sees ready-made tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from energy.inputs.tables import Inputs, grid_setting
from energy.model.data import GridData
from energy.model.prepare.limits import limits
from energy.model.prepare.load import other_load, winter_peak_month
from energy.model.prepare.series import by_region, require_grid_tables, step_series
from energy.model.prepare.solar_credit import new_solar_tranches, share_out
from energy.model.prepare.supply import (
    HourlyAvailability,
    announced_retirements,
    min_capacity_factor,
    supply,
)
from energy.model.timeslices import TimeSlices
from energy.scenario.options import GridOptions


@dataclass
class Prepared:
    data: GridData
    siting: pd.DataFrame  # region, year, base_mw, booked_mw, share_mw, requested_mw, book_scale
    slices: TimeSlices
    other_load_hourly: pd.DataFrame  # 2023 hourly load less 2023 data centers (MW)
    dc_2023_mw: pd.Series  # region
    hourly_availability: HourlyAvailability  # available share by hour (the hourly check)


def reserves(inputs: Inputs, regions: list[str], peak_mw: pd.Series) -> dict:
    """Operating-reserve requirement (region, year: MW, a share of the peak of other load, as
    ISOs set a fixed MW requirement) and shortage price per region; none without the sheet."""
    if "operating_reserves" not in inputs.tables:
        return {}
    share = by_region(inputs, "operating_reserves", "requirement_share_of_peak", regions)
    return {
        "reserve_requirement_mw": peak_mw
        * share.reindex(peak_mw.index.get_level_values(0)).to_numpy(),
        "reserve_shortage_usd_per_mwh": by_region(
            inputs, "operating_reserves", "shortage_price_usd_per_mwh", regions
        ),
    }


EARTH_RADIUS_KM = 6371.0


def distance_cost(inputs: Inputs, regions: list[str], usd_per_mwh_per_1000_km: float) -> pd.Series:
    """(from, to) -> extra relocation cost, USD/MWh: great-circle distance between the regions'
    representative cities (sheet regions: latitude, longitude) x the cost per 1,000 km."""
    import numpy as np

    places = inputs["regions"].set_index("region_id").reindex(regions)
    lat = np.radians(places["latitude"].to_numpy(dtype=float))
    lon = np.radians(places["longitude"].to_numpy(dtype=float))
    rows = {}
    for i, a in enumerate(regions):
        for j, b in enumerate(regions):
            if a == b:
                continue
            h = (
                np.sin((lat[j] - lat[i]) / 2) ** 2
                + np.cos(lat[i]) * np.cos(lat[j]) * np.sin((lon[j] - lon[i]) / 2) ** 2
            )
            km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))
            rows[a, b] = float(km) / 1000 * usd_per_mwh_per_1000_km
    return pd.Series(rows, dtype=float)


def campus_pipeline_mw(inputs: Inputs, options: GridOptions, regions: list[str]) -> pd.Series:
    """Region -> connection capacity (MW) of its campus pipeline: its market inventory where
    sheet dc_markets lists it ((under construction + planned IT MW) x PUE, summed over its
    markets), else its large-load book (sheet dc_pipeline, all stages), else 0. Empty with the
    limits relaxed."""
    if options.relax_limits:
        return pd.Series(dtype=float)
    book = inputs["dc_pipeline"]
    capacity = book["capacity_mw"].astype(float).groupby(book["region_id"]).sum()
    if "dc_markets" in inputs.tables:
        table = inputs["dc_markets"]
        it_mw = table["planned_mw"].astype(float)
        if "under_construction_mw" in table:
            it_mw = it_mw + table["under_construction_mw"].astype(float).fillna(0.0)
        markets = (it_mw * table["pue"].astype(float)).groupby(table["region_id"]).sum()
        capacity = pd.concat([capacity.drop(markets.index, errors="ignore"), markets])
    return capacity.reindex(regions).fillna(0.0)


def onsite_tech(inputs: Inputs) -> str | None:
    """The technology marked `onsite` (serves data-center campuses behind the meter), or None."""
    techs = inputs["technologies"]
    if "onsite" not in techs:
        return None
    marked = techs.loc[techs["onsite"] == "yes", "tech_id"]
    return str(marked.iloc[0]) if len(marked) else None


def accreditation_tranches(inputs: Inputs) -> dict:
    """tech -> [(upper share of peak, credit factor), ...] by increasing share (none: full credit)."""
    if "accreditation_tranches" not in inputs.tables:
        return {}
    table = inputs["accreditation_tranches"].sort_values(["tech_id", "share_of_peak_up_to"])
    return {
        tech: list(
            zip(
                rows["share_of_peak_up_to"].astype(float),
                rows["credit_factor"].astype(float),
                strict=True,
            )
        )
        for tech, rows in table.groupby("tech_id")
    }


def solar_pools(inputs: Inputs, regions: list[str]) -> dict[str, tuple[str, ...]]:
    """Pool -> its regions: the regions of one capacity market (sheet regions: capacity_market,
    e.g. PJM's three), which accredit resources market-wide, share new solar's credit curve;
    a region without one (or without the column) is a pool of its own."""
    market = inputs["regions"].set_index("region_id").get("capacity_market")
    pools: dict[str, tuple[str, ...]] = {}
    for r in regions:
        name = market.get(r) if market is not None else None
        key = name if isinstance(name, str) and name.strip() else r
        pools[key] = (*pools.get(key, ()), r)
    return pools


def solar_tranches(
    inputs: Inputs, plants, load, basis: dict, regions: list[str], years: list[int], base_year: int
) -> dict:
    """(region, tech, year) -> new solar's tranches of marginal credit (energy.model.prepare.
    solar_credit) for each buildable solar technology: one curve per capacity market
    (solar_pools), its widths shared out over the market's regions by their peaks (share_out);
    where the market's regions count class ratings (PJM's), the greater of its two seasonal
    credits counts in both, as PJM rates a class once for the year. Each technology's curve is
    its own (its own hours), its widths shared with the other new solar technologies of its
    build group (energy.model.constraints.adequacy.width_sharers; the workbook has one,
    solar_new). None under [grid]
    pjm_accreditation_everywhere (no region counts installed capacity): that what-if is the
    reference before regions counted their own credits."""
    installed = basis["installed_basis_regions"]
    if not installed:
        return {}
    techs, hourly = plants.techs, plants.hourly
    kind = hourly.kind
    new = [g for g in techs.index if kind.get(g) == "solar" and bool(techs.at[g, "buildable"])]
    existing = plants.existing_mw
    fleet = {
        profile: existing[existing.index.get_level_values(1).isin(kind.index[kind == profile])]
        .groupby(level=[0, 2])
        .sum()
        .to_dict()
        for profile in hourly.profiles
    }
    pools = solar_pools(inputs, regions)
    out = {}
    for g in new:
        tranches = new_solar_tranches(
            load.hourly_mw,
            load.peak_mw,
            fleet,
            hourly.profiles,
            {r: hourly.of(r, g) for r in regions},
            pools,
            years,
            base_year,
        )
        for (pool, y), parts in tranches.items():
            if not set(pools[pool]) & installed:  # class ratings: once for the year, both seasons
                parts = [(w, max(s, v), max(s, v)) for w, s, v in parts]
            peaks = {r: float(load.peak_mw[r, y]) for r in pools[pool]}
            out.update({(r, g, y): own for r, own in share_out(parts, peaks).items()})
    return out


def installed_basis_regions(inputs: Inputs, regions: list[str]) -> frozenset:
    """Regions whose reserve margin counts installed capacity (sheet reserve_margins:
    accreditation_basis = installed; blank or class_ratings: PJM's class ratings)."""
    table = inputs["reserve_margins"]
    if "accreditation_basis" not in table:
        return frozenset()
    basis = table.set_index("region_id")["accreditation_basis"].reindex(regions)
    return frozenset(basis.index[basis == "installed"])


def demand_response_mw(inputs: Inputs, regions: list[str]) -> pd.Series:
    """Region -> demand response netted from its peak (sheet reserve_margins; blank: 0)."""
    table = inputs["reserve_margins"]
    if "demand_response_mw" not in table:
        return pd.Series(0.0, index=regions)
    given = table.set_index("region_id")["demand_response_mw"].reindex(regions)
    return pd.to_numeric(given, errors="coerce").fillna(0.0)


def planning_basis(
    inputs: Inputs, options: GridOptions, regions: list[str], years: list[int]
) -> dict:
    """How each region counts its reserve margin (GridData fields): its own basis, credits and
    demand response; or, with [grid] pjm_accreditation_everywhere, PJM's everywhere: class
    ratings, no region's own credits and no demand response netted — the reference before each
    region counted its own (and before PJM's demand resources were counted)."""
    if options.pjm_accreditation_everywhere:
        return {
            "installed_basis_regions": frozenset(),
            "regional_accreditation": {},
            "demand_response_mw": pd.Series(0.0, index=regions),
        }
    return {
        "installed_basis_regions": installed_basis_regions(inputs, regions),
        "regional_accreditation": regional_accreditation(inputs, regions, years),
        "demand_response_mw": demand_response_mw(inputs, regions),
    }


def reported_as(inputs: Inputs) -> dict[str, str]:
    """tech -> the technology it is reported as (technologies.reported_as; itself where blank)."""
    techs = inputs["technologies"]
    group = dict(zip(techs["tech_id"], techs["tech_id"], strict=True))
    if "reported_as" in techs:
        reported = techs.dropna(subset=["reported_as"])
        group.update(zip(reported["tech_id"], reported["reported_as"], strict=True))
    return group


def market_winter_peak_month(
    hourly_mw: pd.DataFrame, pools: dict[str, tuple[str, ...]], base_year: int
) -> pd.Series:
    """Region -> the month of its capacity market's coincident winter peak (its own where it
    has no market): a market rates its pool once per delivery year, so its regions' winter rows
    count the same one (energy.model.constraints.adequacy.delivery_year)."""
    pooled = pd.DataFrame(
        {pool: hourly_mw[list(members)].sum(axis=1) for pool, members in pools.items()}
    )
    month = winter_peak_month(pooled, base_year)
    return pd.Series({r: month[pool] for pool, members in pools.items() for r in members})


def delivery_years(years: list[int]) -> list[int]:
    """The delivery years (by the year their summer opens) that model years' adequacy rows
    count in: each model year's own, and the one before for a winter peak in January-April."""
    return sorted(set(years) | {y - 1 for y in years})


def class_ratings(inputs: Inputs, years: list[int]) -> dict:
    """(tech, year) -> its class rating in that delivery year (sheet class_ratings): a
    technology's own rows, else those of the technology it is reported as; in each year the row
    with the latest from_year at or before it; none before the first listed year or without the
    sheet (the technologies sheet's accreditation holds)."""
    if "class_ratings" not in inputs.tables:
        return {}
    table = inputs["class_ratings"]
    by_year = step_series(table, ["tech_id"], "from_year", "accreditation", years)
    given = set(table["tech_id"])
    return {
        (tech, year): float(by_year[own, year])
        for tech, as_tech in reported_as(inputs).items()
        for own in [tech if tech in given else as_tech]
        if own in given
        for year in years
        if (own, year) in by_year.index
    }


def requirement_factors(inputs: Inputs, years: list[int]) -> dict[int, float]:
    """year -> accredited requirement factor where class ratings count: sheet
    requirement_factors from its listed years on, grid_settings' accredited_requirement_factor
    before the first listed year (and without the sheet)."""
    factor = {y: grid_setting(inputs, "accredited_requirement_factor") for y in years}
    if "requirement_factors" in inputs.tables:
        table = inputs["requirement_factors"].assign(scope="all")
        given = step_series(table, ["scope"], "from_year", "accredited_requirement_factor", years)
        factor.update({int(y): float(v) for (_scope, y), v in given.items()})
    return factor


def regional_accreditation(inputs: Inputs, regions: list[str], years: list[int]) -> dict:
    """(region, tech, season, year) -> the market's own capacity credit (sheet
    regional_accreditation): a technology's own rows, else those of the technology it is reported
    as; in each year the row with the latest from_year at or before it (blank: from the first);
    none without the sheet."""
    if "regional_accreditation" not in inputs.tables:
        return {}
    group = reported_as(inputs)
    table = inputs["regional_accreditation"]
    table = table[table["region_id"].isin(regions)]
    first = (
        pd.to_numeric(table["from_year"], errors="coerce").fillna(-math.inf)
        if "from_year" in table
        else pd.Series(-math.inf, index=table.index)
    )
    given: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for row, start in zip(table.itertuples(index=False), first, strict=True):
        given.setdefault((row.region_id, row.tech_id, row.season), []).append(
            (float(start), float(row.accreditation))
        )
    credit = {}
    for region, season in sorted({(r, s) for r, _t, s in given}):
        for tech, as_tech in group.items():
            rows = sorted(
                given.get((region, tech, season), given.get((region, as_tech, season), []))
            )
            for year in years:
                in_force = [value for start, value in rows if start <= year]
                if in_force:
                    credit[region, tech, season, year] = in_force[-1]
    return credit


def resource_supply_mw(inputs: Inputs, regions: list[str]) -> pd.Series:
    """(region, tech) -> MW the sites of a wind or solar tranche hold (none without the sheet)."""
    if "resource_supply" not in inputs.tables:
        return pd.Series(dtype=float)
    table = inputs["resource_supply"]
    table = table[table["region_id"].isin(regions)]
    return table.set_index(["region_id", "tech_id"])["capacity_mw"].astype(float)


def prepare(
    inputs: Inputs, options: GridOptions, siting: pd.DataFrame, dc_base_year_mw: pd.Series
) -> Prepared:
    """Everything the grid model needs for one scenario: `siting` is the requested load table
    (region, year, requested_mw and its parts), `dc_base_year_mw` the base-year data-center
    load per region (it stays where it is)."""
    require_grid_tables(inputs)
    years = list(options.years)
    regions = list(inputs["regions"]["region_id"])
    base_year = int(grid_setting(inputs, "base_year"))
    decision_year = int(grid_setting(inputs, "decision_year"))
    rate = grid_setting(inputs, "discount_rate")
    utilization = grid_setting(inputs, "dc_utilization")
    dc_base = dc_base_year_mw.reindex(regions).fillna(0.0)
    load = other_load(inputs, options, regions, years, dc_base, base_year)
    plants = supply(inputs, regions, years, load.slices, base_year)
    bounds = limits(inputs, options, regions, years, rate, decision_year)
    basis = planning_basis(inputs, options, regions, years)
    co2 = (
        pd.Series({int(y): float(v) * 1e6 for y, v in options.co2_cap_mt.items()})
        if options.co2_cap_mt
        else None
    )
    data = GridData(
        years=years,
        regions=regions,
        techs=plants.techs,
        capex_usd_per_mw=plants.capex_usd_per_mw,
        fom_usd_per_mw_yr=plants.fom_usd_per_mw_yr,
        variable_cost_usd_per_mwh=plants.variable_cost_usd_per_mwh,
        co2_t_per_mwh=plants.co2_t_per_mwh,
        existing_mw=plants.existing_mw,
        slices=load.slices.slices[["weight", "hours", "day"]],
        availability=plants.availability,
        other_load_mw=load.load_mw,
        other_peak_mw=load.peak_mw,
        summer_peak_mw=load.summer_peak_mw,
        winter_peak_mw=load.winter_peak_mw,
        winter_peak_month=market_winter_peak_month(
            load.hourly_mw, solar_pools(inputs, regions), base_year
        ),
        dc_requested_mw=siting.set_index(["region", "year"])["requested_mw"],
        dc_connected_base_mw=dc_base / utilization,
        dc_existing_mw=dc_base,
        connect_limit_mw_per_year=bounds.connect_mw_per_year,
        reserve_margin=by_region(inputs, "reserve_margins", "reserve_margin", regions),
        corridors=bounds.corridors,
        first_build_year=bounds.first_build_year,
        build_limit_mw_per_year=bounds.regional_build_mw_per_year,
        firm_import_limit_mw=bounds.firm_import_limit_mw,
        import_limit_raised_by=bounds.import_limit_raised_by,
        accreditation_tranches=accreditation_tranches(inputs),
        solar_tranches=solar_tranches(inputs, plants, load, basis, regions, years, base_year),
        **basis,
        announced_retired_mw=announced_retirements(inputs, years, decision_year),
        deferrable_mw=announced_retirements(
            inputs,
            years,
            decision_year,
            grid_setting(inputs, "retirement_deferral_max_years"),
        ),
        retirement_deferral_usd_per_mw_yr=grid_setting(inputs, "retirement_deferral_usd_per_kw_yr")
        * 1000,
        resource_supply_mw=resource_supply_mw(inputs, regions),
        min_capacity_factor=min_capacity_factor(inputs, regions),
        campus_pipeline_mw=campus_pipeline_mw(inputs, options, regions),
        national_build_limit_mw_per_year=bounds.national_build_mw_per_year,
        **reserves(inputs, regions, load.peak_mw),
        dc_utilization=utilization,
        relocation_cost_usd_per_mwh=grid_setting(inputs, "relocation_cost_usd_per_mwh"),
        relocation_lead_years=math.ceil(grid_setting(inputs, "relocation_lead_time_years")),
        relocation_site_cost_usd_per_mw=grid_setting(inputs, "relocation_site_cost_usd_per_mw"),
        relocation_site_life_years=grid_setting(inputs, "relocation_site_life_years"),
        relocation_distance_usd_per_mwh=distance_cost(
            inputs, regions, grid_setting(inputs, "relocation_cost_usd_per_mwh_per_1000_km")
        ),
        unserved_penalty_usd_per_mwh=grid_setting(inputs, "unserved_dc_penalty_usd_per_mwh"),
        shed_penalty_usd_per_mwh=grid_setting(inputs, "shed_load_penalty_usd_per_mwh"),
        adequacy_shortfall_penalty_usd_per_mw_yr=grid_setting(
            inputs, "adequacy_shortfall_penalty_usd_per_mw_yr"
        ),
        accredited_requirement_factor=grid_setting(inputs, "accredited_requirement_factor"),
        # the delivery years a model year's rows count in: its own and (winter) the one before
        requirement_factors=requirement_factors(inputs, delivery_years(years)),
        class_ratings=class_ratings(inputs, delivery_years(years)),
        allow_relocation=options.allow_relocation,
        allow_unserved=options.allow_unserved,
        dc_peak_curtailment_share=float(options.dc_peak_curtailment_share),
        co2_cap_t=co2,
        discount_rate=rate,
        base_year=base_year,
        decision_year=decision_year,
        early_retirement_from_year=int(grid_setting(inputs, "early_retirement_from_year")),
        onsite_tech=onsite_tech(inputs),
        onsite_mw_per_mw_load=grid_setting(inputs, "onsite_capacity_per_mw_load"),
        horizon_end=years[-1],
    )
    return Prepared(data, siting, load.slices, load.hourly_mw, dc_base, plants.hourly)
