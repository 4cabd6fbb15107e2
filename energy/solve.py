"""Hand a built Pyomo model to HiGHS and load the solution and duals back.

Two hand-overs: "lp" (default) writes the model with Pyomo's LP writer and reads it into
highspy, which measured about twice as fast as "persistent" (Pyomo's APPSI interface, which
keeps the model in HiGHS for re-solves with changed data). A solve that ends without an
optimum raises EnergyError with the reason in plain words.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import highspy
import pyomo.environ as pyo

from energy.errors import EnergyError

METHODS = ("simplex", "ipm", "choose", "pdlp")
HANDOVERS = ("lp", "persistent")


@dataclass
class SolveOptions:
    """HiGHS settings a scenario may set under [solver]."""

    time_limit_s: float = 600.0
    method: str = "simplex"  # simplex (dual), ipm (interior point + crossover), choose, pdlp
    threads: int = 0  # 0 lets HiGHS decide
    primal_tolerance: float = 1e-7
    dual_tolerance: float = 1e-7
    handover: str = "lp"  # lp (write + read an LP file) or persistent (Pyomo APPSI)
    log: bool = False

    def highs_options(self) -> dict:
        options = {
            "solver": self.method,
            "primal_feasibility_tolerance": self.primal_tolerance,
            "dual_feasibility_tolerance": self.dual_tolerance,
            "time_limit": float(self.time_limit_s),
            "run_crossover": "on",
        }
        if self.threads:
            options["threads"] = self.threads
        return options


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


EXPLANATIONS = {
    "Infeasible": (
        "the constraints contradict each other, so no plan meets every limit; the model allows unserved "
        "data-center load, shed other load and adequacy shortfalls at a penalty, so an input must make a "
        "limit impossible (e.g. a negative fleet or a CO2 cap below what the existing fleet must emit)"
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


def _fail(status: str) -> EnergyError:
    return EnergyError(
        f"the grid model has no optimal solution ({status}): {EXPLANATIONS.get(status, 'unexpected solver status')}"
    )


def _solve_lp(model: pyo.ConcreteModel, options: SolveOptions) -> SolveReport:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="energy-") as folder:
        path = Path(folder) / "model.lp"
        _, symbols = model.write(str(path), io_options={"symbolic_solver_labels": False})
        highs = _new_highs(options.log)
        highs.setOptionValue("output_flag", options.log)
        highs.setOptionValue("log_to_console", options.log)
        highs.readModel(str(path))
    symbol_map = model.solutions.symbol_map[symbols].bySymbol
    handover = time.perf_counter() - started
    for key, value in options.highs_options().items():
        highs.setOptionValue(key, value)
    started = time.perf_counter()
    highs.run()
    seconds = time.perf_counter() - started
    status = highs.modelStatusToString(highs.getModelStatus())
    if status != "Optimal":
        raise _fail(status)
    lp, solution = highs.getLp(), highs.getSolution()
    for name, value in zip(lp.col_names_, solution.col_value, strict=True):
        symbol_map[name].set_value(value, skip_validation=True)
    for var in model.component_data_objects(pyo.Var, descend_into=True):
        if var.value is None:  # not in any constraint or the objective: free to be zero
            var.set_value(0.0, skip_validation=True)
    model.dual.clear()
    for name, dual in zip(lp.row_names_, solution.row_dual, strict=True):
        model.dual[symbol_map[name]] = dual
    return _report(model, highs, seconds, handover)


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
    if result.termination_condition != TerminationCondition.optimal:
        raise _fail(highs.modelStatusToString(highs.getModelStatus()))
    result.solution_loader.load_vars()
    model.dual.clear()
    for constraint, value in result.solution_loader.get_duals().items():
        model.dual[constraint] = value
    return _report(model, highs, seconds, handover)


def solve(model: pyo.ConcreteModel, options: SolveOptions | None = None) -> SolveReport:
    """Solve with HiGHS, load primal values and duals; raise EnergyError if there is no optimum."""
    options = options or SolveOptions()
    if options.handover == "persistent":
        return _solve_persistent(model, options)
    return _solve_lp(model, options)
