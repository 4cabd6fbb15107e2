"""How much data-center load each binding limit holds back, measured by re-solving.

For one limit (family, region, year) every constraint row behind it is relaxed by a stated
step (`step_mw`, default 100 GW: in effect the limit is lifted for that region and year; a
CO2 cap is lifted outright), the model HiGHS already holds is re-solved from the optimal basis,
and the rows are restored. Held back = the fall in data-center load that is displaced
(relocated away from the region where it was requested, or unserved) in that year; a
relaxation that displaces more holds back nothing (0). `served_gain_mw` is the change in
national served load (in place or relocated) in that year, as measured (never negative when
the model is right: relaxing a limit cannot make serving load harder).

Which limits are re-solved: every binding one in a year with displaced load whose region is a
region that displaces load that year, a corridor into such a region, or the nation (national
build rates, CO2). A limit elsewhere acts on displaced load only through trade; it is left
unmeasured (empty), never guessed. Candidates are measured most displaced load first, within a
time budget (`held_back_time_limit_s`); any left when it runs out are empty too.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energy.errors import EnergyError
from energy.model.solve import LoadedModel
from energy.results.limits import rank
from energy.results.tables import displaced_mw

TOLERANCE_MW = 1.0


@dataclass
class HeldBackReport:
    solves: int  # limits measured
    seconds: float
    step_mw: float
    unmeasured: int = 0  # candidates left empty when the time budget ran out


OUT_OF_TIME = ("Time limit reached", "Skipped")


def _relaxed(lower: float, upper: float, step: float, lift: bool) -> tuple[float, float]:
    """Bounds of one row moved by `step` in the direction that loosens it.

    A <= row gains on its upper side; a >= row or an equality (the energy balance, whose
    lower side then admits `step` MW of free supply) loses on its lower side."""
    if math.isinf(upper) or lower == upper:
        return (-math.inf if lift else lower - step), upper
    return lower, (math.inf if lift else upper + step)


def displaced_by_region(m: pyo.ConcreteModel, loaded: LoadedModel) -> pd.Series:
    """Per region and year: displaced load (see energy.results.tables.displaced_mw), MW."""
    data = m.data
    index = [(r, y) for r in m.R for y in m.Y]
    in_place = np.asarray(loaded.values([m.dc_in_place[k] for k in index]))
    requested = data.dc_requested_mw.reindex(pd.MultiIndex.from_tuples(index)).to_numpy()
    return pd.Series(displaced_mw(requested, in_place), index=pd.MultiIndex.from_tuples(index))


def _candidates(table: pd.DataFrame, displaced: pd.Series) -> pd.Series:
    """Binding limits that can act directly on displaced load (see module docstring)."""
    by_region = displaced[displaced > TOLERANCE_MW]
    places = {(r, y) for r, y in by_region.index}
    years = {y for _, y in places}

    def acts(row) -> bool:
        if not row.binding or row.year not in years:
            return False
        if row.region == "US":
            return True
        target = row.region.split(">")[-1]  # corridor a>b acts on the importing region b
        return (target, row.year) in places

    return table.apply(acts, axis=1)


def _by_priority(table: pd.DataFrame, chosen, displaced: pd.Series) -> list:
    """Candidates in the order they are measured, so that a time budget keeps the important
    ones: most displaced load where the limit acts first, then the most valuable limit."""
    where = table.loc[chosen, "region"].str.split(">").str[-1]
    load = [
        float(displaced.get((r, y), 0.0)) if r != "US" else float(displaced.xs(y, level=1).sum())
        for r, y in zip(where, table.loc[chosen, "year"], strict=True)
    ]
    order = pd.DataFrame(
        {"load": load, "price": table.loc[chosen, "shadow_price"].to_numpy()}, index=chosen
    )
    return list(order.sort_values(["load", "price"], ascending=False).index)


def _trials(table, chosen, members, m, loaded, step_mw) -> list[tuple]:
    """Per chosen limit: rows, their relaxed and their own bounds, and the in-place and
    unserved columns of the year (the LP's bounds are read once, not per trial)."""
    lifted = {f.name: f.lift for f in m.families}
    lp = loaded.highs.getLp()
    row_lower, row_upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    trials = []
    for i in chosen:
        family, region, year = table.at[i, "family"], table.at[i, "region"], table.at[i, "year"]
        rows = loaded.rows(members[family, region, year])
        lower, upper = row_lower[rows], row_upper[rows]
        lift = lifted[family]
        new = [_relaxed(lo, up, step_mw, lift) for lo, up in zip(lower, upper, strict=True)]
        columns = [loaded.col_of[m.dc_in_place[r, year]] for r in m.R]
        unserved = [
            loaded.col_of[m.dc_unserved[r, year]]
            for r in m.R
            if m.dc_unserved[r, year] in loaded.col_of
        ]
        relaxed = (np.array([b[0] for b in new]), np.array([b[1] for b in new]))
        trials.append((rows, relaxed, (lower, upper), columns, unserved))
    return trials


def add_held_back(
    m: pyo.ConcreteModel,
    loaded: LoadedModel,
    table: pd.DataFrame,
    members: dict,
    step_mw: float,
    workers: int = 1,
    time_limit_s: float = float("inf"),
    progress=lambda done, total: None,
) -> tuple[pd.DataFrame, HeldBackReport]:
    """`table` with held_back_mw measured for every candidate limit; the model is left as solved.

    With workers > 1 the re-solves run in that many processes, each holding a copy of the
    model HiGHS already has (written once as MPS with the optimal basis)."""
    started = time.perf_counter()
    displaced = displaced_by_region(m, loaded)
    per_year = displaced.groupby(level=1).sum()
    table = table.copy()
    table["held_back_mw"] = table["held_back_mw"].astype(float)
    table.loc[~table["binding"], "held_back_mw"] = 0.0  # the optimum stays optimal
    chosen = _by_priority(table, table.index[_candidates(table, displaced)], displaced)
    deadline = time.time() + time_limit_s
    trials = [(*t, deadline) for t in _trials(table, chosen, members, m, loaded, step_mw)]
    col_value = list(loaded.highs.getSolution().col_value)
    base = {
        i: (sum(col_value[c] for c in trial[3]), sum(col_value[c] for c in trial[4]))
        for i, trial in zip(chosen, trials, strict=True)
    }
    if workers > 1 and len(trials) > workers:
        gained = _run_parallel(loaded, trials, workers, progress)
    else:
        gained = _run_here(loaded, trials, progress)
    table["served_gain_mw"] = table["held_back_mw"]
    late = 0
    for i, (status, in_place, unserved) in zip(chosen, gained, strict=True):
        if status in OUT_OF_TIME:
            late += 1  # left empty: not measured within the time budget
            continue
        if status != "Optimal":
            family, region, year = table.at[i, "family"], table.at[i, "region"], table.at[i, "year"]
            raise EnergyError(
                f"re-solving with the {family} limit in {region} {year} relaxed ended {status}"
            )
        table.at[i, "held_back_mw"] = max(0.0, float(in_place - base[i][0]))
        table.at[i, "served_gain_mw"] = float(base[i][1] - unserved)
    quiet = table["year"].map(per_year).fillna(0.0) <= TOLERANCE_MW  # nothing displaced
    unmeasured = table["binding"] & ~quiet & ~table.index.isin(chosen)
    table.loc[table["binding"] & quiet, ["held_back_mw", "served_gain_mw"]] = 0.0
    table.loc[unmeasured, ["held_back_mw", "served_gain_mw"]] = float("nan")
    report = HeldBackReport(len(chosen) - late, time.perf_counter() - started, step_mw, late)
    return rank(table), report


def _trial(highs, basis, trial) -> tuple[str, float, float]:
    """Relax, re-solve from the optimal basis, read the in-place and unserved load, restore."""
    rows, (lower, upper), (old_lower, old_upper), columns, unserved_columns, deadline = trial
    remaining = deadline - time.time()
    if remaining <= 0:
        return "Skipped", float("nan"), float("nan")
    # HiGHS checks time_limit against its run clock, which adds up over an instance's runs
    highs.setOptionValue("time_limit", float(highs.getRunTime() + min(remaining, 1e6)))
    index = np.asarray(rows, dtype=np.int32)
    highs.changeRowsBounds(len(rows), index, lower, upper)
    highs.setBasis(basis)
    highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    if status != "Optimal":
        highs.changeRowsBounds(len(rows), index, old_lower, old_upper)
        return status, float("nan"), float("nan")
    values = highs.getSolution().col_value
    in_place = float(sum(values[c] for c in columns))
    unserved = float(sum(values[c] for c in unserved_columns))
    highs.changeRowsBounds(len(rows), index, old_lower, old_upper)
    return status, in_place, unserved


def _run_here(loaded: LoadedModel, trials, progress) -> list[tuple[str, float, float]]:
    basis = loaded.highs.getBasis()
    time_limit = loaded.highs.getOptionValue("time_limit")
    if isinstance(time_limit, tuple):  # (status, value) in some highspy versions
        time_limit = time_limit[1]
    out = []
    for done, trial in enumerate(trials):
        out.append(_trial(loaded.highs, basis, trial))
        progress(done + 1, len(trials))
    loaded.highs.setOptionValue("time_limit", time_limit)  # the trials shortened it
    loaded.highs.setBasis(basis)
    loaded.resolve()  # back to the scenario's own optimum for anything that reads HiGHS later
    return out


_WORKER: dict = {}


def _start_worker(model_path: str, basis_path: str, options: dict) -> None:
    from energy.model.solve import _new_highs

    highs = _new_highs(False)
    highs.setOptionValue("output_flag", False)
    for key, value in options.items():  # the scenario's [solver] settings, as in this process
        highs.setOptionValue(key, value)
    highs.readModel(model_path)
    highs.readBasis(basis_path)
    _WORKER["highs"] = highs
    _WORKER["basis"] = highs.getBasis()


def _work(trial) -> tuple[str, float, float]:
    return _trial(_WORKER["highs"], _WORKER["basis"], trial)


def _run_parallel(
    loaded: LoadedModel, trials, workers: int, progress
) -> list[tuple[str, float, float]]:
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="energy-held-back-") as folder:
        model_path, basis_path = str(Path(folder) / "model.mps"), str(Path(folder) / "basis.bas")
        loaded.highs.writeModel(model_path)
        loaded.highs.writeBasis(basis_path)
        context = multiprocessing.get_context("spawn")  # no fork of a process holding HiGHS
        options = {k: v for k, v in loaded.highs_options.items() if k != "time_limit"}
        with ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(model_path, basis_path, options),
        ) as pool:
            out = []
            for done, result in enumerate(pool.map(_work, trials, chunksize=1)):
                out.append(result)
                progress(done + 1, len(trials))
    return out
