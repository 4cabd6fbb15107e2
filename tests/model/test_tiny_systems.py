"""Tiny systems whose optimum, primal and dual, is computed by hand.

One slice stands for all 8,760 hours; the discount rate is 0, so a model year's weight is 1
and duals (million USD per MW) convert to USD/MWh by × 1e6 / 8,760.
"""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import HOURS, grid, series, solved, tech_table, two_regions_over_a_corridor

MILLION = 1e6


def dual(model, constraint):
    return model.dual[constraint] * MILLION


def test_one_region_short_of_capacity():
    # 100 MW of gas available 90%: 90 MW for 80 MW of other load and 50 MW requested -> 40 MW unserved
    data = grid(
        existing={("A", "gas"): 100},
        vc={"gas": 20},
        other_load={"A": 80},
        requested={"A": 50},
        availability={("A", "gas"): 0.9},
        allow_relocation=False,
        unserved_penalty_usd_per_mwh=2000,
    )
    m, _ = solved(data)
    assert pyo.value(m.dc_unserved["A", 2030]) == pytest.approx(40)
    assert pyo.value(m.dc_in_place["A", 2030]) == pytest.approx(10)
    # one more MW of load displaces one MW of data-center load: the price is the unserved penalty
    assert dual(m, m.energy_balance["A", 2030, "all"]) / HOURS == pytest.approx(2000)
    assert m.dual[m.adequacy["A", 2030]] == pytest.approx(0, abs=1e-9)  # 100 >= 80 + 10: slack


def test_two_regions_relocate_until_the_transfer_limit_binds():
    # A: 100 MW gas at $20 serves 60 MW other load; B: 30 MW of DC requested, no supply of its own.
    # Relocating to A costs $10/MWh; importing over a 10 MW corridor costs nothing extra.
    data = two_regions_over_a_corridor()
    m, _ = solved(data)
    assert pyo.value(m.flow["A", "B", 2030, "all"]) == pytest.approx(
        10
    )  # imports fill the corridor
    assert pyo.value(m.dc_in_place["B", 2030]) == pytest.approx(10)
    assert pyo.value(m.dc_relocated["B", "A", 2030]) == pytest.approx(20)  # the rest moves to A
    assert pyo.value(m.dc_unserved["B", 2030]) == pytest.approx(0)
    # one more MW of corridor (energy and firm capacity both) saves the relocation cost of one MW
    corridor = (
        m.dual[m.transfer_limit["A", "B", 2030, "all"]]
        + m.dual[m.firm_import_limit["A", "B", 2030]]
    )
    assert abs(corridor) * MILLION / HOURS == pytest.approx(10)


def test_without_relocation_the_corridor_limit_leaves_load_unserved():
    # B's 50 MW of hydro has no water this year: it counts for adequacy but produces nothing
    techs = tech_table(gas={}, hydro={})
    data = grid(
        regions=("A", "B"),
        techs=techs,
        existing={("A", "gas"): 100, ("B", "hydro"): 50},
        vc={"gas": 20},
        other_load={"A": 60, "B": 0},
        requested={"B": 30},
        corridors={("A", "B"): 10},
        availability={("B", "hydro"): 0.0},
        allow_relocation=False,
        peak={"A": 0, "B": 0},
    )
    m, _ = solved(data)
    assert pyo.value(m.dc_unserved["B", 2030]) == pytest.approx(20)
    assert dual(m, m.energy_balance["B", 2030, "all"]) / HOURS == pytest.approx(
        data.unserved_penalty_usd_per_mwh
    )


def test_lead_time_blocks_a_build_until_its_year():
    techs = tech_table(gas={}, solar={"buildable": True, "lifetime_years": 20.0})
    data = grid(
        years=(2026, 2027, 2028, 2029),
        techs=techs,
        existing={("A", "gas"): 100},
        vc={"gas": 5},
        capex={"solar": 0.0},
        fom={"solar": 100_000},
        other_load={"A": 90},
        requested={"A": 20},
        allow_relocation=False,
    )
    data.first_build_year = series({"gas": 2026, "solar": 2028}, ["tech"])
    m, _ = solved(data)
    for y, unserved in ((2026, 10), (2027, 10), (2028, 0), (2029, 0)):
        assert pyo.value(m.dc_unserved["A", y]) == pytest.approx(unserved)
    assert pyo.value(m.build["A", "solar", 2028]) == pytest.approx(10)
    assert pyo.value(m.build["A", "solar", 2026]) == pytest.approx(0)
    # the lead time costs, per MW and year it blocks, the penalty avoided minus solar's fixed cost
    saving = (data.unserved_penalty_usd_per_mwh * HOURS - 100_000) / MILLION
    blocked = [abs(m.dual[m.lead_time["A", "solar", y]]) for y in (2026, 2027)]
    assert blocked[1] == pytest.approx(saving)
    assert blocked[0] == pytest.approx(2 * saving)  # a build in 2026 would also serve 2027


