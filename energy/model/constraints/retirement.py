"""Early retirement: never more than the fleet still there, a plant retired stays retired (unless
an announced retirement takes the same MW out anyway), and none in the base year: the base-year
fleet is what operated then (history, not a decision). Nor before grid_settings'
early_retirement_from_year: model years already past when the run's data were gathered are
history too, their retirements the announced ones (sheet fleet_changes), not a decision.

Only capacity that was in service in the base year (the first model year if the base year is not
modelled) may retire early: plants added since (the committed additions of fleet_changes, e.g.
EIA-860M's 24 GW of batteries planned for 2026) are held by the contracts that financed them
(PPAs, tolling and resource-adequacy contracts) and are not retired within the horizon. Bound:
retired <= min(fleet in the year, fleet in the base year) per region and technology, which is
exact where a technology's fleet only grows or only shrinks (assumption, as ReEDS keeps new
plants to a minimum age before economic retirement). Technologies whose `retires_early` is "no"
(storage, hydro, wind, solar in the workbook) never retire early."""

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
            "retirement_limit": "more capacity would retire than is there (of the base-year fleet)",
            "retirement_order": "a plant retired early would have to come back",
        },
        (
            "fleet.capacity_mw",
            "fleet_changes.change_mw",
            "technologies.retires_early",
            "grid_settings.early_retirement_from_year",
        ),
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    years = list(data.years)
    for r, g in m.RGE:  # the past, and technologies that run to their announced retirement
        for y in years:
            if not data.retires_early(g, y):
                m.retired[r, g, y].setub(0.0)
    existing = data.existing_mw.to_dict()
    base = data.base_year if data.base_year in years else years[0]
    m.retirement_limit = pyo.Constraint(
        m.RGE,
        m.Y,
        rule=lambda m, r, g, y: (
            m.retired[r, g, y] <= min(existing.get((r, g, y), 0.0), existing.get((r, g, base), 0.0))
        ),
        doc="retired early <= fleet still there that was in service in the base year (MW)",
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
