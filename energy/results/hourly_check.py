"""The hourly check: the built system dispatched over every hour of each model year.

The plan is made on representative days; this tests it against the 8,760 hours they stand
for. Capacity is fixed at the plan (every plant, store and corridor as the solution has it in
that year); load is the year's other load hour by hour (the weather year's shape grown as in
the model) plus the data-center load served in the region (flat, as in the model); each day is
dispatched at least running cost with the model's physics (available capacity hour by hour,
storage cyclic within the day, hydro within its daily energy, corridor limits and losses).
Each region's demand response (the load its planners count on curtailing, as the reserve
margin does) is dispatched like a plant at half the shed penalty, up to its MW in any
hour (no limit on hours called); load that still cannot be met is shed at the model's shed
penalty and reported per region and year: the energy short, the hours short and the largest
shortfall. Operating reserves are not held here: the check asks whether load can be met, not
with what headroom.

It is hourly in load, not yet in supply: the availability series are the ones the time slices
average (wind flat within a month, clear-sky PV, thermal plants at their expected seasonal
derate, no outage draws), hydro gets its capacity factor's energy every day, and data centers
draw flat (no peak curtailment). So it finds the evening and winter peaks the representative
days miss, not wind lulls or cold-snap outages.

A day is dispatched only if in some hour some region cannot meet its load from its own
available supply (hydro spread evenly over the day, stores idle) and demand response plus what
its neighbours can spare of theirs over the direct corridors: otherwise a dispatch without
shedding exists, so nothing is short. Each day's small LP is solved by HiGHS from the
previous day's basis (same matrix, new bounds), so the check costs seconds per year.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo
from scipy.sparse import csc_matrix

from energy.errors import EnergyError
from energy.model.prepare import Prepared

HOURS_PER_DAY = 24
SHORT_MW = 0.1  # an hour counts as short when more than this is shed (solver tolerance aside)
# demand response costs half of shedding: far above any plant's running cost, so called only
# when load would otherwise be shed, and wherever a MW of it saves more than half a MW of shed
# (a neighbour's, across a corridor's losses, too)
DEMAND_RESPONSE_SHARE_OF_PENALTY = 0.5


@dataclass
class HourlyCheck:
    table: pd.DataFrame  # region, year, hourly peak, shed energy, hours short, largest shortfall
    days_dispatched: dict[int, int]  # year -> days that needed a dispatch
    seconds: float
    # day of the year (1-365) x region: shed over the model years a plan decides (the base year's
    # fleet is history: a shortfall there is reported, never a reason to plan again)
    shed_by_day_mwh: pd.DataFrame

    def worst_days(self) -> dict[str, int]:
        """Per region short in some hour: the day of the year (1-365) with the most energy
        short over all model years (the earliest such day on a tie)."""
        short = self.shed_by_day_mwh.loc[:, self.shed_by_day_mwh.max() > SHORT_MW]
        return {r: int(short[r].idxmax()) for r in short.columns}


@dataclass
class _Year:
    """One model year's system as built: what can run and at what cost, hour by hour."""

    gen: list[tuple[str, str]]  # (region, tech) dispatchable plants in service
    stores: list[tuple[str, str]]
    corridors: list[tuple[str, str]]
    capacity: dict[tuple[str, str], float]
    transfer_mw: dict[tuple[str, str], float]
    load_mw: pd.DataFrame  # hour x region: other load + data centers served


def _year(m: pyo.ConcreteModel, prepared: Prepared, year: int) -> _Year:
    data = prepared.data
    capacity = {(r, g): float(pyo.value(m.capacity[r, g, year])) for (r, g) in m.RG}
    gen = [(r, g) for (r, g) in m.RGD if capacity[r, g] > 1e-6]
    stores = [(r, g) for (r, g) in m.RGS if capacity[r, g] > 1e-6]
    transfer = {(a, b): float(pyo.value(m.transfer_capability[a, b, year])) for (a, b) in m.L}
    corridors = [k for k in m.L if transfer[k] > 1e-6]
    hourly = prepared.other_load_hourly[data.regions]
    growth = {r: data.other_peak_mw[r, year] / float(hourly[r].max()) for r in data.regions}
    served = {r: float(pyo.value(m.dc_served[r, year])) for r in data.regions}
    load = pd.DataFrame(
        {r: hourly[r].to_numpy() * growth[r] + served[r] for r in data.regions}, index=hourly.index
    )
    return _Year(gen, stores, corridors, capacity, transfer, load)


