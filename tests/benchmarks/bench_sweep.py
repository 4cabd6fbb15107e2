"""Samples per minute of a sweep with model reuse and without it (and in two local processes).

Run: .venv/bin/python tests/benchmarks/bench_sweep.py [SAMPLES]
Uses scenarios/sweeps/reference-uncertainty.toml (its coarse [grid]) and prints figures;
it asserts nothing about time.
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from energy.sweep.runner import run_sweep  # noqa: E402
from energy.sweep.spec import load_sweep  # noqa: E402


def measure(label: str, samples: int, **options) -> None:
    spec = load_sweep(ROOT / "scenarios" / "sweeps" / "reference-uncertainty.toml")
    spec.samples = samples
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = run_sweep(spec, Path(folder) / "out", **options)
        seconds = time.perf_counter() - started
    rate = result["solved"] / seconds * 60
    print(
        f"{label:<34} {result['solved']:>3} samples in {seconds:6.1f} s "
        f"(incl. start-up) = {rate:5.1f} samples/min; failed {result['failed']}"
    )


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    print(f"sweep benchmark: {n} samples each, national ceiling on (two solves per sample)")
    measure("serial, model reused", n, workers=1, reuse=True)
    measure("serial, model rebuilt per sample", n, workers=1, reuse=False)
    measure("2 local processes, model reused", n, workers=2, reuse=True)
