"""Build rate and lead time: how fast new plants can enter service, and not before they can be built."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    """A model year standing for several calendar years may add the yearly limit once per year
    of its step in which the technology can already enter service (its lead time)."""
    step = data.step_years
    first = data.first_build_year.to_dict()
    group = data.techs["group"].to_dict()
    buildable_years = {}  # (group, year) -> calendar years of the step in which the group can build
    for g in data.techs.index:
        for y in data.years:
            years_open = max(0, min(step[y], y - first.get(g, data.years[0]) + 1))
            buildable_years[group[g], y] = max(buildable_years.get((group[g], y), 0), years_open)
    members = {}  # (region, group) -> buildable technologies sharing the supply chain
    for r, g in m.RGB:
        members.setdefault((r, group[g]), []).append(g)
    regional = data.build_limit_mw_per_year.dropna().to_dict()
    index = [(r, k, y) for (r, k) in members for y in data.years if (r, k, y) in regional]
    m.build_rate = pyo.Constraint(
        index,
        rule=lambda m, r, k, y: (
            sum(m.build[r, g, y] for g in members[r, k])
            <= regional[r, k, y] * buildable_years[k, y]
        ),
        doc="new capacity per region, build group and year <= its build limit",
    )
    national = data.national_build_limit_mw_per_year.dropna().to_dict()
    years = set(data.years)
    nat_index = [
        (k, y) for (k, y) in national if y in years and any(kk == k for (_, kk) in members)
    ]
    m.national_build_rate = pyo.Constraint(
        nat_index,
        rule=lambda m, k, y: (
            sum(m.build[r, g, y] for (r, kk), gs in members.items() if kk == k for g in gs)
            <= national[k, y] * buildable_years[k, y]
        ),
        doc="new capacity per build group and year, nationwide <= supply-chain limit",
    )
    blocked = [(r, g, y) for (r, g) in m.RGB for y in data.years if y < first.get(g, data.years[0])]
    m.lead_time = pyo.Constraint(
        blocked,
        rule=lambda m, r, g, y: m.build[r, g, y] <= 0,
        doc="nothing of a technology enters service before its lead time allows",
    )
