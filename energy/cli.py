"""The `energy` command: wires the stages together; all work happens in the library modules."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from energy.atomic import check_writable
from energy.errors import EnergyError

EPILOG_DEMAND = """\b
Examples:
  energy demand scenarios/reference.toml
  energy demand scenarios/lbnl-high.toml --out reports/high-demand.csv
  energy demand scenarios/reference.toml --explain
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="energy")
def main() -> None:
    """How far can US data-center electricity demand grow before the grid stops it?

    \b
    Start with:
      energy run scenarios/reference.toml         demand -> grid -> limits -> report.pdf
      energy demand scenarios/reference.toml      the bottom-up demand projection alone
      energy compare scenarios/reference.toml scenarios/nova-fast-interconnect.toml --pdf compare.pdf
      energy sweep scenarios/sweeps/reference-uncertainty.toml   Latin-hypercube uncertainty sweep
      energy regret scenarios/lbnl-high.toml --realized scenarios/lbnl-low.toml   what is stranded
      energy hedge scenarios/lbnl-low.toml scenarios/lbnl-high.toml   one plan for both
      energy inputs validate inputs/energy_inputs.xlsx
    """


@main.command(epilog=EPILOG_DEMAND)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the projection as CSV (year, component, energy_twh, average_mw, share_of_us_electricity).",
)
@click.option(
    "--stock",
    "stock",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the server stock as CSV: per class and year, US shipments (after calibrated levers), installed base, operating stock, power and energy.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Also re-solve the calibrated levers and show how far each published anchor is from the projection.",
)
def demand(scenario: Path, out: Path | None, stock: Path | None, explain: bool) -> None:
    """Project US data-center electricity use by component for a SCENARIO file (TOML).

    Prints TWh per year for conventional servers, AI servers, storage, network and
    infrastructure (PUE overhead), the total, average GW and the share of US electricity,
    then the published anchors (LBNL 2024/2025) the projection is checked against.
    """
    from energy.atomic import atomic_path
    from energy.demand.anchors import compare_anchors
    from energy.demand.projection import project_demand
    from energy.demand.tables import anchor_table, calibration_table, demand_table
    from energy.scenario import load_scenario, scenario_inputs

    for target in (out, stock):
        if target is not None:
            check_writable(Path(target).parent)
    spec = load_scenario(scenario)
    inputs = scenario_inputs(spec)
    started = time.perf_counter()
    projection = project_demand(inputs, spec.case, spec.years)
    elapsed = time.perf_counter() - started
    click.echo(f"Scenario {spec.name}: {spec.description}".rstrip(": "))
    click.echo(f"Inputs: {spec.workbook}\n")
    click.echo(demand_table(projection))
    click.echo("")
    click.echo(anchor_table(compare_anchors(projection, inputs["anchors"])))
    if explain:
        from energy.demand.calibration import solve_calibration

        click.echo("")
        click.echo(calibration_table(solve_calibration(inputs)))
    if out is not None:
        with atomic_path(out) as tmp:
            projection.components.to_csv(tmp, index=False, float_format="%.6g", lineterminator="\n")
        click.echo(f"\nWrote {out}")
    if stock is not None:
        with atomic_path(stock) as tmp:
            projection.servers.to_csv(tmp, index=False, float_format="%.6g", lineterminator="\n")
        click.echo(f"Wrote {stock}")
    click.echo(f"\nProjection computed in {elapsed:.3f} s.", err=True)


def out_dir_option(help_text: str):
    """The --out-dir option shared by commands that write into reports/<scenario>/."""
    return click.option(
        "--out-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("reports"),
        show_default=True,
        help=help_text,
    )


EPILOG_RUN = """\b
Examples:
  energy run scenarios/reference.toml
  energy run scenarios/no-relocation.toml --out-dir /tmp/results
"""


