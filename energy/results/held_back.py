"""How much data-center load each binding limit holds back, measured by re-solving.

For one limit (family, region, year) every constraint row behind it is relaxed by a stated
step (`step_mw`, default 100 GW: in effect the limit is lifted for that region and year; a
CO2 cap is lifted outright), the model HiGHS already holds is re-solved from the optimal basis,
and the rows are restored. Two steps, one answer: each trial is first re-solved with its rows
relaxed by SCREEN_STEP_MW only (the re-solve stays near the optimal basis and takes half the
time); when every relaxed row ends strictly inside its relaxed bound, that optimum is also
optimal with the rows relaxed by any larger step (the rows are inactive: dropping them changes
nothing in an LP), so it stands for the full step; otherwise the trial is re-solved at the full
step from the screening step's optimal basis (nearer than the scenario's: the seven such trials
of the reference took 52.5 s from the scenario's basis, 32.1 s from there, with every figure
the same). Held back = the rise in data-center load the grid serves where it
was requested, that year: load that had been relocated away, left unserved or run on the
campuses' own plants and now comes back; a relaxation that serves less in place holds back
nothing (0). `served_gain_mw` is the change in national served load (in place or relocated)
in that year, as measured (never negative when the model is right: relaxing a limit cannot
make serving load harder).

Which limits are re-solved: every binding one in a year with displaced load whose region is a
region that displaces load that year, a corridor into such a region, or the nation (national
build rates, CO2). A limit elsewhere acts on displaced load only through trade; it is left
unmeasured (empty), never guessed. No re-solve is needed, and 0 is exact, for a limit other
than large-load interconnection in a year when every region that displaces load is at its
connection cap (served in place = utilization x every MW it could have connected by then):
no other relaxation can raise load served in place anywhere that year.

Results never depend on time or on the number of workers: every re-solve starts from the same
state (the model and its optimal basis as saved once, exactly, its solver state cleared, the basis
set), candidates are taken in a fixed order (most displaced load first, then the most valuable
limit, then family, region and year) and `max_solves` (0 = all) bounds their number; those
beyond it are left empty and counted. Held-back and served-gain figures are rounded to
RESOLUTION_MW, so that solver noise (1e-11 MW) never decides a ranking.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energy.errors import EnergyError
from energy.model.constraints.interconnection import connection_rate_mw
from energy.model.highs_lp import CompiledLp, save_basis
from energy.model.solve import LoadedModel, use_resolve_options
from energy.results.limits import rank
from energy.results.tables import off_grid_mw
from energy.results.trial_lp import TrialLP

TOLERANCE_MW = 1.0
# each trial first relaxes its rows by at most this much (a re-solve that stays near the optimal
# basis); only if a relaxed row is still at its relaxed bound is it re-solved at the full step
SCREEN_STEP_MW = 20_000.0
AT_BOUND = 1e-6  # a relaxed row within this share of its relaxed bound is still binding
RESOLUTION_MW = 0.1  # held-back and served-gain figures are rounded to this
CAP_TOLERANCE_MW = 0.01  # at its connection cap: in place within solver tolerance of the cap
# A trial starts from the scenario's optimal basis with only row bounds moved (a dual feasible
# start) and runs without HiGHS's cost perturbation, its guard against dual degeneracy, which
# pays in a cold solve (the scenario's own 16.7 -> 18.7 s and the ceiling as connected
# 21.7 -> 31.9 s without it). Measured on each scenario's trials in one process, every in-place and unserved figure the
# same: reference 33 trials 29.4 -> 24.0 s, lbnl-high 33 23.5 -> 18.3 s, flexible-datacenters 21
# 25.4 -> 22.6 s, nova-fast-interconnect 12 8.4 -> 7.2 s, no-relocation 10 4.2 -> 2.7 s: faster
# when measured, not guaranteed, since the LP is degenerate.
# Perturbation is HiGHS's guard against stalling on degenerate pivots: a trial that takes more
# iterations than its LP has rows (the reference's longest takes 8,458 on 94,533 rows) is taken
# as stalled and solved again from the same basis with HiGHS's defaults (a count, not a time:
# repeatable for one HiGHS build, whose version manifest.json names).
PERTURBATION = "dual_simplex_cost_perturbation_multiplier"
ITERATION_LIMIT = "simplex_iteration_limit"
TRIAL_OPTIONS = {PERTURBATION: 0.0}
HIGHS_DEFAULTS = {PERTURBATION: 1.0, ITERATION_LIMIT: 2**31 - 1}
POLL_S = 0.5  # how often a thread waiting on a helper checks whether the run has stopped


@dataclass
class HeldBackReport:
    solves: int  # limits measured by re-solving
    seconds: float
    step_mw: float
    unmeasured: int = (
        0  # candidates left empty beyond the count bound ([grid] held_back_max_solves)
    )
    at_cap: int = 0  # candidates settled without a re-solve (every displacing region at its cap)
    full_step: int = 0  # of the re-solved, those solved again at the full step (see above)
    # the trials worked on the reduced LP (energy.results.trial_lp); False: on the whole LP,
    # where the reduced LP's optimum had moved the load served in place (or nothing was re-solved)
    reduced_lp: bool = False


def _relaxed(lower: float, upper: float, step: float, lift: bool) -> tuple[float, float]:
    """Bounds of one row moved by `step` in the direction that loosens it.

    A <= row gains on its upper side; a >= row or an equality (the energy balance, whose
    lower side then admits `step` MW of free supply) loses on its lower side."""
    if math.isinf(upper) or lower == upper:
        return (-math.inf if lift else lower - step), upper
    return lower, (math.inf if lift else upper + step)


def displaced_by_region(m: pyo.ConcreteModel, loaded: LoadedModel) -> pd.Series:
    """Per region and year: load the grid does not serve where it was requested
    (energy.results.tables.off_grid_mw), MW: what the held-back screen and measure count."""
    data = m.data
    index = [(r, y) for r in m.R for y in m.Y]
    in_place = np.asarray(loaded.values([m.dc_in_place[k] for k in index]))
    requested = data.dc_requested_mw.reindex(pd.MultiIndex.from_tuples(index)).to_numpy()
    return pd.Series(off_grid_mw(requested, in_place), index=pd.MultiIndex.from_tuples(index))


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
    """Candidates in the order they are measured: most displaced load where the limit acts
    first, then the most valuable limit, then family, region and year (a fixed order)."""
    where = table.loc[chosen, "region"].str.split(">").str[-1]
    load = [
        float(displaced.get((r, y), 0.0)) if r != "US" else float(displaced.xs(y, level=1).sum())
        for r, y in zip(where, table.loc[chosen, "year"], strict=True)
    ]
    order = pd.DataFrame(
        {
            "load": np.round(load, 1),
            "price": table.loc[chosen, "shadow_price"].to_numpy(),
            "family": table.loc[chosen, "family"].to_numpy(),
            "region": table.loc[chosen, "region"].to_numpy(),
            "year": table.loc[chosen, "year"].to_numpy(),
        },
        index=chosen,
    )
    order = order.sort_values(
        ["load", "price", "family", "region", "year"],
        ascending=[False, False, True, True, True],
        kind="mergesort",
    )
    return list(order.index)


def _trial_model(m: pyo.ConcreteModel, loaded: LoadedModel, rows: np.ndarray):
    """The LP the trials start from and the HiGHS instance holding it at the scenario's optimum:
    the scenario's reduced (energy.results.trial_lp), the `rows` the trials relax and the
    columns they read kept; or, where the reduced LP's optimum moved the load served in place
    or unserved (tied optima), the scenario's own."""
    placed = [*m.dc_in_place.values(), *m.dc_unserved.values()]
    watched = np.asarray([loaded.col_of[v] for v in placed if v in loaded.col_of], dtype=np.int64)
    reduced = TrialLP.reduced(loaded.highs, rows, watched)
    expected = np.asarray(loaded.highs.getSolution().col_value)[watched]
    options = {k: v for k, v in loaded.highs_options.items() if k != "time_limit"}
    source = reduced.carried(options, watched, expected, loaded.time_limit_s)
    return (reduced, source) if source is not None else (TrialLP.whole(loaded.highs), loaded.highs)


