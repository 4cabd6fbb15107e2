"""On-site power: a data-center campus served by its own generation, behind the meter.

A campus may run on its own gas plant instead of waiting for the utility: served on site it needs
no connection capacity (so the large-load connection rate does not bind it) and adds nothing to
the grid's load or reserve margin, but its turbines come from the same national supply as the
grid's (the build group's national build limit) and after the same lead time, and it pays
their capital, fixed O&M, fuel at the region's price x heat rate, and emits:

    on-site capacity[r, y] = sum of on-site builds up to y >= capacity per MW x served on site
    cost[y] = capital recovery x capex x builds + fixed O&M x capacity + running cost x MWh

Capacity per MW of load (grid setting onsite_capacity_per_mw_load) covers redundancy: a campus
that must run through a unit's outage or maintenance keeps spare units (N+1 or more).
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 44
FAMILIES = (
    Family(
        "on-site power",
        ("onsite_capacity_need",),
        {"onsite_capacity_need": "data-center load served on site exceeds its on-site plants"},
        ("technologies.onsite", "grid_settings.onsite_capacity_per_mw_load"),
        rigid=("onsite_capacity_need",),  # bookkeeping: the limits are the supply and lead time
    ),
)


def onsite_years(data: GridData) -> list[int]:
    """Model years in which on-site plants can be in service (after the technology's lead time)."""
    if data.onsite_tech is None:
        return []
    first = int(data.first_build_year.get(data.onsite_tech, data.years[0]))
    return [y for y in data.years if y >= first and y != data.base_year]


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    allowed = set(onsite_years(data))
    for r in data.regions:
        for y in data.years:
            if y not in allowed:  # none, or not yet: nothing on site
                m.onsite_build[r, y].setub(0.0)
                m.dc_onsite[r, y].setub(0.0)
    years = list(data.years)
    need = data.onsite_mw_per_mw_load
    m.onsite_capacity_need = pyo.Constraint(
        m.R,
        sorted(allowed),
        rule=lambda m, r, y: (
            need * m.dc_onsite[r, y] <= sum(m.onsite_build[r, v] for v in years if v <= y)
        ),
        doc="capacity per MW x load served on site <= on-site plants in service (MW)",
    )


def cost(m: pyo.ConcreteModel, data: GridData, y: int):
    """The on-site plants' cost in year `y` (USD): capital recovery, fixed O&M and running."""
    g = data.onsite_tech
    if g is None:
        return 0.0
    crf = data.crf(g)
    capex = data.capex_usd_per_mw
    fom = float(data.fom_usd_per_mw_yr[g, y])
    vc = data.variable_cost_usd_per_mwh
    hours = data.hours_per_year
    years = [v for v in data.years if v <= y]
    return sum(
        sum(crf * float(capex[g, v]) * m.onsite_build[r, v] for v in years)
        + fom * sum(m.onsite_build[r, v] for v in years)
        + hours * float(vc.get((r, g, y), 0.0)) * m.dc_onsite[r, y]
        for r in data.regions
    )
