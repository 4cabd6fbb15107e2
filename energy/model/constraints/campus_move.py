"""Moving a campus costs a second site: a one-time site-development cost per MW of sites built.

A request comes with its site (the parcel, grading, roads and utility works in the requested
region); load served in another region needs campus sites there. Each region's stock of such
second sites holds at least the load moved into it and never falls (a site, once developed,
stays, whether or not its campus is later used by load from elsewhere or by none):

    sites[b, y] >= sum_a relocated[a -> b, y]
    sites[b, y] >= sites[b, previous model year]
    cost(y) = crf(life) x site cost / utilization x sum_b sites[b, y]

The cost is an annuity on the stock, as a plant's capital is on the capacity built by then:
each MW of sites pays `relocation_site_cost_usd_per_mw` per MW of campus (connection) capacity,
i.e. that over `dc_utilization` per MW of average load, recovered over
`relocation_site_life_years` at the discount rate. Load that changes origin within a region's
sites, or leaves and comes back, builds no new site. With a zero site cost nothing is built.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData, capital_recovery_factor
from energy.model.family import Family

ORDER = 43
FAMILIES = (
    Family(
        "campus sites",
        ("campus_sites_hold", "campus_sites_stay"),
        {
            "campus_sites_hold": "load moved into a region exceeds the campus sites built there",
            "campus_sites_stay": "a region's campus sites would have to vanish",
        },
        (
            "grid_settings.relocation_site_cost_usd_per_mw",
            "grid_settings.relocation_site_life_years",
        ),
        rigid=("campus_sites_hold", "campus_sites_stay"),
    ),
)


def site_usd_per_mw_yr(data: GridData) -> float:
    """Annual cost of one MW (of average load) of second sites: capital recovery of the site
    cost per MW of campus capacity over the utilization."""
    crf = capital_recovery_factor(data.discount_rate, data.relocation_site_life_years)
    return crf * data.relocation_site_cost_usd_per_mw / data.dc_utilization


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    if data.relocation_site_cost_usd_per_mw <= 0:
        return
    years = list(m.Y)
    prev = dict(zip(years[1:], years[:-1], strict=True))
    into = {b: [a for (a, bb) in m.RR if bb == b] for b in m.R}
    m.campus_sites = pyo.Var(
        m.R,
        m.Y,
        within=pyo.NonNegativeReals,
        doc="campus sites developed in a region for load requested elsewhere (MW of average load)",
    )
    m.campus_sites_hold = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, b, y: (
            m.campus_sites[b, y] >= sum(m.dc_relocated[a, b, y] for a in into[b])
            if into[b]
            else pyo.Constraint.Skip
        ),
        doc="a region's second sites hold the load moved into it (MW)",
    )
    m.campus_sites_stay = pyo.Constraint(
        m.R,
        years[1:],
        rule=lambda m, b, y: m.campus_sites[b, y] >= m.campus_sites[b, prev[y]],
        doc="a region's second sites never fall (MW)",
    )


def cost(m: pyo.ConcreteModel, data: GridData, year: int):
    """Capital recovery of the second sites standing in `year` (USD)."""
    if data.relocation_site_cost_usd_per_mw <= 0:
        return 0.0
    return site_usd_per_mw_yr(data) * sum(m.campus_sites[b, year] for b in m.R)
