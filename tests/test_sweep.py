"""Sweeps: the same seed gives identical results serially, in local processes and on a Dask
LocalCluster; a killed sweep resumes with only the remaining samples; failures are recorded;
re-solving equals rebuilding; bad sweep files are named clearly."""

import subprocess
import sys
import time

import pandas as pd
import pytest

from energy.errors import InputError
from energy.sweep.resolve import SweepModel
from energy.sweep.runner import done_samples, read_samples, run_sweep
from energy.sweep.spec import load_sweep
from energy.sweep.summary import summarize
from tests.conftest import SCENARIOS

pytestmark = pytest.mark.slow  # solves grid scenarios

GRID = "[grid]\nyears = [2023, 2030]\ndays = 2\nhours_per_slice = 12\n"
UNCERTAIN = """
[[uncertain]]
name = "dominion_connect_scale"
sheet = "interconnection"
where = { region_id = "PJM_DOM" }
column = "connect_mw_per_year"
distribution = "triangular"
low = 0.5
most_likely = 1.0
high = 2.0

[[uncertain]]
name = "ai_shipments_scale"
sheet = "shipments"
where = { case = "reference", class_id = ["ai_hopper", "ai_blackwell", "ai_next"] }
years = [2025, 2035]
column = "shipments_thousand"
low = 0.7
high = 1.3

[[uncertain]]
name = "gas_cc_capex_scale"
sheet = "technology_costs"
where = { tech_id = "gas_cc" }
column = "capex_usd_per_kw"
low = 0.8
high = 1.5
"""


# average data-center load / connection capacity drawn as a value (uniform from low to high)
UTILIZATION = """
[[uncertain]]
name = "dc_utilization"
sheet = "grid_settings"
where = {{ setting = "dc_utilization" }}
column = "value"
mode = "value"
low = {low}
high = {high}
"""


def sweep_file(tmp_path, samples=4, extra="", grid=GRID, name="tiny"):
    path = tmp_path / f"{name}.toml"
    base = (SCENARIOS / "reference.toml").as_posix()
    path.write_text(f'base = "{base}"\nsamples = {samples}\nseed = 11\n{extra}{grid}{UNCERTAIN}')
    return path


def comparable(folder):
    return read_samples(folder).drop(columns=["seconds"])


def test_serial_local_processes_and_dask_give_identical_results(tmp_path):
    from distributed import Client, LocalCluster

    spec = load_sweep(sweep_file(tmp_path))
    run_sweep(spec, tmp_path / "serial", workers=1)
    run_sweep(spec, tmp_path / "local", workers=2)
    # the Dask worker runs two threads that share its model: samples must not overlap on it
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        run_sweep(spec, tmp_path / "dask", scheduler=client)
    serial = comparable(tmp_path / "serial")
    assert (serial["status"] == "ok").all() and serial["sample_id"].nunique() == 4
    pd.testing.assert_frame_equal(serial, comparable(tmp_path / "local"))
    pd.testing.assert_frame_equal(serial, comparable(tmp_path / "dask"))
    # the samples differ from each other (the inputs moved the answer)
    us = serial[(serial["region"] == "US") & (serial["year"] == 2030)]
    assert us["served_twh"].nunique() == 4 and us["ceiling_twh"].notna().all()


def test_re_solving_equals_rebuilding(tmp_path):
    # utilization scales the connection rows and the cost of campus sites per MW of load
    path = sweep_file(tmp_path, extra="national_ceiling = false\n")
    path.write_text(path.read_text() + UTILIZATION.format(low=0.4, high=0.65))
    spec = load_sweep(path)
    values = spec.sample_table().drop(columns="sample_id").iloc[1].to_dict()
    reuse, rebuild = SweepModel(spec, reuse=True), SweepModel(spec, reuse=False)
    a, b = reuse.run(1, values), rebuild.run(1, values)
    objective = reuse.base_solved.loaded.objective()
    rebuilt = rebuild._build(rebuild.sample_data(values)).loaded.objective()
    assert objective == pytest.approx(rebuilt, rel=1e-9)  # the same LP, re-solved
    us_a = a[a["region"] == "US"].set_index("year")
    us_b = b[b["region"] == "US"].set_index("year")
    assert us_a["served_twh"].to_numpy() == pytest.approx(us_b["served_twh"].to_numpy())


