"""time_to_power.csv from a run: the queue formula, and grid waits read off the plan."""

import pandas as pd
import pytest

from energy.results.time_to_power import CAMPUS_MW

UTILIZATION = 0.5  # grid setting dc_utilization in the shipped workbook


def test_the_queue_wait_is_the_backlog_and_the_campus_over_the_connection_rate(coarse_run):
    table = pd.read_csv(coarse_run.folder / "time_to_power.csv")
    assert set(table["region"]) >= {"PJM_DOM", "ERCOT"}
    rows = table[table["connection_rate_mw_per_yr"] > 0]
    expected = (rows["backlog_mw"] + CAMPUS_MW) / (UTILIZATION * rows["connection_rate_mw_per_yr"])
    assert rows["wait_queue_years"].to_numpy() == pytest.approx(expected.to_numpy(), rel=1e-5)


def test_grid_waits_are_read_off_the_plan(coarse_run):
    table = pd.read_csv(coarse_run.folder / "time_to_power.csv")
    dc = pd.read_csv(coarse_run.folder / "dc_load.csv").set_index(["region", "year"])
    for row in table.dropna(subset=["powered_by_grid_year"]).itertuples():
        powered = int(row.powered_by_grid_year)
        assert powered - row.year == row.wait_grid_years
        here = dc.loc[(row.region, row.year)]
        target = here.in_place_mw + row.backlog_mw + CAMPUS_MW
        assert dc.loc[(row.region, powered), "in_place_mw"] >= target - 0.5
