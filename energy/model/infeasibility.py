"""Explain an infeasible grid model: which constraints cannot all hold, where, and from which inputs.

HiGHS's feasibility relaxation (an elastic re-solve) keeps every variable within its bounds
and finds the smallest total violation of constraint rows; the violated rows are the conflict.
They are named by family, region and year, with the workbook sheets and options behind them,
all read from the families' records (`energy.model.family.Family`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

HELD_TOLERANCE = 1e-3  # MW (or t): a row held fixed may be off by solver noise only
PHYSICS_PENALTY = 10.0  # what plants and stores can do costs this much more to stretch than a limit


def _records(model) -> dict[str, object]:
    """Pyomo component name -> the record of the family it belongs to."""
    return {name: family for family in model.families for name in family.components}


def _penalties(model, loaded) -> np.ndarray:
    """Per row: -1 for definitions that never stretch, PHYSICS_PENALTY for plant physics, else 1."""
    record = _records(model)
    penalty = np.ones(loaded.highs.getNumRow())
    for con, i in loaded.row_of.items():
        name = con.parent_component().local_name
        family = record.get(name)
        if family is None:
            continue
        if name in family.rigid:
            penalty[i] = -1.0
        elif family.physics:
            penalty[i] = PHYSICS_PENALTY
    return penalty


def _where(index, regions: set[str]) -> tuple[str, object]:
    """Region (or corridor) and year of a constraint index, whatever its shape."""
    parts = index if isinstance(index, tuple) else (index,)
    years = [p for p in parts if isinstance(p, int) and 1900 < p < 2200]
    names = [p for p in parts if isinstance(p, str)]
    region = names[0] if names else "US"
    if len(names) >= 2 and names[1] in regions:
        region = f"{names[0]}>{names[1]}"
    return region, (years[0] if years else "")


def conflicts(model, loaded, tolerance: float = 1e-6) -> pd.DataFrame:
    """Violated rows of the elastic re-solve, summed per component, region and year (MW or t)."""
    regions = {str(r) for r in model.R}
    highs = loaded.highs
    # variable bounds stay; rows may stretch at their penalty per unit
    highs.feasibilityRelaxation(-1.0, -1.0, 1.0, None, None, _penalties(model, loaded))
    short, over = _row_gaps(highs)
    violation = np.maximum(np.maximum(short, over), 0.0)
    constraint_of = {i: c for c, i in loaded.row_of.items()}
    rows = []
    for i in np.flatnonzero(violation > tolerance):
        if i not in constraint_of:
            continue
        con = constraint_of[i]
        name = con.parent_component().local_name
        region, year = _where(con.index(), regions)
        side = "short" if short[i] > over[i] else "over"
        rows.append((name, region, year, float(violation[i]), side))
    table = pd.DataFrame(rows, columns=["component", "region", "year", "violation", "side"])
    if not len(table):
        return table
    return (
        table.groupby(["component", "region", "year", "side"], as_index=False)["violation"]
        .agg(["sum", "max", "count"])
        .sort_values("sum", ascending=False)
        .reset_index(drop=True)
    )


def _gaps(value, lower, upper) -> tuple[np.ndarray, np.ndarray]:
    """How far values lie below their lower and above their upper bounds (negative: inside)."""
    value, lower, upper = np.asarray(value), np.asarray(lower), np.asarray(upper)
    return (
        np.where(np.isinf(lower), 0.0, lower - value),
        np.where(np.isinf(upper), 0.0, value - upper),
    )


def _row_gaps(highs) -> tuple[np.ndarray, np.ndarray]:
    lp = highs.getLp()
    return _gaps(highs.getSolution().row_value, lp.row_lower_, lp.row_upper_)


def _violations(highs) -> np.ndarray:
    """How far each row lies outside its bounds in HiGHS's current solution."""
    short, over = _row_gaps(highs)
    return np.maximum(np.maximum(short, over), 0.0)


def _bound_violation(highs) -> float:
    """How far HiGHS's current solution lies outside the columns' own bounds, at most."""
    lp = highs.getLp()
    below, above = _gaps(highs.getSolution().col_value, lp.col_lower_, lp.col_upper_)
    return float(max(below.max(initial=0.0), above.max(initial=0.0), 0.0))


def lifting_alone(model, loaded, tolerance: float = 1e-6) -> list[tuple[object, float]]:
    """Limit families each of which, stretched alone (every other row held), makes the model
    feasible, with the largest stretch it needs: so a limit the user tightened (a CO2 cap, a
    connection rate) is named even when stretching many others at once costs less."""
    highs = loaded.highs
    rows_of: dict = {}
    for con, i in loaded.row_of.items():
        rows_of.setdefault(con.parent_component().local_name, []).append(i)
    found = []
    for family in model.families:
        stretchable = [name for name in family.components if name not in family.rigid]
        rows = [i for name in stretchable for i in rows_of.get(name, [])]
        if not family.limit or not rows:
            continue
        penalty = np.full(highs.getNumRow(), -1.0)
        penalty[rows] = 1.0
        highs.feasibilityRelaxation(-1.0, -1.0, -1.0, None, None, penalty)
        # HiGHS keeps the original model's status (and returns OK even when the relaxation is
        # itself infeasible): judge by the rows and the columns' own bounds
        violation = _violations(highs)
        if _bound_violation(highs) > HELD_TOLERANCE:
            continue
        held = np.delete(violation, rows)
        if len(held) and held.max() > HELD_TOLERANCE:
            continue  # stretching this family alone is not enough
        stretch = violation[rows]
        if stretch.max() > tolerance:
            found.append((family, float(stretch.max())))
    return found


def explain(model, loaded, limit: int = 8) -> str:
    """Plain-language lines naming the conflicting constraints and their inputs."""
    try:
        table = conflicts(model, loaded)
    except Exception as error:  # the explanation must never hide the infeasibility itself
        return f"(the elastic re-solve that would name the conflict failed: {error})"
    if not len(table):
        return "the elastic re-solve found no violated constraint (numerical trouble?)"
    lines = ["the smallest violation that would make the model feasible (an elastic re-solve):"]
    record = _records(model)
    for row in table.head(limit).itertuples():
        family = record.get(row.component)
        words = family.plain.get(row.component, row.component) if family else row.component
        inputs = family.inputs_text if family and family.inputs else "see the workbook"
        name = family.name if family else row.component
        unit = family.quantity if family else "MW"
        where = f"{row.region} {row.year}".strip()
        slices = f" in {row.count} time slices" if row.count > 1 else ""
        lines.append(
            f"  - {name} ({row.component}) in {where}: {words}; by up to "
            f"{row.max:,.0f} {unit}{slices}. Inputs: {inputs}"
        )
    if len(table) > limit:
        lines.append(f"  ... and {len(table) - limit} more region/year groups")
    try:
        alone = lifting_alone(model, loaded)
    except Exception as error:  # as above: never hide the infeasibility itself
        alone, lines = [], [*lines, f"(testing each limit alone failed: {error})"]
    if alone:
        lines.append("Each of these limits, stretched alone, would make the model feasible:")
        for family, stretch in alone:
            lines.append(
                f"  - {family.name}: by up to {stretch:,.0f} {family.quantity}. "
                f"Inputs: {family.inputs_text}"
            )
    return "\n".join(lines)
