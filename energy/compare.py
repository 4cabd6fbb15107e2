"""Side-by-side comparison of solved scenarios: served, relocated and unserved data-center load,
and the limits that hold most load back in each."""

from __future__ import annotations

import textwrap

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
    """One block per scenario, in the order given (years down, measures across; fits 100
    columns), then each scenario's top limits (`--out FILE.csv` has the wide table)."""
    lines = ["Data-center load by scenario (TWh)"]
    for scenario, rows in table.groupby("scenario", sort=False):
        shown = rows.set_index("year")[list(COLUMNS)]
        shown.columns = [c.removesuffix("_twh") for c in COLUMNS]
        lines += ["", f"{scenario}:", shown.to_string(float_format=lambda v: f"{v:,.1f}")]
    lines += ["", f"Top {TOP} binding limits by load held back (each lifted alone)"]
    for scenario, rows in table.groupby("scenario", sort=False):
        lines.append(f"{scenario}:")
        for row in rows.itertuples():
            if row.top_limits:
                lines.extend(
                    textwrap.wrap(
                        f"{row.year}: {row.top_limits}",
                        98,
                        initial_indent="  ",
                        subsequent_indent="        ",
                    )
                )
    return "\n".join(lines)
