"""Benchmark (not collected by pytest): build, hand-over and solve of the reference scenario.

Prints model size and seconds at the default resolution, at 2x and 4x the time slices, and in
8,760-hour mode. Run from the project root:  .venv/bin/python tests/benchmarks/bench_grid.py [--full]
(--full adds the 8,760-hour mode, which takes long on a 2-core machine).
"""

from __future__ import annotations

import dataclasses
import resource
import sys
import time
from pathlib import Path

from energy.demand.projection import project_demand
from energy.model import build_model
from energy.model.prepare import prepare
from energy.model.solve import solve
from energy.scenario import load_scenario, scenario_inputs
from energy.siting import site_demand

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    spec = load_scenario(ROOT / "scenarios" / "reference.toml")
    inputs = scenario_inputs(spec)
    demand = project_demand(inputs, spec.case)
    base = spec.grid
    cases = [
        ("default", base),
        ("2x slices", dataclasses.replace(base, days=base.days * 2)),
        (
            "4x slices",
            dataclasses.replace(
                base, days=base.days * 2, hours_per_slice=base.hours_per_slice // 2
            ),
        ),
    ]
    if "--full" in sys.argv:
        cases.append(("8760 hours", dataclasses.replace(base, days=0, hours_per_slice=1)))
    print(
        f"{'resolution':<12} {'slices':>6} {'rows':>9} {'columns':>9} {'nonzeros':>10} {'build s':>8} {'hand-over s':>11} "
        f"{'us/nz':>6} {'HiGHS s':>8} {'peak MB':>8} {'objective MUSD':>15}"
    )
    for name, options in cases:
        siting = site_demand(inputs, demand, options.years)
        prepared = prepare(inputs, options, siting.table, siting.base_year_mw)
        started = time.perf_counter()
        model = build_model(prepared.data)
        build = time.perf_counter() - started
        report = solve(model, spec.solver)
        per_nz = (build + report.handover_seconds) / report.nonzeros * 1e6
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name:<12} {len(prepared.data.slices):>6} {report.rows:>9,} {report.columns:>9,} {report.nonzeros:>10,} "
            f"{build:>8.1f} {report.handover_seconds:>11.1f} {per_nz:>6.1f} {report.seconds:>8.1f} {peak_mb:>8.0f} "
            f"{report.objective_musd:>15,.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