def _day_lp(prepared: Prepared, system: _Year, year: int) -> tuple[highspy.HighsLp, dict]:
    """The LP of one day (24 hours) with this year's system; bounds are set per day later.

    Columns hour by hour: generation, charging, discharging, energy stored, flows, shed.
    Rows: each region's balance per hour (= load), each store's state per hour (= 0, cyclic
    within the day), each energy-limited plant's daily energy (<= its daily budget)."""
    data = prepared.data
    regions = data.regions
    r_index = {r: i for i, r in enumerate(regions)}
    n_g, n_s, n_l, n_r = (
        len(system.gen),
        len(system.stores),
        len(system.corridors),
        len(regions),
    )
    width = n_g + 3 * n_s + n_l + 2 * n_r  # columns per hour: ..., shed, demand response
    cost = data.variable_cost_usd_per_mwh.to_dict()
    loss = data.corridors["loss"].to_dict()
    eff = data.techs["efficiency"].to_dict()
    hours_of = data.techs["storage_hours"].to_dict()
    share = data.energy_shares
    limited = [i for i, (_, g) in enumerate(system.gen) if g in share]
    response_mw = data.response_mw().to_dict()

    col_cost = np.zeros(width * HOURS_PER_DAY)
    col_upper = np.zeros(width * HOURS_PER_DAY)
    rows, cols, vals = [], [], []
    state_row0 = n_r * HOURS_PER_DAY
    for t in range(HOURS_PER_DAY):
        base = t * width
        balance = t * n_r
        for i, (r, g) in enumerate(system.gen):
            col_cost[base + i] = cost.get((r, g, year), 0.0)
            col_upper[base + i] = system.capacity[r, g]  # per day: x availability
            rows.append(balance + r_index[r]), cols.append(base + i), vals.append(1.0)
        for j, (r, g) in enumerate(system.stores):
            cap = system.capacity[r, g]
            charge, discharge, stored = (
                base + n_g + j,
                base + n_g + n_s + j,
                base + n_g + 2 * n_s + j,
            )
            col_upper[[charge, discharge, stored]] = (cap, cap, hours_of[g] * cap)
            row = balance + r_index[r]
            rows += [row, row]
            cols += [charge, discharge]
            vals += [-1.0, 1.0]
            state = state_row0 + t * n_s + j
            before = ((t - 1) % HOURS_PER_DAY) * width + n_g + 2 * n_s + j
            rows += [state, state, state, state]
            cols += [stored, before, charge, discharge]
            vals += [1.0, -1.0, -eff[g], 1.0]
        for k, (a, b) in enumerate(system.corridors):
            col = base + n_g + 3 * n_s + k
            col_upper[col] = system.transfer_mw[a, b]
            rows += [balance + r_index[b], balance + r_index[a]]
            cols += [col, col]
            vals += [1.0 - loss[a, b], -1.0]
        for i, r in enumerate(regions):
            col = base + n_g + 3 * n_s + n_l + i
            col_cost[col] = data.shed_penalty_usd_per_mwh
            col_upper[col] = highspy.kHighsInf
            rows.append(balance + r_index[r]), cols.append(col), vals.append(1.0)
            # demand response: load the region's planners count on curtailing, called before
            # any is shed (so one region's response cannot stand in for another's shortfall)
            col = base + n_g + 3 * n_s + n_l + n_r + i
            col_cost[col] = DEMAND_RESPONSE_SHARE_OF_PENALTY * data.shed_penalty_usd_per_mwh
            col_upper[col] = response_mw[r]
            rows.append(balance + r_index[r]), cols.append(col), vals.append(1.0)
    energy_row0 = state_row0 + n_s * HOURS_PER_DAY
    n_rows = energy_row0 + len(limited)
    row_lower = np.zeros(n_rows)
    row_upper = np.zeros(n_rows)
    for n, i in enumerate(limited):  # each energy-limited plant's daily energy
        r, g = system.gen[i]
        for t in range(HOURS_PER_DAY):
            rows.append(energy_row0 + n), cols.append(t * width + i), vals.append(1.0)
        row_lower[energy_row0 + n] = -highspy.kHighsInf
        row_upper[energy_row0 + n] = share[g] * HOURS_PER_DAY * system.capacity[r, g]

    matrix = csc_matrix((vals, (rows, cols)), shape=(n_rows, width * HOURS_PER_DAY))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = width * HOURS_PER_DAY, n_rows
    lp.col_cost_ = col_cost
    lp.col_lower_ = np.zeros(width * HOURS_PER_DAY)
    lp.col_upper_ = col_upper
    lp.row_lower_, lp.row_upper_ = row_lower, row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data
    gen_cols = np.array(
        [t * width + i for t in range(HOURS_PER_DAY) for i in range(n_g)], dtype=np.int32
    )
    shed_cols = np.array(
        [t * width + n_g + 3 * n_s + n_l + i for t in range(HOURS_PER_DAY) for i in range(n_r)],
        dtype=np.int32,
    )
    return lp, {"gen_cols": gen_cols, "shed_cols": shed_cols, "n_r": n_r}