@main.command("run", epilog=EPILOG_RUN)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@out_dir_option("Folder that receives <scenario>/ with the results.")
@click.option("--no-report", is_flag=True, help="Do not write report.pdf.")
def run_command(scenario: Path, out_dir: Path, no_report: bool) -> None:
    """Solve the grid model for a SCENARIO and write reports/<scenario>/.

    Projects demand, sites it in the 19 grid regions, builds the Pyomo model (energy balance,
    adequacy, large-load interconnection, build rate and lead time, transfer capability) and
    solves it with HiGHS. Writes the tables as CSV, results.xlsx, summary.json (requested,
    served, relocated and unserved TWh per year) and manifest.json (input hashes, versions,
    solver status, model size, timings). A failed run leaves earlier outputs untouched.
    """
    from energy.atomic import atomic_dir
    from energy.pipeline import run_scenario, write_run
    from energy.report.findings import finding_text

    started = time.perf_counter()
    last = {"label": None, "at": started}

    def stage(label: str) -> None:
        if label != last["label"]:
            now = time.perf_counter()
            click.echo(f"[{now - started:6.1f} s] {label} ...", err=True)
            last.update(label=label, at=now)

    check_writable(out_dir)
    report_seconds = None

    def write(out, helpers) -> None:
        """The outputs, and report.pdf drawn by a helper meanwhile (pipeline.write_run)."""
        nonlocal report_seconds
        stage("writing outputs" + ("" if no_report else " and report.pdf"))
        with atomic_dir(out_dir / out.scenario.name) as tmp:
            report_seconds = write_run(out, tmp, not no_report, helpers)

    out = run_scenario(scenario, stage, finish=write)
    target = out_dir / out.scenario.name
    r = out.report
    click.echo(f"[{time.perf_counter() - started:6.1f} s] done: {target}", err=True)
    click.echo(
        f"Model: {r.rows:,} rows, {r.columns:,} columns, {r.nonzeros:,} nonzeros; build {out.seconds['build']:.1f} s, "
        f"hand-over {r.handover_seconds:.1f} s, HiGHS {r.seconds:.1f} s; objective {r.objective_musd:,.0f} million USD (2023, discounted)"
    )
    summary = out.results.summary.set_index("year")
    click.echo("\nData-center load (TWh):")
    click.echo(summary.to_string(float_format=lambda v: f"{v:,.3f}" if v < 1 else f"{v:,.1f}"))
    if out.held_back is not None:
        late = out.held_back.unmeasured
        click.echo(
            f"\nHeld-back load: {out.held_back.solves} limits measured by re-solving and "
            f"{out.held_back.at_cap} settled at their connection cap in "
            f"{out.held_back.seconds:.1f} s"
            + (f"; {late} left empty beyond [grid] held_back_max_solves" if late else "")
        )
    click.echo("\nFinding:\n" + finding_text(out))
    if report_seconds is not None:
        click.echo(f"\nReport: {target / 'report.pdf'} ({report_seconds:.1f} s)")
    click.echo(f"\nWrote {target}/")
    _LAST_RUN[:] = [out]  # freed by the next run, or never: see entry()


# the last run's output (its solved model) stays referenced until the next run: freeing it
# object by object took 1.4 s as `energy run` returned, which entry() then skips by exiting
_LAST_RUN: list = []


@main.command("ceiling")
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@out_dir_option("Folder that receives <scenario>/frontier/.")
def ceiling_command(scenario: Path, out_dir: Path) -> None:
    """The national ceiling: the most data-center energy the grid can serve each year.

    Solves the SCENARIO, then solves it again offering far more data-center load in every
    region (relocation allowed) and reports what gets served, next to the requested
    trajectory and LBNL's 2028 range. Writes <out-dir>/<scenario>/frontier/frontier.csv.

    The limits binding at the ceiling are listed per year (frontier_limits.csv has them all).

    `energy frontier` is the same command under its former name.

    \b
    Example:
      energy ceiling scenarios/reference.toml
    """
    from energy.atomic import atomic_dir
    from energy.pipeline import run_scenario

    check_writable(out_dir)
    out = run_scenario(
        scenario,
        lambda label: click.echo(f"{label} ...", err=True),
        measure_held_back=False,
        national_ceiling=True,
    )
    ceiling = out.ceiling
    target = out_dir / out.scenario.name
    target.mkdir(parents=True, exist_ok=True)
    with atomic_dir(target / "frontier") as tmp:
        ceiling.table.to_csv(
            tmp / "frontier.csv", index=False, float_format="%.6g", lineterminator="\n"
        )
        ceiling.limits.to_csv(
            tmp / "frontier_limits.csv", index=False, float_format="%.6g", lineterminator="\n"
        )
    click.echo("National ceiling of data-center electricity (TWh)")
    shown = ceiling.table.drop(columns=["binding_at_ceiling", "binding_at_grid_ceiling"])
    shown = shown.set_index("year")
    click.echo(
        shown.to_string(
            float_format=lambda v: f"{v:,.3f}" if abs(v) < 1 else f"{v:,.1f}", na_rep=""
        )
    )
    click.echo("\nLimits binding at the ceiling:")
    for row in ceiling.table.itertuples():
        click.echo(f"  {row.year}: {row.binding_at_ceiling or 'none'}")
    click.echo("\nLimits binding at the grid ceiling (connection rates lifted):")
    for row in ceiling.table.itertuples():
        click.echo(f"  {row.year}: {row.binding_at_grid_ceiling or 'none'}")
    click.echo(
        f"\nScenario solve: HiGHS {out.report.seconds:.1f} s; ceiling re-solve: HiGHS "
        f"{ceiling.seconds['highs']:.1f} s, {ceiling.seconds['total']:.1f} s with its results"
    )
    click.echo(f"Wrote {target / 'frontier'}/frontier.csv and frontier_limits.csv")


