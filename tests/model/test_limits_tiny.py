"""Limits on tiny systems, worked out by hand: which limit binds, from which year, its shadow
price and the data-center load it holds back (measured by re-solving), for three families;
and an infeasible system explained by the elastic re-solve.

One slice stands for all 8,760 hours and the discount rate is 0, so every model year weighs 1.
Data centers run at full connection (utilization 1) and cannot relocate; unserved data-center
load costs 2,000 USD/MWh and gas runs at 20 USD/MWh, so one more MW of data-center load served
is worth (2,000 - 20) x 8,760 = 17,344,800 USD a year.
"""

import pandas as pd
import pytest

from energy.errors import EnergyError
from energy.model import build_model
from energy.model.solve import solve
from energy.results.held_back import add_held_back
from energy.results.limits import limits_table, price_holds_at_least, worth_text
from tests.grid_helpers import HOURS, grid, series, solved, tech_table, two_regions_over_a_corridor

VALUE_USD_PER_MW_YR = (2000 - 20) * HOURS
COMMON = dict(
    vc={"gas": 20},
    allow_relocation=False,
    dc_utilization=1.0,
    unserved_penalty_usd_per_mwh=2000,
)


def limits_of(data, workers=1):
    model, report = solved(data)
    table, members = limits_table(model, data)
    table, _ = add_held_back(model, report.loaded, table, members, 100_000.0, workers)
    return table.set_index(["family", "region", "year"])


def connection_system(gas_mw: float = 1000, requested_2031_mw: float = 150):
    """One region connecting 60 MW a year, 50 MW requested in 2030, `requested_2031_mw` in 2031."""
    return grid(
        years=(2030, 2031),
        existing={("A", "gas"): gas_mw},
        requested={("A", 2030): 50, ("A", 2031): requested_2031_mw},
        connect_limit=60,
        **COMMON,
    )


def test_interconnection_binds_from_the_year_before_it_holds_load_back():
    # 60 MW of connections a year; 50 MW requested in 2030 and 150 MW in 2031: 2030 connects 60
    # (the extra 10 MW is worth having in 2031), 2031 reaches 120, so 30 MW go unserved in 2031.
    data = connection_system()
    for workers in (1, 2):  # in this process, and in two worker processes
        table = limits_of(data, workers)
        row30 = table.loc[("large-load interconnection", "A", 2030)]
        row31 = table.loc[("large-load interconnection", "A", 2031)]
        assert row30["binding"] and row31["binding"]
        assert row31["first_binding_year"] == 2030
        # one more MW connected in either year serves one more MW in 2031
        assert row30["shadow_price"] == pytest.approx(VALUE_USD_PER_MW_YR, rel=1e-6)
        assert row31["shadow_price"] == pytest.approx(VALUE_USD_PER_MW_YR, rel=1e-6)
        assert row31["held_back_mw"] == pytest.approx(30, abs=1e-6)
        assert row30["held_back_mw"] == pytest.approx(0, abs=1e-6)  # nothing displaced in 2030
        assert row31["served_gain_mw"] == pytest.approx(30, abs=1e-6)


def test_a_shadow_price_says_how_far_it_holds():
    # The system above: 30 MW unserved in 2031. Connecting one MW more in 2030 or in 2031 serves
    # one more MW in 2031, at 17,344,800 USD/MW-yr, until the 30 MW are served: each year's
    # price holds for 30 MW of relaxation (HiGHS's ranging at the optimal basis).
    data = connection_system()
    model, report = solved(data)
    table, members = limits_table(model, data)
    table["price_holds_at_least"] = price_holds_at_least(model, table, report.loaded)
    table = table.set_index(["family", "region", "year"])
    for year in (2030, 2031):
        assert table.loc[("large-load interconnection", "A", year), "price_holds_at_least"] == 30.0
    assert table.loc[~table["binding"], "price_holds_at_least"].isna().all()
    flat = table.reset_index()
    row = flat[(flat["family"] == "large-load interconnection") & (flat["year"] == 2031)].iloc[0]
    assert worth_text(row) == (
        "relaxing it is worth 17,344,800 USD/MW of connection capacity, a price that holds for "
        "at least its first 30.0 MW"
    )


