"""Energy balance: in every region, year and time slice, supply meets other load plus data centers.

Flexible data centers (dc_peak_curtailment_share > 0) draw less in their region's peak slice."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 10
FAMILIES = (
    Family(
        "energy",
        ("energy_balance",),
        {"energy_balance": "supply (generation, storage, imports) cannot meet load"},
        (
            "hourly_load",
            "fleet.capacity_mw",
            "technologies",
            "renewable_resource",
            "fuel_prices.price_usd_per_mmbtu",
            "scenario [grid] allow_unserved",
        ),
        limit=True,
        unit="USD/MWh",
        key=lambda name, i: (i[0], i[1], ""),
        per_slice=True,
        scarcity=True,
        letter="E",
        colour="#009E73",
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    load = data.other_load_mw.to_dict()
    loss = data.corridors["loss"].to_dict()
    gen_techs = {r: [g for (rr, g) in m.RGD if rr == r] for r in data.regions}
    sto_techs = {r: [g for (rr, g) in m.RGS if rr == r] for r in data.regions}
    into, out = data.corridors_into(), data.corridors_out_of()
    peak = data.peak_slice
    flexible = 1.0 - data.dc_peak_curtailment_share

    def rule(m, r, y, h):
        supply = (
            sum(m.gen[r, g, y, h] for g in gen_techs[r])
            + sum(m.discharge[r, g, y, h] - m.charge[r, g, y, h] for g in sto_techs[r])
            + sum((1 - loss[a, b]) * m.flow[a, b, y, h] for (a, b) in into[r])
            - sum(m.flow[a, b, y, h] for (a, b) in out[r])
            + m.shed[r, y, h]
        )
        # (lower, body, upper) with load as the bound: the dual is then d(cost)/d(load), the price
        dc = (flexible if peak.get((r, y)) == h else 1.0) * m.dc_served[r, y]
        return (load[r, y, h], supply - dc, load[r, y, h])

    m.energy_balance = pyo.Constraint(
        m.R, m.Y, m.H, rule=rule, doc="supply = other load + data-center load (MW)"
    )
