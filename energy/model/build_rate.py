"""Build rate and lead time: how fast new plants can enter service, and not before they can be built."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData


def buildable_years_of(data: GridData) -> dict[tuple[str, int], int]:
    """(build group, model year) -> calendar years of the year's step in which the group can
    already put new capacity in service (its members' lead times)."""
    step = data.step_years
    first = data.first_build_year.to_dict()
    group = data.techs["group"].to_dict()
    years = {}
    for g in data.techs.index:
        for y in data.years:
            years_open = max(0, min(step[y], y - first.get(g, data.years[0]) + 1))
            years[group[g], y] = max(years.get((group[g], y), 0), years_open)
    return years


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    """A model year standing for several calendar years may add the yearly limit once per year
    of its step in which the technology can already enter service (its lead time)."""
    first = data.first_build_year.to_dict()
    group = data.techs["group"].to_dict()
    buildable_years = buildable_years_of(data)
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