def _longest_first(table: pd.DataFrame, chosen: list) -> list[int]:
    """The order trials are handed out (positions in `chosen`): those expected to take longest
    first, so that no process is left waiting at the end on another's long trial (national
    limits, which move the whole plan, took 5-12 s in the reference; later years' trials longer
    than earlier ones, 1-3 s in 2035 against 0.5 s in 2027), then as chosen. Which process runs
    a trial, and when, never changes its result."""
    key = [
        (table.at[i, "region"] != "US", -int(table.at[i, "year"]), k) for k, i in enumerate(chosen)
    ]
    return [k for *_, k in sorted(key)]


def years_at_cap(data, displaced: pd.Series) -> set[int]:
    """Years in which every region displacing load serves in place all that its connection
    capacity could ever carry by then (utilization x base + each year's connection limit):
    only relaxing a connection limit can then raise load served in place."""
    cap = connection_rate_mw(data).groupby(level=0).cumsum() * data.dc_utilization
    # every region short of its request by more than half the reported resolution
    short = displaced[displaced > RESOLUTION_MW / 2]
    in_place = data.dc_requested_mw.reindex(short.index) - short
    at_cap = in_place >= cap.reindex(short.index) - CAP_TOLERANCE_MW
    return {int(year) for year, ok in at_cap.groupby(level=1).all().items() if ok}


