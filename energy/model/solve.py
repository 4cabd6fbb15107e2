"""Hand a built Pyomo model to HiGHS and load the solution and duals back.

Two hand-overs: "lp" (default) compiles the model into arrays that HiGHS takes as they are
(energy.model.highs_lp: a 1.9 s hand-over for the reference, where writing and reading an LP
file took 3.2 s), more than twice as fast as "persistent" (Pyomo's APPSI interface, which keeps the model
in HiGHS for re-solves with changed data). A solve that ends without an
optimum raises EnergyError with the reason in plain words.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from energy.errors import EnergyError
from energy.gc_pause import gc_paused
from energy.model.highs_lp import CompiledLp, compile_lp
from energy.scenario.options import SolveOptions


@dataclass
class SolveReport:
    status: str  # "optimal"
    objective_musd: float
    seconds: float  # HiGHS solve
    handover_seconds: float = 0.0  # Pyomo model -> HiGHS
    rows: int = 0
    columns: int = 0
    nonzeros: int = 0
    solver: str = ""
    details: dict = field(default_factory=dict)
    loaded: LoadedModel | None = field(default=None, repr=False)  # kept for re-solves


@dataclass(frozen=True)
class RowActivity:
    """Each row's activity at a solution (HiGHS's row values), with the row bounds as the model
    was written: enough to tell whether a row is at its bound without evaluating Pyomo
    expressions (energy.results.limits; the evaluation took most of the national ceiling's
    collection)."""

    row_of: dict  # Pyomo constraint data -> row index
    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


class LoadedModel:
    """The model as HiGHS holds it after a solve, with each Pyomo row and column's index there.

    Re-solves change row bounds or column costs in place and warm-start from the last basis,
    so what-if questions (held-back load, the national ceiling) cost a fraction of a rebuild.
    """

    def __init__(
        self, highs: highspy.Highs, row_of: dict, col_of: dict, time_limit_s: float = 600.0
    ):
        self.highs = highs
        self.row_of = row_of  # Pyomo constraint data -> row index
        self.col_of = col_of  # Pyomo variable data -> column index
        self.time_limit_s = time_limit_s  # per re-solve
        self.highs_options: dict = {}  # the [solver] settings the model was solved with
        self.seconds = 0.0  # spent in re-solves
        # the columns' variables and the rows' constraints in index order, where known (the
        # compiled hand-over): values and duals are copied along them, not through the maps
        self.variables: list | None = None
        self.constraints: list | None = None
        lp = highs.getLp()  # the row bounds as the model states them, before any re-solve
        self._written = (np.asarray(lp.row_lower_), np.asarray(lp.row_upper_))

    def rows(self, constraints) -> list[int]:
        return [self.row_of[c] for c in constraints if c in self.row_of]

    def set_row_bounds(self, rows: list[int], lower, upper) -> None:
        self.highs.changeRowsBounds(
            len(rows),
            np.asarray(rows, dtype=np.int32),
            np.asarray(lower, dtype=float),
            np.asarray(upper, dtype=float),
        )

    def resolve(self) -> str:
        """Re-solve from the current basis; the HiGHS model status as text."""
        # HiGHS checks time_limit against a run clock that adds up over an instance's runs
        self.highs.setOptionValue("time_limit", self.highs.getRunTime() + self.time_limit_s)
        started = time.perf_counter()
        self.highs.run()
        self.seconds += time.perf_counter() - started
        return self.highs.modelStatusToString(self.highs.getModelStatus())

    def load_solution(self, model: pyo.ConcreteModel) -> None:
        """Copy HiGHS's current primal values and duals into the Pyomo model."""
        solution = self.highs.getSolution()
        self.load_values(model, solution.col_value, solution.row_dual, solution.row_value)

    def written_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The row bounds as the Pyomo model states them (read when HiGHS took the model, before
        any re-solve could change one)."""
        return self._written

    def load_values(self, model: pyo.ConcreteModel, col_value, row_dual, row_value=None) -> None:
        """Copy primal values and duals of this model (by HiGHS index, e.g. an optimum found
        in another process) into the Pyomo model; with the rows' activities, also
        `model.row_activity` (RowActivity), else none."""
        col_value, row_dual = list(col_value), list(row_dual)  # copy once, as Python floats
        model.dual.clear()
        if self.variables is not None and self.constraints is not None:
            for var, value in zip(self.variables, col_value, strict=True):
                var.set_value(value, skip_validation=True)
            model.dual.update(zip(self.constraints, row_dual, strict=True))
        else:
            for var, i in self.col_of.items():
                var.set_value(col_value[i], skip_validation=True)
            for con, i in self.row_of.items():
                model.dual[con] = row_dual[i]
        model.row_activity = (
            None
            if row_value is None
            else RowActivity(self.row_of, np.asarray(row_value), *self.written_bounds())
        )

    def values(self, variables) -> list[float]:
        col_value = self.highs.getSolution().col_value
        return [col_value[self.col_of[v]] if v in self.col_of else 0.0 for v in variables]

    def objective(self) -> float:
        return self.highs.getInfo().objective_function_value


EXPLANATIONS = {
    "Infeasible": (
        "the constraints contradict each other, so no plan meets every limit (with unserved "
        "data-center load and shed other load allowed, as by default, only an impossible input "
        "does this, e.g. a CO2 cap below what the existing fleet must emit)"
    ),
    "Primal infeasible or unbounded": "the model is infeasible or unbounded (see the infeasible case)",
    "Unbounded": "the cost can fall without end: a cost or penalty is negative",
    "Time limit reached": "HiGHS reached the time limit before proving an optimum; raise [solver] time_limit_s or use fewer time slices ([grid] days, hours_per_slice)",
    "Iteration limit reached": "HiGHS reached its iteration limit",
    "Interrupted by user": "the solve was interrupted",
}


@contextlib.contextmanager
def _quiet_stdout():
    """Silence C-level stdout (HiGHS prints a banner when an instance is created)."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _new_highs(log: bool) -> highspy.Highs:
    if log:
        return highspy.Highs()
    with _quiet_stdout():
        return highspy.Highs()


