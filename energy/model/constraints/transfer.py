"""Transfer capability on corridors, and its expansion only after the expansion lead time."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 60
FAMILIES = (
    Family(
        "transfer capability",
        ("transfer_limit", "firm_import_limit"),
        {
            "transfer_limit": "flows exceed transfer capability",
            "firm_import_limit": "firm imports exceed transfer capability",
        },
        ("corridors.transfer_capability_mw", "corridors.expansion_lead_time_years"),
        limit=True,
        unit="USD/MW-yr",
        key=lambda name, i: (f"{i[0]}>{i[1]}", i[2], ""),
        combine="sum",
        letter="T",
        colour="#E69F00",
    ),
    Family(
        "transfer lead time",
        ("transfer_lead_time",),
        {"transfer_lead_time": "transmission would be needed before its lead time allows"},
        ("corridors.expansion_lead_time_years", "grid_settings.decision_year"),
    ),
)


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