class Trial(NamedTuple):
    """One limit's re-solve: its rows in the trials' LP with their bounds per step and their
    own; and the year's in-place and unserved columns there."""

    rows: np.ndarray
    row_steps: tuple  # ((lower, upper), ...) per step
    row_own: tuple  # (lower, upper)
    columns: list
    unserved: list


def _members(table, chosen, members, loaded) -> list[np.ndarray]:
    """Per chosen limit, its rows (indices in the scenario's LP)."""
    return [
        np.asarray(
            loaded.rows(members[table.at[i, "family"], table.at[i, "region"], table.at[i, "year"]]),
            dtype=np.int64,
        )
        for i in chosen
    ]


def _trials(table, chosen, rows_of, m, loaded, step_mw, trial_lp: TrialLP) -> list[Trial]:
    """Per chosen limit, its Trial on `trial_lp` (the LP's bounds are read once, not per
    trial)."""
    lifted = {f.name: f.lift for f in m.families}
    lp = trial_lp.lp
    row_lower, row_upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    col = trial_lp.new_col
    trials = []
    for i, rows in zip(chosen, rows_of, strict=True):
        family, year = table.at[i, "family"], table.at[i, "year"]
        kept = trial_lp.new_row[rows]
        columns = [int(col[loaded.col_of[m.dc_in_place[r, year]]]) for r in m.R]
        unserved = [
            int(col[loaded.col_of[m.dc_unserved[r, year]]])
            for r in m.R
            if m.dc_unserved[r, year] in loaded.col_of
        ]
        lift = lifted[family]
        # the screening step first, unless the limit is lifted outright or the step is no larger
        sizes = (step_mw,) if lift or step_mw <= SCREEN_STEP_MW else (SCREEN_STEP_MW, step_mw)
        own_rows = (row_lower[kept], row_upper[kept])
        trials.append(
            Trial(
                kept.astype(np.int32),
                tuple(_bounds(*own_rows, size, lift) for size in sizes),
                own_rows,
                columns,
                unserved,
            )
        )
    return trials


def _bounds(lower, upper, step: float, lift: bool) -> tuple[np.ndarray, np.ndarray]:
    new = [_relaxed(lo, up, step, lift) for lo, up in zip(lower, upper, strict=True)]
    return np.array([b[0] for b in new]), np.array([b[1] for b in new])


