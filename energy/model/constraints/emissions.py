"""Optional national CO2 limit per year."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 70
FAMILIES = (
    Family(
        "co2",
        ("co2_limit",),
        {"co2_limit": "emissions exceed the CO2 cap"},
        ("scenario [grid] co2_cap_mt",),
        limit=True,
        unit="USD/t",
        key=lambda name, i: ("US", i, "national cap"),
        lift=True,
        letter="C",
        colour="#F0E442",
        quantity="t",
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    cap = {} if data.co2_cap_t is None else data.co2_cap_t.dropna().to_dict()
    factor = data.emission_factors()
    energy = data.slice_hours.to_dict()
    m.co2_limit = pyo.Constraint(
        [y for y in data.years if y in cap],
        rule=lambda m, y: (
            sum(
                factor[r, g, y] * energy[h] * m.gen[r, g, y, h]
                for (r, g) in m.RGD
                if (r, g, y) in factor
                for h in m.H
            )
            + onsite_t(m, data, factor, y)
            <= cap[y]
        ),
        doc="national CO2 emissions <= limit (t)",
    )


def onsite_t(m: pyo.ConcreteModel, data: GridData, factor: dict, y: int):
    """CO2 of data-center load served on site in year `y` (t)."""
    g = data.onsite_tech
    if g is None:
        return 0
    hours = data.hours_per_year
    return sum(factor.get((r, g, y), 0.0) * hours * m.dc_onsite[r, y] for r in m.R)
