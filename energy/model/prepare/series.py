"""Shared helpers that turn workbook tables into model series: step and interpolated series per
key and year, and per-region columns that must cover every region."""

from __future__ import annotations

import numpy as np
import pandas as pd

from energy.errors import InputError
from energy.inputs.schema import GRID_TABLE_NAMES
from energy.inputs.tables import Inputs


def require_grid_tables(inputs: Inputs) -> None:
    missing = [name for name in GRID_TABLE_NAMES if name not in inputs.tables]
    if missing:
        raise InputError(
            [
                f"{inputs.path}: the grid model needs sheet(s) {', '.join(missing)} (see `energy inputs template`)"
            ]
        )


def step_series(
    table: pd.DataFrame, keys: list[str], year_col: str, value: str, years: list[int]
) -> pd.Series:
    """A value that holds from its listed year until the next listed year: (keys..., year) -> value."""
    out = {}
    for key, rows in table.groupby(keys):
        key = key if isinstance(key, tuple) else (key,)
        rows = rows.sort_values(year_col)
        for y in years:
            applicable = rows[rows[year_col] <= y]
            if len(applicable):
                out[(*key, y)] = float(applicable[value].iloc[-1])
    return pd.Series(out, dtype=float)


def interpolate(table: pd.DataFrame, keys: list[str], value: str, years: list[int]) -> pd.Series:
    """Linear in years between listed years, flat outside: (keys..., year) -> value."""
    out = {}
    for key, rows in table.groupby(keys):
        key = key if isinstance(key, tuple) else (key,)
        rows = rows.sort_values("year")
        values = np.interp(years, rows["year"].to_numpy(float), rows[value].to_numpy(float))
        out.update({(*key, y): float(v) for y, v in zip(years, values, strict=True)})
    return pd.Series(out, dtype=float)


def by_region(
    inputs: Inputs, sheet: str, column: str, regions: list[str], unique: bool = True
) -> pd.Series:
    """A column of a per-region sheet for every region (the rules make sure each has a row)."""
    table = inputs[sheet]
    return table.set_index("region_id")[column].reindex(regions) if unique else table[column]
