"""Data-center placement and large-load interconnection.

Requested load is served in place, relocated to another region, or unserved; served load needs
connection capacity (average load = utilization x connection), and utilities can add only so
much connection capacity per year.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    requested = data.dc_requested_mw.to_dict()
    outs = {r: [b for (a, b) in m.RR if a == r] for r in data.regions}
    m.dc_allocation = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: (
            m.dc_in_place[r, y]
            + sum(m.dc_relocated[r, b, y] for b in outs[r])
            + m.dc_unserved[r, y]
            == requested[r, y]
        ),
        doc="served in place + relocated + unserved = requested (MW)",
    )
    existing = data.dc_existing_mw.to_dict()
    m.existing_dc_stay = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: m.dc_in_place[r, y] >= min(existing.get(r, 0.0), requested[r, y]),
        doc="data centers operating in the base year stay where they are and are served; only new load can move or go unserved",
    )
    u = data.dc_utilization
    m.dc_connection = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: m.dc_served[r, y] <= u * m.dc_connected[r, y],
        doc="served data-center load <= utilization x connection capacity",
    )
    limit = data.connect_limit_mw_per_year.to_dict()
    base = data.dc_connected_base_mw.to_dict()
    step = data.step_years
    years = list(data.years)
    prev = dict(zip(years[1:], years[:-1], strict=True))

    def rate(m, r, y):
        before = m.dc_connected[r, prev[y]] if y in prev else base.get(r, 0.0)
        return m.dc_connected[r, y] - before <= limit.get((r, y), 0.0) * step[y]

    m.interconnection_rate = pyo.Constraint(
        m.R, m.Y, rule=rate, doc="new connection capacity <= what the utility can connect per year"
    )
