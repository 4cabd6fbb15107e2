"""Case-keyed, year-keyed input series: pick a case's rows and fill every year by interpolation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from energy.inputs.schema import ALL_CASES


def rows_for_case(table: pd.DataFrame, case: str, key: list[str]) -> pd.DataFrame:
    """Rows that apply to `case`: its own rows, plus 'all' rows whose key it does not redefine.

    `key` is the table key without the case column (e.g. ["class_id", "year"]).
    """
    selected = table[table["case"].isin([case, ALL_CASES])]
    # Case-specific rows sort first, so drop_duplicates keeps them over 'all' rows.
    priority = (selected["case"] == ALL_CASES).astype(int)
    selected = selected.assign(_priority=priority).sort_values([*key, "_priority"], kind="stable")
    return selected.drop_duplicates(subset=key, keep="first").drop(columns="_priority")


def interpolate_years(
    table: pd.DataFrame, by: list[str], value: str, years: list[int] | np.ndarray
) -> pd.DataFrame:
    """Fill `value` for every year in `years` for each group of `by` columns.

    Linear between listed years, flat before the first and after the last listed year.
    Returns a wide frame: index = years, columns = the groups (a MultiIndex if several `by`).
    """
    years = np.asarray(years, dtype=float)
    wide = table.pivot_table(index="year", columns=by, values=value, aggfunc="first").sort_index()
    filled = {}
    for column in wide.columns:
        known = wide[column].dropna()
        filled[column] = np.interp(
            years, known.index.to_numpy(dtype=float), known.to_numpy(dtype=float)
        )
    out = pd.DataFrame(filled, index=pd.Index(years.astype(int), name="year"))
    out.columns = wide.columns
    return out


def case_series(
    table: pd.DataFrame, case: str, by: list[str], value: str, years: list[int] | np.ndarray
) -> pd.DataFrame:
    """`rows_for_case` followed by `interpolate_years`: a case's full yearly series per group."""
    rows = rows_for_case(table, case, [*by, "year"])
    return interpolate_years(rows, by, value, years)
