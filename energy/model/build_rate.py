"""Build rate and lead time: how fast new plants can enter service, and not before they can be built."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    step = data.step_years
    regional = data.build_limit_mw_per_year.dropna().to_dict()
    index = [(r, g, y) for (r, g) in m.RGB for y in data.years if (r, g, y) in regional]
    m.build_rate = pyo.Constraint(
        index, rule=lambda m, r, g, y: m.build[r, g, y] <= regional[r, g, y] * step[y],
        doc="new capacity per region and year <= its build limit",
    )
    national = data.national_build_limit_mw_per_year.dropna().to_dict()
    regions_of = {g: [r for (r, gg) in m.RGB if gg == g] for g in m.G}
    nat_index = [(g, y) for (g, y) in national if g in regions_of and regions_of[g] and y in set(data.years)]
    m.national_build_rate = pyo.Constraint(
        nat_index, rule=lambda m, g, y: sum(m.build[r, g, y] for r in regions_of[g]) <= national[g, y] * step[y],
        doc="new capacity per technology and year, nationwide <= supply-chain limit",
    )
    first = data.first_build_year.to_dict()
    blocked = [(r, g, y) for (r, g) in m.RGB for y in data.years if y < first.get(g, data.years[0])]
    m.lead_time = pyo.Constraint(
        blocked, rule=lambda m, r, g, y: m.build[r, g, y] <= 0,
        doc="nothing of a technology enters service before its lead time allows",
    )
