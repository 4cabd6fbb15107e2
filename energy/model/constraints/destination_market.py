"""Destination markets: a region hosts moved campuses only on sites its pipeline holds.

Load requested in one region and served in another needs campuses there, and campuses are
built where developers hold land and have asked for power: a region's campus pipeline. By
default that is the region's large-load book (sheet `dc_pipeline`: connection capacity under
construction, contracted and in early planning, as its utilities report it); a market inventory
in sheet `dc_markets` ((under construction + planned IT MW) x PUE, as brokers count it) replaces the book for the
regions it lists. A region with neither has no pipeline. The pipeline, turned into average
load (x utilization, average load per MW of connection capacity), is shared by the region's
own growth and the load moved in, the region's own requests first:

    served[b, y] <= base[b] + max(pipeline[b] x u, requested[b, y] - base[b])

(served = in place + moved in; base = the base-year load, which needs no new site). So a region
whose own requested growth has already taken its pipeline hosts moved load only in place of
its own requests it does not serve, and a region without a pipeline takes none beyond that.
The right-hand side never falls while requests grow, so a campus hosted in one year still
fits in the next (lasting siting). The pipeline is as reported (no forecast of sites secured
later is published). The dual is the value of one more MW of average load a destination could
host (USD per MW-yr). With the limits relaxed there is no bound.
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
        {
            "market_room": "more data-center load hosted in a region than its campus pipeline has sites for"
        },
        (
            "dc_pipeline.capacity_mw",
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
    """(region, year) -> most data-center load (average MW) the region may host: its base-year
    load plus the larger of its campus pipeline's load and its own requested growth."""
    requested = data.dc_requested_mw.to_dict()
    base = data.dc_existing_mw.reindex(data.regions).fillna(0.0).to_dict()
    return {
        (r, y): base[r] + max(float(mw) * data.dc_utilization, requested[r, y] - base[r])
        for r, mw in data.market_room_capacity_mw.items()
        for y in data.years
    }


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    room = room_mw(data)
    into = {b: [a for (a, bb) in m.RR if bb == b] for b in m.R}
    keys = [(b, y) for (b, y) in room if into[b]]
    m.market_room = pyo.Constraint(
        keys,
        rule=lambda m, b, y: m.dc_served[b, y] <= room[b, y],
        doc="data-center load hosted in a region within its base load and campus pipeline (MW)",
    )