def _version(h: highspy.Highs) -> str:
    return f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"


def _report(
    model: pyo.ConcreteModel, highs: highspy.Highs, seconds: float, handover: float
) -> SolveReport:
    size = (highs.getNumRow(), highs.getNumCol(), highs.getNumNz())
    return SolveReport(
        "optimal", float(pyo.value(model.total_cost)), seconds, handover, *size, _version(highs)
    )


# Re-solves (held-back trials, the national ceiling) price dual simplex pivots by Devex rather
# than dual steepest edge: from a cleared solver the steepest-edge weights start afresh and each
# iteration costs about four times as much. Reference run: 103 held-back re-solves 187 s instead
# of 329 s with limits.csv the same byte for byte; the ceiling's HiGHS time 54 s instead of 63 s
# with the same ceilings (one tied dual in frontier_limits.csv lands on another optimal value).
RESOLVE_OPTIONS = {"simplex_dual_edge_weight_strategy": 1}


def use_resolve_options(highs: highspy.Highs) -> None:
    """Set RESOLVE_OPTIONS on a HiGHS instance about to re-solve a changed model."""
    for key, value in RESOLVE_OPTIONS.items():
        highs.setOptionValue(key, value)


def start_from(parts: list[LoadedModel]) -> Callable[[LoadedModel], None]:
    """A `solve(start=...)` that starts a model made of `parts` (solved models: the hedge's
    demand cases, each a block) from their optimal bases joined: each part's rows and columns
    keep their status there; rows no part has (the hedge's shared decisions) start basic, so the
    joined basis is a basis (one basic variable per row). It is dual feasible (each part's
    reduced costs, scaled by its positive weight in the objective), so dual simplex starts from
    it and has only the rows that join the parts left to satisfy."""

    def start(joint: LoadedModel) -> None:
        basic, lower = highspy.HighsBasisStatus.kBasic, highspy.HighsBasisStatus.kLower
        col_status = [lower] * joint.highs.getNumCol()
        row_status = [basic] * joint.highs.getNumRow()
        for part in parts:
            basis = part.highs.getBasis()
            own_cols, own_rows = basis.col_status, basis.row_status
            for var, i in part.col_of.items():
                j = joint.col_of.get(var)
                if j is not None:
                    col_status[j] = own_cols[i]
            for con, i in part.row_of.items():
                j = joint.row_of.get(con)
                if j is not None:
                    row_status[j] = own_rows[i]
        joined = highspy.HighsBasis()
        joined.col_status = col_status
        joined.row_status = row_status
        joined.valid = True
        status = joint.highs.setBasis(joined)
        if status != highspy.HighsStatus.kOk:
            raise EnergyError("the joined starting basis was refused by HiGHS")

    return start


INFEASIBLE = ("Infeasible", "Primal infeasible or unbounded")


def _fail(status: str, model=None, loaded: LoadedModel | None = None) -> EnergyError:
    message = f"the grid model has no optimal solution ({status}): {EXPLANATIONS.get(status, 'unexpected solver status')}"
    if status in INFEASIBLE and loaded is not None:
        from energy.model.infeasibility import explain

        message += "\n" + explain(model, loaded)
    return EnergyError(message)


