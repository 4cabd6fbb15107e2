"""One scenario end to end: inputs -> scenario -> demand -> siting -> grid model -> results, with
stage timings; the run folder it writes; whether a run folder is current for its inputs."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import platform
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo

from energy.demand.projection import DemandProjection, project_demand
from energy.inputs.tables import Inputs
from energy.model import build_model
from energy.model.data import GridData
from energy.model.prepare import Prepared, prepare
from energy.model.solve import SolveReport, solve
from energy.report.content import INPUT_TABLES, INPUTS_FOLDER
from energy.report.findings import finding_text
from energy.reproducible import fix_xlsx
from energy.results.backcast import backcast_table, region_load_twh
from energy.results.ceiling import CeilingBeside, NationalCeiling, national_ceiling
from energy.results.held_back import HeldBackReport, add_held_back
from energy.results.hourly_check import HourlyCheck, hourly_check
from energy.results.limits import price_holds_at_least, top_limits
from energy.results.requested_check import requested_check
from energy.results.tables import Results, collect
from energy.results.workers import Helpers
from energy.scenario import Scenario, input_hashes, load_scenario, scenario_inputs
from energy.siting import site_demand

Stage = Callable[[str], None]


@dataclass
class RunOutput:
    scenario: Scenario
    demand: DemandProjection
    prepared: Prepared
    results: Results
    report: SolveReport
    seconds: dict[str, float] = field(default_factory=dict)
    input_hashes: dict[str, str] = field(default_factory=dict)
    ceiling: NationalCeiling | None = None
    held_back: HeldBackReport | None = None
    inputs: dict[str, pd.DataFrame] = field(default_factory=dict)  # tables the report shows
    hourly: HourlyCheck | None = None  # the plan dispatched over every hour
    model: pyo.ConcreteModel | None = None  # the solved model, when asked for (keep_model)


# what the helpers' jobs import (the national ceiling, then the held-back trials; the report when
# the run's outputs are written while they are still up, `run_scenario(finish=...)`)
HELPER_MODULES = ("energy.results.ceiling_solve", "energy.results.held_back")
REPORT_MODULES = ("energy.report.build",)


def run_scenario(
    path: str | Path,
    stage: Stage = lambda _: None,
    adjust: Callable[[pyo.ConcreteModel, GridData], None] | None = None,
    keep_model: bool = False,
    finish: Callable[[RunOutput, Helpers], None] | None = None,
    **grid: object,
) -> RunOutput:
    """Solve one scenario; `stage` is told when each stage starts (for a progress display);
    keyword arguments override the scenario's [grid] options (e.g. national_ceiling=False).
    `adjust` changes the built model before it is solved (e.g. fixes a plan's decisions);
    with `keep_model` the solved Pyomo model stays in RunOutput.model. `finish(out, helpers)`
    runs last, while the helper processes are still up (e.g. `write_run`, which has one draw
    the report while this process writes the rest)."""
    seconds: dict[str, float] = {}
    inner = [0.0]  # seconds of stages timed inside the stage running (counted once, in theirs)

    def timed(name: str, label: str, fn):
        stage(label)
        started, outer = time.perf_counter(), inner[0]
        inner[0] = 0.0
        try:
            value = fn()
        finally:
            elapsed = time.perf_counter() - started
            seconds[name] = seconds.get(name, 0.0) + elapsed - inner[0]
            inner[0] = outer + elapsed
        return value

    scenario, inputs, demand, siting = _front(path, grid, timed)
    with contextlib.ExitStack() as keep, Helpers(scenario.solver.worker_count - 1) as helpers:
        if scenario.grid.national_ceiling or scenario.grid.measure_held_back:
            helpers.warm(HELPER_MODULES + (REPORT_MODULES if finish is not None else ()))
        beside = CeilingBeside(helpers, keep, scenario.solver)
        out = _grid_run(scenario, inputs, demand, siting, stage, timed, adjust, beside, keep_model)
        out.seconds = seconds
        if finish is not None:
            finish(out, helpers)
    if not keep_model:
        out.model = None
    return out


def _grid_run(
    scenario, inputs, demand, siting, stage, timed, adjust, beside, keep_model
) -> RunOutput:
    """The grid stages of run_scenario: plan (and plan again where the hours call for it), the
    held-back trials and the national ceiling beside them; with `keep_model` the model holds
    the scenario's solution at the end."""

    def plan(options):
        prepared = timed(
            "prepare",
            "preparing the grid data",
            lambda: prepare(inputs, options, siting.table, siting.base_year_mw),
        )
        model = timed("build", "building the Pyomo model", lambda: build_model(prepared.data))
        if adjust is not None:
            adjust(model, prepared.data)
        hand = beside.handed_over(model, prepared.data) if options.national_ceiling else None
        report = timed(
            "solve", "solving with HiGHS", lambda: solve(model, scenario.solver, handed_over=hand)
        )

        def collected() -> Results:
            results = collect(model, prepared, demand)
            limits = results.tables["limits"]
            limits["price_holds_at_least"] = price_holds_at_least(model, limits, report.loaded)
            return results

        results = timed("results", "collecting results", collected)
        hourly = None
        if options.hourly_check:
            hourly = timed(
                "hourly_check",
                "checking the plan hour by hour (8,760 hours of each model year)",
                lambda: hourly_check(model, prepared),
            )
        return prepared, model, report, results, hourly

    prepared, model, report, results, hourly = plan(scenario.grid)
    checks = [] if hourly is None else [hourly.table.assign(round=0)]
    for round_ in range(1, scenario.grid.hourly_check_rounds + 1 if hourly else 0):
        added = {d for d in hourly.worst_days().values() if d not in scenario.grid.keep_days}
        if not added:
            break
        stage(
            f"the hours found {', '.join(sorted(hourly.worst_days()))} short; planning again "
            f"with day(s) {', '.join(map(str, sorted(added)))} of the year as representative days"
        )
        keep = sorted({*scenario.grid.keep_days, *added})
        scenario = dataclasses.replace(
            scenario, grid=dataclasses.replace(scenario.grid, keep_days=keep)
        )
        prepared, model, report, results, hourly = plan(scenario.grid)
        checks.append(hourly.table.assign(round=round_))
    if checks:
        table = pd.concat(checks, ignore_index=True)
        results.tables["hourly_check"] = table[["round", *table.columns[:-1]]]
    data = prepared.data
    if "dc_forecasts" in inputs.tables:
        results.tables["requested_check"] = requested_check(prepared.siting, inputs["dc_forecasts"])
    if "actuals_2023" in inputs.tables and data.base_year in data.years:
        results.tables["backcast"] = backcast_table(
            inputs["actuals_2023"],
            results.tables,
            region_load_twh(data, data.base_year),
            data.base_year,
        )

    def ceiling_solve() -> NationalCeiling:
        return national_ceiling(
            model,
            report.loaded,
            prepared,
            demand,
            results,
            inputs["anchors"],
            scenario.solver,
            beside.solved(),
            beside.job.get("relocating"),
            keep_scenario=keep_model,
        )

    held_back, ceiling = None, None

    def ceiling_when_solved() -> None:
        """Collect the national ceiling between the trials once its helper is done, so that
        this process does not collect it alone after the last trial."""
        nonlocal ceiling
        if ceiling is None and scenario.grid.national_ceiling:
            if not all(future.done() for future in beside.ahead):
                return
            ceiling = timed("ceiling", "the national ceiling", ceiling_solve)

    if scenario.grid.measure_held_back:
        label = "re-solving to measure the load each binding limit holds back"
        shown = label  # the progress counts below name the trials alone
        if scenario.grid.national_ceiling and beside.ahead:
            shown += "; the national ceiling solving beside them"

        limits, held_back = timed(
            "held_back",
            shown,
            lambda: add_held_back(
                model,
                report.loaded,
                results.tables["limits"],
                results.limit_constraints,
                scenario.grid.held_back_step_mw,
                scenario.solver.worker_count,
                scenario.grid.held_back_max_solves,
                progress=_in_tenths(stage, label),
                helpers=beside.helpers,
                ahead=beside.ahead,
                between=ceiling_when_solved,
            ),
        )
        results.tables["limits"] = limits
    if scenario.grid.national_ceiling and ceiling is None:
        ceiling = timed("ceiling", "the national ceiling", ceiling_solve)
    shown = {name: inputs[name] for name in INPUT_TABLES if name in inputs.tables}
    return RunOutput(
        scenario,
        demand,
        prepared,
        results,
        report,
        {},  # the stage seconds, set by run_scenario
        input_hashes(scenario),
        ceiling,
        held_back,
        shown,
        hourly,
        model,
    )


def _front(path: str | Path, grid: dict, timed) -> tuple:
    """The stages before the grid model: scenario (with `grid` overrides), inputs, demand,
    siting; `timed(name, label, fn)` runs and times each."""
    scenario = timed("read", "reading scenario and inputs", lambda: load_scenario(path))
    if grid:
        scenario = dataclasses.replace(scenario, grid=dataclasses.replace(scenario.grid, **grid))
    inputs = timed("read", "reading scenario and inputs", lambda: scenario_inputs(scenario))
    first = min(scenario.first_year, 2023)
    demand = timed(
        "demand",
        "projecting demand",
        lambda: project_demand(inputs, scenario.case, list(range(first, scenario.last_year + 1))),
    )
    siting = timed(
        "siting",
        "siting data centers",
        lambda: site_demand(inputs, demand, list(scenario.grid.years)),
    )
    return scenario, inputs, demand, siting


@dataclass
class ScenarioData:
    """A scenario made ready for the grid model, not solved (the hedge builds several at once)."""

    scenario: Scenario
    inputs: Inputs
    demand: DemandProjection
    prepared: Prepared


def scenario_data(path: str | Path, **grid: object) -> ScenarioData:
    """Read, project, site and prepare `path` (with [grid] overrides) without solving."""
    scenario, inputs, demand, siting = _front(path, grid, lambda _n, _l, fn: fn())
    prepared = prepare(inputs, scenario.grid, siting.table, siting.base_year_mw)
    return ScenarioData(scenario, inputs, demand, prepared)


def _in_tenths(stage: Stage, label: str):
    """A progress callback telling `stage` how many of the re-solves are done, about every
    tenth of them (a run can spend minutes there)."""

    def progress(done: int, total: int) -> None:
        if done < total and done % max(1, -(-total // 10)) == 0:
            stage(f"{label}: {done} of {total} done")

    return progress


def _versions() -> dict[str, str]:
    """The versions a run's numbers depend on (highspy has no __version__: its package's)."""
    from importlib.metadata import version

    import numpy
    import pyomo.version

    import energy

    return {
        "energy": energy.__version__,
        "python": platform.python_version(),
        "pyomo": pyomo.version.version,
        "highspy": version("highspy"),
        "pandas": pd.__version__,
        "numpy": numpy.__version__,
    }


def manifest(out: RunOutput) -> dict:
    s, r = out.scenario, out.report
    return {
        "scenario": s.name,
        "scenario_file": str(s.path),
        "description": s.description,
        "demand_case": s.case,
        "workbook": str(s.workbook),
        "input_sha256": out.input_hashes,
        "versions": {**_versions(), "solver": r.solver},
        "grid_options": {k: v for k, v in vars(s.grid).items()},
        "solver_options": {k: v for k, v in vars(s.solver).items()},
        "solver_status": r.status,
        "objective_million_usd": r.objective_musd,
        "model_size": {
            "rows": r.rows,
            "columns": r.columns,
            "nonzeros": r.nonzeros,
            "time_slices": len(out.prepared.data.slices),
            "years": len(out.prepared.data.years),
            "regions": len(out.prepared.data.regions),
        },
        "seconds": {
            **{k: round(v, 3) for k, v in out.seconds.items()},
            "handover": round(r.handover_seconds, 3),
            "highs": round(r.seconds, 3),
        },
        "held_back": None
        if out.held_back is None
        else {
            "re_solves": out.held_back.solves,
            "not_measured_beyond_max_solves": out.held_back.unmeasured,
            "settled_at_connection_cap": out.held_back.at_cap,
            "re_solved_at_full_step": out.held_back.full_step,
            "on_reduced_lp": out.held_back.reduced_lp,
            "seconds": round(out.held_back.seconds, 3),
            "step_mw": out.held_back.step_mw,
        },
        "hourly_check": None
        if out.hourly is None
        else {
            "days_dispatched": {str(y): n for y, n in out.hourly.days_dispatched.items()},
            "seconds": round(out.hourly.seconds, 3),
        },
        "national_ceiling_seconds": None
        if out.ceiling is None
        else {k: round(v, 3) for k, v in out.ceiling.seconds.items()},
    }


def summary_json(out: RunOutput) -> dict:
    rows = out.results.summary.to_dict(orient="records")
    limits = top_limits(out.results.tables["limits"])
    # summary.json's name -> the ceiling table's column (both ceilings, by year)
    named = {"national_ceiling_twh": "ceiling_twh", "grid_ceiling_twh": "grid_ceiling_twh"}
    ceilings = (
        {}
        if out.ceiling is None
        else out.ceiling.table.set_index("year")[list(named.values())].round(6).to_dict()
    )
    years = []
    for row in rows:
        entry = {k: (int(v) if k == "year" else round(float(v), 6)) for k, v in row.items()}
        for name, column in named.items():
            entry[name] = ceilings.get(column, {}).get(entry["year"])
        entry["top_limits"] = limits.get(entry["year"], [])
        years.append(entry)
    prices = out.results.tables["prices"]
    for entry in years:
        short = prices[(prices["year"] == entry["year"]) & (prices["adequacy_shortfall_mw"] > 0.5)]
        entry["adequacy_shortfall_mw"] = {
            r.region: round(float(r.adequacy_shortfall_mw), 1) for r in short.itertuples()
        }
    check = out.results.tables.get("hourly_check")
    if check is not None:
        final = check[check["round"] == check["round"].max()]
        for entry in years:
            short = final[(final["year"] == entry["year"]) & (final["hours_short"] > 0)]
            entry["hourly_check_short"] = {
                r.region: {
                    "hours": int(r.hours_short),
                    "largest_shortfall_mw": float(r.largest_shortfall_mw),
                    "planned_adequate": bool(r.short_though_planned_adequate),
                }
                for r in short.itertuples()
            }
    return {
        "scenario": out.scenario.name,
        "demand_case": out.scenario.case,
        "finding": finding_text(out),
        "representative_days_kept": list(out.scenario.grid.keep_days),
        "years": years,
    }


def output_tables(out: RunOutput) -> dict[str, pd.DataFrame]:
    """Every table a run writes, by name (the CSV files and results.xlsx's sheets)."""
    tables = {**out.results.tables, "demand": out.demand.components, "siting": out.prepared.siting}
    if out.ceiling is not None:
        tables["frontier"] = out.ceiling.table
        tables["frontier_limits"] = out.ceiling.limits
    return tables


def _without_negative_zero(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with -0.0 written as 0 (a rounded solver value's sign is noise, not a result)."""
    floats = df.select_dtypes("float").columns
    return df.assign(**{c: df[c] + 0.0 for c in floats}) if len(floats) else df


def write_outputs(out: RunOutput, folder: Path) -> None:
    """Write every table (CSV and Parquet), results.xlsx, summary.json and manifest.json into
    `folder` (a fresh temporary folder)."""
    _write_tables(out, folder)
    _write_workbook(out, folder)


def write_run(out: RunOutput, folder: Path, report: bool = True, helpers=None) -> float | None:
    """`write_outputs` and, with `report`, report.pdf; its seconds (None without). With a
    helper process running (`helpers`, energy.results.workers.Helpers) the report is drawn there
    from the tables just written while this process writes results.xlsx, which the report does
    not read (the reference: 3.0 s of report beside 1.0 s of workbook); the same file either
    way, drawn here if the helper is gone."""
    from energy.report.build import write_report

    _write_tables(out, folder)
    pool = helpers.running if helpers is not None and report else None
    drawing = None
    if pool is not None:
        with contextlib.suppress(BrokenProcessPool):  # a helper gone: drawn here instead
            drawing = pool.submit(write_report, folder)
    try:
        _write_workbook(out, folder)
        if drawing is not None:
            with contextlib.suppress(BrokenProcessPool):
                return drawing.result()
    except BaseException:
        if drawing is not None:  # the folder is about to go: the helper must not draw on
            drawing.cancel()
            helpers.restart()
        raise
    return write_report(folder) if report else None


def _write_tables(out: RunOutput, folder: Path) -> None:
    """Every table as CSV and Parquet, the inputs used, summary.json and manifest.json: all
    the report reads."""
    for name, df in _tables(out).items():
        df.to_csv(folder / f"{name}.csv", index=False, float_format="%.6g", lineterminator="\n")
        # for notebooks: the same values as the CSV (6 significant digits, so solver noise in
        # the last bits never makes two runs' files differ), typed, without Excel
        pd.read_csv(folder / f"{name}.csv").to_parquet(folder / f"{name}.parquet", index=False)
    used = folder / INPUTS_FOLDER
    used.mkdir()
    for name, df in out.inputs.items():
        df.to_csv(used / f"{name}.csv", index=False, float_format="%.6g", lineterminator="\n")
    (folder / "summary.json").write_text(json.dumps(summary_json(out), indent=2) + "\n")
    (folder / "manifest.json").write_text(json.dumps(manifest(out), indent=2, default=str) + "\n")


def _tables(out: RunOutput) -> dict[str, pd.DataFrame]:
    """Every table as written (no -0)."""
    return {name: _without_negative_zero(df) for name, df in output_tables(out).items()}


def _write_workbook(out: RunOutput, folder: Path) -> None:
    """results.xlsx: every table, one sheet each."""
    with pd.ExcelWriter(folder / "results.xlsx", engine="openpyxl") as writer:
        for name, df in _tables(out).items():
            df.to_excel(writer, sheet_name=name[:31], index=False)
    fix_xlsx(folder / "results.xlsx")


def current_results(scenario: Path, out_dir: Path) -> Path | None:
    """The scenario's results folder if it was solved from the inputs as they are now (the
    manifest's input hashes match)."""
    loaded = load_scenario(scenario)
    folder = Path(out_dir) / loaded.name
    manifest = folder / "manifest.json"
    if not manifest.exists() or not (folder / "summary.json").exists():
        return None
    stored = json.loads(manifest.read_text()).get("input_sha256", {})
    return folder if stored == input_hashes(loaded) else None
