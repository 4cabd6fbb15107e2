"""One scenario end to end: inputs -> demand -> siting -> grid model -> results, with stage timings."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from energy.demand import DemandProjection, project_demand
from energy.inputs import sha256
from energy.model import build_model
from energy.model.prepare import Prepared, prepare
from energy.results import Results, collect
from energy.scenario import Scenario, load_scenario, scenario_inputs
from energy.solve import SolveReport, solve

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


def run_scenario(path: str | Path, stage: Stage = lambda _: None) -> RunOutput:
    """Solve one scenario; `stage` is told when each stage starts (for a progress display)."""
    seconds: dict[str, float] = {}

    def timed(name: str, label: str, fn):
        stage(label)
        started = time.perf_counter()
        value = fn()
        seconds[name] = time.perf_counter() - started
        return value

    scenario = timed("read", "reading scenario and inputs", lambda: load_scenario(path))
    inputs = timed("read", "reading scenario and inputs", lambda: scenario_inputs(scenario))
    first = min(scenario.first_year, 2023)
    demand = timed(
        "demand",
        "projecting demand",
        lambda: project_demand(inputs, scenario.case, list(range(first, scenario.last_year + 1))),
    )
    prepared = timed(
        "prepare",
        "siting data centers and preparing the grid data",
        lambda: prepare(inputs, scenario.grid, demand),
    )
    model = timed("build", "building the Pyomo model", lambda: build_model(prepared.data))
    report = timed("solve", "solving with HiGHS", lambda: solve(model, scenario.solver))
    results = timed("results", "collecting results", lambda: collect(model, prepared, demand))
    hashes = dict(inputs.file_hashes)
    for file in scenario.chain:
        hashes[file.name] = sha256(file)
    return RunOutput(scenario, demand, prepared, results, report, seconds, hashes)


def _versions() -> dict[str, str]:
    import highspy
    import numpy
    import pyomo.version

    import energy

    return {
        "energy": energy.__version__,
        "python": platform.python_version(),
        "pyomo": pyomo.version.version,
        "highspy": getattr(highspy, "__version__", "unknown"),
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
    }


def summary_json(out: RunOutput) -> dict:
    rows = out.results.summary.to_dict(orient="records")
    return {
        "scenario": out.scenario.name,
        "demand_case": out.scenario.case,
        "years": [
            {k: (int(v) if k == "year" else round(float(v), 6)) for k, v in row.items()}
            for row in rows
        ],
    }


def write_outputs(out: RunOutput, folder: Path) -> None:
    """Write every table (CSV), results.xlsx, summary.json and manifest.json into `folder` (a fresh temporary folder)."""
    tables = {**out.results.tables, "demand": out.demand.components, "siting": out.prepared.siting}
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False, float_format="%.6g", lineterminator="\n")
    with pd.ExcelWriter(folder / "results.xlsx", engine="openpyxl") as writer:
        for name, df in tables.items():
            df.to_excel(writer, sheet_name=name[:31], index=False)
    (folder / "summary.json").write_text(json.dumps(summary_json(out), indent=2) + "\n")
    (folder / "manifest.json").write_text(json.dumps(manifest(out), indent=2, default=str) + "\n")
