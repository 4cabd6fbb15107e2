"""Helper processes: a run that fails stops the helper still solving, at once; a helper lives as
long as its run, whichever thread started it."""

import multiprocessing.connection
import os
import threading
import time
from concurrent.futures import wait
from types import SimpleNamespace

import pytest

from energy.results.workers import Helpers


def ended(process) -> bool:
    """Has the process ended? Its sentinel is ready (is_alive cannot tell once the pool's own
    thread has reaped it)."""
    return bool(multiprocessing.connection.wait([process.sentinel], timeout=0))


def test_a_failed_run_stops_its_helper_at_once():
    started = time.perf_counter()
    try:
        with Helpers(1) as helpers:
            job = helpers.pool.submit(time.sleep, 600)  # a ceiling still solving
            processes = list(helpers.pool._processes.values())
            raise RuntimeError("the scenario's solve failed")
    except RuntimeError:
        pass
    assert time.perf_counter() - started < 30  # not the 600 s the job would take
    assert processes and all(ended(p) for p in processes)
    wait([job], timeout=10)  # the pool's own thread marks the job once it sees its process gone
    assert job.cancelled() or job.done()


def test_no_helpers_for_one_worker():
    with Helpers(0) as helpers:
        assert helpers.pool is None


def test_a_helper_started_by_a_thread_outlives_that_thread():
    # A pool starts its processes from the thread that first submits to it (in a run, a thread
    # feeding trials). The helper must live until the run ends, not die with that thread (the
    # kernel's parent-death signal, used before, fired when the starting thread ended).
    with Helpers(1) as helpers:
        pool = helpers.pool
        first = {}
        starter = threading.Thread(target=lambda: first.update(pid=pool.submit(os.getpid).result()))
        starter.start()
        starter.join()
        time.sleep(1.0)  # time for a signal to be delivered
        assert pool.submit(os.getpid).result(timeout=30) == first["pid"]


def test_a_restart_drops_unwanted_work_at_once():
    # the hourly check plans again: the ceiling still solving for the replaced plan is stopped,
    # and the new plan's job starts on a fresh helper at once (not after the old one's 600 s)
    with Helpers(1) as helpers:
        old = helpers.pool.submit(time.sleep, 600)
        processes = list(helpers.pool._processes.values())
        started = time.perf_counter()
        helpers.restart()
        assert helpers.pool.submit(os.getpid).result(timeout=60) not in [p.pid for p in processes]
        assert time.perf_counter() - started < 60
        assert all(ended(p) for p in processes)
        wait([old], timeout=10)
        assert old.cancelled() or old.done()


def test_a_new_plan_stops_the_ceiling_of_the_plan_it_replaces(monkeypatch):
    # the hourly check plans again: the helper still solving the first plan's ceiling is
    # restarted (its result would be thrown away), a finished one is left as it is
    import contextlib
    from concurrent.futures import Future
    from pathlib import Path
    from types import SimpleNamespace

    from energy.results import ceiling

    class Counting:
        restarts = 0
        pool = None  # no helper: the new job would be solved here, later

        def restart(self):
            self.restarts += 1

    # a scenario without relocation hands over a relocating model of its own: not built here
    written = SimpleNamespace(rows="rows", job=("model.lp",))
    monkeypatch.setattr(ceiling.Relocating, "written", lambda *_: written)
    beside = ceiling.CeilingBeside(Counting(), contextlib.ExitStack())
    no_relocation = SimpleNamespace(allow_relocation=False)
    beside.job = {"future": Future()}  # still solving
    beside.handed_over(None, no_relocation)(Path("model.lp"), None)
    assert beside.helpers.restarts == 1 and beside.job["relocating"] is written
    done = Future()
    done.set_result(None)
    beside.job = {"future": done}
    beside.handed_over(None, no_relocation)(Path("model.lp"), None)
    assert beside.helpers.restarts == 1


def test_the_report_is_drawn_here_when_the_helper_is_gone(tmp_path, coarse_reference):
    from concurrent.futures.process import BrokenProcessPool

    from energy.pipeline import write_run

    class Gone:
        def submit(self, *_):
            raise BrokenProcessPool("a helper died")

    helpers = SimpleNamespace(running=Gone(), restart=lambda: None)
    seconds = write_run(coarse_reference, tmp_path, True, helpers)
    assert seconds > 0 and (tmp_path / "report.pdf").stat().st_size > 10_000
    assert (tmp_path / "results.xlsx").exists() and (tmp_path / "limits.csv").exists()


def test_a_failure_while_the_helper_draws_stops_it(tmp_path, coarse_reference, monkeypatch):
    import energy.pipeline as pipeline

    stopped, cancelled = [], []

    class Drawing:
        def cancel(self):
            cancelled.append(True)

    class Running:
        def submit(self, *_):
            return Drawing()

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "_write_workbook", full_disk)
    helpers = SimpleNamespace(running=Running(), restart=lambda: stopped.append(True))
    with pytest.raises(OSError, match="No space left"):
        pipeline.write_run(coarse_reference, tmp_path, True, helpers)
    assert cancelled == [True] and stopped == [True]


def test_a_helper_gone_before_the_ceiling_is_handed_to_it_is_named(monkeypatch):
    # a helper that died while it started (out of memory): the run stops with the helper's
    # message, not a BrokenProcessPool traceback
    import contextlib
    from concurrent.futures.process import BrokenProcessPool
    from pathlib import Path

    from energy.errors import EnergyError
    from energy.results import ceiling

    class Gone:
        def submit(self, *_):
            raise BrokenProcessPool("a child process terminated abruptly")

    helpers = SimpleNamespace(pool=Gone(), restart=lambda: None)
    written = SimpleNamespace(rows="rows", job=("model.npz",))
    monkeypatch.setattr(ceiling.Relocating, "written", lambda *_: written)
    beside = ceiling.CeilingBeside(helpers, contextlib.ExitStack())
    with pytest.raises(EnergyError, match="helper process ended unexpectedly"):
        beside.handed_over(None, SimpleNamespace(allow_relocation=False))(Path("m.npz"), None)