def test_load_held_back_beyond_the_screening_step_is_measured_at_the_full_step():
    # as above with 30,000 MW more requested in 2031: 30,030 MW are held back, more than the
    # first re-solve's 20 GW relaxation can let in, so the row is still at its relaxed bound
    # and the trial is solved again at the full 100 GW step
    from energy.results.held_back import SCREEN_STEP_MW

    data = connection_system(gas_mw=100_000, requested_2031_mw=30_150)
    model, report = solved(data)
    table, members = limits_table(model, data)
    table, held = add_held_back(model, report.loaded, table, members, 100_000.0)
    row31 = table.set_index(["family", "region", "year"]).loc[
        ("large-load interconnection", "A", 2031)
    ]
    assert row31["held_back_mw"] == pytest.approx(30_030, abs=0.05)
    assert row31["held_back_mw"] > SCREEN_STEP_MW
    assert held.solves == 1 and held.full_step == 1  # the one trial took the second re-solve


def adequacy_system():
    """100 MW of accredited gas, 50 MW of other peak, 40 MW requested, a 20% reserve margin."""
    return grid(
        existing={("A", "gas"): 100},
        other_load={"A": 50},
        requested={"A": 40},
        reserve_margin=0.2,
        **COMMON,
    )


def test_adequacy_holds_back_what_the_reserve_margin_cannot_cover():
    # 100 MW of accredited gas; 50 MW other peak; margin 20%: 1.2 x (50 + dc) <= 100 -> dc <= 33.3
    data = adequacy_system()
    table = limits_of(data)
    row = table.loc[("generation adequacy", "A", 2030)]
    assert row["binding"] and row["first_binding_year"] == 2030
    # measured to RESOLUTION_MW (0.1 MW)
    assert row["held_back_mw"] == pytest.approx(40 - (100 / 1.2 - 50), abs=0.05)
    # one MW less requirement serves 1/1.2 MW more: USD/kW-yr
    assert row["shadow_price"] == pytest.approx(VALUE_USD_PER_MW_YR / 1.2 / 1000, rel=1e-6)
    assert not table.loc[("large-load interconnection", "A", 2030), "binding"]


def test_a_degenerate_price_is_said_to_be_at_most_what_relaxing_is_worth():
    # The system above: summer and winter requirements (the same 50 MW peak) are both tight at
    # 1.2 x 83.3 = 100 MW, and the solver puts the whole price on summer. Relaxing summer alone
    # serves nothing more (winter still binds): its dual holds for no relaxation at all, 0, a
    # degenerate optimum, and the price (14,454 USD/kW-yr, what relaxing both is worth) is only
    # an upper bound on what the first MW of either is worth.
    data = adequacy_system()
    model, report = solved(data)
    table, _ = limits_table(model, data)
    table["price_holds_at_least"] = price_holds_at_least(model, table, report.loaded)
    row = table[table["family"] == "generation adequacy"].iloc[0]
    assert row["price_holds_at_least"] == 0.0
    assert worth_text(row) == (
        "relaxing it is worth at most 14,454 USD/kW-yr (a degenerate optimum: the first units of "
        "relaxation may be worth less, even nothing)"
    )


def test_build_rate_holds_back_what_cannot_be_built_in_time():
    # 50 MW of gas; 100 MW requested; new gas (free to build) limited to 30 MW a year -> 20 unserved
    techs = tech_table(gas={}, new_gas={"buildable": True, "group": "gas"})
    data = grid(
        techs=techs,
        existing={("A", "gas"): 50},
        requested={"A": 100},
        vc={"gas": 20, "new_gas": 20},
        allow_relocation=False,
        dc_utilization=1.0,
        unserved_penalty_usd_per_mwh=2000,
        build_limit_mw_per_year=series({("A", "gas", 2030): 30.0}, ["region", "group", "year"]),
    )
    table = limits_of(data)
    row = table.loc[("build rate", "A", 2030)]
    assert row["binding"] and row["first_binding_year"] == 2030
    assert row["shadow_price"] == pytest.approx(VALUE_USD_PER_MW_YR, rel=1e-6)
    assert row["held_back_mw"] == pytest.approx(20, abs=1e-6)
    assert table.iloc[0].name == ("build rate", "A", 2030)  # ranked first: holds back the most


