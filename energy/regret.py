"""The bubble question end to end: a plan's decisions met by demand that differs from its own
(regret, stranded capacity), and one plan hedged across demand cases (a two-stage program).

Held-back re-solves, the national ceiling and the hourly check are off here by default (each
solve answers what a plan costs, not what limits bind); keyword arguments override [grid].
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo

from energy.errors import EnergyError
from energy.model import build_model
from energy.model.data import GridData
from energy.model.first_stage import (
    decision_values,
    first_stage_keys,
    fix_decisions,
    share_decisions,
)
from energy.model.solve import solve, start_from
from energy.pipeline import RunOutput, run_scenario, scenario_data
from energy.results.regret import (
    annual_cost_musd,
    committed_mw,
    connections_committed_mw,
    present_value_musd,
    regret_rows,
    stranded_connections_gw,
    stranded_table,
)
from energy.scenario.options import SolveOptions

QUICK = {"measure_held_back": False, "national_ceiling": False, "hourly_check": False}
Stage = Callable[[str], None]


@dataclass
class RegretOutput:
    plans: list[str]
    decision_year: int
    regret: pd.DataFrame  # plan, realized, year: costs, regret, stranded, load moved or lost
    stranded: pd.DataFrame  # plan, realized, region, tech, year: committed, needed, stranded MW
    decisions: pd.DataFrame  # what the plan committed by the decision year
    totals: pd.DataFrame  # plan, realized: present values of cost, own cost and regret
    sentences: list[str]
    seconds: dict[str, float] = field(default_factory=dict)


def check_decision_year(data: GridData, year: int) -> None:
    """A decision year from the first decision year up to the year before the last model year."""
    first = data.decision_year if data.decision_year is not None else data.base_year
    if not first <= year < data.years[-1]:
        raise EnergyError(
            f"decision year {year}: expected a year from {first} (grid setting decision_year, "
            f"the first year a build can be decided) to {data.years[-1] - 1} (before the last "
            "model year)"
        )


def check_same_grid(plan: GridData, other: GridData, name: str) -> None:
    """Plans can only be compared on one grid: same model years, regions and technologies."""
    for what, a, b in (
        ("model years", list(plan.years), list(other.years)),
        ("regions", list(plan.regions), list(other.regions)),
        ("technologies", list(plan.techs.index), list(other.techs.index)),
        ("corridors", list(plan.corridors.index), list(other.corridors.index)),
    ):
        if a != b:
            raise EnergyError(
                f"scenario '{name}' has other {what} than the plan ({b} vs {a}); the plan and "
                "the realized scenarios must share one grid ([grid] years, days and the "
                "workbook's regions, technologies and corridors)"
            )


def decisions_table(values: dict, plan: str, data: GridData) -> pd.DataFrame:
    """What a plan committed, one row per decision with a value above half a MW: variable,
    region (the sending region for lines), item (technology or receiving region), kind (what a
    technology is reported as), year, MW."""
    kinds = data.reported_as.to_dict()
    rows = []
    for (name, idx), value in values.items():
        if value <= 0.5:
            continue
        region, *middle, year = idx
        item = middle[-1] if middle else ""
        kind = kinds.get(item, "") if name in ("build", "retired", "kept") else ""
        rows.append((plan, name, region, item, kind, int(year), value))
    columns = ["plan", "variable", "region", "item", "kind", "year", "mw"]
    return pd.DataFrame(rows, columns=columns)


def _usd(value: float) -> str:
    """A small USD amount as a reader wants it: cents below 10 USD, whole dollars above."""
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"


def _household_kwh(out: RunOutput) -> float:
    """The grid setting household_kwh_per_year of the run's inputs (kept in RunOutput.inputs)."""
    settings = out.inputs["grid_settings"].set_index("setting")["value"]
    return float(settings["household_kwh_per_year"])


@dataclass
class _Solved:
    """A scenario planned for itself: its run (model dropped), yearly costs, first-stage values."""

    out: RunOutput
    costs: pd.Series
    values: dict


