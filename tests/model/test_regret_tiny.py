"""Regret, stranded capacity and the hedge on a tiny system worked by hand.

One region, model years 2030 and 2031, decisions from 2030 with no lead time, so a plan decided
by 2030 fixes the 2030 build and leaves 2031 open. New gas: capex 2 million USD/MW over 20 years
at a zero discount rate = 100,000 USD/MW-yr (0.1 million), no running cost. Data-center load
(flat, average MW): low 50, high 100. Unserved load: 2,000 USD/MWh x 8,760 h = 17.52 million
USD/MW-yr, so each case builds exactly its load in 2030 when planned for itself.

- Own costs (two years): low 2 x 5 = 10, high 2 x 10 = 20 million USD.
- Plan high, low arrives: 100 MW fixed in 2030, nothing more in 2031: 10 + 10 = 20; regret 10
  (5 a year), 50 MW stranded costing 5 million a year; per MWh of the 50 MW x 8,760 h served:
  5e6 / 438,000 = 11.4155 USD.
- Hedge (weights 1/2): the shared 2030 build x costs 0.1 x in each case and year; each MW short
  of 100 costs the high case 17.52 in 2030, so x = 100: both cases cost 20, expected 20.
  Perfect information: (10 + 20) / 2 = 15, EVPI = 5. Mean demand 75: its plan builds 75; low
  then costs 7.5 + 7.5 = 15, high 7.5 + 25 x 17.52 (unserved in 2030) + 10 = 455.5; expected
  235.25, VSS = 235.25 - 20 = 215.25.
"""

import pyomo.environ as pyo
import pytest

from energy.errors import EnergyError
from energy.model import build_model
from energy.model.first_stage import decision_values, first_stage_keys, fix_decisions
from energy.regret import hedge
from energy.results.regret import annual_cost_musd, committed_mw, stranded_table
from energy.results.tables import capacity_table
from tests.grid_helpers import grid as tiny_grid
from tests.grid_helpers import solved, tech_table

YEARS = (2030, 2031)


def _case(load_mw):
    return tiny_grid(
        years=YEARS,
        techs=tech_table(gas={"buildable": True}),
        capex={"gas": 2e6},
        existing={("A", "gas"): 0.0},  # none (keeps the fleet table's region-tech-year index)
        requested={"A": load_mw},
        decision_year=2030,
    )


def test_a_plan_fixes_what_was_decided_by_the_decision_year_and_leaves_the_rest_open():
    plan, _ = solved(_case(100))
    keys = first_stage_keys(plan, plan.data, 2030)
    assert ("build", ("A", "gas", 2030)) in keys
    assert ("build", ("A", "gas", 2031)) not in keys
    values = decision_values(plan, keys)
    assert values["build", ("A", "gas", 2030)] == pytest.approx(100)

    realized, report = solved_with(_case(50), values)
    assert pyo.value(realized.build["A", "gas", 2030]) == pytest.approx(100)
    assert pyo.value(realized.build["A", "gas", 2031]) == pytest.approx(0)
    own, own_report = solved(_case(50))
    cost, own_cost = annual_cost_musd(realized), annual_cost_musd(own)
    assert list(cost) == pytest.approx([10.0, 10.0])
    assert list(own_cost) == pytest.approx([5.0, 5.0])
    assert report.objective_musd - own_report.objective_musd == pytest.approx(10.0)

    stranded = stranded_table(
        capacity_table(realized, realized.data),
        capacity_table(own, own.data),
        committed_mw(values, list(YEARS)),
        realized.data,
        ("high", "low"),
    )
    assert list(stranded["stranded_mw"]) == pytest.approx([50.0, 50.0])
    assert list(stranded["stranded_musd_per_yr"]) == pytest.approx([5.0, 5.0])


