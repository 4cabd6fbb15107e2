"""Early retirement: never more than the fleet still there, a plant retired stays retired (unless
an announced retirement takes the same MW out anyway), and none in the base year: the base-year
fleet is what operated then (history, not a decision)."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 25
FAMILIES = (
    Family(
        "retirement",
        ("retirement_limit", "retirement_order"),
        {
            "retirement_limit": "more capacity would retire than is there",
            "retirement_order": "a plant retired early would have to come back",
        },
        ("fleet.capacity_mw", "fleet_changes.change_mw"),
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    years = list(data.years)
    if years[0] == data.base_year:  # no decision can change the past: nothing retires in it
        for r, g in m.RGE:
            m.retired[r, g, years[0]].setub(0.0)
    existing = data.existing_mw.to_dict()
    m.retirement_limit = pyo.Constraint(
        m.RGE,
        m.Y,
        rule=lambda m, r, g, y: m.retired[r, g, y] <= existing.get((r, g, y), 0.0),
        doc="retired early <= fleet still there (MW)",
    )
    later = [(r, g, y) for (r, g) in m.RGE for y in years[1:]]
    prev_year = dict(zip(years[1:], years[:-1], strict=True))

    def order(m, r, g, y):
        scheduled_drop = max(
            0.0, existing.get((r, g, prev_year[y]), 0.0) - existing.get((r, g, y), 0.0)
        )
        return m.retired[r, g, y] >= m.retired[r, g, prev_year[y]] - scheduled_drop

    m.retirement_order = pyo.Constraint(
        later, rule=order, doc="retired early, cumulative, never falls (MW)"
    )
