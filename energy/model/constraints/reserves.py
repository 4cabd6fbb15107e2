"""Operating reserves: in every region, year and time slice, reserve-capable plants keep
headroom (available capacity not generating, storage power not discharging) for the region's
operating-reserve requirement; headroom missing is bought at the shortage price.

Storage's headroom is its power not discharging plus the charging it can stop (its stored
energy is not checked); plants that cannot start within the half hour (coal, steam units) are
marked not reserve-capable in the workbook. The requirement is a fixed MW per region and year.

This is how ERCOT's operating reserve demand curve and PJM's reserve penalty factors put
scarcity into energy prices: when headroom runs short, an extra MWh of load costs the running
cost of the marginal plant *plus* the shortage price, so tight hours price above a gas
turbine's running cost. One step of the demand curve per region (sheet operating_reserves).
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 35
FAMILIES = (
    Family(
        "operating reserves",
        ("reserve_requirement",),
        {"reserve_requirement": "plants cannot keep the operating-reserve headroom"},
        (
            "operating_reserves.requirement_share_of_peak",
            "operating_reserves.shortage_price_usd_per_mwh",
            "technologies.reserve_capable",
        ),
        limit=True,
        unit="USD/MWh",
        key=lambda name, i: (i[0], i[1], "operating reserves"),
        per_slice=True,
        letter="O",
        colour="#000000",
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    requirement = data.reserve_requirement_mw.to_dict()
    keys = [(r, y, h) for r in data.regions for y in data.years for h in data.slices.index]
    keys = [k for k in keys if requirement.get(k[:2], 0.0) > 0]
    m.reserve_shortfall = pyo.Var(
        keys, within=pyo.NonNegativeReals, doc="operating-reserve headroom missing (MW)"
    )
    capable = (
        set(data.techs.index[data.techs["reserve_capable"].fillna(False).astype(bool)])
        if "reserve_capable" in data.techs
        else set()
    )
    available = data.available_share()
    gens = {r: [g for (rr, g) in m.RGD if rr == r and g in capable] for r in data.regions}
    stores = {r: [g for (rr, g) in m.RGS if rr == r and g in capable] for r in data.regions}

    def rule(m, r, y, h):
        headroom = sum(
            available(r, g, h) * m.capacity[r, g, y] - m.gen[r, g, y, h] for g in gens[r]
        ) + sum(
            m.capacity[r, g, y] - m.discharge[r, g, y, h] + m.charge[r, g, y, h] for g in stores[r]
        )
        return headroom + m.reserve_shortfall[r, y, h] >= requirement[r, y]

    m.reserve_requirement = pyo.Constraint(
        keys, rule=rule, doc="reserve headroom + shortfall >= operating-reserve requirement (MW)"
    )


def cost(m: pyo.ConcreteModel, data: GridData, year: int):
    """Shortage cost of a year (USD): missing headroom x shortage price x hours."""
    price = data.reserve_shortage_usd_per_mwh.to_dict()
    hours = data.slice_hours.to_dict()
    return sum(
        price[r] * hours[h] * m.reserve_shortfall[r, y, h]
        for (r, y, h) in m.reserve_shortfall
        if y == year
    )
