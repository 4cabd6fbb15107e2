"""Helper processes that solve beside this one: the national ceiling while the scenario solves,
then the held-back trials.

One pool serves a run: `workers - 1` processes (the [solver] workers, this one counted), started
by spawn (no fork of a process holding HiGHS). Each ends when the process that started it
dies, even by kill -9, so a killed run leaves no solver running. Jobs run in the order they are
given, so a helper that starts on the ceiling takes trials once it is done; which process runs a
job never changes its result (each job starts from a file and a rule of its own).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

HELPER_DIED = (
    "a helper process ended unexpectedly (out of memory?); run again, or with [solver] "
    "workers = 1 to solve everything in one process"
)


WATCH_S = 1.0  # how often a helper checks that the process that started it is alive


def exit_with_parent() -> None:
    """A helper process ends when the process that started it dies (even by kill -9): a thread
    checks every WATCH_S seconds (HiGHS releases Python's lock while it solves, so the check
    runs during a solve too). Not the kernel's parent-death signal (prctl PR_SET_PDEATHSIG): it
    fires when the *thread* that started the helper ends, and a pool starts its processes from
    whichever thread first submits to it (a helper started by a thread feeding trials was
    killed as that thread finished, and Python warned of a leaked semaphore)."""
    spawner = multiprocessing.parent_process()
    if spawner is None:
        return  # this is the main process
    # Ctrl-C in a terminal reaches every process of the group: the parent stops its helpers,
    # which need not print a KeyboardInterrupt traceback each
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = spawner.pid  # known from the start, even if the parent is already gone
    if os.getppid() != parent:  # it died before this helper started
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_S)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _import(modules: tuple[str, ...]) -> None:
    """Import `modules` (in a helper, ahead of the jobs that need them)."""
    import importlib

    for name in modules:
        importlib.import_module(name)


def _all_ended(sentinels: list, timeout_s: float) -> bool:
    """Wait until every process of `sentinels` has ended, at most `timeout_s`; have they?"""
    deadline = time.monotonic() + timeout_s
    waiting = list(sentinels)
    while waiting and (left := deadline - time.monotonic()) > 0:
        ready = multiprocessing.connection.wait(waiting, timeout=left)
        waiting = [s for s in waiting if s not in ready]
    return not waiting


class Helpers:
    """`size` helper processes, started on first use and stopped by `close` (or the context)."""

    def __init__(self, size: int):
        self.size = max(0, size)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor | None:
        """The processes, started on first use; None without helpers."""
        if self._pool is None and self.size > 0:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.size, mp_context=context, initializer=exit_with_parent
            )
        return self._pool

    @property
    def running(self) -> ProcessPoolExecutor | None:
        """The processes if they have been started (None otherwise: nothing is started here)."""
        return self._pool

    def warm(self, modules: tuple[str, ...]) -> None:
        """Start the helpers now and have them import `modules` (about 1.3 s of imports in each)
        while this process still reads and builds: their first real job starts at once."""
        if self.pool is not None:
            for _ in range(self.size):
                self.pool.submit(_import, modules)

    def close(self, finished: bool = True) -> None:
        """Stop the helpers: once their jobs are done, or at once when the run did not finish
        (after an error here a job still running is not waited for)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=finished, cancel_futures=True)
        if finished or not processes:
            return
        # ended when its sentinel is ready: the pool's own thread may reap it first, and then
        # Process.is_alive and join here cannot tell (waitpid fails, so they answer "running")
        for stop in ("terminate", "kill"):  # SIGTERM, then SIGKILL for one that ignores it
            for process in processes:
                with contextlib.suppress(Exception):
                    getattr(process, stop)()
            if _all_ended([p.sentinel for p in processes], timeout_s=5.0):
                return

    def restart(self) -> None:
        """Stop the helpers at once, whatever they are doing, and cancel every job given them
        (work no longer wanted, e.g. the ceiling of a plan the hourly check has replaced, before
        any trial is given out); the next use starts fresh ones."""
        self.close(finished=False)

    def __enter__(self) -> Helpers:
        return self

    def __exit__(self, kind, *_) -> None:
        self.close(finished=kind is None)