# the command's former name, kept working (hidden from the command list)
main.add_command(
    click.Command(
        "frontier",
        callback=ceiling_command.callback,
        params=ceiling_command.params,
        help=ceiling_command.help,
        hidden=True,
    )
)


@main.command("report")
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@out_dir_option("Folder that holds (or receives) <scenario>/.")
def report_command(scenario: Path, out_dir: Path) -> None:
    """Write reports/<scenario>/report.pdf for a SCENARIO.

    Uses the results already in <out-dir>/<scenario>/ when they were solved from the same inputs
    (the manifest's input hashes match); otherwise solves the scenario first (as `energy run`).

    \b
    Example:
      energy report scenarios/reference.toml
    """
    from energy.atomic import atomic_dir
    from energy.pipeline import current_results, run_scenario, write_outputs
    from energy.report.build import write_report

    check_writable(out_dir)
    folder = current_results(scenario, out_dir)
    if folder is None:
        click.echo("no current results: solving the scenario first ...", err=True)
        out = run_scenario(scenario, lambda label: click.echo(f"{label} ...", err=True))
        folder = out_dir / out.scenario.name
        with atomic_dir(folder) as tmp:
            write_outputs(out, tmp)
            seconds = write_report(tmp)
    else:
        seconds = write_report(folder)
    click.echo(f"Wrote {folder / 'report.pdf'} ({seconds:.1f} s)")


DECISION_YEAR = (
    2027  # default: what a plan commits by the end of 2027 (before 2028's demand is known)
)


def decision_year_option(help_text: str):
    """The --decision-year option shared by `energy regret` and `energy hedge`."""
    return click.option(
        "--decision-year", type=int, default=DECISION_YEAR, show_default=True, help=help_text
    )


def _timed_stage():
    """A progress printer: `[  12.3 s] label ...` on stderr when the label changes."""
    started = time.perf_counter()
    last = {"label": None}

    def stage(label: str) -> None:
        if label != last["label"]:
            click.echo(f"[{time.perf_counter() - started:6.1f} s] {label} ...", err=True)
            last["label"] = label

    return stage


@main.command("regret")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("more", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--realized",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A scenario whose demand comes instead (repeat, or list them after the first).",
)
@click.option(
    "--plan",
    "plans",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A further plan to compare (repeat): regret.csv and the report then hold the plan x realized matrix.",
)
@decision_year_option(
    "The plan's decisions taken up to this year are fixed (builds in service up to this year + "
    "lead time, retirements, contracts, connections)."
)
@out_dir_option("Folder that receives regret-<plan>/ (regret-<plan>-<plan>… with --plan).")
@click.option("--no-report", is_flag=True, help="Do not write report.pdf.")
def regret_command(
    plan: Path,
    more: tuple[Path, ...],
    realized: tuple[Path, ...],
    plans: tuple[Path, ...],
    decision_year: int,
    out_dir: Path,
    no_report: bool,
) -> None:
    """What is stranded if the grid is built for PLAN and another demand comes.

    Solves PLAN, fixes its decisions up to the decision year, and re-solves each realized
    scenario with them fixed (what is still possible after lead times left free), beside the
    same scenario planned for itself. Writes regret.csv (per realized case and year: cost, regret,
    stranded GW and its cost, per MWh and per household, load unserved or moved, CO2),
    stranded.csv (region, technology), decisions.csv, totals.csv, summary.json and report.pdf.

    \b
    Example:
      energy regret scenarios/lbnl-high.toml --realized scenarios/lbnl-low.toml scenarios/reference.toml
    """
    from energy.atomic import atomic_dir
    from energy.regret import regret_analysis, write_regret
    from energy.report.regret import regret_report

    cases = [*realized, *more]
    if not cases:
        raise EnergyError("give at least one realized scenario: --realized SCENARIO.toml")
    check_writable(out_dir)
    out = regret_analysis([plan, *plans], cases, decision_year, _timed_stage())
    target = out_dir / f"regret-{'-'.join(out.plans)}"
    with atomic_dir(target) as tmp:
        write_regret(out, tmp)
        if not no_report:
            tables = {n: getattr(out, n) for n in ("regret", "stranded", "totals")}
            regret_report(tmp, tables, out.sentences)
    click.echo("\n".join(out.sentences) or "Only the plan's own demand was given.")
    shown = out.totals.set_index(["plan", "realized"])[
        ["cost_pv_musd", "own_cost_pv_musd", "regret_pv_musd"]
    ]
    click.echo("\nPresent values over the horizon (million USD):")
    click.echo(shown.to_string(float_format=lambda v: f"{v:,.0f}"))
    click.echo(f"\nWrote {target}/")


