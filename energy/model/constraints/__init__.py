"""Constraint families, one module each: the module builds its components (`add`) and declares
their records (`FAMILIES`); `ORDER` fixes where its rows sit in the model.

A module placed in this folder is found and built; nothing else needs to list it. A module
may also say which of its rows are in effect one variable's upper bound (`as_bounds`), so
that re-solves can hold them as bounds (energy.results.held_back).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from energy.model.family import Family


def modules() -> tuple[ModuleType, ...]:
    """Every constraint module of this package, in build order (ORDER, then name)."""
    found = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
    ]
    return tuple(sorted(found, key=lambda module: (module.ORDER, module.__name__)))


def families(extra: tuple[ModuleType, ...] = ()) -> tuple[Family, ...]:
    """The records of every family the model builds (with those of `extra` modules)."""
    return tuple(f for module in (*modules(), *extra) for f in module.FAMILIES)


def rows_as_bounds(m) -> list[tuple]:
    """(constraint, variable, upper MW) for every row of a built model that only bounds one
    variable by a constant, from each module that says so (`as_bounds(m)`)."""
    return [
        row for module in modules() if hasattr(module, "as_bounds") for row in module.as_bounds(m)
    ]
