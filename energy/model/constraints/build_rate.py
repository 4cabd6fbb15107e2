"""Build rate and lead time: how fast new plants can enter service, and not before they can be built."""

from __future__ import annotations

import itertools

import pandas as pd
import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 50
FAMILIES = (
    Family(
        "build rate",
        ("build_rate", "national_build_rate"),
        {
            "build_rate": "new plants exceed the regional build limit",
            "national_build_rate": "new plants exceed the national supply-chain limit",
        },
        ("build_limits.max_new_mw_per_year", "technologies.build_group"),
        limit=True,
        unit="USD/MW",
        key=lambda name, i: (i[0], i[2], i[1]) if name == "build_rate" else ("US", i[1], i[0]),
        letter="B",
        colour="#CC79A7",
    ),
    Family(
        "lead time",
        ("lead_time",),
        {"lead_time": "plants would be needed before their lead time allows"},
        ("technologies.lead_time_years", "grid_settings.decision_year"),
        limit=True,
        unit="USD/MW",
        key=lambda name, i: (i[0], i[2], i[1]),
        letter="L",
        colour="#56B4E9",
    ),
)


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


def regional_build_mw(data: GridData) -> pd.Series:
    """(region, build group, model year) -> new capacity allowed in the year's step: the
    yearly limit once per calendar year in which the group can already enter service."""
    open_years = buildable_years_of(data)
    limit = data.build_limit_mw_per_year.dropna()
    return pd.Series(
        {(r, k, y): v * open_years.get((k, y), 0) for (r, k, y), v in limit.items()}, dtype=float
    )


def national_build_mw(data: GridData) -> pd.Series:
    """(build group, model year) -> new capacity allowed nationwide in the year's step."""
    open_years = buildable_years_of(data)
    limit = data.national_build_limit_mw_per_year.dropna()
    return pd.Series(
        {(k, y): v * open_years.get((k, y), 0) for (k, y), v in limit.items()}, dtype=float
    )


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    """A model year standing for several calendar years may add the yearly limit once per year
    of its step in which the technology can already enter service (its lead time)."""
    first = data.first_build_year.to_dict()
    group = data.techs["group"].to_dict()
    members = {}  # (region, group) -> buildable technologies sharing the supply chain
    for r, g in m.RGB:
        members.setdefault((r, group[g]), []).append(g)
    regional = regional_build_mw(data).to_dict()
    index = [(r, k, y) for (r, k) in members for y in data.years if (r, k, y) in regional]
    m.build_rate = pyo.Constraint(
        index,
        rule=lambda m, r, k, y: sum(m.build[r, g, y] for g in members[r, k]) <= regional[r, k, y],
        doc="new capacity per region, build group and year <= its build limit",
    )
    national = national_build_mw(data).to_dict()
    years = set(data.years)
    # on-site plants for data centers draw on the same national supply as their build group
    onsite = group.get(data.onsite_tech) if data.onsite_tech is not None else None
    nat_index = [
        (k, y)
        for (k, y) in national
        if y in years and (k == onsite or any(kk == k for (_, kk) in members))
    ]

    def national_rule(m, k, y):
        grid = sum(m.build[r, g, y] for (r, kk), gs in members.items() if kk == k for g in gs)
        behind_the_meter = sum(m.onsite_build[r, y] for r in m.R) if k == onsite else 0
        return grid + behind_the_meter <= national[k, y]

    m.national_build_rate = pyo.Constraint(
        nat_index,
        rule=national_rule,
        doc="new capacity per build group and year, nationwide (on-site plants too) <= supply-chain limit",
    )
    for (r, g), y in itertools.product(m.RGB, data.years):
        if not data.decides(y):  # the base year is history: nothing is built in it
            m.build[r, g, y].setub(0.0)
    blocked = [
        (r, g, y)
        for (r, g) in m.RGB
        for y in data.years
        if y < first.get(g, data.years[0]) and data.decides(y)
    ]
    m.lead_time = pyo.Constraint(
        blocked,
        rule=lambda m, r, g, y: m.build[r, g, y] <= 0,
        doc="nothing of a technology enters service before its lead time allows",
    )