def test_a_killed_sweep_resumes_with_the_remaining_samples_only(tmp_path):
    path = sweep_file(tmp_path, samples=8, extra="national_ceiling = false\n")
    folder = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "energy",
            "sweep",
            str(path),
            "--out-dir",
            str(folder),
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    samples = folder / "tiny" / "samples"
    deadline = time.time() + 240
    while time.time() < deadline and len(done_samples(samples)) < 3:
        time.sleep(0.2)
    process.kill()
    process.wait()
    finished = done_samples(samples)
    assert 3 <= len(finished) < 8, "the sweep should be killed halfway"
    result = run_sweep(load_sweep(path), folder / "tiny", workers=1)
    assert result["skipped"] == len(finished)
    assert result["solved"] == 8 - len(finished)
    table = read_samples(folder / "tiny")
    per_sample = table.groupby("sample_id").size()
    assert sorted(per_sample.index) == list(range(8))
    assert per_sample.nunique() == 1  # every sample complete, none duplicated


def test_failed_samples_are_recorded_and_the_sweep_goes_on(tmp_path):
    extra = "national_ceiling = false\n"
    path = sweep_file(tmp_path, samples=6, extra=extra)
    # a negative utilization makes connection capacity impossible in some samples
    path.write_text(path.read_text() + UTILIZATION.format(low=-0.6, high=0.6))
    spec = load_sweep(path)
    result = run_sweep(spec, tmp_path / "out", workers=1)
    table = read_samples(tmp_path / "out")
    failed = table[table["status"] == "failed"]
    assert result["failed"] == failed["sample_id"].nunique() > 0
    assert result["solved"] == 6
    assert failed["reason"].str.len().gt(10).all()
    assert (table.loc[table["status"] == "ok", "input_dc_utilization"] > 0).all()
    assert (failed["input_dc_utilization"] < 0).all()
    assert len(summarize(table)["failures"]) == failed["sample_id"].nunique()
    # a re-run tries the failed samples again (they fail again) and skips the solved ones
    again = run_sweep(spec, tmp_path / "out", workers=1)
    assert again["solved"] == again["failed"] == result["failed"]
    assert again["skipped"] == 6 - result["failed"]
    assert read_samples(tmp_path / "out")["sample_id"].nunique() == 6


def test_summary_tables(tmp_path):
    spec = load_sweep(sweep_file(tmp_path))
    run_sweep(spec, tmp_path / "out", workers=1)
    tables = summarize(read_samples(tmp_path / "out"))
    region = tables["region_summary"]
    probabilities = region.filter(like="p_")
    assert ((probabilities >= 0) & (probabilities <= 1)).all().all()
    dom = region.set_index(["region", "year"]).loc[("PJM_DOM", 2030)]
    assert dom["p_binds_large_load_interconnection"] > 0
    national = tables["national_summary"].set_index("year")
    for column in ("served_twh", "ceiling_twh"):
        assert (national[f"{column}_p05"] <= national[f"{column}_p50"] + 1e-9).all()
        assert (national[f"{column}_p50"] <= national[f"{column}_p95"] + 1e-9).all()
    assert (national["ceiling_twh_p05"] >= national["served_twh_p05"] - 1e-6).all()
    assert (national["samples"] == 4).all()


