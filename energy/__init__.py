"""energy: how far can US data-center electricity demand grow before the grid stops it?

The public names load on first use, so `energy --help` and `import energy` stay light (no
Pyomo, no HiGHS until a model is built).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> module that defines it
_PUBLIC = {
    "run": "energy.api",
    "projection": "energy.api",
    "compare_scenarios": "energy.api",
    "RunResult": "energy.api",
    "plan_regret": "energy.api",
    "hedge_plan": "energy.api",
    "solve_system": "energy.api",
    "SystemResult": "energy.api",
    "DemandProjection": "energy.demand.projection",
    "project_demand": "energy.demand.projection",
    "EnergyError": "energy.errors",
    "InputError": "energy.errors",
    "Inputs": "energy.inputs.tables",
    "load_inputs": "energy.inputs.tables",
    "Scenario": "energy.scenario.files",
    "load_scenario": "energy.scenario.files",
}

__all__ = ["__version__", *sorted(_PUBLIC)]


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'energy' has no attribute {name!r}")
