"""Scenario overrides: single cells of the workbook replaced, then the tables checked again."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from energy.errors import InputError
from energy.inputs.schema import TABLES
from energy.inputs.tables import Inputs, load_inputs, validate_tables
from energy.scenario.files import Override, Scenario


def _coerce(value: Any, kind: str) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError  # nan and inf are not values a cell can take
    if kind in ("int", "year"):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or float(value) != int(value)
        ):
            raise ValueError
        return int(value)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError
        return float(value)
    return str(value)


def apply_overrides(inputs: Inputs, overrides: list[Override]) -> Inputs:
    """Inputs with each override's cell replaced; every override must name an existing cell."""
    tables = {name: df.copy() for name, df in inputs.tables.items()}
    problems = []
    for o in overrides:
        if o.sheet not in TABLES or o.sheet not in tables:
            problems.append(
                f"{o.origin}: no sheet '{o.sheet}' in the workbook; sheets are {', '.join(TABLES)}"
            )
            continue
        table, df = TABLES[o.sheet], tables[o.sheet]
        if o.column not in table.column_names:
            problems.append(
                f"{o.origin}: sheet '{o.sheet}' has no column '{o.column}'; columns are {', '.join(table.column_names)}"
            )
            continue
        unknown = [k for k in o.where if k not in table.column_names]
        if unknown:
            problems.append(
                f"{o.origin}: sheet '{o.sheet}' has no column(s) {', '.join(map(repr, unknown))} to match rows on"
            )
            continue
        mask = pd.Series(True, index=df.index)
        for key, value in o.where.items():
            mask &= df[key].astype(str) == str(_coerce_or_text(value, table.column(key).kind))
        matches = df.index[mask]
        where_text = ", ".join(f"{k}={v!r}" for k, v in o.where.items()) or "(no where)"
        if len(matches) != 1:
            found = "no row" if len(matches) == 0 else f"{len(matches)} rows"
            problems.append(
                f"{o.origin}: sheet '{o.sheet}' has {found} with {where_text}; an override must name exactly one row (give the row's key: {', '.join(table.key)})"
            )
            continue
        try:
            value = _coerce(o.value, table.column(o.column).kind)
        except ValueError:
            problems.append(
                f"{o.origin}: value {o.value!r} for '{o.sheet}.{o.column}' is not {table.column(o.column).expectation()} (a finite value)"
            )
            continue
        df.loc[matches[0], o.column] = value
    if problems:
        raise InputError(problems)
    typed = validate_tables(tables, inputs.path)
    return Inputs(typed, inputs.path, dict(inputs.file_hashes))


def _coerce_or_text(value: Any, kind: str) -> Any:
    try:
        return _coerce(value, kind)
    except ValueError:
        return value


def scenario_inputs(scenario: Scenario) -> Inputs:
    """The scenario's workbook, validated, with its overrides applied and its case checked."""
    inputs = load_inputs(scenario.workbook)
    if scenario.overrides:
        inputs = apply_overrides(inputs, scenario.overrides)
    cases = list(inputs["cases"]["case_id"])
    if scenario.case not in cases:
        raise InputError(
            [
                f"{scenario.path}: case '{scenario.case}' is not in sheet 'cases' of {scenario.workbook} (cases: {', '.join(cases)})"
            ]
        )
    return inputs