def add_held_back(
    m: pyo.ConcreteModel,
    loaded: LoadedModel,
    table: pd.DataFrame,
    members: dict,
    step_mw: float,
    workers: int = 1,
    max_solves: int = 0,
    progress=lambda done, total: None,
    meanwhile=lambda: None,
    helpers=None,
    ahead=(),
    between=lambda: None,
) -> tuple[pd.DataFrame, HeldBackReport]:
    """`table` with held_back_mw measured for every candidate limit (up to `max_solves`, 0 =
    all), and the report. `workers` processes share the re-solves, this one included: the
    helper processes (`helpers`, or started here) take them once the jobs `ahead` of them are
    done, while `meanwhile` runs here (the trials work on a copy of the model written before),
    then this one joins them; `between` runs here before each trial this process takes and
    after its last (e.g. collecting a job `ahead` as soon as it is done), its time not counted
    in the report's seconds.
    Every trial starts from the same model and basis, so the result is the same whatever the
    number of workers."""
    started = time.perf_counter()
    aside = [0.0]  # seconds spent in `between`

    def timed_between() -> None:
        begun = time.perf_counter()
        between()
        aside[0] += time.perf_counter() - begun

    displaced = displaced_by_region(m, loaded)
    per_year = displaced.groupby(level=1).sum()
    table = table.copy()
    table["held_back_mw"] = table["held_back_mw"].astype(float)
    table.loc[~table["binding"], "held_back_mw"] = 0.0  # the optimum stays optimal
    candidates = _by_priority(table, table.index[_candidates(table, displaced)], displaced)
    capped = years_at_cap(m.data, displaced)
    connection = {f.name: f.connection for f in m.families}
    settled = [
        i
        for i in candidates
        if table.at[i, "year"] in capped and not connection[table.at[i, "family"]]
    ]
    to_solve = [i for i in candidates if i not in set(settled)]
    chosen = to_solve[:max_solves] if max_solves > 0 else to_solve
    rows_of = _members(table, chosen, members, loaded)
    relaxed = np.unique(np.concatenate(rows_of)) if chosen else np.zeros(0, dtype=np.int64)
    trial_lp, source = (
        _trial_model(m, loaded, relaxed) if chosen else (TrialLP.whole(loaded.highs), loaded.highs)
    )
    trials = _trials(table, chosen, rows_of, m, loaded, step_mw, trial_lp)
    col_value = list(source.getSolution().col_value)
    base = {
        i: (sum(col_value[c] for c in trial.columns), sum(col_value[c] for c in trial.unserved))
        for i, trial in zip(chosen, trials, strict=True)
    }
    order = _longest_first(table, chosen)
    ran = _run_trials(
        loaded,
        source,
        [trials[k] for k in order],
        workers,
        progress,
        meanwhile,
        helpers,
        ahead,
        timed_between,
    )
    gained: list = [None] * len(trials)
    for k, result in zip(order, ran, strict=True):
        gained[k] = result
    table["served_gain_mw"] = table["held_back_mw"]
    for i, (status, in_place, unserved, _) in zip(chosen, gained, strict=True):
        if status != "Optimal":
            family, region, year = table.at[i, "family"], table.at[i, "region"], table.at[i, "year"]
            raise EnergyError(
                f"re-solving with the {family} limit in {region} {year} relaxed ended {status}"
                + (
                    "; raise [solver] time_limit_s (it bounds each re-solve)"
                    if status == "Time limit reached"
                    else ""
                )
            )
        table.at[i, "held_back_mw"] = max(0.0, float(in_place - base[i][0]))
        table.at[i, "served_gain_mw"] = float(base[i][1] - unserved)
    # settled at the cap: held back is 0 exactly; served gain was not measured (a relaxation
    # there may still let more relocated load be served instead of going unserved)
    table.loc[settled, "held_back_mw"] = 0.0
    table.loc[settled, "served_gain_mw"] = float("nan")
    # a year is quiet when at most TOLERANCE_MW is displaced nationally: nothing to hold back
    quiet = table["year"].map(per_year).fillna(0.0) <= TOLERANCE_MW
    measured = set(chosen) | set(settled)
    unmeasured = table["binding"] & ~quiet & ~table.index.isin(list(measured))
    table.loc[table["binding"] & quiet, ["held_back_mw", "served_gain_mw"]] = 0.0
    table.loc[unmeasured, ["held_back_mw", "served_gain_mw"]] = float("nan")
    for column in ("held_back_mw", "served_gain_mw"):
        table[column] = table[column].round(1) + 0.0  # RESOLUTION_MW; + 0.0 turns -0.0 into 0.0
    late = len(to_solve) - len(chosen)
    report = HeldBackReport(
        len(chosen),
        time.perf_counter() - started - aside[0],
        step_mw,
        late,
        len(settled),
        sum(1 for *_, solves in gained if solves > 1),
        source is not loaded.highs,
    )
    return rank(table), report


def _at_relaxed_bound(values, relaxed: tuple, own: tuple) -> bool:
    """Is some row (or column) still at (within AT_BOUND of) a bound the relaxation moved? (A
    side left as it was, e.g. the upper side of an energy balance relaxed below, does not
    count.)"""
    (lower, upper), (own_lower, own_upper) = relaxed, own
    with np.errstate(invalid="ignore"):
        moved_up = np.isfinite(upper) & (upper != own_upper)
        moved_down = np.isfinite(lower) & (lower != own_lower)
        near_upper = values >= upper - AT_BOUND * np.maximum(1, np.abs(upper))
        near_lower = values <= lower + AT_BOUND * np.maximum(1, np.abs(lower))
    return bool((moved_up & near_upper).any() or (moved_down & near_lower).any())