@main.command("hedge")
@click.argument("scenarios", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--sweep",
    "sweep",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Draw the demand cases from a sweep file instead: its first --samples samples, equally likely.",
)
@click.option(
    "--samples", type=int, default=3, show_default=True, help="Samples drawn with --sweep."
)
@click.option(
    "--weights",
    default=None,
    help="Probabilities of the scenarios, comma-separated, summing to 1 (default: equal).",
)
@decision_year_option(
    "Decisions taken up to this year are shared by all scenarios; later ones differ per scenario."
)
@out_dir_option("Folder that receives hedge/.")
@click.option("--no-report", is_flag=True, help="Do not write report.pdf.")
def hedge_command(
    scenarios: tuple[Path, ...],
    sweep: Path | None,
    samples: int,
    weights: str | None,
    decision_year: int,
    out_dir: Path,
    no_report: bool,
) -> None:
    """One plan for several demand SCENARIOS: a two-stage stochastic program.

    Decisions up to the decision year are shared by all scenarios, operations and later builds
    differ per scenario, and the expected cost is minimized. Reports the expected value of
    perfect information (EVPI) and the value of the stochastic solution (VSS) against planning
    for the weighted-mean demand. Writes hedge_costs.csv, hedge_plan.csv, summary.json and
    report.pdf into <out-dir>/hedge/.

    \b
    Examples:
      energy hedge scenarios/lbnl-low.toml scenarios/reference.toml scenarios/lbnl-high.toml --weights 0.25,0.5,0.25
      energy hedge --sweep scenarios/sweeps/reference-uncertainty.toml --samples 4
    """
    from energy.atomic import atomic_dir
    from energy.regret import hedge_analysis, write_hedge
    from energy.report.regret import hedge_report

    parsed = None
    if weights is not None:
        try:
            parsed = [float(w) for w in weights.split(",")]
        except ValueError:
            raise EnergyError(
                f"--weights {weights!r}: expected numbers separated by commas, e.g. 0.25,0.5,0.25"
            ) from None
    check_writable(out_dir)
    if sweep is not None:
        from energy.regret import hedge, sweep_cases

        if scenarios:
            raise EnergyError("give scenario files or --sweep, not both")
        stage = _timed_stage()
        stage(f"drawing {samples} demand cases from {sweep.name}")
        cases, solver = sweep_cases(sweep, samples)
        out = hedge(cases, parsed or [1.0 / len(cases)] * len(cases), decision_year, solver, stage)
    elif not scenarios:
        raise EnergyError("give two or more scenario files, or --sweep SWEEP.toml")
    else:
        out = hedge_analysis(list(scenarios), parsed, decision_year, _timed_stage())
    target = out_dir / "hedge"
    with atomic_dir(target) as tmp:
        write_hedge(out, tmp)
        if not no_report:
            hedge_report(tmp, {"hedge_costs": out.costs, "hedge_plan": out.plans}, out.sentences)
    click.echo("\n".join(out.sentences))
    click.echo(f"\nWrote {target}/")