def test_a_corridor_that_cannot_grow_is_relaxed_on_the_reduced_lp():
    # A: 100 MW of gas at 20 USD/MWh serves 60 MW of its own load; B: 30 MW of data centers and
    # no supply, over a 10 MW corridor A>B that nothing can be added to in the horizon. 10 MW
    # are served in B, 20 relocate to A at 10 USD/MWh. Lifting the corridor serves all 30 in
    # B: 20 MW held back, in one process or two; the corridor's price (energy and firm capacity
    # together) is the relocation cost saved, 10 USD/MWh x 8,760 h = 87,600 USD/MW-yr. The
    # re-solve works on the reduced LP (energy.results.trial_lp), which keeps the corridor's
    # rows: the trial relaxes them.
    data = two_regions_over_a_corridor()
    for workers in (1, 2):
        table = limits_of(data, workers)
        row = table.loc[("transfer capability", "A>B", 2030)]
        assert row["binding"]
        assert row["shadow_price"] == pytest.approx(10 * HOURS, rel=1e-6)
        assert row["held_back_mw"] == pytest.approx(20, abs=1e-6)


def test_the_reduced_lp_is_the_scenario_lp_at_the_same_optimum():
    # the corridor system again: its expansion columns are fixed at 0 (nothing can be added),
    # so they leave, the capability's definition is left with one column and becomes its
    # bounds, and so on; the rows the trials relax (the corridor's flow limit) and the columns
    # they read stay. From the carried basis HiGHS re-solves in no iteration, to the same cost
    # and the same values of every column kept.
    import numpy as np

    from energy.results.trial_lp import TrialLP

    data = two_regions_over_a_corridor()
    model, report = solved(data)
    highs = report.loaded.highs
    relaxed = np.asarray([report.loaded.row_of[c] for c in model.transfer_limit.values()])
    read = np.asarray([report.loaded.col_of[v] for v in model.dc_in_place.values()])
    reduced = TrialLP.reduced(highs, relaxed, read)
    assert reduced.lp.num_row_ < highs.getNumRow() and reduced.lp.num_col_ < highs.getNumCol()
    assert (reduced.new_row[relaxed] >= 0).all() and (reduced.new_col[read] >= 0).all()
    expected = np.asarray(highs.getSolution().col_value)
    carried = reduced.carried({}, read, expected[read], 60.0)
    assert carried is not None and carried.getInfo().simplex_iteration_count == 0
    assert carried.getInfo().objective_function_value == pytest.approx(
        highs.getInfo().objective_function_value, rel=1e-9
    )
    kept = reduced.new_col >= 0
    after = np.asarray(carried.getSolution().col_value)[reduced.new_col[kept]]
    assert np.abs(after - expected[kept]).max() < 1e-6


def test_a_limit_that_does_not_bind_holds_nothing_back():
    data = grid(existing={("A", "gas"): 1000}, requested={"A": 40}, connect_limit=60, **COMMON)
    table = limits_of(data)
    row = table.loc[("large-load interconnection", "A", 2030)]
    assert not row["binding"] and row["held_back_mw"] == 0
    assert pd.isna(row["first_binding_year"])


def test_an_infeasible_system_names_the_conflicting_constraints():
    # 200 MW of other load, 100 MW of gas, and neither shedding nor unserved load allowed
    data = grid(existing={("A", "gas"): 100}, other_load={"A": 200}, allow_unserved=False, **COMMON)
    with pytest.raises(EnergyError) as error:
        solve(build_model(data))
    text = str(error.value)
    assert "Infeasible" in text and "elastic re-solve" in text
    assert "energy (energy_balance) in A 2030" in text
    assert "by up to 100 MW" in text  # 200 MW of load against 100 MW of gas
    assert "hourly_load" in text  # the inputs behind it


def test_limits_beyond_the_count_bound_are_left_empty_in_a_fixed_order():
    # two regions alike (connections 60 MW a year, 150 MW requested in 2031): each
    # interconnection limit holds back 30 MW; with one re-solve allowed, A is measured (ties
    # break by region name) and B is left empty, never guessed, whatever the number of workers
    data = grid(
        regions=("A", "B"),
        years=(2030, 2031),
        existing={("A", "gas"): 1000, ("B", "gas"): 1000},
        requested={("A", 2030): 50, ("A", 2031): 150, ("B", 2030): 50, ("B", 2031): 150},
        connect_limit=60,
        **COMMON,
    )
    for workers in (1, 2):
        model, report = solved(data)
        table, members = limits_table(model, data)
        table, held = add_held_back(
            model, report.loaded, table, members, 100_000.0, workers=workers, max_solves=1
        )
        rows = table.set_index(["family", "region", "year"])
        assert rows.loc[("large-load interconnection", "A", 2031), "held_back_mw"] == 30.0
        assert pd.isna(rows.loc[("large-load interconnection", "B", 2031), "held_back_mw"])
        assert held.unmeasured == 1 and held.solves == 1
        # the model HiGHS holds is still at the scenario's optimum
        assert report.loaded.resolve() == "Optimal"


