"""Read a solved model into tidy pandas tables (values and duals of whole components)."""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo


def values(component, names: list[str], value: str = "value") -> pd.DataFrame:
    """A variable or expression as a table: one column per index position, plus its value."""
    rows = [(*(k if isinstance(k, tuple) else (k,)), pyo.value(component[k])) for k in component]
    return pd.DataFrame(rows, columns=[*names, value])


def duals(
    model: pyo.ConcreteModel, component, names: list[str], value: str = "dual"
) -> pd.DataFrame:
    """Duals of a constraint component (million USD per unit of its right-hand side)."""
    rows = [
        (*(k if isinstance(k, tuple) else (k,)), model.dual.get(component[k], 0.0))
        for k in component
    ]
    return pd.DataFrame(rows, columns=[*names, value])
