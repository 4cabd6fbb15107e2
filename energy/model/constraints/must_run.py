"""Must-run: an existing fleet runs at least a stated share of each model year (sheet must_run).

A zonal least-cost dispatch runs a gas turbine or a gas steam unit only when every cheaper plant
in reach is already running; in 2023 those plants ran at 11% (CEMS; EIA: turbines 12.9%, steam
units 17.4%) for what such a dispatch does not see: load pockets held up by must-run
commitments, ramps and starts a combined cycle cannot follow, voltage support. Left out, their
energy goes to combined cycles, which then run about 8 points above their 2023 capacity factor
and burn about 35 Mt less CO2 than they did. Physics of the floor, per region r, fleet g and
model year y:

    sum_h hours_h * gen[r,g,y,h] >= min_capacity_factor[r,g] * 8,760 h * capacity[r,g,y]

on the capacity still in service (announced and economic retirements shrink it). The optimizer
places that energy in the slices where it is worth most. Its dual, divided by the year's
discount weight, is what one more MWh of floor costs over letting the dispatch choose (USD/MWh).
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 22
FAMILIES = (
    Family(
        "must-run",
        ("must_run",),
        {"must_run": "a fleet would run less than its must-run share of the year"},
        ("must_run.min_capacity_factor",),
        quantity="MWh",
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    floor = data.min_capacity_factor.to_dict()
    pairs = [(r, g) for (r, g) in m.RGD if floor.get((r, g), 0.0) > 0]
    hours = data.slice_hours.to_dict()
    year_hours = data.hours_per_year
    m.must_run = pyo.Constraint(
        [(r, g, y) for (r, g) in pairs for y in m.Y],
        rule=lambda m, r, g, y: (
            sum(hours[h] * m.gen[r, g, y, h] for h in m.H)
            >= floor[r, g] * year_hours * m.capacity[r, g, y]
        ),
        doc="generation over the year >= must-run capacity factor x hours x capacity (MWh)",
    )