def _available(prepared: Prepared, system: _Year) -> np.ndarray:
    """hour x plant: MW each dispatchable plant can give (energy-limited: its capacity)."""
    data = prepared.data
    share = data.energy_shares
    columns = [
        np.full(len(system.load_mw), system.capacity[r, g])
        if g in share
        else prepared.hourly_availability.of(r, g) * system.capacity[r, g]
        for (r, g) in system.gen
    ]
    return np.column_stack(columns) if columns else np.zeros((len(system.load_mw), 0))


def _own_supply(prepared: Prepared, system: _Year, available: np.ndarray) -> np.ndarray:
    """hour x region: what each region can give itself with hydro spread evenly and stores idle."""
    data = prepared.data
    share = data.energy_shares
    own = np.zeros(system.load_mw.shape)
    where = {r: i for i, r in enumerate(data.regions)}
    for i, (r, g) in enumerate(system.gen):
        own[:, where[r]] += available[:, i] * share.get(g, 1.0)
    return own


def _met_from_neighbours(
    prepared: Prepared, system: _Year, own: np.ndarray, load: np.ndarray
) -> np.ndarray:
    """hour -> True where every region's load is met without shedding by a dispatch the day's
    LP could choose: its own supply and demand response, plus what its neighbours spare of
    theirs over the direct corridors (each exporter's surplus shared equally among its short
    neighbours, within the corridor's capability, less its losses). A sufficient test: an hour
    it fails may still be met (through storage, hydro's daily energy or longer paths); the LP
    decides those."""
    data = prepared.data
    where = {r: i for i, r in enumerate(data.regions)}
    response = data.response_mw().to_numpy()
    gap = load - own - response
    short = gap > 1e-6
    surplus = np.clip(-gap, 0.0, None)
    short_neighbours = np.zeros(gap.shape)
    for a, b in system.corridors:
        short_neighbours[:, where[a]] += short[:, where[b]]
    received = np.zeros(gap.shape)
    loss = data.corridors["loss"].to_dict()
    for a, b in system.corridors:
        i, j = where[a], where[b]
        share = np.where(short[:, j], surplus[:, i] / np.maximum(short_neighbours[:, i], 1.0), 0.0)
        received[:, j] += np.minimum(system.transfer_mw[a, b], share) * (1.0 - loss[a, b])
    return (gap - received <= 1e-6).all(axis=1)