def test_a_plan_that_retires_what_the_realized_scenario_keeps_is_refused():
    # The realized scenario's gas may not retire early (retires_early = no): its fleet is given,
    # and its generation bounded by it. A plan that retired 50 MW of it cannot be imposed there
    # (before, the fixed retirement lifted the zero bound and the fleet ran above its capacity).
    techs = tech_table(gas={"retires_early": False})
    data = tiny_grid(years=(2030,), techs=techs, existing={("A", "gas"): 100}, other_load={"A": 90})
    model = build_model(data)
    with pytest.raises(EnergyError, match="allows at most 0.0"):
        fix_decisions(model, {("retired", ("A", "gas", 2030)): 50.0})
    fix_decisions(model, {("retired", ("A", "gas", 2030)): 1e-9})  # noise: held at the bound
    assert model.retired["A", "gas", 2030].ub == 0


def solved_with(data, values):
    from energy.model import build_model
    from energy.model.solve import solve

    model = build_model(data)
    fix_decisions(model, values)
    return model, solve(model)


def test_the_hedge_builds_for_the_high_case_and_values_information_and_hedging_by_hand():
    out = hedge({"low": _case(50), "high": _case(100)}, [0.5, 0.5], 2030)
    assert out.expected["hedged_musd"] == pytest.approx(20.0)
    assert out.expected["perfect_information_musd"] == pytest.approx(15.0)
    assert out.expected["evpi_musd"] == pytest.approx(5.0)
    assert out.expected["mean_plan_musd"] == pytest.approx(235.25)
    assert out.expected["vss_musd"] == pytest.approx(215.25)
    built = out.plans[(out.plans["variable"] == "build") & (out.plans["year"] == 2030)]
    assert built.set_index("plan")["mw"].to_dict() == pytest.approx(
        {"hedged": 100.0, "mean demand": 75.0, "low": 50.0, "high": 100.0}
    )
    assert list(out.costs["hedged_cost_pv_musd"]) == pytest.approx([20.0, 20.0])


def test_the_joint_program_starts_from_the_cases_own_bases_joined():
    # each case's rows and columns keep their status from its own optimum; the rows that share
    # the 2030 build start basic; dual simplex from there reaches the hand-worked hedge (20)
    import highspy

    from energy.model import build_model
    from energy.model.first_stage import share_decisions
    from energy.model.solve import solve, start_from

    blocks, parts = [], []
    for load in (50, 100):
        model = build_model(_case(load))
        parts.append(solve(model).loaded)
        blocks.append(model)
    own = [p.highs.getBasis() for p in parts]
    top = pyo.ConcreteModel()
    for i, block in enumerate(blocks):
        block.total_cost.deactivate()
        top.add_component(f"case_{i}", block)
    shared = share_decisions(top, blocks, first_stage_keys(blocks[0], blocks[0].data, 2030))
    top.total_cost = pyo.Objective(expr=sum(0.5 * b.total_cost.expr for b in blocks))
    top.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    seen = {}

    def start(joint):
        start_from(parts)(joint)
        basis = joint.highs.getBasis()
        seen["valid"] = basis.valid
        seen["shared"] = [basis.row_status[joint.row_of[c]] for c in shared.values()]
        seen["copied"] = all(
            basis.col_status[joint.col_of[v]] == own[k].col_status[i]
            for k, part in enumerate(parts)
            for v, i in part.col_of.items()
        )

    report = solve(top, start=start)
    assert seen["valid"] and seen["copied"]
    assert seen["shared"] == [highspy.HighsBasisStatus.kBasic]
    assert report.objective_musd == pytest.approx(20.0)
    assert pyo.value(blocks[0].build["A", "gas", 2030]) == pytest.approx(100.0)


def test_a_decision_year_outside_the_horizon_is_refused_in_plain_words():
    with pytest.raises(EnergyError, match="decision year 2031: expected a year from 2030"):
        hedge({"low": _case(50), "high": _case(100)}, [0.5, 0.5], 2031)
    with pytest.raises(EnergyError, match="sum to 0.9"):
        hedge({"low": _case(50), "high": _case(100)}, [0.5, 0.4], 2030)
