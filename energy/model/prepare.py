"""Workbook tables + scenario options + demand projection -> GridData for the grid model.

All unit conversions and data assembly for the model happen here (USD/kW -> USD/MW, fuel
prices x heat rates, fleet + announced changes, slices, siting), so the formulation only sees
ready-made tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from energy.demand import DemandProjection
from energy.errors import InputError
from energy.inputs import Inputs
from energy.model.data import GridData
from energy.options import GridOptions
from energy.profiles import solar_availability, wind_availability
from energy.schema import GRID_TABLE_NAMES
from energy.siting import requested_load
from energy.timeslices import TimeSlices, build_slices, reduce_availability, reduce_load

TRANSMISSION_LIFE_YEARS = (
    40.0  # years over which a new line's capital is annualized (assumption, in README)
)
TRANSMISSION_FOM_SHARE = (
    0.015  # fixed O&M per year as a share of capital (ReEDS, in the corridors' source)
)
UNLIMITED = 1e7  # MW per year: "no limit" when limits are relaxed
UNLIMITED_TRANSFER_MW = 1e6  # added to every corridor when limits are relaxed


@dataclass
class Prepared:
    data: GridData
    siting: pd.DataFrame  # region, year, base_mw, pipeline_mw, share_mw, requested_mw
    slices: TimeSlices
    other_load_hourly: pd.DataFrame  # 2023 hourly load less 2023 data centers (MW)
    dc_2023_mw: pd.Series  # region


def require_grid_tables(inputs: Inputs) -> None:
    missing = [name for name in GRID_TABLE_NAMES if name not in inputs.tables]
    if missing:
        raise InputError(
            [
                f"{inputs.path}: the grid model needs sheet(s) {', '.join(missing)} (see `energy inputs template`)"
            ]
        )


def _setting(inputs: Inputs, name: str) -> float:
    table = inputs["grid_settings"].set_index("setting")["value"]
    if name not in table:
        raise InputError([f"{inputs.path}, sheet 'grid_settings': no row for setting '{name}'"])
    return float(table[name])


def _step_series(
    table: pd.DataFrame, keys: list[str], year_col: str, value: str, years: list[int]
) -> pd.Series:
    """A value that holds from its listed year until the next listed year: (keys..., year) -> value."""
    out = {}
    for key, rows in table.groupby(keys):
        key = key if isinstance(key, tuple) else (key,)
        rows = rows.sort_values(year_col)
        for y in years:
            applicable = rows[rows[year_col] <= y]
            if len(applicable):
                out[(*key, y)] = float(applicable[value].iloc[-1])
    return pd.Series(out, dtype=float)


def _interpolate(table: pd.DataFrame, keys: list[str], value: str, years: list[int]) -> pd.Series:
    """Linear in years between listed years, flat outside: (keys..., year) -> value."""
    out = {}
    for key, rows in table.groupby(keys):
        key = key if isinstance(key, tuple) else (key,)
        rows = rows.sort_values("year")
        values = np.interp(years, rows["year"].to_numpy(float), rows[value].to_numpy(float))
        out.update({(*key, y): float(v) for y, v in zip(years, values, strict=True)})
    return pd.Series(out, dtype=float)


def _by_region(
    inputs: Inputs, sheet: str, column: str, regions: list[str], unique: bool = True
) -> pd.Series:
    """A column of a per-region sheet for every region, or InputError naming the regions missing."""
    table = inputs[sheet]
    missing = [r for r in regions if r not in set(table["region_id"])]
    if missing:
        raise InputError(
            [
                f"{inputs.path}, sheet '{sheet}': no row for region(s) {', '.join(missing)}; every region of sheet 'regions' needs one"
            ]
        )
    return table.set_index("region_id")[column].reindex(regions) if unique else table[column]


def _crf(rate: float, life: float) -> float:
    return rate / (1 - (1 + rate) ** -life) if rate > 0 else 1 / life


def prepare(inputs: Inputs, options: GridOptions, demand: DemandProjection) -> Prepared:
    """Everything the grid model needs for one scenario."""
    require_grid_tables(inputs)
    years = list(options.years)
    regions = list(inputs["regions"]["region_id"])
    base_year = int(_setting(inputs, "base_year"))
    decision_year = int(_setting(inputs, "decision_year"))
    rate = _setting(inputs, "discount_rate")
    utilization = _setting(inputs, "dc_utilization")
    if base_year not in demand.national.index:
        raise InputError(
            [f"the demand projection must include the base year {base_year} (scenario first_year)"]
        )

    # data-center load: national projection, 2023 regional shares, pipeline
    national_mw = demand.national["average_mw"].reindex(years)
    if national_mw.isna().any():
        raise InputError(
            [
                f"the demand projection must cover the grid years {years[0]}-{years[-1]} (scenario last_year)"
            ]
        )
    shares = (
        inputs["dc_load_2023"]
        .set_index("region_id")["share_of_national"]
        .reindex(regions)
        .fillna(0.0)
    )
    if not math.isclose(shares.sum(), 1.0, abs_tol=1e-3):
        raise InputError(
            [
                f"{inputs.path}, sheet 'dc_load_2023': shares add up to {shares.sum():.4f}; they must add up to 1"
            ]
        )
    shares = shares / shares.sum()
    siting = requested_load(
        national_mw,
        shares,
        inputs["dc_pipeline"],
        inputs["pipeline_stages"],
        utilization,
        base_year,
    )
    dc_2023 = shares * float(national_mw.loc[base_year])

    # time slices from 2023 load less 2023 data centers (flat)
    hourly = inputs["hourly_load"].sort_values("hour").set_index("hour")[regions].astype(float)
    other_hourly = hourly - dc_2023.to_numpy()
    if (other_hourly.min() < 0).any():
        bad = other_hourly.min()[other_hourly.min() < 0].index.tolist()
        raise InputError(
            [
                f"2023 data-center load exceeds the region's hourly load in some hours: {', '.join(bad)} (sheets dc_load_2023, hourly_load)"
            ]
        )
    ts = build_slices(other_hourly, options.days or None, options.hours_per_slice, options.seed)
    load_slices = reduce_load(other_hourly, ts)
    growth = _by_region(inputs, "region_load", "other_load_growth_per_year", regions)
    factor = {(r, y): (1 + growth[r]) ** (y - base_year) for r in regions for y in years}
    other_load = pd.Series(
        {
            (r, y, s): load_slices.at[s, r] * factor[r, y]
            for r in regions
            for y in years
            for s in ts.slices.index
        }
    )
    other_peak = pd.Series(
        {(r, y): float(other_hourly[r].max()) * factor[r, y] for r in regions for y in years}
    )

    # technologies
    techs = inputs["technologies"].set_index("tech_id")
    fuels = inputs["fuels"].set_index("fuel_id")["co2_kg_per_mmbtu"]
    costs = _interpolate(inputs["technology_costs"], ["tech_id"], "capex_usd_per_kw", years) * 1000
    fom = (
        _interpolate(inputs["technology_costs"], ["tech_id"], "fixed_om_usd_per_kw_yr", years)
        * 1000
    )
    vom = _interpolate(inputs["technology_costs"], ["tech_id"], "variable_om_usd_per_mwh", years)
    heat = _interpolate(inputs["technology_costs"], ["tech_id"], "heat_rate_mmbtu_per_mwh", years)
    missing_costs = [t for t in techs.index if (t, years[0]) not in costs.index]
    if missing_costs:
        raise InputError(
            [
                f"{inputs.path}, sheet 'technology_costs': no rows for technolog(ies) {', '.join(missing_costs)}"
            ]
        )
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
        }
    )
    prices = _interpolate(
        inputs["fuel_prices"], ["region_id", "fuel_id"], "price_usd_per_mmbtu", years
    )
    variable = {}
    for r in regions:
        for t in techs.index:
            fuel = techs.loc[t, "fuel_id"]
            for y in years:
                price = prices.get((r, fuel, y), 0.0) if heat[t, y] > 0 else 0.0
                if heat[t, y] > 0 and (r, fuel, y) not in prices.index:
                    raise InputError(
                        [
                            f"{inputs.path}, sheet 'fuel_prices': no price of '{fuel}' for region {r} (needed by {t})"
                        ]
                    )
                variable[r, t, y] = vom[t, y] + price * heat[t, y]

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

    # availability: profiles for solar and wind, a constant for the rest
    resource = pd.DataFrame(
        {c: _by_region(inputs, "renewable_resource", c, regions) for c in ("solar_cf", "wind_cf")}
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
    availability = {}
    for t in techs.index:
        kind = techs.loc[t, "profile"]
        for r in regions:
            for s in ts.slices.index:
                availability[r, t, s] = (
                    float(profiles[kind].at[s, r])
                    if kind in profiles
                    else float(techs.loc[t, "availability"])
                )

    # corridors, interconnection, build limits
    corridors = inputs["corridors"].set_index(["from_region", "to_region"])
    annualize = _crf(rate, TRANSMISSION_LIFE_YEARS) + TRANSMISSION_FOM_SHARE
    corridor_table = pd.DataFrame(
        {
            "capacity_mw": corridors["transfer_capability_mw"],
            "expansion_cost_usd_per_mw_yr": corridors["expansion_cost_usd_per_mw"] * annualize,
            "first_expansion_year": (
                decision_year + np.ceil(corridors["expansion_lead_time_years"])
            ).astype(int),
            "loss": corridors["loss_share"],
        }
    )
    _by_region(inputs, "interconnection", "connect_mw_per_year", regions, unique=False)
    connect = _step_series(
        inputs["interconnection"], ["region_id"], "from_year", "connect_mw_per_year", years
    )
    limits = inputs["build_limits"]
    national = _step_series(
        limits[limits["scope"] == "US"], ["group"], "from_year", "max_new_mw_per_year", years
    )
    regional = _step_series(
        limits[limits["scope"] != "US"],
        ["scope", "group"],
        "from_year",
        "max_new_mw_per_year",
        years,
    )
    first_build = pd.Series(
        {t: int(decision_year + math.ceil(techs.loc[t, "lead_time_years"])) for t in techs.index}
    )
    if not options.allow_transmission_expansion:
        corridor_table["first_expansion_year"] = years[-1] + 1
    if options.relax_limits:
        connect = pd.Series({(r, y): UNLIMITED for r in regions for y in years})
        national, regional = pd.Series(dtype=float), pd.Series(dtype=float)
        first_build = first_build * 0 + years[0]
        corridor_table["first_expansion_year"] = years[0]
        corridor_table["capacity_mw"] = corridor_table["capacity_mw"] + UNLIMITED_TRANSFER_MW

    co2 = (
        pd.Series({int(y): float(v) * 1e6 for y, v in options.co2_cap_mt.items()})
        if options.co2_cap_mt
        else None
    )
    data = GridData(
        years=years,
        regions=regions,
        techs=tech_table,
        capex_usd_per_mw=costs,
        fom_usd_per_mw_yr=fom,
        variable_cost_usd_per_mwh=pd.Series(variable),
        existing_mw=pd.Series(existing, dtype=float),
        slices=ts.slices[["weight", "hours", "day"]],
        availability=pd.Series(availability),
        other_load_mw=other_load,
        other_peak_mw=other_peak,
        dc_requested_mw=siting.set_index(["region", "year"])["requested_mw"],
        dc_connected_base_mw=dc_2023 / utilization,
        dc_existing_mw=dc_2023,
        connect_limit_mw_per_year=connect,
        reserve_margin=_by_region(inputs, "reserve_margins", "reserve_margin", regions),
        corridors=corridor_table,
        first_build_year=first_build,
        build_limit_mw_per_year=regional,
        national_build_limit_mw_per_year=national,
        dc_utilization=utilization,
        relocation_cost_usd_per_mwh=_setting(inputs, "relocation_cost_usd_per_mwh"),
        unserved_penalty_usd_per_mwh=_setting(inputs, "unserved_dc_penalty_usd_per_mwh"),
        shed_penalty_usd_per_mwh=_setting(inputs, "shed_load_penalty_usd_per_mwh"),
        adequacy_shortfall_penalty_usd_per_mw_yr=_setting(
            inputs, "adequacy_shortfall_penalty_usd_per_mw_yr"
        ),
        accredited_requirement_factor=_setting(inputs, "accredited_requirement_factor"),
        allow_relocation=options.allow_relocation,
        allow_unserved=options.allow_unserved,
        dc_peak_curtailment_share=float(options.dc_peak_curtailment_share),
        co2_cap_t=co2,
        discount_rate=rate,
        base_year=base_year,
        horizon_end=years[-1],
    )
    return Prepared(data, siting, ts, other_hourly, dc_2023)
