"""Other (non-data-center) load: 2023 hourly load less 2023 data centers, reduced to time slices
and grown by each region's yearly rate; the peak the reserve margin covers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from energy.errors import InputError
from energy.inputs.tables import Inputs
from energy.model.prepare.series import by_region
from energy.model.timeslices import TimeSlices, build_slices, reduce_load
from energy.scenario.options import GridOptions


@dataclass
class OtherLoad:
    slices: TimeSlices
    hourly_mw: pd.DataFrame  # 2023 hourly load less 2023 data centers, hour x region
    load_mw: pd.Series  # (region, year, slice)
    peak_mw: pd.Series  # (region, year)
    # (region, year): the peaks of the summer (May-October) and winter (November-April) halves
    summer_peak_mw: pd.Series | None = None
    winter_peak_mw: pd.Series | None = None


# NYISO's capability periods: summer May-October, winter November-April; the adequacy family
# checks each half against its own peak with its own accreditation
SUMMER_MONTHS = (5, 6, 7, 8, 9, 10)


def _months(hourly: pd.DataFrame, base_year: int) -> np.ndarray:
    """Calendar month (1-12) of each hour of the weather year."""
    return pd.date_range(f"{base_year}-01-01", periods=len(hourly), freq="h").month.to_numpy()


def season_peaks(hourly: pd.DataFrame, base_year: int) -> tuple[pd.Series, pd.Series]:
    """Per region: the largest hourly load of the summer and of the winter half of the year."""
    summer = np.isin(_months(hourly, base_year), SUMMER_MONTHS)
    return hourly[summer].max(), hourly[~summer].max()


def winter_peak_month(hourly: pd.DataFrame, base_year: int) -> pd.Series:
    """Per region: the calendar month (1-12) of the weather year's winter peak hour (the first
    such hour where several tie), which decides the delivery year its winter row counts in."""
    month = _months(hourly, base_year)
    in_winter = ~np.isin(month, SUMMER_MONTHS)
    winter, months = hourly[in_winter].reset_index(drop=True), month[in_winter]
    return pd.Series({r: int(months[int(winter[r].to_numpy().argmax())]) for r in hourly.columns})


def other_load(
    inputs: Inputs,
    options: GridOptions,
    regions: list[str],
    years: list[int],
    dc_base_year_mw: pd.Series,
    base_year: int,
) -> OtherLoad:
    hourly = inputs["hourly_load"].sort_values("hour").set_index("hour")[regions].astype(float)
    other_hourly = hourly - dc_base_year_mw.reindex(regions).to_numpy()
    if (other_hourly.min() < 0).any():
        bad = other_hourly.min()[other_hourly.min() < 0].index.tolist()
        raise InputError(
            [
                f"2023 data-center load exceeds the region's hourly load in some hours: {', '.join(bad)} (sheets dc_load_2023, hourly_load)"
            ]
        )
    keep = tuple(day - 1 for day in options.keep_days)  # days of the year, 1-365
    ts = build_slices(
        other_hourly, options.days or None, options.hours_per_slice, options.seed, keep
    )
    load_slices = reduce_load(other_hourly, ts)
    growth = by_region(inputs, "region_load", "other_load_growth_per_year", regions)
    factor = {(r, y): (1 + growth[r]) ** (y - base_year) for r in regions for y in years}
    load = pd.Series(
        {
            (r, y, s): load_slices.at[s, r] * factor[r, y]
            for r in regions
            for y in years
            for s in ts.slices.index
        }
    )
    peak = pd.Series(
        {(r, y): float(other_hourly[r].max()) * factor[r, y] for r in regions for y in years}
    )
    summer, winter = season_peaks(other_hourly, base_year)
    seasonal = [
        pd.Series({(r, y): float(half[r]) * factor[r, y] for r in regions for y in years})
        for half in (summer, winter)
    ]
    return OtherLoad(ts, other_hourly, load, peak, *seasonal)