def regret_analysis(
    plans: list[str | Path],
    realized: list[str | Path],
    decision_year: int,
    stage: Stage = lambda _: None,
    **grid: object,
) -> RegretOutput:
    """Solve each of `plans`, hold its decisions up to `decision_year` fixed in each `realized`
    scenario and compare with that scenario planned for itself (each solved once)."""
    options = {**QUICK, **grid}
    seconds: dict[str, float] = {}
    solved: dict[Path, _Solved] = {}
    reference: list[GridData] = []  # the first plan's grid: every scenario must share it

    def planned(path: str | Path) -> _Solved:
        key = Path(path).resolve()
        if key not in solved:
            started = time.perf_counter()
            stage(f"planning for {Path(path).stem} with perfect foresight")
            out = run_scenario(path, keep_model=True, **options)
            data = out.prepared.data
            if reference:
                check_same_grid(reference[0], data, out.scenario.name)
            else:
                check_decision_year(data, decision_year)
                reference.append(data)
            keys = first_stage_keys(out.model, data, decision_year)
            solved[key] = _Solved(
                out, annual_cost_musd(out.model), decision_values(out.model, keys)
            )
            out.model = None  # free the memory: what is needed is kept
            seconds[f"plan {out.scenario.name}"] = time.perf_counter() - started
        return solved[key]

    names = [planned(path).out.scenario.name for path in realized]
    if len(set(names)) < len(names):
        raise EnergyError(f"realized scenarios {names}: each must be given once")
    regret, stranded, totals, decisions = [], [], [], []
    for plan_path in plans:
        plan = planned(plan_path)
        data, name = plan.out.prepared.data, plan.out.scenario.name
        household = _household_kwh(plan.out)
        committed = committed_mw(plan.values, list(data.years))
        connections = connections_committed_mw(plan.out.results.tables["dc_load"], decision_year)
        decisions.append(decisions_table(plan.values, name, data))
        for path in realized:
            own = planned(path)
            label = own.out.scenario.name
            if own is plan:
                with_plan, cost = own.out, own.costs
            else:
                started = time.perf_counter()
                stage(f"{label} meeting the plan for {name}, fixed up to {decision_year}")
                with_plan = run_scenario(
                    path,
                    adjust=lambda m, _d, v=plan.values: fix_decisions(m, v),
                    keep_model=True,
                    **options,
                )
                cost = annual_cost_musd(with_plan.model)
                with_plan.model = None
                seconds[f"{label} with {name}'s plan"] = time.perf_counter() - started
            lost = stranded_table(
                with_plan.results.tables["capacity"],
                own.out.results.tables["capacity"],
                committed,
                data,
                (name, label),
            )
            idle = stranded_connections_gw(
                connections, own.out.results.tables["dc_load"], data.years
            )
            stranded.append(lost)
            regret.append(
                regret_rows(
                    name,
                    label,
                    with_plan.results.tables,
                    own.out.results.tables,
                    (cost, own.costs),
                    lost,
                    idle,
                    data,
                    household,
                )
            )
            cost_pv, own_pv = (present_value_musd(c, data) for c in (cost, own.costs))
            totals.append((name, label, cost_pv, own_pv, cost_pv - own_pv))
    table = pd.concat(regret, ignore_index=True)
    lost = pd.concat(stranded, ignore_index=True)
    total = pd.DataFrame(
        totals,
        columns=["plan", "realized", "cost_pv_musd", "own_cost_pv_musd", "regret_pv_musd"],
    )
    return RegretOutput(
        list(dict.fromkeys(total["plan"])),
        decision_year,
        table,
        lost,
        pd.concat(decisions, ignore_index=True),
        total,
        regret_sentences(table, lost, total, decision_year),
        seconds,
    )


def key_year(years: list[int]) -> int:
    """The year the sentences speak of: 2030 (LBNL's anchor) if modelled, else the last year."""
    return 2030 if 2030 in years else max(years)


