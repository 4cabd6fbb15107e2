"""National data-center demand -> requested load per region and year.

Rule (documented in the README and the workbook): each region keeps its 2023 share of the 2023
national load. The growth beyond 2023 is split in two by 2023 shares: regions without a
reported large-load book (no rows in sheet `dc_pipeline`) grow with the nation, each by its
2023 share of national growth; regions with one share what is left — their combined 2023
share of national growth — in proportion to their books' expected load (connection capacity
× the stage's probability, summed over stages). So the national projection says how much and
when, the utilities' books say where; no region receives both a book-based and a share-based
part, and the regions add up to the national projection in every year. The books add to more
or less than that growth (they are what utilities report, not what the nation needs); the
factor `book_scale` (growth given to booked regions ÷ (their books' expected capacity × the
utilization)) says by how much they were scaled. A national decline scales every region alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from energy.demand.projection import DemandProjection
from energy.errors import InputError
from energy.inputs.tables import Inputs, grid_setting


def book_load_mw(pipeline: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """Expected connection capacity of each region's reported book (MW): capacity ×
    probability of its stage, summed over the region's rows."""
    probability = pipeline["stage"].map(stages.set_index("stage")["probability"])
    return (pipeline["capacity_mw"] * probability).groupby(pipeline["region_id"]).sum()


def requested_load(
    national_mw: pd.Series,
    shares_2023: pd.Series,
    pipeline: pd.DataFrame,
    stages: pd.DataFrame,
    utilization: float,
    base_year: int = 2023,
) -> pd.DataFrame:
    """Requested data-center load (average MW) per region and year, with its parts: base_mw
    (2023 load), booked_mw (growth placed by the region's book), share_mw (growth by 2023
    share), requested_mw, and the year's book_scale (see the module docstring)."""
    regions = list(shares_2023.index)
    base_total = float(national_mw.loc[base_year])
    book = book_load_mw(pipeline, stages).reindex(regions, fill_value=0.0)
    booked = book > 0
    weight = book / book.sum() if book.sum() > 0 else book
    booked_share = float(shares_2023[booked].sum())
    frames = []
    for year, total in national_mw.items():
        growth = float(total) - base_total
        part = pd.DataFrame(
            {"region": regions, "year": int(year)}, index=pd.Index(regions, name="region_id")
        )
        if growth <= 0:  # a national decline: every region alike
            part["base_mw"] = shares_2023 * float(total)
            part["booked_mw"] = 0.0
            part["share_mw"] = 0.0
            part["book_scale"] = 0.0
        else:
            part["base_mw"] = shares_2023 * base_total
            part["booked_mw"] = weight * booked_share * growth
            part["share_mw"] = shares_2023.where(~booked, 0.0) * growth
            expected = float(book.sum()) * utilization
            part["book_scale"] = booked_share * growth / expected if expected > 0 else 0.0
        frames.append(part)
    table = pd.concat(frames, ignore_index=True)
    table["requested_mw"] = table[["base_mw", "booked_mw", "share_mw"]].sum(axis=1)
    return table[
        ["region", "year", "base_mw", "booked_mw", "share_mw", "requested_mw", "book_scale"]
    ]


@dataclass
class Siting:
    """Requested data-center load by region: what the grid model is asked to serve."""

    table: pd.DataFrame  # region, year, base_mw, booked_mw, share_mw, requested_mw, book_scale
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
