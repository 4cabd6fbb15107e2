"""Per-stage seconds of `energy run scenarios/reference.toml` (or the scenario given), from the
run's manifest, with the whole command's wall time: the figure to hold under a minute.

    .venv/bin/python tests/benchmarks/bench_run.py [SCENARIO]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_S = 60.0  # issue 12: the reference run under a minute on a 2-core machine


def main() -> None:
    scenario = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "scenarios" / "reference.toml"
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "energy", "run", str(scenario), "--out-dir", folder],
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - started
        manifest = json.loads((Path(folder) / scenario.stem / "manifest.json").read_text())
    print(
        f"energy run {scenario.name}: {wall:.1f} s wall (including start-up and report.pdf; "
        f"target {TARGET_S:.0f} s on 2 cores: {'met' if wall < TARGET_S else 'missed'})"
    )
    for stage, seconds in manifest["seconds"].items():
        print(f"  {stage:<12} {seconds:8.1f} s")
    held = manifest.get("held_back") or {}
    if held:
        print(
            f"  held back: {held['re_solves']} re-solves, {held['settled_at_connection_cap']} "
            f"settled at the connection cap, {held['not_measured_beyond_max_solves']} not measured"
        )
    ceiling = manifest.get("national_ceiling_seconds") or {}
    if ceiling:
        print(
            f"  national ceiling (in a helper process beside the scenario's solve with workers > 1):"
            f" as connected {ceiling['highs']:.1f} s, grid ceiling {ceiling['grid_highs']:.1f} s,"
            f" {ceiling['total']:.1f} s with results"
        )


if __name__ == "__main__":
    main()
