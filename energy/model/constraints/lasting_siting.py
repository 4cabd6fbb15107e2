"""Siting as a lasting decision: a data-center campus, once built, stays.

Load hosted in a region (served in place + relocated there, `dc_served`) never falls from one
model year to the next, except as requests retire: where a region's requested load falls by D
MW, campuses serving its requests (in place or wherever its load was moved) may close, D MW in
all (`campus_closed`, split between the region itself and its destinations):

    hosted[b, y] >= hosted[b, y-1] - closed[b -> b, y] - sum_a closed[a -> b, y]
    sum_b closed[a -> b, y] <= max(0, requested[a, y-1] - requested[a, y])
    closed[a -> b, y] <= relocated[a -> b, y-1]   (a != b)

So load that moved to a region in 2030 is still hosted there in 2032, and a region cannot host
6 GW in one year and 4.5 GW in the next while requests grow. The allowance keeps every demand
path feasible: where the national total falls, requests somewhere fall by as much. The dual of
`campus_stays` is the value of letting a region's hosted load fall by one MW in a year.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 42
FAMILIES = (
    Family(
        "lasting siting",
        ("campus_stays",),
        {
            "campus_stays": "data-center load hosted in a region would have to fall (a campus vanish)"
        },
        ("dc_pipeline.capacity_mw", "dc_load_2023.share_of_national"),
    ),
)


def allowed_drop_mw(data: GridData) -> dict[tuple[str, int], float]:
    """(region, year) -> how far hosted load may fall since the previous model year: as far as
    the region's own requested load falls (0 where it grows)."""
    requested = data.dc_requested_mw.to_dict()
    years = list(data.years)
    return {
        (r, y): max(0.0, requested[r, p] - requested[r, y])
        for r in data.regions
        for p, y in zip(years[:-1], years[1:], strict=True)
    }


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    years = list(data.years)
    prev = dict(zip(years[1:], years[:-1], strict=True))
    drop = allowed_drop_mw(data)
    falling = [(a, y) for (a, y), mw in drop.items() if mw > 0]
    # (origin, host, year) where requests of the origin fall: campuses that may close
    closing = [(a, a, y) for (a, y) in falling] + [
        (a, b, y) for (a, y) in falling for (aa, b) in m.RR if aa == a
    ]
    m.campus_closed = pyo.Var(
        closing,
        within=pyo.NonNegativeReals,
        doc="data-center load of a region whose requests fell, no longer hosted where it was (MW)",
    )
    closes_into = {}
    for a, b, y in closing:
        closes_into.setdefault((b, y), []).append(a)
    m.campus_stays = pyo.Constraint(
        list(drop),
        rule=lambda m, b, y: (
            m.dc_served[b, y]
            >= m.dc_served[b, prev[y]]
            - sum(m.campus_closed[a, b, y] for a in closes_into.get((b, y), []))
        ),
        doc="data-center load hosted in a region never falls, except as requests retire (MW)",
    )
    m.campus_closing_limit = pyo.Constraint(
        falling,
        rule=lambda m, a, y: (
            sum(m.campus_closed[a, b, y] for (aa, b, yy) in closing if aa == a and yy == y)
            <= drop[a, y]
        ),
        doc="campuses close by no more than the region's requests fall (MW)",
    )
    moved = [(a, b, y) for (a, b, y) in closing if a != b]
    m.campus_closing_moved = pyo.Constraint(
        moved,
        rule=lambda m, a, b, y: m.campus_closed[a, b, y] <= m.dc_relocated[a, b, prev[y]],
        doc="a region's campuses elsewhere close only where its load was moved (MW)",
    )
