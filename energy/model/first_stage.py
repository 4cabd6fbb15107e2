"""What a plan commits to by a decision year, before it is known whether the demand comes.

A plant or line entering service in model year v was decided in v minus its lead time (a build
in service in 2030 with a 3-year lead time was decided in 2027), so by decision year D a plan has
committed: new capacity and transfer capability in service up to D + lead time, early retirements
and retirement deferrals up to D, and data-center connection capacity in place up to D. Everything
later is still open. Lead time = first year a build can be in service - the workbook's first
decision year (GridData.decision_year), as the lead-time constraints apply it.

These decisions are read from a solved plan and fixed in another scenario's model (regret), or
shared by every scenario of one stochastic program (the hedge's non-anticipativity).
"""

from __future__ import annotations

import math

import pyomo.environ as pyo

from energy.errors import EnergyError
from energy.model.data import GridData

# variable name -> what committing to it means, for messages and the decisions table
DECISIONS = {
    "build": "new capacity entering service (MW)",
    "expand": "new transfer capability entering service (MW)",
    "retired": "existing capacity retired early, cumulative (MW)",
    "kept": "capacity kept past its announced retirement under contract (MW)",
    "dc_connected": "data-center connection capacity in place (MW)",
}

Key = tuple[str, tuple]  # (variable name, index)

# decisions held as a floor, not a value: connection capacity has no cost in the model (its
# value above what served load needs is arbitrary) and no lead time, only a yearly rate, so a
# connection built stays and more may still be added within the rate
AT_LEAST = ("dc_connected",)
BOUND_TOLERANCE = 1e-6  # a plan's value this far (relative) above a bound is solver noise


def lead_years(data: GridData) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Years from decision to service: per technology, and per corridor."""
    start = data.decision_year if data.decision_year is not None else data.base_year
    techs = {g: max(0, int(y) - start) for g, y in data.first_build_year.items()}
    first = data.corridors["first_expansion_year"].to_dict()
    lines = {k: max(0, int(y) - start) for k, y in first.items()}
    return techs, lines


def first_stage_keys(m: pyo.ConcreteModel, data: GridData, decision_year: int) -> list[Key]:
    """Every decision taken by `decision_year`, as (variable name, index), in model order."""
    tech_lead, line_lead = lead_years(data)
    keys: list[Key] = []
    for r, g, v in m.build:
        if v - tech_lead.get(g, 0) <= decision_year:
            keys.append(("build", (r, g, v)))
    for a, b, v in m.expand:
        if v - line_lead.get((a, b), 0) <= decision_year:
            keys.append(("expand", (a, b, v)))
    keys += [("retired", k) for k in m.retired if k[-1] <= decision_year]
    keys += [("kept", k) for k in m.kept if k[-1] <= decision_year]
    keys += [("dc_connected", k) for k in m.dc_connected if k[-1] <= decision_year]
    return keys


def decision_values(m: pyo.ConcreteModel, keys: list[Key]) -> dict[Key, float]:
    """The solved values of `keys` (MW), with solver noise below zero cut to zero."""
    return {(name, idx): max(0.0, float(getattr(m, name)[idx].value or 0.0)) for name, idx in keys}


def fix_decisions(m: pyo.ConcreteModel, values: dict[Key, float]) -> None:
    """Hold each decision at its value (connections at least at it: AT_LEAST), so a re-solve
    can only change what is still open; EnergyError if the model has no such decision."""
    for (name, idx), value in values.items():
        var = getattr(m, name, None)
        if var is None or idx not in var:
            raise EnergyError(
                f"the plan decided {DECISIONS[name]} {', '.join(map(str, idx))}, which the "
                "realized scenario's grid does not have: plan and realized scenarios must share "
                "the workbook's regions, technologies, corridors and the model years"
            )
        if not math.isfinite(value):
            raise EnergyError(f"the plan's {name}{idx} is not a number ({value})")
        upper = var[idx].ub
        if upper is not None and value > upper + BOUND_TOLERANCE * max(1.0, abs(upper)):
            # e.g. a retirement the realized scenario forbids (technologies.retires_early,
            # grid_settings.early_retirement_from_year, the base year): its fleet is given there,
            # and fixing the decision anyway would let that fleet run above its capacity
            raise EnergyError(
                f"the plan decided {value:,.1f} MW of {DECISIONS[name]} "
                f"{', '.join(map(str, idx))}, which the realized scenario allows at most "
                f"{upper:,.1f}: plan and realized scenarios must share the rules for building and "
                "retiring (technologies.retires_early, grid_settings.early_retirement_from_year "
                "and decision_year, the model years)"
            )
        value = value if upper is None else min(value, upper)  # solver noise above the bound
        var[idx].setlb(value)
        if name not in AT_LEAST:
            var[idx].setub(value)


def share_decisions(
    top: pyo.ConcreteModel, blocks: list[pyo.Block], keys: list[Key]
) -> pyo.Constraint:
    """Non-anticipativity: each decision of `keys` takes one value in every block (scenario),
    written as equal to the first block's (connections aside: AT_LEAST); returns the constraint
    (indexed by block, key)."""
    keys = [k for k in keys if k[0] not in AT_LEAST]  # costless floors: nothing to share
    index = [(s, i) for s in range(1, len(blocks)) for i in range(len(keys))]

    def same(_top, s, i):
        name, idx = keys[i]
        return getattr(blocks[s], name)[idx] == getattr(blocks[0], name)[idx]

    top.shared_decision = pyo.Constraint(
        index,
        rule=same,
        doc="a decision taken by the decision year is the same whichever demand comes",
    )
    return top.shared_decision
