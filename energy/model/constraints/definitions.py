"""Definitions of the shared variables: capacity in service, data-center load served per region
and transfer capability, each defined once so the many constraints that use them carry one
coefficient instead of a whole sum (fewer nonzeros, faster build and solve)."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 0
FAMILIES = (
    Family(
        "definitions",
        ("capacity_definition", "dc_served_definition", "transfer_capability_definition"),
        {
            "capacity_definition": "capacity does not add up",
            "dc_served_definition": "served data-center load does not add up",
            "transfer_capability_definition": "transfer capability does not add up",
        },
        (),
        rigid=("capacity_definition", "dc_served_definition", "transfer_capability_definition"),
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    existing = data.existing_mw.to_dict()
    years = list(data.years)

    deferred = set(m.kept)  # capacity kept past its announced retirement

    def capacity_rule(m, r, g, y):
        new = sum(m.build[r, g, v] for v in years if v <= y) if (r, g) in m.RGB else 0
        old = existing.get((r, g, y), 0.0)
        retired = m.retired[r, g, y] if (r, g) in m.RGE else 0
        kept = m.kept[r, g, y] if (r, g, y) in deferred else 0
        return m.capacity[r, g, y] == old - retired + kept + new

    m.capacity_definition = pyo.Constraint(
        m.RG,
        m.Y,
        rule=capacity_rule,
        doc="capacity = fleet not retired + kept past retirement + new builds",
    )
    inflows = {r: [] for r in data.regions}
    for a, b in m.RR:
        inflows[b].append(a)
    m.dc_served_definition = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: (
            m.dc_served[r, y]
            == m.dc_in_place[r, y] + sum(m.dc_relocated[a, r, y] for a in inflows[r])
        ),
        doc="served here = served in place + relocated here (MW)",
    )
    base_capacity = data.corridors["capacity_mw"].to_dict()
    m.transfer_capability_definition = pyo.Constraint(
        m.L,
        m.Y,
        rule=lambda m, a, b, y: (
            m.transfer_capability[a, b, y]
            == base_capacity[a, b] + sum(m.expand[a, b, v] for v in years if v <= y)
        ),
        doc="transfer capability = today's + expansions in service (MW)",
    )
