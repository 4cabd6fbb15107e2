"""Generation availability and storage operation: what plants and stores can do in each slice."""

from __future__ import annotations

import itertools

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 20
FAMILIES = (
    Family(
        "generation availability",
        ("generation_limit", "energy_limit"),
        {
            "generation_limit": "generation exceeds available capacity",
            "energy_limit": "energy-limited plants exceed their energy",
        },
        ("fleet.capacity_mw", "technologies.availability", "renewable_resource"),
        physics=True,
    ),
    Family(
        "storage",
        (
            "storage_charge_limit",
            "storage_discharge_limit",
            "storage_energy_limit",
            "storage_state",
        ),
        {
            "storage_charge_limit": "storage charges faster than its power",
            "storage_discharge_limit": "storage discharges faster than its power",
            "storage_energy_limit": "storage holds more than its energy capacity",
            "storage_state": "storage energy does not add up",
        },
        ("technologies.storage_hours", "technologies.round_trip_efficiency"),
        physics=True,
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    limited = data.energy_shares
    available = data.available_share()
    # Where the capacity is given (no decision can change it: GridData.fixed_capacity_mw) or
    # nothing is available, the same limit is a bound on the generation column, not a row: fewer
    # rows (the reference's LP 180,916 -> 134,000) and faster solves and re-solves; the same LP.
    fixed = data.fixed_capacity_mw()
    rows = []
    for (r, g), y, h in itertools.product(m.RGD, m.Y, m.H):
        share = available(r, g, h)
        if share > 0 and (r, g, y) not in fixed:
            rows.append((r, g, y, h))
        else:
            m.gen[r, g, y, h].setub(share * fixed.get((r, g, y), 0.0))
    m.generation_limit = pyo.Constraint(
        rows,
        rule=lambda m, r, g, y, h: m.gen[r, g, y, h] <= available(r, g, h) * m.capacity[r, g, y],
        doc="generation <= available capacity (MW), where the capacity is a decision",
    )
    # Energy-limited plants (hydro) may run at full output in some hours, but each day's energy
    # is at most their capacity factor x 24 h: water is shifted within a day, not conjured.
    day_of = data.slices["day"].to_dict()
    duration_of = data.slices["hours"].to_dict()
    days = sorted(set(day_of.values()))
    slices_of = {d: [s for s in data.slices.index if day_of[s] == d] for d in days}
    day_hours = {d: sum(duration_of[s] for s in slices_of[d]) for d in days}
    pairs = [(r, g) for (r, g) in m.RGD if g in limited]
    m.energy_limit = pyo.Constraint(
        [(r, g, y, d) for (r, g) in pairs for y in data.years for d in days],
        rule=lambda m, r, g, y, d: (
            sum(duration_of[s] * m.gen[r, g, y, s] for s in slices_of[d])
            <= limited[g] * day_hours[d] * m.capacity[r, g, y]
        ),
        doc="daily energy of energy-limited plants <= capacity factor x capacity x hours",
    )
    hours = data.techs["storage_hours"].to_dict()
    eff = data.techs["efficiency"].to_dict()
    duration = data.slices["hours"].to_dict()
    day = data.slices["day"].to_dict()
    slices = list(data.slices.index)
    previous = {}
    for h in slices:  # cyclic within each day: the first slice of a day follows its last
        same_day = [s for s in slices if day[s] == day[h]]
        i = same_day.index(h)
        previous[h] = same_day[i - 1]

    # a store whose capacity is given: its power and energy limits are bounds too
    stores = []
    for (r, g), y, h in itertools.product(m.RGS, m.Y, m.H):
        if (r, g, y) in fixed:
            m.charge[r, g, y, h].setub(fixed[r, g, y])
            m.discharge[r, g, y, h].setub(fixed[r, g, y])
            m.stored[r, g, y, h].setub(hours[g] * fixed[r, g, y])
        else:
            stores.append((r, g, y, h))
    m.storage_charge_limit = pyo.Constraint(
        stores, rule=lambda m, r, g, y, h: m.charge[r, g, y, h] <= m.capacity[r, g, y]
    )
    m.storage_discharge_limit = pyo.Constraint(
        stores, rule=lambda m, r, g, y, h: m.discharge[r, g, y, h] <= m.capacity[r, g, y]
    )
    m.storage_energy_limit = pyo.Constraint(
        stores, rule=lambda m, r, g, y, h: m.stored[r, g, y, h] <= hours[g] * m.capacity[r, g, y]
    )
    m.storage_state = pyo.Constraint(
        m.RGS,
        m.Y,
        m.H,
        rule=lambda m, r, g, y, h: (
            m.stored[r, g, y, h]
            == m.stored[r, g, y, previous[h]]
            + duration[h] * (eff[g] * m.charge[r, g, y, h] - m.discharge[r, g, y, h])
        ),
        doc="energy stored follows charging (with round-trip losses) and discharging, cyclic per day",
    )
