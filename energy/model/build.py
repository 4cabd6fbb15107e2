"""Assemble the Pyomo model: sets, variables and shared expressions, then each constraint family."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model import (
    adequacy,
    build_rate,
    dispatch,
    emissions,
    energy_balance,
    interconnection,
    objective,
    transfer,
)
from energy.model.data import GridData

# Constraint families a planner would name, with the Pyomo components that make them up.
FAMILIES: dict[str, tuple[str, ...]] = {
    "energy balance": ("energy_balance",),
    "generation availability": ("generation_limit", "energy_limit"),
    "storage": (
        "storage_charge_limit",
        "storage_discharge_limit",
        "storage_energy_limit",
        "storage_state",
    ),
    "adequacy": ("adequacy",),
    "firm imports": ("firm_import_limit",),
    "large-load interconnection": ("dc_connection", "interconnection_rate"),
    "data-center allocation": ("dc_allocation", "existing_dc_stay"),
    "build rate": ("build_rate", "national_build_rate"),
    "lead time": ("lead_time",),
    "transfer capability": ("transfer_limit",),
    "transfer lead time": ("transfer_lead_time",),
    "co2": ("co2_limit",),
}


def _pairs(data: GridData):
    techs = data.techs
    existing = data.existing_mw[data.existing_mw > 0]
    present = {(r, g) for (r, g, _y) in existing.index} if len(existing) else set()
    buildable = [g for g in techs.index if bool(techs.loc[g, "buildable"])]
    built = {(r, g) for r in data.regions for g in buildable}
    all_pairs = sorted(present | built)
    storage = {g for g in techs.index if float(techs.loc[g, "storage_hours"]) > 0}
    return all_pairs, sorted(present), sorted(built), storage


def build_model(data: GridData) -> pyo.ConcreteModel:
    """A Pyomo model of `data`: least-cost build, dispatch, flows and data-center placement."""
    data.check()
    m = pyo.ConcreteModel(name="energy grid")
    m.data = data  # kept for results; not a Pyomo component
    pairs, existing_pairs, build_pairs, storage = _pairs(data)

    m.R = pyo.Set(initialize=data.regions, ordered=True)
    m.Y = pyo.Set(initialize=data.years, ordered=True)
    m.H = pyo.Set(initialize=list(data.slices.index), ordered=True)
    m.G = pyo.Set(initialize=list(data.techs.index), ordered=True)
    m.RG = pyo.Set(initialize=pairs, dimen=2, ordered=True)
    m.RGE = pyo.Set(initialize=existing_pairs, dimen=2, ordered=True)
    m.RGB = pyo.Set(initialize=build_pairs, dimen=2, ordered=True)
    m.RGD = pyo.Set(initialize=[p for p in pairs if p[1] not in storage], dimen=2, ordered=True)
    m.RGS = pyo.Set(initialize=[p for p in pairs if p[1] in storage], dimen=2, ordered=True)
    m.L = pyo.Set(initialize=list(data.corridors.index), dimen=2, ordered=True)
    relocation = (
        [(a, b) for a in data.regions for b in data.regions if a != b]
        if data.allow_relocation
        else []
    )
    m.RR = pyo.Set(initialize=relocation, dimen=2, ordered=True)

    nonneg = pyo.NonNegativeReals
    m.build = pyo.Var(m.RGB, m.Y, within=nonneg, doc="new capacity entering service (MW)")
    m.retired = pyo.Var(
        m.RGE, m.Y, within=nonneg, doc="existing capacity retired early, cumulative (MW)"
    )
    m.gen = pyo.Var(m.RGD, m.Y, m.H, within=nonneg, doc="generation (MW)")
    m.charge = pyo.Var(m.RGS, m.Y, m.H, within=nonneg, doc="storage charging (MW)")
    m.discharge = pyo.Var(m.RGS, m.Y, m.H, within=nonneg, doc="storage discharging (MW)")
    m.stored = pyo.Var(
        m.RGS, m.Y, m.H, within=nonneg, doc="energy in storage at the end of a slice (MWh)"
    )
    m.flow = pyo.Var(m.L, m.Y, m.H, within=nonneg, doc="power sent on a corridor (MW)")
    m.expand = pyo.Var(m.L, m.Y, within=nonneg, doc="new transfer capability entering service (MW)")
    m.firm_import = pyo.Var(
        m.L, m.Y, within=nonneg, doc="capacity counted for the receiving region's adequacy (MW)"
    )
    m.dc_in_place = pyo.Var(
        m.R, m.Y, within=nonneg, doc="data-center load served where requested (MW)"
    )
    m.dc_relocated = pyo.Var(
        m.RR,
        m.Y,
        within=nonneg,
        doc="data-center load requested in the first region, served in the second (MW)",
    )
    m.dc_unserved = pyo.Var(m.R, m.Y, within=nonneg, doc="data-center load not served (MW)")
    m.dc_connected = pyo.Var(
        m.R, m.Y, within=nonneg, doc="data-center connection capacity in place (MW)"
    )
    m.shed = pyo.Var(m.R, m.Y, m.H, within=nonneg, doc="other load shed (MW)")
    m.adequacy_shortfall = pyo.Var(
        m.R, m.Y, within=nonneg, doc="accredited capacity missing to meet the reserve margin (MW)"
    )

    existing = data.existing_mw.to_dict()
    years = list(data.years)

    # Shared quantities are variables defined once, so the many constraints that use them
    # carry one coefficient instead of a whole sum (fewer nonzeros, faster build and solve).
    m.capacity = pyo.Var(m.RG, m.Y, within=nonneg, doc="capacity in service (MW)")

    def capacity_rule(m, r, g, y):
        new = sum(m.build[r, g, v] for v in years if v <= y) if (r, g) in m.RGB else 0
        old = existing.get((r, g, y), 0.0)
        retired = m.retired[r, g, y] if (r, g) in m.RGE else 0
        return m.capacity[r, g, y] == old - retired + new

    m.capacity_definition = pyo.Constraint(
        m.RG, m.Y, rule=capacity_rule, doc="capacity = fleet not retired + new builds"
    )

    inflows = {r: [] for r in data.regions}
    for a, b in relocation:
        inflows[b].append(a)
    m.dc_served = pyo.Var(
        m.R,
        m.Y,
        within=nonneg,
        doc="data-center load served in the region, in place or relocated there (MW)",
    )
    m.dc_served_definition = pyo.Constraint(
        m.R,
        m.Y,
        rule=lambda m, r, y: (
            m.dc_served[r, y]
            == m.dc_in_place[r, y] + sum(m.dc_relocated[a, r, y] for a in inflows[r])
        ),
    )
    base_capacity = data.corridors["capacity_mw"].to_dict()
    m.transfer_capability = pyo.Var(
        m.L, m.Y, within=nonneg, doc="transfer capability in service (MW)"
    )
    m.transfer_capability_definition = pyo.Constraint(
        m.L,
        m.Y,
        rule=lambda m, a, b, y: (
            m.transfer_capability[a, b, y]
            == base_capacity[a, b] + sum(m.expand[a, b, v] for v in years if v <= y)
        ),
    )

    for family in (
        energy_balance,
        dispatch,
        adequacy,
        interconnection,
        build_rate,
        transfer,
        emissions,
        objective,
    ):
        family.add(m, data)
    if not data.allow_unserved:  # shortages then make the model infeasible (and explained)
        for var in (m.dc_unserved, m.shed):
            for v in var.values():
                v.setub(0.0)
    m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    return m