def check_year(
    m: pyo.ConcreteModel, prepared: Prepared, year: int
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Shed MW and load MW (hour x region) of one model year's system over the weather year,
    and how many days needed a dispatch."""
    system = _year(m, prepared, year)
    regions = prepared.data.regions
    load = system.load_mw.to_numpy()
    available = _available(prepared, system)
    own = _own_supply(prepared, system, available)
    days = len(load) // HOURS_PER_DAY
    met = _met_from_neighbours(prepared, system, own, load)
    needed = [d for d in range(days) if not met[d * HOURS_PER_DAY : (d + 1) * HOURS_PER_DAY].all()]
    shed = np.zeros(load.shape)
    if needed:
        lp, idx = _day_lp(prepared, system, year)
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.passModel(lp)
        n_r = idx["n_r"]
        balance_rows = np.arange(n_r * HOURS_PER_DAY, dtype=np.int32)
        gen_cols = idx["gen_cols"]
        for d in needed:
            hours = slice(d * HOURS_PER_DAY, (d + 1) * HOURS_PER_DAY)
            upper = available[hours].reshape(-1)
            highs.changeColsBounds(len(gen_cols), gen_cols, np.zeros(len(gen_cols)), upper)
            day_load = load[hours].reshape(-1)
            highs.changeRowsBounds(len(balance_rows), balance_rows, day_load, day_load)
            highs.run()
            status = highs.modelStatusToString(highs.getModelStatus())
            if status != "Optimal":  # shed is free to absorb any shortfall: a programming error
                raise EnergyError(f"hourly check of {year}, day {d + 1}: HiGHS ended {status}")
            values = np.asarray(highs.getSolution().col_value)
            shed[hours] = values[idx["shed_cols"]].reshape(HOURS_PER_DAY, n_r)
    return pd.DataFrame(shed, columns=regions), system.load_mw, len(needed)


def hourly_check(m: pyo.ConcreteModel, prepared: Prepared) -> HourlyCheck:
    """Every model year dispatched hour by hour (see the module docstring)."""
    started = time.perf_counter()
    rows, dispatched = [], {}
    by_day = None
    for year in prepared.data.years:
        shed, load, dispatched[year] = check_year(m, prepared, year)
        daily = (
            shed.where(shed > SHORT_MW, 0.0).groupby(np.arange(len(shed)) // HOURS_PER_DAY).sum()
        )
        # the base year is history: no plan changes it, so a shortfall there is no reason to replan
        if year != prepared.data.base_year:
            by_day = daily if by_day is None else by_day + daily
        hours = prepared.data.slice_hours.to_dict()
        for r in prepared.data.regions:
            short = shed[r].to_numpy()
            plan_shed_mwh = sum(pyo.value(m.shed[r, year, h]) * hours[h] for h in m.H)
            plan_adequate = (
                pyo.value(m.adequacy_shortfall[r, year]) <= SHORT_MW and plan_shed_mwh <= SHORT_MW
            )
            rows.append(
                {
                    "region": r,
                    "year": year,
                    "peak_load_mw": round(float(load[r].max()), 1),
                    "unserved_mwh": round(float(short[short > SHORT_MW].sum()), 1),
                    "hours_short": int((short > SHORT_MW).sum()),
                    "largest_shortfall_mw": round(float(short.max(initial=0.0)), 1)
                    if (short > SHORT_MW).any()
                    else 0.0,
                    "plan_adequate": bool(plan_adequate),
                    # the representative days call the year adequate, the hours do not
                    "short_though_planned_adequate": bool(
                        plan_adequate and (short > SHORT_MW).any()
                    ),
                }
            )
    if by_day is None:  # only the base year was checked
        by_day = pd.DataFrame(0.0, index=range(365), columns=list(prepared.data.regions))
    by_day.index = by_day.index + 1  # days of the year, 1-365
    return HourlyCheck(pd.DataFrame(rows), dispatched, time.perf_counter() - started, by_day)