def regret_sentences(
    regret: pd.DataFrame, stranded: pd.DataFrame, totals: pd.DataFrame, decision_year: int
) -> list[str]:
    """One plain sentence per plan and realized demand (other than the plan's own)."""
    sentences = []
    year = key_year(sorted(regret["year"].unique()))
    for row in totals.itertuples():
        if row.plan == row.realized:
            continue
        pair = (regret["plan"] == row.plan) & (regret["realized"] == row.realized)
        r = regret[pair & (regret["year"] == year)].iloc[0]
        pair_lost = (stranded["plan"] == row.plan) & (stranded["realized"] == row.realized)
        lost = stranded[pair_lost & (stranded["year"] == year)]
        text = (
            f"If the grid is built for {row.plan} (decisions to {decision_year}) and "
            f"{row.realized} arrives, "
        )
        if r["stranded_gw"] >= 0.05:
            top = lost.groupby(["reported_as", "region"])["stranded_mw"].sum().idxmax()
            top_gw = lost.groupby(["reported_as", "region"])["stranded_mw"].sum().max() / 1000
            text += (
                f"{r['stranded_gw']:,.1f} GW of new capacity ({top_gw:,.1f} GW of it {top[0]} "
                f"in {top[1]}) and {r['stranded_musd_per_yr'] / 1000:,.2f} bn USD a year are "
                f"stranded in {year}, about {_usd(r['stranded_usd_per_household_yr'])} USD per "
                "household"
            )
        else:
            text += f"no new capacity is stranded in {year}"
        misplaced = lost["misplaced_mw"].sum() / 1000 if len(lost) else 0.0
        if misplaced >= 0.05:
            text += (
                f"; {misplaced:,.1f} GW more stands in regions where that demand would not have "
                "put it (misplaced, not stranded)"
            )
        moved = r["relocated_twh"] - r["own_relocated_twh"]
        if moved > 0.05:
            text += (
                f"; {moved:,.1f} TWh more data-center load is moved than if it had been planned for"
            )
        rows = regret[pair]
        short = rows["unserved_twh"] - rows["own_unserved_twh"]
        if short.max() > 0.05:
            worst = rows.loc[short.idxmax()]
            text += (
                f"; in {int(worst['year'])} {short.max():,.1f} TWh of data-center load goes "
                f"unserved that planning for it would have served (regret "
                f"{worst['regret_musd'] / 1000:,.1f} bn USD that year)"
            )
        text += (
            f". Regret over the horizon: {row.regret_pv_musd / 1000:,.2f} bn USD (present value, "
            f"{100 * row.regret_pv_musd / row.own_cost_pv_musd:,.2f}% of its own cost)."
        )
        sentences.append(text)
    return sentences


# --- the hedge -----------------------------------------------------------------------------


@dataclass
class HedgeOutput:
    decision_year: int
    costs: pd.DataFrame  # scenario, weight: present values own, hedged, mean-demand plan
    plans: pd.DataFrame  # what each plan commits by the decision year (hedged, mean, each own)
    expected: dict[str, float]  # expected costs, EVPI and VSS (million USD, present value)
    sentences: list[str]
    seconds: dict[str, float] = field(default_factory=dict)


def check_weights(weights: list[float] | None, count: int) -> list[float]:
    """Equal weights if none; otherwise one positive weight per scenario, summing to 1."""
    if weights is None:
        return [1.0 / count] * count
    if len(weights) != count:
        raise EnergyError(f"{len(weights)} weights for {count} scenarios: give one per scenario")
    if any(not math.isfinite(w) or w <= 0 for w in weights):
        raise EnergyError(f"weights {weights}: each must be a number above 0")
    if abs(sum(weights) - 1.0) > 1e-6:
        raise EnergyError(f"weights {weights} sum to {sum(weights):g}; they must sum to 1")
    return list(weights)


def sweep_cases(path: str | Path, count: int) -> tuple[dict[str, GridData], SolveOptions]:
    """The first `count` samples of a sweep (its Latin hypercube, its seed) as demand cases for
    the hedge, equally likely: each sample's inputs, demand, siting and grid data, at the sweep's
    resolution."""
    from energy.sweep.resolve import SweepModel
    from energy.sweep.spec import load_sweep

    spec = load_sweep(path)
    if not 1 <= count <= spec.samples:
        raise EnergyError(f"--samples {count}: expected 1 to the sweep's {spec.samples} samples")
    base = SweepModel(spec, reuse=False)
    cases = {}
    for row in spec.sample_table().head(count).to_dict(orient="records"):
        values = {u.name: float(row[u.name]) for u in spec.uncertain}
        cases[f"{spec.name} sample {int(row['sample_id'])}"] = base.sample_data(values)
    return cases, base.scenario.solver


def _solve_fixed(data: GridData, values: dict, solver: SolveOptions) -> float:
    """`data` solved with `values` held fixed: its cost (million USD, present value)."""
    model = build_model(data)
    fix_decisions(model, values)
    return solve(model, solver).objective_musd


