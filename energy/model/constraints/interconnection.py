"""Data-center placement and large-load interconnection.

Requested load is served in place, relocated to another region, or unserved; served load needs
connection capacity (average load = utilization x connection), and utilities can add only so
much connection capacity per year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 40
FAMILIES = (
    Family(
        "data-center allocation",
        ("dc_allocation", "existing_dc_stay"),
        {
            "dc_allocation": "requested data-center load cannot be placed",
            "existing_dc_stay": "base-year data centers cannot stay where they are",
        },
        (
            "dc_load_2023.share_of_national",
            "dc_pipeline.capacity_mw",
            "scenario [grid] allow_relocation",
            "scenario [grid] allow_unserved",
        ),
        rigid=("dc_allocation",),  # bookkeeping: a conflict is named by the limit that stops it
    ),
    Family(
        "large-load interconnection",
        ("dc_connection", "interconnection_rate"),
        {
            "dc_connection": "served data-center load exceeds its connection capacity",
            "interconnection_rate": "new data-center connections exceed what the utility can connect",
        },
        ("interconnection.connect_mw_per_year", "grid_settings.dc_utilization"),
        limit=True,
        reported=("interconnection_rate",),
        unit="USD/MW of connection capacity",
        key=lambda name, i: (i[0], i[1], "connection rate"),
        connection=True,
        letter="I",
        colour="#0072B2",
    ),
)


def requested_mw(data: GridData) -> pd.Series:
    """(region, year) -> load to place: served in place + relocated + on site + unserved."""
    return data.dc_requested_mw


def stay_mw(data: GridData) -> pd.Series:
    """(region, year) -> load that must be served in place: base-year data centers stay
    (never more than requested)."""
    requested = data.dc_requested_mw
    existing = data.dc_existing_mw.reindex(requested.index.get_level_values(0)).fillna(0.0)
    return pd.Series(np.minimum(existing.to_numpy(), requested.to_numpy()), index=requested.index)


def connection_rate_mw(data: GridData) -> pd.Series:
    """(region, year) -> connection capacity the utility may add in the model year's step; the
    first year also holds the capacity in place before it (base-year load / utilization)."""
    step = data.step_years
    first = data.years[0]
    base = data.dc_connected_base_mw.to_dict()
    limit = data.connect_limit_mw_per_year.to_dict()
    return pd.Series(
        {
            (r, y): limit.get((r, y), 0.0) * step[y] + (base.get(r, 0.0) if y == first else 0.0)
            for r in data.regions
            for y in data.years
        },
        dtype=float,
    )


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    requested = requested_mw(data).to_dict()
    outs = {r: [b for (a, b) in m.RR if a == r] for r in data.regions}
    m.dc_allocation = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: (
            m.dc_in_place[r, y]
            + sum(m.dc_relocated[r, b, y] for b in outs[r])
            + m.dc_unserved[r, y]
            + m.dc_onsite[r, y]
            == requested[r, y]
        ),
        doc="served in place + relocated + served on site + unserved = requested (MW)",
    )
    stay = stay_mw(data).to_dict()
    m.existing_dc_stay = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: m.dc_in_place[r, y] >= stay[r, y],
        doc="data centers operating in the base year stay where they are and are served; only new load can move or go unserved",
    )
    u = data.dc_utilization
    m.dc_connection = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: m.dc_served[r, y] <= u * m.dc_connected[r, y],
        doc="served data-center load <= utilization x connection capacity",
    )
    rate_mw = connection_rate_mw(data).to_dict()
    years = list(data.years)
    prev = dict(zip(years[1:], years[:-1], strict=True))

    def rate(m, r, y):
        before = m.dc_connected[r, prev[y]] if y in prev else 0.0
        return m.dc_connected[r, y] - before <= rate_mw[r, y]

    m.interconnection_rate = pyo.Constraint(
        m.R, m.Y, rule=rate, doc="new connection capacity <= what the utility can connect per year"
    )