def test_build_rate_spreads_a_build_over_years():
    techs = tech_table(gas={"buildable": True})
    data = grid(
        years=(2030, 2031, 2032),
        techs=techs,
        other_load={"A": 0},
        requested={"A": 25},
        allow_relocation=False,
        capex={"gas": 0.0},
        fom={"gas": 1000},
    )
    data.build_limit_mw_per_year = series(
        {("A", "gas", y): 10 for y in data.years}, ["region", "tech", "year"]
    )
    m, _ = solved(data)
    assert [pyo.value(m.build["A", "gas", y]) for y in data.years] == pytest.approx([10, 10, 5])
    assert [pyo.value(m.dc_unserved["A", y]) for y in data.years] == pytest.approx([15, 5, 0])
    assert m.dual[m.build_rate["A", "gas", 2032]] == pytest.approx(0, abs=1e-9)


def test_interconnection_limit_caps_connected_load():
    # plenty of power, but the utility connects 20 MW of capacity a year at 50% utilization
    data = grid(
        years=(2030, 2031),
        existing={("A", "gas"): 1000},
        other_load={"A": 0},
        requested={"A": 30},
        connect_limit=20,
        allow_relocation=False,
        dc_utilization=0.5,
    )
    m, _ = solved(data)
    assert [pyo.value(m.dc_connected["A", y]) for y in data.years] == pytest.approx([20, 40])
    assert [pyo.value(m.dc_unserved["A", y]) for y in data.years] == pytest.approx([20, 10])
    # one more MW of connection in 2030 serves 0.5 MW in both years
    per_mw = 0.5 * data.unserved_penalty_usd_per_mwh * HOURS / MILLION
    assert abs(m.dual[m.interconnection_rate["A", 2030]]) == pytest.approx(2 * per_mw)
    assert abs(m.dual[m.interconnection_rate["A", 2031]]) == pytest.approx(per_mw)


def test_adequacy_forces_a_build_the_energy_balance_alone_would_not():
    # 100 MW existing meets 90 MW of load, but a 20% reserve margin needs 108 MW accredited
    techs = tech_table(gas={}, peaker={"buildable": True})
    data = grid(
        techs=techs,
        existing={("A", "gas"): 100},
        vc={"gas": 20, "peaker": 80},
        capex={"peaker": 0.0},
        fom={"peaker": 50_000},
        other_load={"A": 90},
        reserve_margin=0.2,
    )
    m, _ = solved(data)
    assert pyo.value(m.build["A", "peaker", 2030]) == pytest.approx(8)
    assert sum(pyo.value(m.gen["A", g, 2030, "all"]) for g in ("gas", "peaker")) == pytest.approx(
        90
    )
    assert pyo.value(m.gen["A", "peaker", 2030, "all"]) == pytest.approx(
        0
    )  # built for the margin, never run
    assert abs(dual(m, m.adequacy["A", 2030])) == pytest.approx(
        50_000
    )  # capacity price = peaker fixed cost


def test_both_hand_overs_give_the_same_solution_and_duals():
    from energy.model import build_model
    from energy.model.solve import solve
    from energy.scenario.options import SolveOptions

    results = []
    for handover in ("lp", "persistent"):
        m = build_model(two_regions_over_a_corridor())
        report = solve(m, SolveOptions(handover=handover))
        results.append(
            (
                report.objective_musd,
                pyo.value(m.dc_relocated["B", "A", 2030]),
                m.dual[m.energy_balance["A", 2030, "all"]],
            )
        )
    assert results[0] == pytest.approx(results[1])


def test_co2_limit_shifts_generation_to_the_clean_plant():
    # 100 MW load; coal at $20/MWh emits 1 t/MWh, gas at $40 emits 0.4 t/MWh; cap 500,000 t/yr
    techs = tech_table(coal={"co2_t_per_mwh": 1.0}, gas={"co2_t_per_mwh": 0.4})
    data = grid(
        techs=techs,
        existing={("A", "coal"): 100, ("A", "gas"): 100},
        vc={"coal": 20, "gas": 40},
        other_load={"A": 100},
        co2_cap_t=series({2030: 500_000.0}, ["year"]),
    )
    m, _ = solved(data)
    # coal c + gas g = 100 MW; 8,760 h x (1.0 c + 0.4 g) = 500,000 t  ->  c = 28.47 MW
    coal = (500_000 / HOURS - 40) / 0.6
    assert pyo.value(m.gen["A", "coal", 2030, "all"]) == pytest.approx(coal)
    # one more tonne allowed swaps 1/0.6 MWh of gas for coal, saving $20/MWh x 1/0.6
    assert abs(dual(m, m.co2_limit[2030])) == pytest.approx(20 / 0.6)