def hedge_analysis(
    scenarios: list[str | Path],
    weights: list[float] | None,
    decision_year: int,
    stage: Stage = lambda _: None,
    **grid: object,
) -> HedgeOutput:
    """One plan for all `scenarios` (TOML files): see hedge."""
    options = {**QUICK, **grid}
    weights = check_weights(weights, len(scenarios))
    started = time.perf_counter()
    stage("reading and preparing the scenarios")
    sds = [scenario_data(path, **options) for path in scenarios]
    names = [sd.scenario.name for sd in sds]
    if len(set(names)) < len(names):
        raise EnergyError(f"scenarios {names}: each must be given once")
    out = hedge(
        {sd.scenario.name: sd.prepared.data for sd in sds},
        weights,
        decision_year,
        sds[0].scenario.solver,
        stage,
    )
    out.seconds["prepare"] = time.perf_counter() - started - sum(out.seconds.values())
    return out


JOINT_TIME_LIMIT_S = 3600.0  # the joint program is several scenarios' size


def joint_options(solver: SolveOptions) -> SolveOptions:
    """How the joint program is solved: dual simplex from the cases' own optimal bases joined
    (`start_from`). Measured on the three shipped demand cases at the default resolution (lbnl-low,
    reference, lbnl-high; 0.25/0.5/0.25; decision year 2027): 137 s, against 516 s by interior
    point with crossover, with the same expected costs; one case alone takes about 38 s."""
    return dataclasses.replace(
        solver, method="simplex", time_limit_s=max(solver.time_limit_s, JOINT_TIME_LIMIT_S)
    )


def hedge(
    cases: dict[str, GridData],
    weights: list[float],
    decision_year: int,
    solver: SolveOptions | None = None,
    stage: Stage = lambda _: None,
) -> HedgeOutput:
    """One plan for all demand `cases` (name -> grid data): first-stage decisions (to
    `decision_year`) shared, the rest per case, expected cost minimized; with EVPI and VSS
    against the plan for the weighted-mean demand."""
    solver = solver or SolveOptions()
    names, datas = list(cases), list(cases.values())
    weights = check_weights(weights, len(datas))
    first = datas[0]
    check_decision_year(first, decision_year)
    for name, data in zip(names[1:], datas[1:], strict=True):
        check_same_grid(first, data, name)
    seconds: dict[str, float] = {}

    started = time.perf_counter()
    own_pv, plans, blocks, solved = [], [], [], []
    for name, data in cases.items():
        stage(f"planning for {name} with perfect foresight")
        model = build_model(data)
        report = solve(model, solver)
        own_pv.append(report.objective_musd)
        solved.append(report.loaded)
        keys = first_stage_keys(model, data, decision_year)
        plans.append(decisions_table(decision_values(model, keys), name, first))
        blocks.append(model)  # built once: the same model is a block of the joint program
    seconds["own"] = time.perf_counter() - started

    started = time.perf_counter()
    stage(f"solving the hedge: {len(datas)} demand cases sharing decisions to {decision_year}")
    top = pyo.ConcreteModel(name="hedge")
    for i, block in enumerate(blocks):
        block.total_cost.deactivate()
        top.add_component(f"case_{i}", block)
    keys = first_stage_keys(blocks[0], first, decision_year)
    share_decisions(top, blocks, keys)
    top.total_cost = pyo.Objective(
        expr=sum(w * b.total_cost.expr for w, b in zip(weights, blocks, strict=True)),
        sense=pyo.minimize,
    )
    top.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    hedged = solve(top, joint_options(solver), start=start_from(solved)).objective_musd
    del solved
    hedged_pv = [float(pyo.value(b.total_cost)) for b in blocks]
    plans.insert(0, decisions_table(decision_values(blocks[0], keys), "hedged", first))
    del top, blocks
    seconds["hedge"] = time.perf_counter() - started

    started = time.perf_counter()
    stage("planning for the weighted-mean demand, then meeting each case with that plan")
    mean = sum(w * data.dc_requested_mw for w, data in zip(weights, datas, strict=True))
    model = build_model(dataclasses.replace(first, dc_requested_mw=mean))
    solve(model, solver)
    mean_values = decision_values(model, keys)
    plans.insert(1, decisions_table(mean_values, "mean demand", first))
    del model
    mean_pv = [_solve_fixed(data, mean_values, solver) for data in datas]
    seconds["mean_plan"] = time.perf_counter() - started

    costs = pd.DataFrame(
        {
            "scenario": names,
            "weight": weights,
            "own_cost_pv_musd": own_pv,
            "hedged_cost_pv_musd": hedged_pv,
            "mean_plan_cost_pv_musd": mean_pv,
        }
    )
    expected = {
        "perfect_information_musd": float(sum(w * c for w, c in zip(weights, own_pv, strict=True))),
        "hedged_musd": hedged,
        "mean_plan_musd": float(sum(w * c for w, c in zip(weights, mean_pv, strict=True))),
    }
    expected["evpi_musd"] = expected["hedged_musd"] - expected["perfect_information_musd"]
    expected["vss_musd"] = expected["mean_plan_musd"] - expected["hedged_musd"]
    table = pd.concat(plans, ignore_index=True)
    return HedgeOutput(
        decision_year, costs, table, expected, hedge_sentences(table, expected), seconds
    )


