"""Hourly availability of solar and wind, built from published annual capacity factors.

No regional hourly solar or wind series ships with the project (see the workbook's sources), so
solar follows the sun's elevation at a representative city (clear-sky shape) and wind follows
the national monthly shape; both are scaled to the region's annual capacity factor.
"""

from __future__ import annotations

import numpy as np

HOURS = 8760


def _scale_to_mean(shape: np.ndarray, mean: float, iterations: int = 20) -> np.ndarray:
    """Scale a non-negative shape to a target mean without exceeding 1 (clipped hours are re-spread)."""
    out = shape * (mean / shape.mean()) if shape.mean() > 0 else shape
    for _ in range(iterations):
        out = np.minimum(out, 1.0)
        free = out < 1.0
        missing = mean * len(out) - out.sum()
        if missing <= 1e-9 or not free.any():
            break
        out[free] *= 1 + missing / out[free].sum()
    return np.minimum(out, 1.0)


def solar_availability(
    latitude: float, longitude: float, capacity_factor: float, hours: int = HOURS
) -> np.ndarray:
    """Hour-beginning UTC availability of PV: sine of the sun's elevation, scaled to the CF."""
    t = np.arange(hours) + 0.5
    day = np.floor(t / 24) + 1
    utc = t % 24
    declination = np.radians(23.44) * np.sin(2 * np.pi * (284 + day) / 365)
    hour_angle = np.radians(15 * (utc + longitude / 15 - 12))
    lat = np.radians(latitude)
    elevation = np.sin(lat) * np.sin(declination) + np.cos(lat) * np.cos(declination) * np.cos(
        hour_angle
    )
    return _scale_to_mean(np.clip(elevation, 0, None), capacity_factor)


def wind_availability(
    monthly_relative: np.ndarray, capacity_factor: float, year: int = 2023
) -> np.ndarray:
    """Availability of wind: the month's relative output × the annual CF, flat within a month."""
    month_of_hour = (
        np.arange(f"{year}-01-01T00", f"{year + 1}-01-01T00", dtype="datetime64[h]")
        .astype("datetime64[M]")
        .astype(int)
        % 12
    )
    shape = np.asarray(monthly_relative, dtype=float)[month_of_hour]
    return _scale_to_mean(shape, capacity_factor)


# NERC's seasonal assessments: summer June-September, winter December-February; planned
# maintenance is scheduled in the spring and autumn between them
PEAK_SEASON_MONTHS = (1, 2, 6, 7, 8, 9, 12)


def thermal_availability(
    annual_availability: float, forced_outage_rate: float, year: int = 2023
) -> np.ndarray:
    """Availability of a thermal plant by hour: 1 - forced outage rate in the peak seasons, and
    in spring and autumn what keeps the year's mean at `annual_availability` (planned outages
    are taken off-peak). On time slices (energy.model.timeslices.reduce_availability) the mean
    is kept too: where the representative days sample spring and autumn less than the calendar
    does, every slice is scaled alike (peak seasons then a little below 1 - forced outage rate)."""
    month = (
        np.arange(f"{year}-01-01T00", f"{year + 1}-01-01T00", dtype="datetime64[h]")
        .astype("datetime64[M]")
        .astype(int)
        % 12
        + 1
    )
    peak = np.isin(month, PEAK_SEASON_MONTHS)
    in_peak = 1.0 - forced_outage_rate
    off_peak = (annual_availability * len(month) - in_peak * peak.sum()) / (~peak).sum()
    return np.where(peak, in_peak, np.clip(off_peak, 0.0, 1.0))
