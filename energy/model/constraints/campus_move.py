"""Moving a campus costs a second site: a one-time site-development cost per MW moved.

A request comes with its site (the parcel, grading, roads and utility works in the requested
region); load served in another region needs a campus there, so a move pays for site
development again: `relocation_site_usd_per_mw` per MW of campus capacity, i.e. that over
`dc_utilization` per MW of average load, recovered over the site's life at the discount rate as
a plant's capital is. Only load newly moved along a route pays, in the year it moves:

    moved[a -> b, y] >= relocated[a -> b, y] - relocated[a -> b, previous model year]
    cost(y) = crf(life) x site / utilization x sum over v <= y of moved[a -> b, v]

so a campus that stays is paid for once, and load that moves away and back pays twice. The
first model year's relocations count as new. With a zero site cost nothing is built.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData, capital_recovery_factor
from energy.model.family import Family

ORDER = 43
FAMILIES = (
    Family(
        "campus moves",
        ("campus_move",),
        {"campus_move": "load newly moved along a route is not counted as moved"},
        (
            "grid_settings.relocation_site_cost_usd_per_mw",
            "grid_settings.relocation_site_life_years",
        ),
        rigid=("campus_move",),
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    if data.relocation_site_usd_per_mw <= 0:
        return
    years = list(m.Y)
    prev = dict(zip(years[1:], years[:-1], strict=True))
    m.campus_moved = pyo.Var(
        m.RR,
        m.Y,
        within=pyo.NonNegativeReals,
        doc="data-center load newly moved from one region to another in a year (MW)",
    )
    m.campus_move = pyo.Constraint(
        m.RR,
        m.Y,
        rule=lambda m, a, b, y: (
            m.campus_moved[a, b, y]
            >= m.dc_relocated[a, b, y] - (m.dc_relocated[a, b, prev[y]] if y in prev else 0.0)
        ),
        doc="load newly moved >= relocated this year - relocated the year before (MW)",
    )


def cost(m: pyo.ConcreteModel, data: GridData, year: int):
    """Capital recovery of every second site built by `year` (USD)."""
    if data.relocation_site_usd_per_mw <= 0:
        return 0.0
    crf = capital_recovery_factor(data.discount_rate, data.relocation_site_life_years)
    per_mw_load = data.relocation_site_usd_per_mw / data.dc_utilization
    return (
        crf
        * per_mw_load
        * sum(m.campus_moved[a, b, v] for (a, b) in m.RR for v in m.Y if v <= year)
    )
