"""Regret and stranded capacity: a plan's decisions met by a demand that differs from its own.

For a plan P and a realized demand case A, two solves of A are compared: A with P's decisions up
to the decision year held fixed ("with the plan") and A planned for itself from the start ("own",
perfect foresight). Per model year:

- regret = cost with the plan - own cost (million USD a year; the totals are present values,
  discounted to the base year as the objective is). Costs include the penalties for unserved
  data-center load and missing adequacy, so building too little shows up as regret too.
- stranded capacity (region, technology, year) = of the new capacity the plan committed by the
  decision year, what stands above the new capacity A builds there for itself, as far as A does
  not need that kind of capacity anywhere (the regional excesses of a kind scaled to its
  national excess): capacity built for load that did not come. Capacity merely in another
  region than A would have put it is reported as misplaced, not stranded; capacity A chooses
  freely after the decision year is never counted. Stranded connections: connection
  capacity the plan put in place above what A's served data-center load needs. Its annual cost = its share of the annualized
  capital of the new capacity in service there (capital recovery over the technology's life)
  plus fixed O&M.
- what it costs other customers: stranded cost and regret spread over every MWh of load served
  (other load and data centers, by energy, as capacity costs are shared in PJM and most ISOs),
  and per typical household (grid setting household_kwh_per_year).
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from energy.model.data import GridData

MW_PER_GW = 1000.0
NOISE = 1e-9  # smaller magnitudes in the regret table are solver noise, written as 0


def annual_cost_musd(m: pyo.ConcreteModel) -> pd.Series:
    """Model year -> the year's system cost with the solved values (million USD)."""
    return pd.Series({y: float(pyo.value(m.annual_cost[y])) for y in m.Y}, dtype=float)


def present_value_musd(annual: pd.Series, data: GridData) -> float:
    """The discounted sum the objective minimizes: each model year weighted by the calendar
    years it stands for (million USD, base-year present value)."""
    weight = data.discount_weight
    return float(sum(weight[y] * annual[y] for y in data.years))


def load_mwh(tables: dict[str, pd.DataFrame], data: GridData) -> pd.Series:
    """Model year -> MWh of load served: other load less what was shed, plus data centers."""
    other = data.other_load_mw.reset_index(name="mw")
    other.columns = ["region", "year", "slice", "mw"]
    other["mwh"] = other["mw"] * other["slice"].map(data.slice_hours)
    national = tables["national"].set_index("year")
    served = other.groupby("year")["mwh"].sum() - national["shed_other_load_twh"] * 1e6
    return served + national["served_twh"] * 1e6


def annualized_usd_per_mw(capacity: pd.DataFrame, data: GridData) -> pd.Series:
    """(region, tech, year) -> annual cost of one MW of the new capacity in service then: the
    build-weighted capital recovery of its vintages plus the year's fixed O&M (USD/MW-yr)."""
    built = capacity[capacity["built_mw"] > 0][["region", "tech", "year", "built_mw"]].copy()
    crf = {g: data.crf(g) for g in data.techs.index}
    capex = data.capex_usd_per_mw.to_dict()
    built["annuity_usd"] = [
        crf[g] * capex[g, y] * mw
        for g, y, mw in zip(built["tech"], built["year"], built["built_mw"], strict=True)
    ]
    rows = {}
    fom = data.fom_usd_per_mw_yr.to_dict()
    years = list(data.years)
    for (r, g), group in built.groupby(["region", "tech"]):
        for y in years:
            upto = group[group["year"] <= y]
            if len(upto):
                annuity = upto["annuity_usd"].sum() / upto["built_mw"].sum()
                rows[r, g, y] = annuity + fom.get((g, y), 0.0)
    return pd.Series(rows, dtype=float)


def committed_mw(values: dict, years: list[int]) -> pd.Series:
    """(region, tech, year) -> new capacity in service that year that the plan decided by its
    decision year (cumulative over the build years), from first_stage decision values."""
    builds = pd.Series(
        {idx: v for (name, idx), v in values.items() if name == "build" and v > 0}, dtype=float
    )
    if builds.empty:
        return builds
    builds.index.names = ["region", "tech", "year"]
    rows = {}
    for (r, g), group in builds.groupby(level=["region", "tech"]):
        by_year = group.droplevel(["region", "tech"])
        for y in years:
            total = float(by_year[by_year.index <= y].sum())
            if total > 0:
                rows[r, g, y] = total
    return pd.Series(rows, dtype=float)


def connections_committed_mw(dc_load: pd.DataFrame, decision_year: int) -> pd.Series:
    """(region, year) -> data-center connection capacity the plan puts in place by its decision
    year: what its served load needs there (served here / utilization; connection capacity has
    no cost in the model, so capacity above that need is not a decision), standing in every
    later year (a connection built stays)."""
    needed = dc_load.set_index(["region", "year"])["connection_needed_mw"]
    years = sorted(needed.index.get_level_values(1).unique())
    decided = [y for y in years if y <= decision_year]
    if not decided:
        return pd.Series(dtype=float)
    at = needed.xs(decided[-1], level=1)
    committed = {
        (r, y): needed[r, y] if y <= decision_year else at[r] for r in at.index for y in years
    }
    return pd.Series(committed, dtype=float)