def _two_regions_alike():
    return grid(
        regions=("A", "B"),
        years=(2030, 2031),
        existing={("A", "gas"): 1000, ("B", "gas"): 1000},
        requested={("A", 2030): 50, ("A", 2031): 150, ("B", 2030): 50, ("B", 2031): 150},
        connect_limit=60,
        **COMMON,
    )


def test_trials_are_shared_between_worker_processes_and_this_one_with_the_same_result():
    # workers counts this process: with 2, one worker process starts on the trials while
    # `meanwhile` runs here, then this process takes trials too (running `between` before each
    # and after its last); each limit holds back 30 MW
    data = _two_regions_alike()
    seen = []
    for workers in (1, 2, 3):
        model, report = solved(data)
        table, members = limits_table(model, data)
        calls, between = [], []
        table, held = add_held_back(
            model,
            report.loaded,
            table,
            members,
            100_000.0,
            workers,
            meanwhile=lambda calls=calls: calls.append(1),
            between=lambda between=between: between.append(1),
        )
        assert calls == [1] and held.solves == 2
        # `between` runs here before each trial this process takes and after its last
        assert len(between) == 3 if workers == 1 else len(between) >= 1
        seen.append(table.to_csv())
        rows = table.set_index(["family", "region", "year"])
        for region in ("A", "B"):
            assert rows.loc[("large-load interconnection", region, 2031), "held_back_mw"] == 30.0
    assert seen[0] == seen[1] == seen[2]


def test_an_error_beside_the_trials_stops_them_and_is_raised():
    import multiprocessing

    data = _two_regions_alike()
    model, report = solved(data)
    table, members = limits_table(model, data)

    def fail() -> None:
        raise RuntimeError("the ceiling failed")

    with pytest.raises(RuntimeError, match="the ceiling failed"):
        add_held_back(model, report.loaded, table, members, 100_000.0, 2, meanwhile=fail)
    assert multiprocessing.active_children() == []  # no worker process left behind


def test_at_bound_from_the_row_activities_agrees_with_evaluating_each_row():
    # the limits read `at_bound` from HiGHS's row activities against the bounds as written
    # (constants in a row's body moved to its bounds); evaluating each Pyomo row must agree, for
    # inequalities (connection, adequacy) and equalities (the energy balance) alike
    from energy.results.limits import _at_bound, _rows_at_bound, limit_constraints

    data = grid(
        years=(2030, 2031),
        existing={("A", "gas"): 100},
        other_load={"A": 50},
        requested={("A", 2030): 20, ("A", 2031): 150},
        connect_limit=60,
        reserve_margin=0.2,
        **COMMON,
    )
    model, _ = solved(data)
    rows = [con for _, con, *_ in limit_constraints(model)]
    assert model.row_activity is not None and len(rows) > 4
    from_activity = _rows_at_bound(model, rows)
    assert from_activity == [_at_bound(con) for con in rows]
    assert any(from_activity) and not all(from_activity)


def random_system(seed: int, relocation_usd_per_mwh: float):
    """Four regions, three years, random corridors (some of which can grow from a year): many
    optimal vertices share a cost, the case where re-optimizing a carried basis may move to
    another (seed 32 with free relocation did, before AsBounds.carried checked it)."""
    import itertools

    import numpy as np

    rng = np.random.default_rng(seed)
    regions, years = ("A", "B", "C", "D"), (2030, 2031, 2032)
    corridors = {
        pair: float(rng.choice([0.0, 10.0, 20.0, 35.0]))
        for pair in itertools.permutations(regions, 2)
        if rng.random() < 0.7
    }
    data = grid(
        regions=regions,
        years=years,
        techs=tech_table(gas={"buildable": True}, coal={}),
        existing={(r, "coal"): float(rng.integers(0, 120)) for r in regions},
        capex={"gas": 8e5},
        vc={"gas": 30, "coal": float(rng.integers(10, 40))},
        other_load={r: float(rng.integers(20, 80)) for r in regions},
        requested={(r, y): float(rng.integers(0, 60)) for r in regions for y in years},
        corridors=corridors,
        connect_limit=float(rng.integers(10, 60)),
        relocation_cost_usd_per_mwh=relocation_usd_per_mwh,
        reserve_margin=0.1,
    )
    data.corridors["first_expansion_year"] = [
        int(rng.choice([2030, 2031, 2032, 9999])) for _ in range(len(data.corridors))
    ]
    data.corridors["expansion_cost_usd_per_mw_yr"] = 2e4
    return data


