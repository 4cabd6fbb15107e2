"""Destination markets: a region takes moved campuses only on the land its market has secured.

Load requested in one region and served in another needs campuses there, and campuses are
built where developers hold land and power plans: a data-center market's planned pipeline
(land-secured or announced capacity not yet under construction, as the brokers' market
inventories count it). Each destination's room for moved load is that pipeline, in MW of IT,
turned into average load: x PUE (facility MW per IT MW) x utilization (average load per MW of
connection capacity). A region with no listed market takes no moved load:

    sum_a relocated[a -> b, y] <= room[b]     for every region b and model year y

The room is the pipeline as the inventory reports it and holds to the horizon (markets secure
more land as they grow; no forecast of that is published). The dual is the value of one more
MW of average load a destination could host (USD per MW-yr). Without the `dc_markets` sheet
there is no bound (every region a destination, as far as its connection rate goes).
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 44
FAMILIES = (
    Family(
        "destination market",
        ("market_room",),
        {"market_room": "more data-center load moved into a region than its market has land for"},
        ("dc_markets.planned_mw", "dc_markets.pue", "grid_settings.dc_utilization"),
        limit=True,
        unit="USD/MW-yr of moved load",
        letter="D",
        colour="#AA4499",
    ),
)


def room_mw(data: GridData) -> dict[str, float]:
    """Region -> most average MW of load moved from elsewhere it can host (listed regions only):
    its markets' planned campus capacity (IT MW x PUE) x utilization."""
    return {r: float(mw) * data.dc_utilization for r, mw in data.market_room_capacity_mw.items()}


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    room = room_mw(data)
    into = {b: [a for (a, bb) in m.RR if bb == b] for b in m.R}
    keys = [(b, y) for b in m.R if b in room and into[b] for y in m.Y]
    m.market_room = pyo.Constraint(
        keys,
        rule=lambda m, b, y: sum(m.dc_relocated[a, b, y] for a in into[b]) <= room[b],
        doc="load moved into a region within the land its data-center market has secured (MW)",
    )