@main.command("compare")
@click.argument(
    "scenarios", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the comparison as CSV.",
)
@click.option(
    "--pdf",
    "pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a comparison report (PDF).",
)
def compare_command(scenarios: tuple[Path, ...], out: Path | None, pdf: Path | None) -> None:
    """Solve several SCENARIOS and compare served, relocated and unserved data-center TWh by year,
    and the three binding limits that hold back the most load in each scenario and year.

    \b
    Example:
      energy compare scenarios/reference.toml scenarios/no-relocation.toml scenarios/nova-fast-interconnect.toml
    """
    from energy.atomic import atomic_path
    from energy.compare import compare_table, compare_text
    from energy.pipeline import run_scenario

    for target in (out, pdf):
        if target is not None:
            check_writable(Path(target).parent)
    outputs = {}
    started = time.perf_counter()
    for number, path in enumerate(scenarios, start=1):

        def stage(label: str, number=number, path=path) -> None:
            elapsed = time.perf_counter() - started
            click.echo(
                f"[{elapsed:6.1f} s] {number}/{len(scenarios)} {path.name}: {label} ...", err=True
            )

        result = run_scenario(path, stage, national_ceiling=False)
        outputs[result.scenario.name] = result
    table = compare_table(outputs)
    click.echo(compare_text(table))
    if out is not None:
        with atomic_path(out) as tmp:
            table.to_csv(tmp, index=False, float_format="%.6g", lineterminator="\n")
        click.echo(f"\nWrote {out}")
    if pdf is not None:
        from energy.report.build import comparison_report

        seconds = comparison_report(list(outputs), table, pdf)
        click.echo(f"Wrote {pdf} ({seconds:.1f} s)")


