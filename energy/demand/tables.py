"""Plain-text tables for the terminal: demand by component, anchor checks, calibration."""

from __future__ import annotations

import pandas as pd

from energy.demand.projection import COMPONENTS, DemandProjection

LABELS = {
    "conventional_servers": "conv. servers",
    "ai_servers": "AI servers",
    "storage": "storage",
    "network": "network",
    "infrastructure": "infrastructure",
    "total": "total",
}


def demand_table(projection: DemandProjection) -> str:
    """Year-by-component TWh with the total, average GW and share of US electricity."""
    wide = projection.components.pivot(index="year", columns="component", values="energy_twh")
    wide = wide[[*COMPONENTS, "total"]].rename(columns=LABELS)
    wide["avg GW"] = projection.national["average_mw"] / 1000
    wide["% of US"] = projection.national["share_of_us_electricity"] * 100
    wide["PUE"] = projection.national["national_pue"]
    text = wide.to_string(float_format=lambda v: f"{v:,.1f}", formatters={"PUE": "{:.2f}".format})
    return f"US data-center electricity, case '{projection.case}' (TWh per year)\n{text}"


SHARE_METRICS = ("share_of_us_electricity", "infrastructure_share", "ai_share_of_server_energy")


def _fmt(metric: str, value: float) -> str:
    if metric in SHARE_METRICS:
        return f"{100 * value:.1f}%"
    if metric == "national_pue":
        return f"{value:.2f}"
    return f"{value:,.1f} TWh"


def anchor_table(comparison: pd.DataFrame) -> str:
    """Published anchors against the projection, one line each."""
    if comparison.empty:
        return "No published anchors for this case and these years."
    lines = [
        "Published anchors (sheet 'anchors'; 'ok'/'MISS' for anchors the projection must meet, 'in'/'out' for comparisons):"
    ]
    for r in comparison.itertuples():
        bound = {"eq": "", "ge": "at least ", "le": "at most "}[r.bound]
        if r.metric in SHARE_METRICS:
            gap = f"{100 * r.difference:+.2f} pp"
        elif r.metric == "national_pue":
            gap = f"{r.difference:+.3f}"
        else:
            gap = f"{100 * r.relative_difference:+.1f}%"
        allowed = (
            f"±{100 * r.allowed:.1f} pp"
            if r.metric in SHARE_METRICS
            else f"±{r.allowed:.2f}"
            if r.metric == "national_pue"
            else f"±{r.allowed:.1f} TWh"
        )
        if r.bound != "eq":
            allowed = "a bound"
        if r.role == "regression":
            verdict = "ok  " if r.within else "MISS"
        else:
            verdict = "in  " if r.within else "out "
        lines.append(
            f"  {verdict} {r.year} {r.metric:<26} published {bound}{_fmt(r.metric, r.published):>11}  "
            f"projected {_fmt(r.metric, r.projected):>11}  ({gap}; {'allowed ' + allowed if r.bound == 'eq' else allowed})  [{r.source_id}: {r.anchor_id}]"
        )
    return "\n".join(lines)


def calibration_table(solved: pd.DataFrame) -> str:
    """Each calibrated lever: window, target, stored and re-solved values."""
    lines = ["Calibrated levers (sheet 'calibration'), re-solved now from their target anchors:"]
    for r in solved.itertuples():
        drift = abs(r.value - r.stored_value) / r.value
        note = (
            "stored value reproduces the anchor"
            if drift < 1e-6
            else f"STORED VALUE IS STALE (differs by {100 * drift:.3g}%): run `energy inputs calibrate PATH --write`"
        )
        lines.append(
            f"  {r.parameter:<32} case {r.case:<10} {r.first_year}-{r.last_year}  target {r.target_anchor_id:<20} "
            f"({r.target_value:g})  stored {r.stored_value:.6f}  solved {r.value:.6f}  -> {note}"
        )
    return "\n".join(lines)