def stranded_table(
    with_plan: pd.DataFrame,
    own: pd.DataFrame,
    committed: pd.Series,
    data: GridData,
    names: tuple[str, str],
) -> pd.DataFrame:
    """Stranded capacity by region, technology and year: of the new capacity the plan committed
    (`committed`), what stands above what the realized case builds there for itself (`own`) —
    the regional excess — and of that, what the realized case does not need anywhere: each
    kind's (reported_as) regional excesses scaled to its national excess, new capacity of the
    kind in service with the plan above the realized case's own, nationally. The rest of a
    regional excess is misplaced (the realized case would have built it elsewhere), not
    stranded."""
    keys = ["region", "tech", "year"]
    if committed.empty:
        committed = pd.Series(dtype=float, index=pd.MultiIndex.from_tuples([], names=keys))
    committed = committed.rename_axis(keys)
    in_service = with_plan.set_index(keys)["new_cumulative_mw"].reindex(committed.index)
    needed = own.set_index(keys)["new_cumulative_mw"].reindex(committed.index).fillna(0.0)
    excess = (in_service.fillna(0.0) - needed).clip(lower=0.0).clip(upper=committed)
    table = pd.DataFrame(
        {
            "committed_mw": committed,
            "in_service_mw": in_service,
            "needed_mw": needed,
            "excess_here_mw": excess,
        }
    ).reset_index()
    kind = data.reported_as.to_dict()
    table["reported_as"] = table["tech"].map(kind)
    national = {}
    for name, frame in (("with_plan", with_plan), ("own", own)):
        frame = frame.assign(kind=frame["tech"].map(kind))
        national[name] = frame.groupby(["kind", "year"])["new_cumulative_mw"].sum()
    surplus = national["with_plan"] - national["own"].reindex(national["with_plan"].index)
    surplus = surplus.fillna(national["with_plan"]).clip(lower=0.0)
    regional = table.groupby(["reported_as", "year"])["excess_here_mw"].transform("sum")
    cap = [
        surplus.get((k, y), 0.0) for k, y in zip(table["reported_as"], table["year"], strict=True)
    ]
    share = (pd.Series(cap, index=table.index) / regional.where(regional > 0)).clip(upper=1.0)
    table["stranded_mw"] = table["excess_here_mw"] * share.fillna(0.0)
    table["misplaced_mw"] = table["excess_here_mw"] - table["stranded_mw"]
    table = table[table["excess_here_mw"] > 0.5].copy()  # below half a MW: solver noise
    per_mw = annualized_usd_per_mw(with_plan, data)
    keys_of = zip(table["region"], table["tech"], table["year"], strict=True)
    table["stranded_musd_per_yr"] = (
        table["stranded_mw"] * [per_mw.get(k, 0.0) for k in keys_of] / 1e6
    )
    table.insert(0, "realized", names[1])
    table.insert(0, "plan", names[0])
    columns = ["plan", "realized", "region", "tech", "reported_as", "year"]
    rest = [c for c in table.columns if c not in columns]
    return table[columns + rest].sort_values(["year", "region", "tech"]).reset_index(drop=True)


def stranded_connections_gw(
    committed: pd.Series, own_dc_load: pd.DataFrame, years: list[int]
) -> pd.Series:
    """Year -> connection capacity the plan put in place above what the realized case's served
    data-center load needs there (GW), summed over regions."""
    if committed.empty:
        return pd.Series(0.0, index=years)
    needed = own_dc_load.set_index(["region", "year"])["connection_needed_mw"]
    idle = (committed - needed.reindex(committed.index).fillna(0.0)).clip(lower=0.0)
    return idle.groupby(level=1).sum().reindex(years).fillna(0.0) / MW_PER_GW


def regret_rows(
    plan: str,
    realized: str,
    with_plan: dict[str, pd.DataFrame],
    own: dict[str, pd.DataFrame],
    costs: tuple[pd.Series, pd.Series],
    stranded: pd.DataFrame,
    idle_connections_gw: pd.Series,
    data: GridData,
    household_kwh_per_year: float,
) -> pd.DataFrame:
    """One row per model year: cost with the plan and own, regret, stranded capacity and its
    cost, the load left unserved or moved, emissions, and what other customers pay."""
    cost, own_cost = costs
    national, own_national = (
        with_plan["national"].set_index("year"),
        own["national"].set_index("year"),
    )
    by_year = stranded.groupby("year")[["stranded_mw", "stranded_musd_per_yr"]].sum()
    years = list(data.years)
    table = pd.DataFrame({"year": years})
    table.insert(0, "realized", realized)
    table.insert(0, "plan", plan)
    table["cost_musd"] = cost.reindex(years).to_numpy()
    table["own_cost_musd"] = own_cost.reindex(years).to_numpy()
    table["regret_musd"] = table["cost_musd"] - table["own_cost_musd"]
    table["stranded_gw"] = by_year["stranded_mw"].reindex(years).fillna(0.0).to_numpy() / MW_PER_GW
    table["stranded_musd_per_yr"] = (
        by_year["stranded_musd_per_yr"].reindex(years).fillna(0.0).to_numpy()
    )
    table["stranded_connections_gw"] = idle_connections_gw.reindex(years).fillna(0.0).to_numpy()
    for column in ("unserved_twh", "relocated_twh", "adequacy_shortfall_mw", "co2_mt"):
        table[column] = national[column].reindex(years).to_numpy()
        table[f"own_{column}"] = own_national[column].reindex(years).to_numpy()
    load = load_mwh(with_plan, data).reindex(years).to_numpy()
    table["load_twh"] = load / 1e6
    table["regret_usd_per_mwh"] = table["regret_musd"] * 1e6 / load
    table["stranded_usd_per_mwh"] = table["stranded_musd_per_yr"] * 1e6 / load
    household_mwh = household_kwh_per_year / 1000.0
    table["stranded_usd_per_household_yr"] = table["stranded_usd_per_mwh"] * household_mwh
    table["regret_usd_per_household_yr"] = table["regret_usd_per_mwh"] * household_mwh
    # solver noise (a stranded 7e-15 GW) is written as the 0 it is
    numbers = table.select_dtypes("number").columns.drop("year", errors="ignore")
    table[numbers] = table[numbers].mask(table[numbers].abs() < NOISE, 0.0)
    return table
