"""National data-center demand -> requested load per region and year.

Rule (documented in the README and the workbook): each region keeps its 2023 share of the 2023
national load. Growth beyond 2023 goes first to the pipeline: every project stage contributes its
connection capacity × the stage's probability × utilization, ramped evenly over its online years.
If the pipeline's expected load exceeds national growth in a year it is scaled down to it; the
rest of the growth is shared out by each region's 2023 share. A national decline scales every
region alike. Regional totals therefore equal the national projection in every year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def pipeline_load(
    pipeline: pd.DataFrame, stages: pd.DataFrame, utilization: float, years: list[int]
) -> pd.DataFrame:
    """Expected average data-center load from the pipeline (MW), region × year."""
    probability = stages.set_index("stage")["probability"]
    out = pd.DataFrame(0.0, index=sorted(pipeline["region_id"].unique()), columns=years)
    for p in pipeline.itertuples():
        span = p.last_year - p.first_year + 1
        online = np.clip((np.asarray(years) - p.first_year + 1) / span, 0, 1)
        out.loc[p.region_id] += p.capacity_mw * probability[p.stage] * utilization * online
    return out


def requested_load(
    national_mw: pd.Series,
    shares_2023: pd.Series,
    pipeline: pd.DataFrame,
    stages: pd.DataFrame,
    utilization: float,
    base_year: int = 2023,
) -> pd.DataFrame:
    """Requested data-center load (average MW) per region and year, with its three parts."""
    years = [int(y) for y in national_mw.index]
    regions = list(shares_2023.index)
    base_total = float(national_mw.loc[base_year])
    expected = pipeline_load(pipeline, stages, utilization, years).reindex(regions, fill_value=0.0)
    rows = []
    for y in years:
        total = float(national_mw.loc[y])
        growth = total - base_total
        base = shares_2023 * base_total
        if growth <= 0:
            from_base, from_pipeline, from_share = (
                shares_2023 * total,
                0.0 * shares_2023,
                0.0 * shares_2023,
            )
        else:
            wanted = expected[y]
            scale = min(1.0, growth / wanted.sum()) if wanted.sum() > 0 else 0.0
            from_pipeline = wanted * scale
            from_share = shares_2023 * (growth - from_pipeline.sum())
            from_base = base
        for r in regions:
            rows.append(
                {
                    "region": r,
                    "year": y,
                    "base_mw": float(from_base[r]),
                    "pipeline_mw": float(from_pipeline[r]),
                    "share_mw": float(from_share[r]),
                }
            )
    table = pd.DataFrame(rows)
    table["requested_mw"] = table[["base_mw", "pipeline_mw", "share_mw"]].sum(axis=1)
    return table