@main.command("sweep")
@click.argument("sweep_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports") / "sweeps",
    show_default=True,
    help="Folder that receives <sweep>/ (samples as Parquet, summaries, report).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    help="Local worker processes (0 = one per CPU core, up to 4; 1 = in this process).",
)
@click.option("--scheduler", help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option(
    "--no-reuse", is_flag=True, help="Rebuild the model for every sample (slower; a check)."
)
def sweep_command(
    sweep_file: Path, out_dir: Path, workers: int, scheduler: str | None, no_reuse: bool
) -> None:
    """Solve Latin-hypercube samples of uncertain inputs around a base scenario.

    Each worker builds the base model once and re-solves it per sample (changed bounds, costs
    and coefficients). Samples are appended to <out-dir>/<sweep>/samples/ as Parquet; running
    the same sweep again resumes, skipping finished samples. Failed samples are recorded with
    their reason. Writes region_summary.csv (probability that limits bind, unserved and displaced
    load per region and year), national_summary.csv (served energy and national ceiling per
    year) and sweep_report.pdf.

    \b
    Examples:
      energy sweep scenarios/sweeps/reference-uncertainty.toml
      energy sweep scenarios/sweeps/reference-uncertainty.toml --scheduler tcp://127.0.0.1:8786
    """
    from tqdm import tqdm

    from energy.scenario.options import worker_count
    from energy.sweep.runner import read_samples, run_sweep
    from energy.sweep.spec import load_sweep
    from energy.sweep.summary import write_sweep_outputs

    spec = load_sweep(sweep_file)
    check_writable(out_dir)
    folder = out_dir / spec.name
    count = worker_count(workers)
    where = f"Dask scheduler {scheduler}" if scheduler else f"{count} local process(es)"
    click.echo(f"sweep {spec.name}: {spec.samples} samples on {where} -> {folder}", err=True)
    bar = tqdm(total=None, unit="sample", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, failed: int, total: int) -> None:
        if bar.total != total:
            bar.reset(total=total)
        bar.update(done - bar.n)
        bar.set_postfix(done=done, failed=failed)

    result = run_sweep(spec, folder, count, scheduler, not no_reuse, progress)
    bar.close()
    samples = read_samples(folder)
    tables, seconds = write_sweep_outputs(folder, spec.name, samples)
    click.echo(
        f"{result['solved']} solved ({result['failed']} failed), {result['skipped']} already done, "
        f"in {result['seconds']:.1f} s; report {seconds:.1f} s"
    )
    national = tables["national_summary"].set_index("year")
    shown = [
        c
        for c in national.columns
        if c.startswith(("served", "displaced", "ceiling")) and c.endswith(("_p05", "_p50", "_p95"))
    ]
    click.echo("\nNational data-center energy across samples (TWh):")
    click.echo(national[shown].to_string(float_format=lambda v: f"{v:,.1f}"))
    if len(tables["failures"]):
        click.echo(f"\nFailed samples (see {folder / 'failures.csv'}):")
        click.echo(tables["failures"].head(5).to_string(index=False))
    click.echo(f"\nWrote {folder}/")


@main.group()
def inputs() -> None:
    """Check, convert and calibrate input workbooks.

    \b
    Examples:
      energy inputs validate inputs/energy_inputs.xlsx
      energy inputs export inputs/energy_inputs.xlsx my_inputs/     (workbook -> CSV folder)
      energy inputs import my_inputs/ my_inputs.xlsx                 (CSV folder -> workbook)
      energy inputs template blank.xlsx
      energy inputs calibrate inputs/energy_inputs.xlsx --write
    """


@inputs.command()
@click.argument("path", type=click.Path(path_type=Path))
def validate(path: Path) -> None:
    """Check a workbook or CSV folder and report every problem found (exit 1 if any).

    Example: energy inputs validate inputs/energy_inputs.xlsx
    """
    from energy.inputs import load_inputs
    from energy.inputs.schema import GRID_TABLE_NAMES

    loaded = load_inputs(path)
    rows = sum(len(df) for df in loaded.tables.values())
    click.echo(f"{path}: valid ({len(loaded.tables)} sheets, {rows} rows).")
    if not any(name in loaded.tables for name in GRID_TABLE_NAMES):
        click.echo(
            "It has no grid sheets: `energy demand` can use it; `energy run` also needs "
            + ", ".join(GRID_TABLE_NAMES)
            + " (see `energy inputs template`)."
        )


@inputs.command("export")
@click.argument("workbook", type=click.Path(exists=False, path_type=Path))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_cmd(workbook: Path, folder: Path) -> None:
    """Write a workbook's tables as a folder of CSV files (one per sheet), after validating it.

    Example: energy inputs export inputs/energy_inputs.xlsx my_inputs/
    """
    from energy.inputs import export_inputs

    export_inputs(workbook, folder)
    click.echo(f"Wrote {folder}/ (one CSV per sheet).")


@inputs.command("import")
@click.argument("folder", type=click.Path(path_type=Path))
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
def import_cmd(folder: Path, workbook: Path) -> None:
    """Build a workbook from a folder of CSV files, after validating them.

    Example: energy inputs import my_inputs/ my_inputs.xlsx
    """
    from energy.inputs import export_inputs

    if workbook.suffix.lower() != ".xlsx":
        raise click.BadParameter("the workbook must end in .xlsx", param_hint="WORKBOOK")
    export_inputs(folder, workbook)
    click.echo(f"Wrote {workbook}.")


@inputs.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def template(path: Path) -> None:
    """Write an empty workbook: every sheet's header, units (header notes) and drop-down lists.

    Example: energy inputs template blank.xlsx
    """
    from energy.inputs import write_template

    if path.suffix.lower() != ".xlsx":
        raise click.BadParameter("the template must end in .xlsx", param_hint="PATH")
    write_template(path)
    click.echo(f"Wrote {path}.")


@inputs.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--write", is_flag=True, help="Store the solved values in the workbook's calibration sheet."
)
def calibrate(path: Path, write: bool) -> None:
    """Re-solve the calibrated levers of a workbook so that each meets its target anchor.

    Run it after changing an input that the calibration depends on (shipments, power,
    PUE, ...); without --write it only shows the solved values.

    Example: energy inputs calibrate inputs/energy_inputs.xlsx --write
    """
    from energy.demand.calibration import solve_calibration
    from energy.demand.tables import calibration_table
    from energy.inputs import load_inputs, store_calibration

    loaded = load_inputs(path)
    solved = solve_calibration(loaded)
    click.echo(calibration_table(solved))
    if write:
        store_calibration(path, solved)
        click.echo(f"\nStored the solved values in {path}.")


def run() -> None:
    """Entry point that turns user errors into a message and exit code 1, never a traceback."""
    try:
        code = main(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except EnergyError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # the disk, not the model: say which file and why, never a traceback
        import errno

        where = f" writing {exc.filename}" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            click.echo(
                f"Error: the disk is full{where}; free some space or choose another --out-dir. "
                "No partial output was kept.",
                err=True,
            )
        else:
            click.echo(f"Error:{where or ' input/output'}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted; no partial output was written.", err=True)
        sys.exit(130)


def entry() -> None:
    """The `energy` command: `run`, then, when it succeeded, leave at once. Tearing down a solved
    run (millions of Pyomo objects freed one by one) took 2.6 s of the reference run after its
    last line; by then every file is closed and every helper stopped, so a successful run skips
    it (os._exit, its output still referenced by _LAST_RUN) after flushing its output. A failed
    one exits as usual, so that Python cleans up after helpers stopped mid-job."""
    try:
        run()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        pass
    os._exit(0)