def hedge_sentences(plans: pd.DataFrame, expected: dict) -> list[str]:
    """What hedging is worth and how the hedged plan differs from planning for the mean."""
    bn = 1000.0
    lines = [
        f"Knowing which demand comes would save {expected['evpi_musd'] / bn:,.2f} bn USD "
        f"(expected value of perfect information, present value over the horizon); planning "
        f"for the weighted-mean demand instead of hedging would cost "
        f"{expected['vss_musd'] / bn:,.2f} bn USD more (value of the stochastic solution)."
    ]
    built = plans[plans["variable"] == "build"]
    by_plan = built.groupby(["plan", "kind"])["mw"].sum().unstack("plan").fillna(0.0)
    if "hedged" in by_plan and "mean demand" in by_plan:
        diff = (by_plan["hedged"] - by_plan["mean demand"]) / 1000
        diff = diff[diff.abs() >= 0.05].sort_values()
        if len(diff):
            parts = [f"{tech} {gw:+,.1f} GW" for tech, gw in diff.items()]
            lines.append(
                "The hedged plan commits, against the mean-demand plan: " + ", ".join(parts) + "."
            )
        else:
            lines.append(
                "The hedged plan commits as much new capacity of each kind as the mean-demand plan."
            )
        where = built.groupby(["plan", "region"])["mw"].sum().unstack("plan").fillna(0.0)
        shift = ((where["hedged"] - where["mean demand"]) / 1000).sort_values()
        more = [f"{r} {gw:+,.1f} GW" for r, gw in shift[::-1].items() if gw >= 0.05][:3]
        less = [f"{r} {gw:+,.1f} GW" for r, gw in shift.items() if gw <= -0.05][:3]
        if more or less:
            lines.append(
                "Where it differs most (new capacity, hedged minus mean-demand plan): "
                + ", ".join(more + less)
                + "."
            )
    retired = plans[plans["variable"] == "retired"]
    if len(retired):
        last = retired.groupby("plan")["year"].transform("max")  # retired is cumulative
        gw = retired[retired["year"] == last].groupby("plan")["mw"].sum() / 1000
        order = [p for p in dict.fromkeys(plans["plan"]) if p in gw.index]
        lines.append(
            "Capacity retired early by the decision year: "
            + ", ".join(f"{p} {gw[p]:,.1f} GW" for p in order)
            + "."
        )
    return lines


# --- outputs -------------------------------------------------------------------------------


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, float_format="%.6g", lineterminator="\n")


def _write_seconds(seconds: dict[str, float], folder: Path) -> None:
    """manifest.json: seconds per stage (kept out of summary.json, which stays byte-identical)."""
    manifest = {"seconds": {k: round(v, 1) for k, v in seconds.items()}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def write_regret(out: RegretOutput, folder: Path) -> None:
    """regret.csv, stranded.csv, decisions.csv, totals.csv and summary.json into `folder`."""
    for name in ("regret", "stranded", "decisions", "totals"):
        _write_csv(getattr(out, name), folder / f"{name}.csv")
    summary = {
        "plans": out.plans,
        "decision_year": out.decision_year,
        "sentences": out.sentences,
        "totals": json.loads(out.totals.to_json(orient="records", double_precision=6)),
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    _write_seconds(out.seconds, folder)


def write_hedge(out: HedgeOutput, folder: Path) -> None:
    """hedge_costs.csv, hedge_plan.csv and summary.json (EVPI, VSS) into `folder`."""
    _write_csv(out.costs, folder / "hedge_costs.csv")
    _write_csv(out.plans, folder / "hedge_plan.csv")
    summary = {
        "decision_year": out.decision_year,
        "expected_costs_musd": {k: round(v, 3) for k, v in out.expected.items()},
        "sentences": out.sentences,
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    _write_seconds(out.seconds, folder)
