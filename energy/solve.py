"""Solve a built model with HiGHS through Pyomo; a failed solve is explained in plain words."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyomo.environ as pyo
from pyomo.contrib.appsi.base import TerminationCondition
from pyomo.contrib.appsi.solvers.highs import Highs

from energy.errors import EnergyError

METHODS = {"choose": "choose", "simplex": "simplex", "ipm": "ipm", "pdlp": "pdlp"}


@dataclass
class SolveOptions:
    """HiGHS settings a scenario may set under [solver]."""

    time_limit_s: float = 600.0
    method: str = "choose"  # choose, simplex, ipm (interior point, with crossover) or pdlp
    threads: int = 0  # 0 lets HiGHS decide
    primal_tolerance: float = 1e-7
    dual_tolerance: float = 1e-7
    log: bool = False

    def highs_options(self) -> dict:
        options = {
            "solver": METHODS[self.method],
            "primal_feasibility_tolerance": self.primal_tolerance,
            "dual_feasibility_tolerance": self.dual_tolerance,
            "run_crossover": "on",
        }
        if self.threads:
            options["threads"] = self.threads
        return options


@dataclass
class SolveReport:
    status: str  # optimal, or a failure word
    objective_musd: float
    seconds: float
    message: str = ""
    details: dict = field(default_factory=dict)


EXPLANATIONS = {
    TerminationCondition.infeasible: (
        "the constraints contradict each other: no plan meets every limit. With unserved data-center "
        "load and shed other load allowed this cannot happen, so a limit was set to a contradictory value "
        "(e.g. a zero build limit where adequacy needs new capacity, with load shedding disabled)"
    ),
    TerminationCondition.infeasibleOrUnbounded: "the model is infeasible or unbounded (see the infeasible case)",
    TerminationCondition.unbounded: "the cost can fall without end: a cost or penalty is negative",
    TerminationCondition.maxTimeLimit: "HiGHS reached the time limit before proving an optimum; raise [solver] time_limit_s or use fewer time slices",
    TerminationCondition.maxIterations: "HiGHS reached its iteration limit",
    TerminationCondition.interrupted: "the solve was interrupted",
    TerminationCondition.error: "HiGHS reported an internal error",
}


def solve(model: pyo.ConcreteModel, options: SolveOptions | None = None) -> SolveReport:
    """Solve with HiGHS, load primal values and duals; raise EnergyError if there is no optimum."""
    options = options or SolveOptions()
    opt = Highs()
    if not opt.available():
        raise EnergyError("HiGHS is not available: install the 'highspy' package (pip install highspy)")
    opt.config.stream_solver = options.log
    opt.config.load_solution = False
    opt.config.time_limit = options.time_limit_s
    opt.highs_options = options.highs_options()
    started = time.perf_counter()
    result = opt.solve(model)
    seconds = time.perf_counter() - started
    condition = result.termination_condition
    if condition != TerminationCondition.optimal:
        raise EnergyError(f"the grid model has no optimal solution ({condition.name}): {EXPLANATIONS.get(condition, 'unexpected solver status')}")
    result.solution_loader.load_vars()
    model.dual.clear()
    for constraint, value in result.solution_loader.get_duals().items():
        model.dual[constraint] = value
    return SolveReport("optimal", float(pyo.value(model.total_cost)), seconds)
