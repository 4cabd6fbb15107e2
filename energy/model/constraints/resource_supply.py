"""Resource supply: new wind and solar of each tranche fit on the sites its region has.

A supply curve (sheet resource_supply, from NREL's reV sites as ReEDS uses them) says how much
capacity of each quality a region's land holds: the best 10 GW of a region's wind sites, the
next 40 GW, and so on, each with its own capacity factor. Capacity of a tranche in service
(its builds, none retired) stays within what its sites hold; a tranche without a row in a
region cannot be built there. Where the good sites are used up, new capacity moves to the
next tranche (a lower capacity factor) or to another technology or region.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 45
FAMILIES = (
    Family(
        "resource supply",
        ("resource_limit",),
        {"resource_limit": "more wind or solar of a tranche than the region's sites hold"},
        ("resource_supply.capacity_mw",),
        limit=True,
        unit="USD/kW-yr",
        scale=1 / 1000,
        key=lambda name, i: (i[0], i[2], i[1]),
        letter="R",
        colour="#117733",
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    supply = data.resource_supply_mw.to_dict()
    limited = {tech for (_, tech) in supply}
    keys = [(r, g, y) for (r, g) in m.RGB if g in limited for y in data.years]
    m.resource_limit = pyo.Constraint(
        keys,
        rule=lambda m, r, g, y: m.capacity[r, g, y] <= supply.get((r, g), 0.0),
        doc="capacity of a wind or solar tranche <= what the region's sites hold (MW)",
    )
