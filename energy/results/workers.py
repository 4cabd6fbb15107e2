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
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

HELPER_DIED = (
    "a helper process ended unexpectedly (out of memory?); run again, or with [solver] "
    "workers = 1 to solve everything in one process"
)


def exit_with_parent() -> None:
    """A helper process ends when the process that started it dies (even by kill -9)."""
    spawner = multiprocessing.parent_process()
    if spawner is None:
        return  # this is the main process
    parent = spawner.pid  # known from the start, even if the parent is already gone
    try:  # Linux: the kernel sends SIGKILL when the parent dies
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the kernel could be told
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


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

    def close(self, finished: bool = True) -> None:
        """Stop the helpers: once their jobs are done, or at once when the run did not finish
        (after an error here a job still running is not waited for)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=finished, cancel_futures=True)
        for process in processes if not finished else ():
            with contextlib.suppress(Exception):
                if process.is_alive():
                    process.terminate()
                process.join(timeout=5)

    def __enter__(self) -> Helpers:
        return self

    def __exit__(self, kind, *_) -> None:
        self.close(finished=kind is None)
