"""Destination markets: a region hosts moved campuses only on sites its pipeline holds.

Load requested in one region and served in another needs campuses there, and campuses are
built where developers hold land and have asked for power: a region's campus pipeline. By
default that is the region's large-load book (sheet `dc_pipeline`: connection capacity under
construction, contracted and in early planning, as its utilities report it); a market inventory
in sheet `dc_markets` ((under construction + planned IT MW) x PUE, as brokers count it)
replaces the book for the regions it lists. A region with neither has no pipeline. The
pipeline, turned into average load (x utilization, average load per MW of connection
capacity), is shared by the region's own growth and the load moved in, its own requests first
and to the horizon (a booked site belongs to the customer who asked for it):

    sum_a relocated[a -> b, y] <= max(0, pipeline[b] x u - max_{y' >= y} growth[b, y'])

    growth[b, y'] = requested[b, y'] - requested[b, d]

for every region b and model year y from the first year a move can be in service; d is the
decision year, the books' date (what was built before then is not in them; the base-year load
where the decision year is not a model year). Every stage counts as sites: a request that its
own customer does not build (the stage probabilities say how likely that is) leaves land that
has asked for power. So a region whose own growth to the horizon takes its pipeline takes no
moved load, nor does a region without a pipeline; and as the region's own growth ahead can
only fall with y, the room never shrinks from one year to the next: a campus moved in stays. The
pipeline is as reported (no forecast of sites secured later is published). The dual is the
value of one more MW of average load a destination could host
(USD per MW-yr). With the limits relaxed there is no bound.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.constraints.relocation_lead_time import first_move_year
from energy.model.data import GridData
from energy.model.family import Family

ORDER = 44
FAMILIES = (
    Family(
        "destination market",
        ("market_room",),
        {
            "market_room": "more data-center load moved into a region than its campus pipeline has sites for"
        },
        (
            "dc_pipeline.capacity_mw",
            "dc_markets.under_construction_mw",
            "dc_markets.planned_mw",
            "dc_markets.pue",
            "grid_settings.dc_utilization",
        ),
        limit=True,
        unit="USD/MW-yr of moved load",
        letter="D",
        colour="#AA4499",
    ),
)


def room_mw(data: GridData) -> dict[tuple[str, int], float]:
    """(region, year) -> most load (average MW) moved from elsewhere the region may host: its
    campus pipeline's load less its own largest requested growth from that year on (>= 0)."""
    requested = data.dc_requested_mw.to_dict()
    years = sorted(data.years)
    base = data.dc_existing_mw.reindex(data.regions).fillna(0.0).to_dict()
    dated = data.decision_year if data.decision_year in years else None
    room = {}
    for r, mw in data.campus_pipeline_mw.items():
        start = requested[r, dated] if dated is not None else base[r]
        ahead = 0.0  # the region's largest own growth from the year on
        for y in reversed(years):
            ahead = max(ahead, requested[r, y] - start)
            room[r, y] = max(0.0, float(mw) * data.dc_utilization - ahead)
    return {(r, y): room[r, y] for r in data.campus_pipeline_mw.index for y in data.years}


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    room = room_mw(data)
    first = first_move_year(data)
    into = {b: [a for (a, bb) in m.RR if bb == b] for b in m.R}
    keys = [(b, y) for (b, y) in room if into[b] and y >= first]
    m.market_room = pyo.Constraint(
        keys,
        rule=lambda m, b, y: sum(m.dc_relocated[a, b, y] for a in into[b]) <= room[b, y],
        doc="load moved into a region within its campus pipeline, its own growth first (MW)",
    )
