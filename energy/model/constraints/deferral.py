"""Deferred retirement: a plant announced to retire may be kept in service, year by year, under
a reliability-must-run (RMR) contract, instead of leaving on its announced date.

When a retirement would leave a region short, grid operators keep the plant under contract
until the replacement (often transmission) is ready: PJM keeps Brandon Shores (1,289 MW coal)
and Wagner (843 MW oil) running to May 2029 for 145 and 35 million USD a year (FERC, 2025).
Here capacity whose announced retirement has come may stay for a few years (at most what has
been announced to retire from the decision year on, within the last
retirement_deferral_max_years years: contracts bridge to a replacement, as Brandon Shores's runs
from its June 2025 retirement date to May 2029; earlier retirements are history); once let go it does not
return (what stays in a later year is at most what stayed before plus that year's new
retirements, less any of them the plan had already retired early). A kept MW costs the RMR rate
(grid setting retirement_deferral_usd_per_kw_yr: Brandon Shores's, the larger of the two PJM
contracts per kW; Wagner's oil units cost 41.5 USD/kW-yr) in place of its fixed O&M, which the
objective charges on all capacity in service: the rate less that O&M (never below 0) is added.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 26
FAMILIES = (
    Family(
        "retirement deferral",
        ("deferral_limit", "deferral_order"),
        {
            "deferral_limit": "more capacity kept than was announced to retire",
            "deferral_order": "a plant let go would have to come back",
        },
        (
            "fleet_changes.change_mw",
            "grid_settings.retirement_deferral_usd_per_kw_yr",
            "grid_settings.retirement_deferral_max_years",
        ),
        rigid=("deferral_limit", "deferral_order"),
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    announced = data.announced_retired_mw.to_dict()
    deferrable = data.deferrable_mw.to_dict()
    keys = list(m.kept)  # declared with the other variables (capacity counts it)
    m.deferral_limit = pyo.Constraint(
        keys,
        rule=lambda m, r, g, y: m.kept[r, g, y] <= deferrable[r, g, y],
        doc="kept <= announced to retire within the contract window (MW)",
    )
    years = list(data.years)
    prev = dict(zip(years[1:], years[:-1], strict=True))
    chained = [(r, g, y) for (r, g, y) in keys if y in prev]

    def order(m, r, g, y):
        before = prev[y]
        kept_before = m.kept[r, g, before] if (r, g, before) in kept else 0.0
        newly = announced[r, g, y] - announced.get((r, g, before), 0.0)
        retired_early_then = m.retired[r, g, before] - m.retired[r, g, y]
        return m.kept[r, g, y] <= kept_before + newly - retired_early_then

    kept = set(keys)
    m.deferral_order = pyo.Constraint(
        chained,
        rule=order,
        doc="kept now <= kept before + newly announced retirements not retired early (MW)",
    )


def cost(m: pyo.ConcreteModel, data: GridData, year: int):
    """RMR payments above fixed O&M (charged on all capacity) for the capacity kept (USD)."""
    if not len(m.kept):
        return 0.0
    fom = data.fom_usd_per_mw_yr.to_dict()
    rate = data.retirement_deferral_usd_per_mw_yr
    return sum(max(rate - fom[g, y], 0.0) * m.kept[r, g, y] for (r, g, y) in m.kept if y == year)