def test_bad_sweep_files_are_named(tmp_path):
    bad = sweep_file(tmp_path, name="bad")
    bad.write_text(bad.read_text().replace('column = "capex_usd_per_kw"', 'column = "capex"'))
    with pytest.raises(InputError, match="has no column 'capex'"):
        load_sweep(bad)
    unsupported = sweep_file(tmp_path, name="unsupported")
    unsupported.write_text(
        unsupported.read_text()
        .replace('sheet = "technology_costs"', 'sheet = "reserve_margins"')
        .replace('where = { tech_id = "gas_cc" }', 'where = { region_id = "ERCOT" }')
        .replace('column = "capex_usd_per_kw"', 'column = "reserve_margin"')
    )
    with pytest.raises(InputError, match="cannot be changed by re-solving"):
        load_sweep(unsupported)
    spaced = sweep_file(tmp_path, name="spaced")
    spaced.write_text(spaced.read_text().replace('name = "gas_cc_capex_scale"', 'name = "gas cc"'))
    with pytest.raises(InputError, match="must be identifiers"):
        load_sweep(spaced)
    reversed_range = sweep_file(tmp_path, name="reversed")
    reversed_range.write_text(reversed_range.read_text().replace("high = 1.5", "high = 0.1"))
    with pytest.raises(InputError, match="expected low < high"):
        load_sweep(reversed_range)


def test_between_draws_each_rate_between_its_low_and_high(tmp_path, default_inputs):
    from energy.sweep.spec import apply_sample

    path = sweep_file(tmp_path, name="between")
    path.write_text(
        path.read_text().replace(
            "low = 0.5\nmost_likely = 1.0\nhigh = 2.0",
            'mode = "between"\nlow = 0.0\nmost_likely = 0.5\nhigh = 1.0',
        )
    )
    spec = load_sweep(path)
    (dominion,) = [u for u in spec.uncertain if u.name == "dominion_connect_scale"]
    rates = default_inputs["interconnection"].set_index("region_id").loc["PJM_DOM"]
    for share in (0.0, 0.25, 1.0):
        changed = apply_sample(default_inputs, [dominion], {dominion.name: share})
        value = (
            changed["interconnection"].set_index("region_id").at["PJM_DOM", "connect_mw_per_year"]
        )
        low, high = rates["connect_mw_per_year_low"], rates["connect_mw_per_year_high"]
        assert value == pytest.approx(low + share * (high - low))
    outside = sweep_file(tmp_path, name="outside")
    outside.write_text(
        outside.read_text().replace("low = 0.5\nmost", 'mode = "between"\nlow = 0.5\nmost')
    )
    with pytest.raises(InputError, match="0 <= low < high <= 1"):
        load_sweep(outside)
    no_columns = sweep_file(tmp_path, name="nocolumns")
    no_columns.write_text(
        no_columns.read_text().replace(
            'column = "capex_usd_per_kw"\nlow = 0.8\nhigh = 1.5',
            'column = "capex_usd_per_kw"\nmode = "between"\nlow = 0.0\nhigh = 1.0',
        )
    )
    with pytest.raises(InputError, match="needs columns capex_usd_per_kw_low"):
        load_sweep(no_columns)


def test_a_re_solve_lets_campuses_close_as_far_as_the_samples_requests_fall():
    # A's requests fall 100 -> 80 MW in the base (closing allowance 20 MW in 2026); a sample in
    # which they fall to 70 allows 30; one in which B's requests fall too needs closing
    # variables the built model does not have, and is refused

    from energy.errors import EnergyError
    from energy.model import build_model
    from energy.sweep.resolve import closing_allowance_mw
    from tests.grid_helpers import grid

    def data(a_2026, b_2026):
        return grid(
            regions=("A", "B"),
            years=(2025, 2026),
            existing={("A", "gas"): 500.0, ("B", "gas"): 500.0},
            requested={
                ("A", 2025): 100.0,
                ("A", 2026): a_2026,
                ("B", 2025): 10.0,
                ("B", 2026): b_2026,
            },
        )

    m = build_model(data(80.0, 10.0))
    assert closing_allowance_mw(m, data(80.0, 10.0)).to_dict() == {("A", 2026): 20.0}
    assert closing_allowance_mw(m, data(70.0, 10.0)).to_dict() == {("A", 2026): 30.0}
    assert closing_allowance_mw(m, data(100.0, 10.0)).to_dict() == {("A", 2026): 0.0}
    with pytest.raises(EnergyError, match="falls in B in 2026"):
        closing_allowance_mw(m, data(80.0, 5.0))
