"""Relocation lead time: a campus moved to another region has to be built there first.

Load requested in one region can be served in another only from the first year a move decided
in the decision year can be in service (decision year + `relocation_lead_years`): a new campus
elsewhere takes about two years to build and lease (JLL: tenants wait 24 months on average to
lease capacity). Before then, load the requesting region cannot serve waits — it is unserved —
or runs on its own plants where those can be in service already:

    sum_b relocated[a -> b, y] <= 0      for every region a and model year y < first move year

The dual is the value of moving one more MW of average load in that year (USD per MW-yr).
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 41
FAMILIES = (
    Family(
        "relocation lead time",
        ("relocation_lead",),
        {
            "relocation_lead": "data-center load moved to another region before a campus there can be built"
        },
        ("grid_settings.relocation_lead_time_years", "grid_settings.decision_year"),
        limit=True,
        unit="USD/MW-yr of moved load",
        letter="M",
        colour="#882255",
    ),
)


def first_move_year(data: GridData) -> int:
    """The first model year in which load may be served away from where it was requested."""
    decided = data.decision_year if data.decision_year is not None else data.base_year
    return decided + data.relocation_lead_years


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    first = first_move_year(data)
    origins = sorted({a for a, _ in m.RR})
    keys = [(a, y) for a in origins for y in m.Y if y < first]
    m.relocation_lead = pyo.Constraint(
        keys,
        rule=lambda m, a, y: sum(m.dc_relocated[a, b, y] for (aa, b) in m.RR if aa == a) <= 0,
        doc="no load moved to another region before a campus there can be in service (MW)",
    )
