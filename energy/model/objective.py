"""Discounted system cost in real 2023 USD (in millions, for numerical scale)."""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData

MILLION = 1e6


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    weight = data.discount_weight
    years = list(data.years)
    capex = data.capex_usd_per_mw.to_dict()
    fom = data.fom_usd_per_mw_yr.to_dict()
    vc = data.variable_cost_usd_per_mwh.to_dict()
    energy = data.slice_hours.to_dict()
    crf = {g: data.crf(g) for g in data.techs.index}
    hours = data.hours_per_year
    expansion_cost = data.corridors["expansion_cost_usd_per_mw_yr"].to_dict()
    distance = data.relocation_distance_usd_per_mwh.to_dict()

    def annual_cost(y):
        investment = sum(
            crf[g] * capex[g, v] * m.build[r, g, v] for (r, g) in m.RGB for v in years if v <= y
        )
        fixed = sum(fom[g, y] * m.capacity[r, g, y] for (r, g) in m.RG)
        running = sum(
            energy[h] * vc.get((r, g, y), 0.0) * m.gen[r, g, y, h] for (r, g) in m.RGD for h in m.H
        )
        running += sum(
            energy[h] * vc.get((r, g, y), 0.0) * m.discharge[r, g, y, h]
            for (r, g) in m.RGS
            for h in m.H
        )
        grid = sum(
            expansion_cost[a, b] * m.expand[a, b, v] for (a, b) in m.L for v in years if v <= y
        )
        relocation = hours * sum(
            (data.relocation_cost_usd_per_mwh + distance.get((a, b), 0.0)) * m.dc_relocated[a, b, y]
            for (a, b) in m.RR
        )
        unserved = hours * data.unserved_penalty_usd_per_mwh * sum(m.dc_unserved[r, y] for r in m.R)
        shed = data.shed_penalty_usd_per_mwh * sum(
            energy[h] * m.shed[r, y, h] for r in m.R for h in m.H
        )
        short = data.adequacy_shortfall_penalty_usd_per_mw_yr * sum(
            m.adequacy_shortfall[r, y] for r in m.R
        )
        families = sum(cost(m, data, y) for cost in m.family_costs)
        return investment + fixed + running + grid + relocation + unserved + shed + short + families

    m.annual_cost = pyo.Expression(
        m.Y, rule=lambda m, y: annual_cost(y) / MILLION, doc="cost of a model year (million USD)"
    )
    m.total_cost = pyo.Objective(
        expr=sum(weight[y] * m.annual_cost[y] for y in years), sense=pyo.minimize
    )
