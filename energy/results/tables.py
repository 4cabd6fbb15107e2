"""Tidy result tables from a solved grid model: load placement, capacity, generation, flows, prices."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energy.demand.projection import HOURS_PER_YEAR, DemandProjection
from energy.model.constraints.adequacy import credit_tranches
from energy.model.constraints.destination_market import room_mw
from energy.model.constraints.relocation_lead_time import first_move_year
from energy.model.data import GridData
from energy.model.prepare import Prepared
from energy.results.limits import families_table, limits_table
from energy.results.solution import duals, values
from energy.results.time_to_power import time_to_power, turbine_room_mw

MILLION = 1e6
TWH_PER_MW_YEAR = HOURS_PER_YEAR / 1e6


@dataclass
class Results:
    """Every table of a solved scenario; `tables` is what gets written to CSV and xlsx."""

    tables: dict[str, pd.DataFrame]
    summary: pd.DataFrame  # per year: requested, served, relocated, unserved TWh and share
    limit_constraints: dict = field(default_factory=dict, repr=False)  # limits row -> rows

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def displaced_mw(requested_mw, in_place_mw, onsite_mw):
    """The one definition of displaced load: requested in a region but served there neither in
    place nor on site (relocated away or unserved), MW; never negative (solver noise is clipped)."""
    return np.maximum(requested_mw - in_place_mw - onsite_mw, 0.0)


def off_grid_mw(requested_mw, in_place_mw):
    """Requested load the grid does not serve where it was requested (relocated away, unserved
    or run on the campuses' own plants), MW: what relaxing a grid limit can bring back in place;
    never negative."""
    return np.maximum(requested_mw - in_place_mw, 0.0)


def dc_placement(m: pyo.ConcreteModel, prepared: Prepared) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per region and year: requested, served in place, relocated in/out, unserved (MW and TWh)."""
    keys = ["region", "year"]
    table = prepared.siting.copy()
    for name, comp in (
        ("in_place_mw", m.dc_in_place),
        ("unserved_mw", m.dc_unserved),
        ("onsite_mw", m.dc_onsite),
        ("connected_mw", m.dc_connected),
    ):
        table = table.merge(values(comp, keys, name), on=keys)
    moves = (
        values(m.dc_relocated, ["from_region", "to_region", "year"], "relocated_mw")
        if len(m.RR)
        else pd.DataFrame(columns=["from_region", "to_region", "year", "relocated_mw"])
    )
    moves = moves[moves["relocated_mw"] > 1e-6].reset_index(drop=True)
    out = moves.groupby(["from_region", "year"])["relocated_mw"].sum().rename("relocated_out_mw")
    into = moves.groupby(["to_region", "year"])["relocated_mw"].sum().rename("relocated_in_mw")
    table = (
        table.set_index(keys)
        .join(out.rename_axis(keys))
        .join(into.rename_axis(keys))
        .fillna(0.0)
        .reset_index()
    )
    # the most moved load each region may take (destination market), from the first year a
    # move can be in service; empty without the bound or without relocation
    room = room_mw(prepared.data) if len(m.RR) else {}
    first = first_move_year(prepared.data)
    table.insert(
        table.columns.get_loc("relocated_in_mw") + 1,
        "move_room_mw",
        [
            room.get((r, y), np.nan) if y >= first else np.nan
            for r, y in zip(table["region"], table["year"], strict=True)
        ],
    )
    table["served_here_mw"] = table["in_place_mw"] + table["relocated_in_mw"]
    # displaced: requested here but not served here (relocated away or unserved)
    table["displaced_mw"] = displaced_mw(
        table["requested_mw"], table["in_place_mw"], table["onsite_mw"]
    )
    table["connection_needed_mw"] = table["served_here_mw"] / prepared.data.dc_utilization
    for col in (
        "requested",
        "in_place",
        "relocated_out",
        "relocated_in",
        "unserved",
        "onsite",
        "served_here",
        "displaced",
    ):
        table[f"{col}_twh"] = table[f"{col}_mw"] * TWH_PER_MW_YEAR
    moves["relocated_twh"] = moves["relocated_mw"] * TWH_PER_MW_YEAR
    return table, moves


def capacity_table(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    keys = ["region", "tech", "year"]
    cap = values(m.capacity, keys, "capacity_mw")
    existing = data.existing_mw.rename("existing_mw").rename_axis(keys).reset_index()
    built = values(m.build, keys, "built_mw")
    retired = values(m.retired, keys, "retired_early_mw")
    table = (
        cap.merge(existing, on=keys, how="left")
        .merge(built, on=keys, how="left")
        .merge(retired, on=keys, how="left")
        .fillna(0.0)
        .astype({"built_mw": float, "retired_early_mw": float})  # float even when none can be
    )
    table["new_cumulative_mw"] = (
        table.sort_values("year").groupby(["region", "tech"])["built_mw"].cumsum()
    )
    table.insert(2, "reported_as", table["tech"].map(data.reported_as))
    return table


def generation_table(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    energy = data.slice_hours
    gen = values(m.gen, ["region", "tech", "year", "slice"], "mw")
    dis = values(m.discharge, ["region", "tech", "year", "slice"], "mw")
    both = pd.concat([gen, dis], ignore_index=True)
    both["twh"] = both["mw"] * both["slice"].map(energy) / 1e6
    table = (
        both.groupby(["region", "tech", "year"], as_index=False)["twh"]
        .sum()
        .rename(columns={"twh": "generation_twh"})
    )
    factor = data.emission_factors()
    table["co2_mt"] = table["generation_twh"] * [
        factor.get(k, 0.0) for k in zip(table["region"], table["tech"], table["year"], strict=True)
    ]
    table = pd.concat([table, onsite_generation(m, data, factor)], ignore_index=True)
    table.insert(2, "reported_as", table["tech"].map(data.reported_as))
    return table


def onsite_generation(m: pyo.ConcreteModel, data: GridData, factor: dict) -> pd.DataFrame:
    """Generation of on-site plants (they run with the campus load they serve), region x year,
    under the on-site technology's name; none where nothing is served on site."""
    columns = ["region", "tech", "year", "generation_twh", "co2_mt"]
    if data.onsite_tech is None:
        return pd.DataFrame(columns=columns)
    g = data.onsite_tech
    onsite = values(m.dc_onsite, ["region", "year"], "mw")
    onsite = onsite[onsite["mw"] > 1e-6]
    twh = onsite["mw"] * data.hours_per_year / 1e6
    co2 = twh * [
        factor.get((r, g, y), 0.0) for r, y in zip(onsite["region"], onsite["year"], strict=True)
    ]
    return pd.DataFrame(
        {
            "region": onsite["region"],
            "tech": g,
            "year": onsite["year"],
            "generation_twh": twh,
            "co2_mt": co2,
        },
        columns=columns,
    )


def flow_table(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    keys = ["from_region", "to_region", "year"]
    energy = data.slice_hours
    flows = values(m.flow, [*keys, "slice"], "mw")
    flows["twh"] = flows["mw"] * flows["slice"].map(energy) / 1e6
    cap = values(m.transfer_capability, keys, "transfer_capability_mw")
    expand = values(m.expand, keys, "expanded_mw")
    table = flows.groupby(keys, as_index=False).agg(
        flow_twh=("twh", "sum"), peak_flow_mw=("mw", "max")
    )
    # capacity the receiving region counts across the corridor, in MW on the sender's basis
    # (accredited MW where the sender counts class ratings: energy.model.constraints.adequacy);
    # blank in the base year, which no reserve margin is held to (the value means nothing there)
    firm = values(m.firm_import, keys, "firm_capacity_mw")
    firm.loc[firm["year"] == data.base_year, "firm_capacity_mw"] = float("nan")
    table = table.merge(cap, on=keys).merge(expand, on=keys).merge(firm, on=keys)
    table["hours_at_limit_share"] = (
        flows.merge(cap, on=keys)
        .assign(
            at=lambda d: (
                (d["mw"] >= d["transfer_capability_mw"] - 1e-6) & (d["transfer_capability_mw"] > 0)
            )
        )
        .assign(w=lambda d: d["slice"].map(energy) * d["at"])
        .groupby(keys)["w"]
        .sum()
        .to_numpy()
        / data.hours_per_year
    )
    return table


def price_tables(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    """Energy price (load-weighted balance dual, USD/MWh) and capacity price (adequacy dual, USD/kW-yr)."""
    weight = data.discount_weight
    energy = data.slice_hours
    bal = duals(m, m.energy_balance, ["region", "year", "slice"], "dual")
    bal["price_usd_per_mwh"] = (
        bal["dual"] * MILLION / (bal["year"].map(weight) * bal["slice"].map(energy))
    )
    load = (
        data.other_load_mw.rename("load_mw").rename_axis(["region", "year", "slice"]).reset_index()
    )
    bal = bal.merge(load, on=["region", "year", "slice"])
    bal["w"] = bal["load_mw"] * bal["slice"].map(energy)
    price = (
        bal.groupby(["region", "year"])
        .apply(
            lambda d: pd.Series(
                {
                    "energy_price_usd_per_mwh": float(
                        np.average(d["price_usd_per_mwh"], weights=d["w"])
                    )
                    if d["w"].sum() > 0
                    else float(d["price_usd_per_mwh"].mean()),
                    "max_price_usd_per_mwh": float(d["price_usd_per_mwh"].max()),
                }
            ),
            include_groups=False,
        )
        .reset_index()
    )
    # a MW of accredited capacity counts in summer and in winter: its price is both duals
    summer = duals(m, m.adequacy, ["region", "year"], "dual")
    winter = duals(m, m.winter_adequacy, ["region", "year"], "winter")
    adq = summer.merge(winter, on=["region", "year"], how="outer").fillna(0.0)
    adq["capacity_price_usd_per_kw_yr"] = (
        (adq["dual"].abs() + adq["winter"].abs()) * MILLION / adq["year"].map(weight) / 1000
    )
    adq = adq.drop(columns="winter")
    # accredited MW missing in the worse season (one shortfall serves both)
    short = values(m.adequacy_shortfall, ["region", "year"], "adequacy_shortfall_mw")
    # the base year has no adequacy requirement (history): its capacity price is left empty
    return price.merge(adq.drop(columns="dual"), on=["region", "year"], how="left").merge(
        short, on=["region", "year"]
    )


def shed_twh(m: pyo.ConcreteModel, data: GridData) -> pd.Series:
    """Load other than data centers shed per year (TWh): zero unless supply runs out."""
    shed = values(m.shed, ["region", "year", "slice"], "mw")
    shed["twh"] = shed["mw"] * shed["slice"].map(data.slice_hours) / 1e6
    return shed.groupby("year")["twh"].sum()


def served_twh_by_year(national: pd.DataFrame) -> pd.Series:
    """year -> data-center energy served: in place + relocated + on site (TWh), from per-year
    sums of the placement table."""
    return national["served_in_place_twh"] + national["relocated_twh"] + national["onsite_twh"]


def capacity_credit_table(m: pyo.ConcreteModel, data) -> pd.DataFrame:
    """Per region, technology, year and tranche of a declining capacity credit (storage; new
    solar): the tranche's width (MW; blank for the
    last, which takes the rest), what a MW in it counts toward the reserve margin in summer and
    winter, and the MW the plan puts in it."""
    parts = getattr(m, "credited_part", {})
    rows = [
        {
            "region": r,
            "tech": g,
            "year": y,
            "tranche": k + 1,
            "width_mw": width if math.isfinite(width) else float("nan"),
            "summer_credit": summer,
            "winter_credit": winter,
            "capacity_mw": float(parts[r, g, y, k].value or 0.0),
        }
        for (r, g, y), tranches in credit_tranches(data).items()
        for k, (width, summer, winter) in enumerate(tranches)
        if (r, g, y, k) in parts
    ]
    columns = [
        "region",
        "tech",
        "year",
        "tranche",
        "width_mw",
        "summer_credit",
        "winter_credit",
        "capacity_mw",
    ]
    return pd.DataFrame(rows, columns=columns)


def collect(m: pyo.ConcreteModel, prepared: Prepared, demand: DemandProjection) -> Results:
    data = prepared.data
    placement, moves = dc_placement(m, prepared)
    capacity = capacity_table(m, data)
    generation = generation_table(m, data)
    flows = flow_table(m, data)
    prices = price_tables(m, data)
    national = placement.groupby("year").agg(
        requested_twh=("requested_twh", "sum"),
        served_in_place_twh=("in_place_twh", "sum"),
        relocated_twh=("relocated_out_twh", "sum"),
        unserved_twh=("unserved_twh", "sum"),
        onsite_twh=("onsite_twh", "sum"),
    )
    national["served_twh"] = served_twh_by_year(national)
    national["us_electricity_twh"] = demand.national["us_electricity_twh"].reindex(national.index)
    national["share_of_us_electricity"] = national["served_twh"] / national["us_electricity_twh"]
    national["requested_share_of_us_electricity"] = (
        national["requested_twh"] / national["us_electricity_twh"]
    )
    national["generation_twh"] = generation.groupby("year")["generation_twh"].sum()
    national["co2_mt"] = generation.groupby("year")["co2_mt"].sum()
    national["new_capacity_mw"] = capacity.groupby("year")["built_mw"].sum()
    national["adequacy_shortfall_mw"] = prices.groupby("year")["adequacy_shortfall_mw"].sum()
    national["shed_other_load_twh"] = shed_twh(m, data)
    summary = national.reset_index()[
        [
            "year",
            "requested_twh",
            "served_twh",
            "relocated_twh",
            "onsite_twh",
            "unserved_twh",
            "share_of_us_electricity",
        ]
    ]
    mix = generation.pivot_table(
        index="year", columns="reported_as", values="generation_twh", aggfunc="sum"
    ).fillna(0.0)
    limits, members = limits_table(m, data)
    tables = {
        "national": national.reset_index(),
        "limits": limits,
        "dc_load": placement,
        "relocation": moves,
        "capacity": capacity,
        "generation": generation,
        "generation_mix": mix.reset_index(),
        "flows": flows,
        "prices": prices,
        "families": families_table(m.families),
        "time_to_power": time_to_power(placement, data, turbine_room_mw(m, data)),
        "capacity_credit": capacity_credit_table(m, data),
    }
    return Results(tables, summary, members)
