"""Run a sweep's samples serially, in local processes, or on a Dask cluster; append each
sample's rows to a Parquet dataset (one file per sample, written atomically) and resume by
skipping samples already there. A failed sample is recorded with its reason and the sweep goes on.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from energy.errors import EnergyError, InputError
from energy.sweep.spec import SweepSpec, load_sweep

_CACHE: dict = {}  # per worker process: (sweep file, reuse) -> SweepModel, built once


def _model(spec_path: str, reuse: bool):
    from energy.sweep.resolve import SweepModel

    key = (spec_path, reuse)
    if key not in _CACHE:
        _CACHE[key] = SweepModel(load_sweep(spec_path), reuse)
    return _CACHE[key]


def solve_sample(spec_path: str, reuse: bool, sample_id: int, values: dict) -> pd.DataFrame:
    """One sample on this worker's model; a failure becomes a row with status 'failed'."""
    try:
        table = _model(spec_path, reuse).run(sample_id, values)
        table["status"], table["reason"] = "ok", ""
        return table
    except (EnergyError, InputError) as error:
        reason = str(error)
    except Exception as error:  # recorded, never fatal to the sweep
        reason = (
            f"{type(error).__name__}: {error} ({traceback.format_exc(limit=2).splitlines()[-1]})"
        )
    row = {"sample_id": sample_id, "region": "US", "status": "failed", "reason": reason}
    row.update({f"input_{k}": v for k, v in values.items()})
    return pd.DataFrame([row])


def _start(spec_path: str, reuse: bool) -> None:
    _model(spec_path, reuse)  # build (and solve) the base model once per process


def _sample_file(folder: Path, sample_id: int, failed: bool = False) -> Path:
    return folder / f"{'failed' if failed else 'sample'}-{sample_id:06d}.parquet"


def done_samples(folder: Path) -> set[int]:
    """Samples solved already (a failed sample is tried again on the next run)."""
    return {int(p.stem.split("-")[1]) for p in folder.glob("sample-*.parquet")}


def _write(folder: Path, table: pd.DataFrame) -> None:
    sample_id = int(table["sample_id"].iloc[0])
    failed = bool((table["status"] == "failed").any())
    target = _sample_file(folder, sample_id, failed)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    table.to_parquet(tmp, index=False)
    os.replace(tmp, target)  # a sample is in the dataset whole or not at all
    if not failed:
        _sample_file(folder, sample_id, failed=True).unlink(missing_ok=True)


def _tasks(spec: SweepSpec, skip: set[int]) -> list[tuple[int, dict]]:
    samples = spec.sample_table()
    names = [u.name for u in spec.uncertain]
    return [
        (int(row["sample_id"]), {n: float(row[n]) for n in names})
        for _, row in samples.iterrows()
        if int(row["sample_id"]) not in skip
    ]


def _serial(path: str, reuse: bool, tasks) -> Iterator[pd.DataFrame]:
    for sample_id, values in tasks:
        yield solve_sample(path, reuse, sample_id, values)


def _processes(path: str, reuse: bool, tasks, workers: int) -> Iterator[pd.DataFrame]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(path, reuse)
    ) as pool:
        futures = [pool.submit(solve_sample, path, reuse, s, v) for s, v in tasks]
        for future in as_completed(futures):
            yield future.result()


def _dask(path: str, reuse: bool, tasks, scheduler, tag: str) -> Iterator[pd.DataFrame]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise EnergyError(
            "--scheduler needs Dask distributed: pip install 'dask[distributed]'"
        ) from None
    client = scheduler if not isinstance(scheduler, str) else Client(scheduler)
    try:
        futures = [
            client.submit(
                solve_sample, path, reuse, s, v, pure=False, key=f"energy-{tag}-sample-{s}"
            )
            for s, v in tasks
        ]
        for future in as_completed(futures):
            yield future.result()
            future.release()
    finally:
        if isinstance(scheduler, str):
            client.close()


def run_sweep(
    spec: SweepSpec,
    folder: Path,
    workers: int = 1,
    scheduler=None,
    reuse: bool = True,
    progress: Callable[[int, int, int], None] = lambda done, failed, total: None,
) -> dict:
    """Solve every sample not yet in `folder`/samples; returns counts and seconds."""
    folder = Path(folder)
    samples_folder = folder / "samples"
    samples_folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "sweep.json"
    record = {"sweep": str(spec.path), "fingerprint": spec.fingerprint, "samples": spec.samples}
    if stamp.exists():
        previous = json.loads(stamp.read_text())
        if previous.get("fingerprint") != spec.fingerprint:
            raise EnergyError(
                f"{folder} holds samples of a different version of {spec.path.name} (the sweep "
                "file or its base scenario changed); use another --out-dir or delete that folder"
            )
    else:
        stamp.write_text(json.dumps(record, indent=2) + "\n")
    skip = done_samples(samples_folder)
    tasks = _tasks(spec, skip)
    path = str(spec.path.resolve())
    started = time.perf_counter()
    if scheduler is not None:
        tag = f"{spec.fingerprint}-{'reuse' if reuse else 'rebuild'}"
        stream = _dask(path, reuse, tasks, scheduler, tag)
    elif workers > 1 and len(tasks) > 1:
        stream = _processes(path, reuse, tasks, workers)
    else:
        stream = _serial(path, reuse, tasks)
    done = failed = 0
    for table in stream:
        _write(samples_folder, table)
        done += 1
        failed += int((table["status"] == "failed").any())
        progress(done, failed, len(tasks))
    return {
        "skipped": len(skip),
        "solved": done,
        "failed": failed,
        "seconds": time.perf_counter() - started,
    }


def read_samples(folder: Path) -> pd.DataFrame:
    """Every sample's rows in the dataset, in sample order."""
    folder = Path(folder) / "samples"
    solved = done_samples(folder)
    files = sorted(folder.glob("sample-*.parquet")) + [
        f
        for f in sorted(folder.glob("failed-*.parquet"))
        if int(f.stem.split("-")[1]) not in solved
    ]
    if not files:
        raise EnergyError(f"no samples in {folder}")
    table = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return table.sort_values(["sample_id", "region", "year"], kind="stable").reset_index(drop=True)