def _set(highs, trial: Trial, rows: tuple) -> None:
    """Set the trial's rows to the bounds given."""
    highs.changeRowsBounds(len(trial.rows), trial.rows, *rows)


def _resolve(highs, basis) -> str:
    """Re-solve from `basis` with the solver state cleared (so the result does not depend on
    earlier trials), without cost perturbation, or with it where that stalls (TRIAL_OPTIONS);
    the HiGHS status."""
    status = _run_from(highs, basis)
    if status == "Iteration limit reached":  # stalled without perturbation: see TRIAL_OPTIONS
        _set_options(highs, HIGHS_DEFAULTS)
        try:
            status = _run_from(highs, basis)
        finally:
            _set_options(highs, _trial_options(highs))
    return status


def _run_from(highs, basis) -> str:
    """Solve from `basis`, the solver state cleared; the HiGHS status."""
    highs.clearSolver()
    highs.setBasis(basis)
    # HiGHS checks time_limit against its run clock, which adds up over an instance's runs
    highs.setOptionValue("time_limit", float(highs.getRunTime() + _WORKER["time_limit_s"]))
    highs.run()
    return highs.modelStatusToString(highs.getModelStatus())


def _trial_options(highs) -> dict:
    """TRIAL_OPTIONS, and the iteration count past which a trial counts as stalled: the rows of
    the LP HiGHS holds."""
    return {**TRIAL_OPTIONS, ITERATION_LIMIT: highs.getNumRow()}


def _set_options(highs, options: dict) -> None:
    """Set HiGHS options; one HiGHS rejects (a renamed option in another highspy) is an error,
    not silently ignored."""
    for key, value in options.items():
        status = highs.setOptionValue(key, value)
        if status != highspy.HighsStatus.kOk:
            raise RuntimeError(f"HiGHS rejected option {key} = {value!r}: {status}")


def _trial(highs, basis, trial: Trial) -> tuple[str, float, float, int]:
    """Relax (the screening step first, the full step only if a relaxed row still binds, from
    the screening step's basis: see the module docstring), re-solve, read the in-place and
    unserved load, restore; with the number of re-solves it took."""
    start = basis
    for n, rows in enumerate(trial.row_steps):
        _set(highs, trial, rows)
        status = _resolve(highs, start)
        if status != "Optimal" or n == len(trial.row_steps) - 1:
            break
        solution = highs.getSolution()
        activity = np.asarray(solution.row_value)[trial.rows]
        if not _at_relaxed_bound(activity, rows, trial.row_own):
            break
        start = highs.getBasis()  # the next step starts where this one ended
    in_place = unserved = float("nan")
    if status == "Optimal":
        values = highs.getSolution().col_value
        in_place = float(sum(values[c] for c in trial.columns))
        unserved = float(sum(values[c] for c in trial.unserved))
    _set(highs, trial, trial.row_own)
    return status, in_place, unserved, n + 1


_WORKER: dict = {}


def _start_worker(model_path: str, basis_path: str, options: dict, time_limit_s: float) -> None:
    """Read the model and basis once per process (in a helper, or here)."""
    from energy.model.highs_lp import CompiledLp, load_basis
    from energy.model.solve import _new_highs

    highs = _new_highs(False)
    highs.setOptionValue("output_flag", False)
    for key, value in options.items():  # the scenario's [solver] settings, as in this process
        highs.setOptionValue(key, value)
    use_resolve_options(highs)
    CompiledLp.load(model_path).into(highs)
    _set_options(highs, _trial_options(highs))
    highs.setBasis(load_basis(basis_path))
    _WORKER.clear()
    _WORKER.update(
        highs=highs,
        basis=highs.getBasis(),
        time_limit_s=time_limit_s,
        setup=(model_path, basis_path, options, time_limit_s),
    )


def _work(setup: tuple, trial) -> tuple[str, float, float, int]:
    """One trial in a helper process, which reads the model the first time it is asked."""
    if _WORKER.get("setup") != setup:
        _start_worker(*setup)
    return _trial(_WORKER["highs"], _WORKER["basis"], trial)


