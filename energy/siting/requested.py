"""National data-center demand -> requested load per region and year.

Rule (documented in the README and the workbook): each region keeps its 2023 share of the 2023
national load. Growth beyond 2023 goes first to the pipeline: every project stage contributes its
connection capacity × the stage's probability × utilization, ramped evenly over its online years.
If the pipeline's expected load exceeds national growth in a year it is scaled down to it; the
rest of the growth is shared out by each region's 2023 share. A national decline scales every
region alike. Regional totals therefore equal the national projection in every year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from energy.demand.projection import DemandProjection
from energy.errors import InputError
from energy.inputs.tables import Inputs, grid_setting


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


@dataclass
class Siting:
    """Requested data-center load by region: what the grid model is asked to serve."""

    table: pd.DataFrame  # region, year, base_mw, pipeline_mw, share_mw, requested_mw
    base_year_mw: pd.Series  # region: base-year data-center load (average MW)


def site_demand(inputs: Inputs, demand: DemandProjection, years: list[int]) -> Siting:
    """The national projection placed in the regions of sheet `regions` for the grid years."""
    regions = list(inputs["regions"]["region_id"])
    base_year = int(grid_setting(inputs, "base_year"))
    utilization = grid_setting(inputs, "dc_utilization")
    if base_year not in demand.national.index:
        raise InputError(
            [f"the demand projection must include the base year {base_year} (scenario first_year)"]
        )
    national_mw = demand.national["average_mw"].reindex(years)
    if national_mw.isna().any():
        raise InputError(
            [
                f"the demand projection must cover the grid years {years[0]}-{years[-1]} (scenario last_year)"
            ]
        )
    shares = (
        inputs["dc_load_2023"]
        .set_index("region_id")["share_of_national"]
        .reindex(regions)
        .fillna(0.0)
    )
    shares = shares / shares.sum()  # they add up to 1 within 1e-3 (energy.inputs.rules)
    table = requested_load(
        national_mw,
        shares,
        inputs["dc_pipeline"],
        inputs["pipeline_stages"],
        utilization,
        base_year,
    )
    return Siting(table, shares * float(national_mw.loc[base_year]))