@pytest.mark.parametrize("seed", [32, 7, 11])
def test_the_reduced_lp_changes_no_held_back_figure(seed, monkeypatch):
    # the same trials on the scenario's whole LP give the same figures: the trials start from
    # the optimum their baseline was read from. (With free relocation, serving in place and
    # relocating tie at every MW, and a connection limit's held-back load is then one of many
    # optimal answers, whichever LP is re-solved: 5 USD/MWh here.)
    import energy.results.held_back as held_back
    from energy.results.trial_lp import TrialLP

    data = random_system(seed, relocation_usd_per_mwh=5.0)
    reduced = limits_of(data)
    whole = lambda m, loaded, rows: (TrialLP.whole(loaded.highs), loaded.highs)  # noqa: E731
    monkeypatch.setattr(held_back, "_trial_model", whole)
    pd.testing.assert_frame_equal(reduced, limits_of(data))


def test_a_carried_basis_stays_at_the_scenario_optimum():
    # free relocation: many optimal vertices share the cost. The reduced LP re-solved from the
    # carried basis stays at the very same vertex, every column kept at its value, in no
    # iteration (a re-optimization could move to another vertex: the trials would then read
    # their baselines from another optimum)
    import numpy as np

    from energy.results.trial_lp import TrialLP

    data = random_system(32, relocation_usd_per_mwh=0.0)
    model, report = solved(data)
    highs = report.loaded.highs
    read = np.asarray([report.loaded.col_of[v] for v in model.dc_in_place.values()])
    reduced = TrialLP.reduced(highs, np.zeros(0, dtype=np.int64), read)
    assert reduced.lp.num_row_ < highs.getNumRow()
    before = np.asarray(highs.getSolution().col_value)
    carried = reduced.carried({}, read, before[read], 60.0)
    assert carried is not None and carried.getInfo().simplex_iteration_count == 0
    kept = reduced.new_col >= 0
    after = np.asarray(carried.getSolution().col_value)[reduced.new_col[kept]]
    assert np.abs(after - before[kept]).max() < 1e-6


def test_a_trial_that_stalls_without_perturbation_is_solved_again_with_it(monkeypatch):
    # The connection system above (30 MW held back in 2031), with every trial counted as
    # stalled at once (an iteration limit of 0 where the LP's row count stands): each is solved
    # again from the same basis with HiGHS's cost perturbation, to the same figures.
    import energy.results.held_back as held_back

    statuses = []
    run_from = held_back._run_from

    def counted(highs, basis):
        status = run_from(highs, basis)
        statuses.append(status)
        return status

    monkeypatch.setattr(held_back, "_run_from", counted)
    monkeypatch.setattr(
        held_back,
        "_trial_options",
        lambda highs: {**held_back.TRIAL_OPTIONS, held_back.ITERATION_LIMIT: 0},
    )
    table = limits_of(connection_system())
    row31 = table.loc[("large-load interconnection", "A", 2031)]
    assert row31["held_back_mw"] == pytest.approx(30, abs=1e-6)
    assert row31["served_gain_mw"] == pytest.approx(30, abs=1e-6)
    assert statuses[0::2] == ["Iteration limit reached"] * (len(statuses) // 2)
    assert statuses[1::2] == ["Optimal"] * (len(statuses) // 2) and statuses


def test_a_trial_option_highs_rejects_is_an_error_not_ignored():
    # the trials' options (no cost perturbation, the stall count) must take: a name HiGHS does
    # not know (say, renamed in another highspy) stops the run instead of silently doing nothing
    import highspy

    from energy.results.held_back import _set_options

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    _set_options(highs, {"dual_simplex_cost_perturbation_multiplier": 0.0})
    assert highs.getOptionValue("dual_simplex_cost_perturbation_multiplier")[1] == 0.0
    with pytest.raises(RuntimeError, match="no_such_option"):
        _set_options(highs, {"no_such_option": 1})
