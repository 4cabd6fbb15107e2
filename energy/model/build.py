"""Assemble the Pyomo model: sets and variables, then every constraint family's module in turn."""

from __future__ import annotations

from types import ModuleType

import pyomo.environ as pyo

from energy.gc_pause import gc_paused
from energy.model import constraints, objective
from energy.model.data import GridData


def _pairs(data: GridData):
    techs = data.techs
    existing = data.existing_mw[data.existing_mw > 0]
    present = {(r, g) for (r, g, _y) in existing.index} if len(existing) else set()
    buildable = [g for g in techs.index if bool(techs.loc[g, "buildable"])]
    built = {(r, g) for r in data.regions for g in buildable}
    all_pairs = sorted(present | built)
    storage = {g for g in techs.index if float(techs.loc[g, "storage_hours"]) > 0}
    return all_pairs, sorted(present), sorted(built), storage


@gc_paused()
def build_model(data: GridData, extra: tuple[ModuleType, ...] = ()) -> pyo.ConcreteModel:
    """A Pyomo model of `data`: least-cost build, dispatch, flows and data-center placement.

    `extra`: further constraint modules (each with ORDER, FAMILIES and add), e.g. in tests."""
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
    m.kept = pyo.Var(
        [k for k in data.deferrable() if (k[0], k[1]) in set(existing_pairs)],
        within=nonneg,
        doc="capacity kept past its announced retirement, under contract (MW)",
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
        m.L,
        m.Y,
        within=nonneg,
        doc="capacity exported firm for the receiving region's adequacy (MW on the exporter's basis)",
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
    m.dc_onsite = pyo.Var(
        m.R, m.Y, within=nonneg, doc="data-center load served on site, behind the meter (MW)"
    )
    m.onsite_build = pyo.Var(
        m.R, m.Y, within=nonneg, doc="on-site plants for data-center campuses entering service (MW)"
    )
    m.dc_connected = pyo.Var(
        m.R, m.Y, within=nonneg, doc="data-center connection capacity in place (MW)"
    )
    m.shed = pyo.Var(m.R, m.Y, m.H, within=nonneg, doc="other load shed (MW)")
    m.adequacy_shortfall = pyo.Var(
        m.R, m.Y, within=nonneg, doc="accredited capacity missing to meet the reserve margin (MW)"
    )

    # Shared quantities are variables defined once (constraints/definitions.py).
    m.capacity = pyo.Var(m.RG, m.Y, within=nonneg, doc="capacity in service (MW)")
    m.dc_served = pyo.Var(
        m.R,
        m.Y,
        within=nonneg,
        doc="data-center load served in the region, in place or relocated there (MW)",
    )
    m.transfer_capability = pyo.Var(
        m.L, m.Y, within=nonneg, doc="transfer capability in service (MW)"
    )

    built = sorted((*constraints.modules(), *extra), key=lambda mod: (mod.ORDER, mod.__name__))
    for module in built:
        module.add(m, data)
    m.families = tuple(f for module in built for f in module.FAMILIES)  # not a Pyomo component
    # families with their own costs (e.g. reserve shortage) add them to the objective
    m.family_costs = tuple(module.cost for module in built if hasattr(module, "cost"))
    objective.add(m, data)
    if not data.allow_unserved:  # shortages then make the model infeasible (and explained)
        for var in (m.dc_unserved, m.shed):
            for v in var.values():
                v.setub(0.0)
    m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    return m
