"""Transfer capability on corridors, and its expansion only after the expansion lead time."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    m.transfer_limit = pyo.Constraint(
        m.L,
        m.Y,
        m.H,
        rule=lambda m, a, b, y, h: m.flow[a, b, y, h] <= m.transfer_capability[a, b, y],
        doc="flow <= transfer capability (MW)",
    )
    first = data.corridors["first_expansion_year"].to_dict()
    blocked = [(a, b, y) for (a, b) in m.L for y in data.years if y < first[a, b]]
    m.transfer_lead_time = pyo.Constraint(
        blocked,
        rule=lambda m, a, b, y: m.expand[a, b, y] <= 0,
        doc="no new transfer capability before its lead time allows",
    )
