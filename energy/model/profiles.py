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
# maintenance is scheduled in the spring and autumn between them (the rule without a region's load)
PEAK_SEASON_MONTHS = (1, 2, 6, 7, 8, 9, 12)

HOURS_PER_WEEK = 168


def seasonal_maintenance_shape(year: int = 2023) -> np.ndarray:
    """Hourly share of the year's planned outages (mean 1): none in the peak-season months,
    spread evenly over spring and autumn."""
    month = (
        np.arange(f"{year}-01-01T00", f"{year + 1}-01-01T00", dtype="datetime64[h]")
        .astype("datetime64[M]")
        .astype(int)
        % 12
        + 1
    )
    off_peak = ~np.isin(month, PEAK_SEASON_MONTHS)
    return np.where(off_peak, len(month) / off_peak.sum(), 0.0)


def levelized_maintenance_shape(
    load_mw: np.ndarray, maintenance_mw: float, largest_share: float, iterations: int = 100
) -> np.ndarray:
    """Hourly share of a region's planned outages (mean 1) scheduled to levelize its reserves, as
    utilities schedule maintenance (Garver 1966, "Adjusting maintenance schedules to levelize
    risk", IEEE Trans. PAS-85): week by week (7-day blocks from 1 January), the weeks with the
    lowest peak load are filled first, each up to one common level of peak load + MW on
    maintenance, until the year's planned-outage MW-hours (`maintenance_mw` x hours) are placed;
    no week takes more than `largest_share` x the annual average (a plant cannot be more than
    fully out). Level found by bisection, so the schedule is one number per week, deterministic."""
    hours = len(load_mw)
    if maintenance_mw <= 0:
        return np.ones(hours)
    week = np.arange(hours) // HOURS_PER_WEEK
    peaks = np.array([load_mw[week == w].max() for w in range(week[-1] + 1)])
    week_hours = np.bincount(week).astype(float)
    cap = largest_share * maintenance_mw
    target = maintenance_mw * hours

    def placed(level: float) -> np.ndarray:
        return np.clip(level - peaks, 0.0, cap)

    low, high = peaks.min(), peaks.max() + cap
    for _ in range(iterations):
        middle = 0.5 * (low + high)
        if (placed(middle) * week_hours).sum() < target:
            low = middle
        else:
            high = middle
    weekly = placed(high)
    weekly *= target / (weekly * week_hours).sum()
    return (weekly / maintenance_mw)[week]


def planned_outage_share(annual_availability, forced_outage_rate):
    """Share of the year a thermal plant is out for planned maintenance on average: what its
    annual availability leaves below 1 - forced outage rate (never below 0); scalars or Series."""
    return np.maximum(1.0 - forced_outage_rate - annual_availability, 0.0)


def thermal_availability(
    annual_availability: float,
    forced_outage_rate: float,
    year: int = 2023,
    maintenance_shape: np.ndarray | None = None,
) -> np.ndarray:
    """Availability of a thermal plant by hour: 1 - forced outage rate, less its planned outages
    (1 - forced outage rate - `annual_availability` on average) spread by `maintenance_shape`
    (mean 1; default: the peak-season rule, spring and autumn only), so the year's mean is
    `annual_availability`. On time slices (energy.model.prepare.supply.seasonal_availability)
    the planned outages are scaled to keep the year's planned-outage energy, so days without
    maintenance keep 1 - forced outage rate."""
    shape = seasonal_maintenance_shape(year) if maintenance_shape is None else maintenance_shape
    planned = planned_outage_share(annual_availability, forced_outage_rate)
    return np.clip(1.0 - forced_outage_rate - planned * shape, 0.0, 1.0)