@gc_paused()
def hand_over(model: pyo.ConcreteModel, options: SolveOptions) -> tuple[LoadedModel, CompiledLp]:
    """Compile `model` (energy.model.highs_lp) into a new HiGHS instance, not solved: the
    LoadedModel with each Pyomo row's and column's index there, and the compiled LP (for a
    helper process to solve the same LP)."""
    compiled, constraints, variables = compile_lp(model)
    highs = _new_highs(options.log)
    highs.setOptionValue("output_flag", options.log)
    highs.setOptionValue("log_to_console", options.log)
    compiled.into(highs)
    loaded = LoadedModel(
        highs,
        ComponentMap(zip(constraints, range(len(constraints)), strict=True)),
        ComponentMap(zip(variables, range(len(variables)), strict=True)),
        options.time_limit_s,
    )
    loaded.highs_options = options.highs_options()
    loaded.variables, loaded.constraints = variables, constraints
    return loaded, compiled


def _solve_lp(
    model: pyo.ConcreteModel, options: SolveOptions, start=None, handed_over=None
) -> SolveReport:
    started = time.perf_counter()
    loaded, compiled = hand_over(model, options)
    handover = time.perf_counter() - started
    if handed_over is not None:  # its time (e.g. saving the LP for the ceiling) is its own
        handed_over(compiled, loaded)
    highs = loaded.highs
    for key, value in loaded.highs_options.items():
        highs.setOptionValue(key, value)
    if start is not None:
        start(loaded)
    started = time.perf_counter()
    highs.run()
    seconds = time.perf_counter() - started
    status = highs.modelStatusToString(highs.getModelStatus())
    if status != "Optimal":
        raise _fail(status, model, loaded)
    loaded.load_solution(model)
    for var in model.component_data_objects(pyo.Var, descend_into=True):
        if var.value is None:  # not in any constraint or the objective: free to be zero
            var.set_value(0.0, skip_validation=True)
    report = _report(model, highs, seconds, handover)
    report.loaded = loaded
    return report


def _solve_persistent(model: pyo.ConcreteModel, options: SolveOptions) -> SolveReport:
    from pyomo.contrib.appsi.base import TerminationCondition
    from pyomo.contrib.appsi.solvers.highs import Highs

    opt = Highs()
    opt.config.stream_solver = options.log
    opt.config.load_solution = False
    opt.config.time_limit = options.time_limit_s
    opt.highs_options = {k: v for k, v in options.highs_options().items() if k != "time_limit"}
    started = time.perf_counter()
    opt.set_instance(model)
    handover = time.perf_counter() - started
    highs = opt._solver_model
    started = time.perf_counter()
    result = opt.solve(model)
    seconds = time.perf_counter() - started
    variables = {id(v): v for v in model.component_data_objects(pyo.Var, descend_into=True)}
    loaded = LoadedModel(
        highs,
        ComponentMap(opt._pyomo_con_to_solver_con_map.items()),
        ComponentMap(
            (variables[k], i) for k, i in opt._pyomo_var_to_solver_var_map.items() if k in variables
        ),
        options.time_limit_s,
    )
    loaded.highs_options = options.highs_options()
    if result.termination_condition != TerminationCondition.optimal:
        raise _fail(highs.modelStatusToString(highs.getModelStatus()), model, loaded)
    result.solution_loader.load_vars()
    model.dual.clear()
    for constraint, value in result.solution_loader.get_duals().items():
        model.dual[constraint] = value
    model.row_activity = None  # limits evaluate the rows themselves
    report = _report(model, highs, seconds, handover)
    report.loaded = loaded
    return report


def solve(
    model: pyo.ConcreteModel,
    options: SolveOptions | None = None,
    start: Callable[[LoadedModel], None] | None = None,
    handed_over: Callable[[CompiledLp, LoadedModel], None] | None = None,
) -> SolveReport:
    """Solve with HiGHS, load primal values and duals; raise EnergyError if there is no optimum.
    `start(loaded)` runs once the model is in HiGHS, before it is solved (e.g. to set a starting
    basis); `handed_over(compiled_lp, loaded)` runs then too (e.g. to save the LP for a helper
    process). Either takes the compiled hand-over ("lp")."""
    options = options or SolveOptions()
    if options.handover == "persistent" and start is None and handed_over is None:
        return _solve_persistent(model, options)
    return _solve_lp(model, options, start, handed_over)
