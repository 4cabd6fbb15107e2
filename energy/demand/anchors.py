"""Compare a projection with the published anchors (sheet `anchors`)."""

from __future__ import annotations

import pandas as pd

from energy.demand.projection import DemandProjection
from energy.errors import InputError
from energy.inputs.schema import ALL_CASES


def anchors_for_case(anchors: pd.DataFrame, case: str) -> pd.DataFrame:
    return anchors[anchors["case"].isin([case, ALL_CASES])]


def compare_anchors(projection: DemandProjection, anchors: pd.DataFrame) -> pd.DataFrame:
    """One row per anchor of the projection's case: published, projected, distance, pass/fail."""
    rows = []
    for a in anchors_for_case(anchors, projection.case).itertuples(index=False):
        if a.year not in projection.national.index:
            continue
        projected = projection.metric(a.metric, a.year)
        allowed = a.tolerance * abs(a.value) if a.tolerance_kind == "relative" else a.tolerance
        if a.bound == "ge":
            ok = projected >= a.value - allowed
        elif a.bound == "le":
            ok = projected <= a.value + allowed
        else:
            ok = abs(projected - a.value) <= allowed
        rows.append(
            {
                "anchor_id": a.anchor_id,
                "year": a.year,
                "metric": a.metric,
                "bound": a.bound,
                "published": a.value,
                "projected": projected,
                "difference": projected - a.value,
                "relative_difference": (projected - a.value) / a.value if a.value else float("nan"),
                "allowed": allowed,
                "within": bool(ok),
                "role": a.role,
                "source_id": a.source_id,
            }
        )
    columns = [
        "anchor_id",
        "year",
        "metric",
        "bound",
        "published",
        "projected",
        "difference",
        "relative_difference",
        "allowed",
        "within",
        "role",
        "source_id",
    ]
    return (
        pd.DataFrame(rows, columns=columns)
        .sort_values(["role", "year", "metric"], ascending=[False, True, True])
        .reset_index(drop=True)
    )


# LBNL 2024's 2028 range: its low and high scenarios' totals (sheet anchors)
LBNL_2028_ANCHORS = ("low_2028_total", "high_2028_total")


def lbnl_2028_band(anchors: pd.DataFrame) -> tuple[float, float]:
    """LBNL 2024's range for 2028 (TWh), read from the anchors sheet."""
    value = anchors.set_index("anchor_id")["value"]
    missing = [a for a in LBNL_2028_ANCHORS if a not in value.index]
    if missing:
        raise InputError([f"sheet 'anchors': no row for anchor(s) {', '.join(missing)}"])
    return float(value[LBNL_2028_ANCHORS[0]]), float(value[LBNL_2028_ANCHORS[1]])
