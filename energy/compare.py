"""Side-by-side comparison of solved scenarios: served, relocated and unserved data-center load,
and the limits that hold most load back in each."""

from __future__ import annotations

import pandas as pd

from energy.pipeline import RunOutput
from energy.results.limits import top_limits

COLUMNS = ("requested_twh", "served_twh", "relocated_twh", "unserved_twh")
TOP = 3


def _limit_text(row: dict) -> str:
    held = row["held_back_mw"]
    amount = f"{held:,.0f} MW held back" if held is not None else "not measured"
    return f"{row['family']} {row['region']} ({amount}, {row['shadow_price']:,.0f} {row['unit']})"


def compare_table(outputs: dict[str, RunOutput]) -> pd.DataFrame:
    """One row per scenario and year with the national TWh of each kind and the top limits."""
    frames = []
    for name, out in outputs.items():
        frame = out.results.summary.assign(scenario=name)
        table = out.results.tables["limits"]
        holding = table[table["held_back_mw"].fillna(0) > 0.5]  # limits that hold load back
        limits = top_limits(holding if len(holding) else table.iloc[0:0], TOP)
        frame["top_limits"] = frame["year"].map(
            lambda y, limits=limits: (
                "; ".join(_limit_text(r) for r in limits.get(int(y), []))
                or "no limit holds load back"
            )
        )
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    return table[["scenario", "year", *COLUMNS, "share_of_us_electricity", "top_limits"]]


def compare_text(table: pd.DataFrame) -> str:
    """A wide text table (years down, scenario x measure across), then each scenario's top limits."""
    wide = table.pivot_table(index="year", columns="scenario", values=list(COLUMNS[1:]), sort=False)
    wide = wide.reorder_levels([1, 0], axis=1).sort_index(axis=1, level=0, sort_remaining=False)
    wide.columns = [
        f"{scenario} {measure.removesuffix('_twh')}" for scenario, measure in wide.columns
    ]
    lines = [
        "Data-center load by scenario (TWh)",
        wide.to_string(float_format=lambda v: f"{v:,.1f}"),
        "",
        f"Top {TOP} binding limits by load held back (each lifted alone)",
    ]
    for scenario, rows in table.groupby("scenario", sort=False):
        lines.append(f"{scenario}:")
        for row in rows.itertuples():
            if row.top_limits:
                lines.append(f"  {row.year}: {row.top_limits}")
    return "\n".join(lines)
