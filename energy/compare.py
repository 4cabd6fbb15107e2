"""Side-by-side comparison of solved scenarios: served, relocated and unserved data-center load."""

from __future__ import annotations

import pandas as pd

from energy.run import RunOutput

COLUMNS = ("requested_twh", "served_twh", "relocated_twh", "unserved_twh")


def compare_table(outputs: dict[str, RunOutput]) -> pd.DataFrame:
    """One row per scenario and year with the national TWh of each kind."""
    frames = [out.results.summary.assign(scenario=name) for name, out in outputs.items()]
    table = pd.concat(frames, ignore_index=True)
    return table[["scenario", "year", *COLUMNS, "share_of_us_electricity"]]


def compare_text(table: pd.DataFrame) -> str:
    """A wide text table: years down, scenario x measure across."""
    wide = table.pivot_table(index="year", columns="scenario", values=list(COLUMNS[1:]), sort=False)
    wide = wide.reorder_levels([1, 0], axis=1).sort_index(axis=1, level=0, sort_remaining=False)
    wide.columns = [
        f"{scenario} {measure.removesuffix('_twh')}" for scenario, measure in wide.columns
    ]
    return "Data-center load by scenario (TWh)\n" + wide.to_string(
        float_format=lambda v: f"{v:,.1f}"
    )
