"""Helper processes: a run that fails stops the helper still solving, at once."""

import time
from concurrent.futures import wait

from energy.results.workers import Helpers


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
    assert processes and not any(p.is_alive() for p in processes)
    wait([job], timeout=10)  # the pool's own thread marks the job once it sees its process gone
    assert job.cancelled() or job.done()


def test_no_helpers_for_one_worker():
    with Helpers(0) as helpers:
        assert helpers.pool is None
