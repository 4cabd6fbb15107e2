"""The Python API: solve a scenario, project its demand or compare scenarios from a script or a
notebook, with the tables as pandas DataFrames (the same pipeline `energy run` uses)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from energy.pipeline import RunOutput


@dataclass
class RunResult:
    """A solved scenario: its tables, summary and limits, and where they were written."""

    tables: dict[str, pd.DataFrame]  # every table `energy run` writes, by name
    summary: dict  # what summary.json holds
    limits: pd.DataFrame  # limits.csv: each limit's shadow price, binding, held-back MW
    paths: dict[str, Path]  # file name -> path in the run folder (empty if none was written)
    output: RunOutput  # everything the pipeline produced (scenario, model data, timings)


def run(
    scenario: str | Path, out_dir: str | Path | None = None, report: bool = False, **grid: object
) -> RunResult:
    """Solve `scenario` (a TOML file); keyword arguments override its [grid] options (e.g.
    years=[2023, 2030], measure_held_back=False). With `out_dir` the run folder is written there
    as `energy run` writes it (report.pdf too if `report`)."""
    from energy.atomic import atomic_dir, check_writable
    from energy.pipeline import output_tables, run_scenario, summary_json, write_outputs

    if out_dir is not None:
        check_writable(out_dir)
    out = run_scenario(scenario, **grid)
    paths: dict[str, Path] = {}
    if out_dir is not None:
        target = Path(out_dir) / out.scenario.name
        with atomic_dir(target) as tmp:
            write_outputs(out, tmp)
            if report:
                from energy.report.build import write_report

                write_report(tmp)
        paths = {p.name: p for p in sorted(target.iterdir()) if p.is_file()}
    tables = output_tables(out)
    return RunResult(tables, summary_json(out), tables["limits"], paths, out)


def projection(scenario: str | Path) -> pd.DataFrame:
    """The scenario's national demand projection: year x component (TWh, average MW), as
    `energy demand SCENARIO --out` writes it."""
    from energy.demand.projection import project_demand
    from energy.scenario import load_scenario, scenario_inputs

    loaded = load_scenario(scenario)
    years = list(range(loaded.first_year, loaded.last_year + 1))
    return project_demand(scenario_inputs(loaded), loaded.case, years).components


def compare_scenarios(scenarios: list[str | Path], **grid: object) -> pd.DataFrame:
    """Solve each scenario (with the same [grid] overrides) and set them side by side: one row
    per scenario and year, as `energy compare` prints and writes."""
    from energy.compare import compare_table
    from energy.pipeline import run_scenario

    outputs = {}
    for path in scenarios:
        out = run_scenario(path, **grid)
        outputs[out.scenario.name] = out
    return compare_table(outputs)


def plan_regret(
    plans: str | Path | list[str | Path],
    realized: list[str | Path],
    decision_year: int = 2027,
    **grid: object,
):
    """`energy regret` from Python: the plan for each of `plans` (TOML files) met by each
    realized scenario; a RegretOutput with regret, stranded, decisions and totals as DataFrames."""
    from energy.regret import regret_analysis

    plans = [plans] if isinstance(plans, str | Path) else list(plans)
    return regret_analysis(plans, list(realized), decision_year, **grid)


def hedge_plan(
    scenarios: list[str | Path],
    weights: list[float] | None = None,
    decision_year: int = 2027,
    **grid: object,
):
    """`energy hedge` from Python: one plan for all `scenarios`; a HedgeOutput with costs,
    plans, expected costs (EVPI, VSS) and sentences."""
    from energy.regret import hedge_analysis

    return hedge_analysis(list(scenarios), weights, decision_year, **grid)


@dataclass
class SystemResult:
    """A custom system solved: its tables, limits (with held-back load) and national ceiling."""

    tables: dict[str, pd.DataFrame]  # dc_load, capacity, generation (the run folder's columns)
    limits: pd.DataFrame  # limits.csv's columns; held_back_mw measured when asked
    ceiling_twh: pd.Series | None  # year -> most data-center energy servable (None if not asked)
    objective_musd: float  # discounted system cost, million USD
    # year -> the same with every connection rate lifted: what the grid itself allows
    grid_ceiling_twh: pd.Series | None = None


def solve_system(data, held_back: bool = True, ceiling: bool = True) -> SystemResult:
    """Solve a custom system (GridData, e.g. from `energy.model.custom.grid`) the way `energy run`
    solves a scenario: the plan, each binding limit's held-back load (lifting it alone and
    solving again), and the national ceiling (every region offered far more load)."""
    import pyomo.environ as pyo

    from energy.model import build_model
    from energy.model.solve import solve
    from energy.results.ceiling import solve_in_place
    from energy.results.held_back import add_held_back
    from energy.results.limits import limits_table, price_holds_at_least
    from energy.results.solution import values
    from energy.results.tables import capacity_table, generation_table
    from energy.scenario.options import GridOptions

    model = build_model(data)
    report = solve(model)
    keys = ["region", "year"]
    dc_load = values(model.dc_in_place, keys, "in_place_mw")
    for name, var in (
        ("served_here_mw", model.dc_served),
        ("onsite_mw", model.dc_onsite),
        ("unserved_mw", model.dc_unserved),
        ("connected_mw", model.dc_connected),
    ):
        dc_load = dc_load.merge(values(var, keys, name), on=keys)
    requested = data.dc_requested_mw.rename("requested_mw").rename_axis(keys).reset_index()
    dc_load = requested.merge(dc_load, on=keys)
    tables = {
        "dc_load": dc_load,
        "capacity": capacity_table(model, data),
        "generation": generation_table(model, data),
    }
    limits, members = limits_table(model, data)
    limits["price_holds_at_least"] = price_holds_at_least(model, limits, report.loaded)
    if held_back:
        step = GridOptions().held_back_step_mw
        limits, _ = add_held_back(model, report.loaded, limits, members, step, workers=1)
    ceiling_twh = grid_ceiling_twh = None

    def served_twh() -> pd.Series:
        hours = data.hours_per_year
        return pd.Series(
            {
                y: sum(pyo.value(model.dc_served[r, y]) for r in model.R) * hours / 1e6
                for y in model.Y
            }
        )

    if ceiling and data.allow_relocation:
        _, connected, grid = solve_in_place(model, report.loaded, data)
        report.loaded.load_values(
            model, connected.col_value, connected.row_dual, connected.row_value
        )
        ceiling_twh = served_twh()
        report.loaded.load_values(model, grid.col_value, grid.row_dual, grid.row_value)
        grid_ceiling_twh = served_twh()
    return SystemResult(tables, limits, ceiling_twh, report.objective_musd, grid_ceiling_twh)
