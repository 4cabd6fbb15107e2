"""Explain an infeasible grid model: which constraints cannot all hold, where, and from which inputs.

HiGHS's feasibility relaxation (an elastic re-solve) keeps every variable within its bounds
and finds the smallest total violation of constraint rows; the violated rows are the conflict.
They are named by family, region and year, with the workbook sheets and options behind them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from energy.model.build import FAMILIES

# What each Pyomo component says in plain words, and where its numbers come from.
PLAIN: dict[str, tuple[str, str]] = {
    "energy_balance": (
        "supply (generation, storage, imports) cannot meet load",
        "hourly_load, region_load, dc siting (demand, dc_pipeline), fleet, technologies, "
        "build_limits; [grid] allow_unserved = false forbids unserved or shed load",
    ),
    "adequacy": (
        "accredited capacity cannot cover the reserve margin",
        "region_load (peak), reserve_margins, technologies (accreditation), fleet",
    ),
    "dc_allocation": (
        "requested data-center load cannot be placed",
        "demand, dc_pipeline, dc_load_2023; [grid] allow_relocation, allow_unserved",
    ),
    "existing_dc_stay": (
        "base-year data centers cannot stay where they are",
        "dc_load_2023, interconnection",
    ),
    "dc_connection": (
        "served data-center load exceeds its connection capacity",
        "interconnection, grid_settings (dc_utilization)",
    ),
    "interconnection_rate": (
        "new data-center connections exceed what the utility can connect",
        "interconnection (connect_limit_mw_per_year)",
    ),
    "build_rate": ("new plants exceed the regional build limit", "build_limits, technologies"),
    "national_build_rate": (
        "new plants exceed the national supply-chain limit",
        "build_limits (scope US), technologies",
    ),
    "lead_time": (
        "plants would be needed before their lead time allows",
        "technologies (lead_time_years), grid_settings (decision_year)",
    ),
    "transfer_limit": ("flows exceed transfer capability", "corridors"),
    "firm_import_limit": ("firm imports exceed transfer capability", "corridors"),
    "transfer_lead_time": (
        "transmission would be needed before its lead time allows",
        "corridors (first_expansion_year)",
    ),
    "co2_limit": ("emissions exceed the CO2 cap", "scenario [grid] co2_cap_mt"),
    "generation_limit": ("generation exceeds available capacity", "fleet, renewable_resource"),
    "energy_limit": ("energy-limited plants exceed their energy", "technologies (energy_share)"),
    "retirement": ("retirements are inconsistent", "fleet, fleet_changes"),
}

FAMILY_OF = {c: family for family, comps in FAMILIES.items() for c in comps}

# Identities (definitions of shared variables) cannot be relaxed; physics (what a plant or a
# store can do) costs more to relax than a limit, so the conflict is named in terms of limits.
# Placing requested load is bookkeeping too: the conflict is then named by the limit that stops it.
IDENTITY = (
    "capacity_definition",
    "dc_served_definition",
    "transfer_capability_definition",
    "dc_allocation",
)
PHYSICS = ("generation_limit", "energy_limit", "storage_state") + tuple(FAMILIES.get("storage", ()))
PHYSICS_PENALTY = 10.0


def _penalties(loaded) -> np.ndarray:
    penalty = np.ones(loaded.highs.getNumRow())
    for con, i in loaded.row_of.items():
        name = con.parent_component().local_name
        if name in IDENTITY:
            penalty[i] = -1.0
        elif name in PHYSICS:
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
    highs.feasibilityRelaxation(-1.0, -1.0, 1.0, None, None, _penalties(loaded))
    lp, solution = highs.getLp(), highs.getSolution()
    constraint_of = {i: c for c, i in loaded.row_of.items()}
    rows = []
    for i, activity in enumerate(solution.row_value):
        lower, upper = lp.row_lower_[i], lp.row_upper_[i]
        short = lower - activity if not math.isinf(lower) else 0.0
        over = activity - upper if not math.isinf(upper) else 0.0
        violation = max(short, over, 0.0)
        if violation <= tolerance or i not in constraint_of:
            continue
        con = constraint_of[i]
        name = con.parent_component().local_name
        region, year = _where(con.index(), regions)
        rows.append((name, region, year, violation, "short" if short > over else "over"))
    table = pd.DataFrame(rows, columns=["component", "region", "year", "violation", "side"])
    if not len(table):
        return table
    return (
        table.groupby(["component", "region", "year", "side"], as_index=False)["violation"]
        .agg(["sum", "max", "count"])
        .sort_values("sum", ascending=False)
        .reset_index(drop=True)
    )


def explain(model, loaded, limit: int = 8) -> str:
    """Plain-language lines naming the conflicting constraints and their inputs."""
    try:
        table = conflicts(model, loaded)
    except Exception as error:  # the explanation must never hide the infeasibility itself
        return f"(the elastic re-solve that would name the conflict failed: {error})"
    if not len(table):
        return "the elastic re-solve found no violated constraint (numerical trouble?)"
    lines = ["the smallest violation that would make the model feasible (an elastic re-solve):"]
    for row in table.head(limit).itertuples():
        words, inputs = PLAIN.get(row.component, (row.component, "see the workbook"))
        family = FAMILY_OF.get(row.component, row.component)
        where = f"{row.region} {row.year}".strip()
        slices = f" in {row.count} time slices" if row.count > 1 else ""
        unit = "t" if row.component == "co2_limit" else "MW"
        lines.append(
            f"  - {family} ({row.component}) in {where}: {words}; by up to "
            f"{row.max:,.0f} {unit}{slices}. Inputs: {inputs}"
        )
    if len(table) > limit:
        lines.append(f"  ... and {len(table) - limit} more region/year groups")
    return "\n".join(lines)
