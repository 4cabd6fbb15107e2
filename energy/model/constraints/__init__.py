"""Constraint families, one module each: the module builds its components (`add`) and declares
their records (`FAMILIES`); `ORDER` fixes where its rows sit in the model.

A module placed in this folder is found and built; nothing else needs to list it.
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