def _run_trials(
    loaded: LoadedModel,
    source,
    trials,
    workers: int,
    progress,
    meanwhile,
    helpers=None,
    ahead=(),
    between=lambda: None,
) -> list[tuple[str, float, float, int]]:
    """Every trial on the model HiGHS holds in `source` (the scenario's reduced LP at its optimum,
    energy.results.trial_lp, or the scenario's own) as saved once with its optimal basis (exact arrays), so
    every process starts from the very same numbers. `workers` processes in all, this one
    included: the `workers - 1` helper processes (`helpers`, energy.results.workers.Helpers, or
    started here) take trials once the jobs `ahead` of them (the national ceiling) are done,
    while `meanwhile()` runs here; then this process takes trials too, running `between()`
    before each and after its last. No more processes than `workers` ever compete for the cores
    (three processes on two cores had made the ceiling beside the trials 2-3 times slower than
    alone)."""
    from energy.results.workers import Helpers
    from energy.scratch import scratch_dir

    if not trials:
        meanwhile()
        between()
        return []
    options = {k: v for k, v in loaded.highs_options.items() if k != "time_limit"}
    own = helpers is None
    helpers = Helpers(min(workers, len(trials)) - 1) if own else helpers
    try:
        with scratch_dir("held-back") as folder:
            model_path, basis_path = str(folder / "model.npz"), str(folder / "basis.npz")
            CompiledLp.of(source).save(Path(model_path))
            save_basis(source, Path(basis_path))
            setup = (model_path, basis_path, options, loaded.time_limit_s)
            return _share_out(trials, setup, helpers, progress, meanwhile, ahead, between)
    finally:
        if own:
            helpers.close()


def _share_out(trials, setup, helpers, progress, meanwhile, ahead=(), between=lambda: None) -> list:
    """Trials in list order, each taken by whichever process is free next: the helper processes
    (each fed by a thread here, once the jobs `ahead` are done) and this process once
    `meanwhile()` is done (running `between()` before each trial it takes and after its last).
    Which process runs a trial does not change its result: each starts from the same model and
    basis."""
    import threading
    from concurrent.futures import wait
    from concurrent.futures.process import BrokenProcessPool

    from energy.results.workers import HELPER_DIED

    out: list = [None] * len(trials)
    pending = iter(range(len(trials)))
    lock = threading.Lock()
    state = {"done": 0, "stop": False, "error": None}

    def take() -> int | None:
        with lock:
            return None if state["stop"] else next(pending, None)

    def finish(i: int, result) -> None:
        with lock:
            out[i] = result
            state["done"] += 1
            progress(state["done"], len(trials))

    def stopped() -> bool:
        with lock:
            return state["stop"]

    def outcome(future):
        """The future's result, waited for in short steps: None once the run has stopped
        (an error or Ctrl-C here: the helpers are then stopped without waiting for them)."""
        while not stopped():
            done, _ = wait([future], timeout=POLL_S)
            if done:
                return future.result()
        return None

    def feed(pool) -> None:
        try:
            # a helper busy with the ceiling takes no trial until it is done
            while not stopped() and wait(list(ahead), timeout=POLL_S).not_done:
                pass
            while (i := take()) is not None:
                result = outcome(pool.submit(_work, setup, trials[i]))
                if result is None:
                    return
                finish(i, result)
        except BrokenProcessPool as error:  # re-raised in this thread below
            with lock:
                state["stop"], state["error"] = True, EnergyError(HELPER_DIED)
                state["error"].__cause__ = error
        except BaseException as error:  # re-raised in this thread below
            with lock:
                state["stop"], state["error"] = True, state["error"] or error

    size = min(helpers.size, len(trials))
    pool = helpers.pool if size > 0 else None
    feeders = [threading.Thread(target=feed, args=(pool,)) for _ in range(size)]
    for feeder in feeders:
        feeder.start()
    saved = dict(_WORKER)
    try:
        meanwhile()
        while not stopped():
            between()
            if (i := take()) is None:
                break
            finish(i, _work(setup, trials[i]))
    except BaseException:
        with lock:
            state["stop"] = True
        raise
    finally:
        _WORKER.clear()
        _WORKER.update(saved)
        for feeder in feeders:
            feeder.join()
    if state["error"] is not None:
        raise state["error"]
    return out
