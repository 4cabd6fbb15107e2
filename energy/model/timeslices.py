"""Reduce a year of hourly profiles to representative days, keeping annual energy and peaks.

Days are clustered (k-means on the regions' normalised daily load shapes) and each cluster is
represented by its most typical real day, weighted by the number of days it stands for; the day
of the national coincident peak is always kept as its own cluster. Hours may be grouped into
blocks. Each region's load is then rescaled so its largest slice on the peak day (weight 1) equals its
annual peak and its weighted energy equals its annual energy; availability series keep their annual mean.
`days=None` keeps all 8,760 hours (a check mode).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.vq import kmeans2

HOURS_PER_DAY = 24


@dataclass
class TimeSlices:
    slices: (
        pd.DataFrame
    )  # index slice: weight (occurrences per year), hours (duration), day, first_hour
    hour_of_slice: dict[
        str, np.ndarray
    ]  # slice -> the original hours it averages (in its represented day)


def _day_matrix(load: pd.DataFrame) -> np.ndarray:
    """One row per day: each region's 24 hours divided by the region's annual mean."""
    normalised = load / load.mean()
    days = len(load) // HOURS_PER_DAY
    return normalised.to_numpy()[: days * HOURS_PER_DAY].reshape(
        days, HOURS_PER_DAY * load.shape[1]
    )


def representative_days(
    load: pd.DataFrame, n_days: int, seed: int = 0, keep: tuple[int, ...] = ()
) -> pd.Series:
    """Representative day numbers (0-364) and how many days each stands for; the national
    peak day and the days in `keep` (e.g. days the hourly check found short) stand for
    themselves alone, on top of the `n_days - 1` clustered ones."""
    features = _day_matrix(load)
    days = features.shape[0]
    peak_day = int(load.sum(axis=1).to_numpy()[: days * HOURS_PER_DAY].argmax() // HOURS_PER_DAY)
    alone = {peak_day, *keep}
    others = np.array([d for d in range(days) if d not in alone])
    k = max(1, min(n_days - 1, len(others)))
    centroids, labels = kmeans2(features[others], k, seed=np.random.default_rng(seed), minit="++")
    chosen = {}
    for c in range(k):
        members = others[labels == c]
        if len(members) == 0:
            continue
        distance = ((features[members] - centroids[c]) ** 2).sum(axis=1)
        chosen[int(members[distance.argmin()])] = len(members)
    for day in alone:
        chosen[day] = chosen.get(day, 0) + 1
    return pd.Series(chosen, name="weight").sort_index()


def build_slices(
    load: pd.DataFrame,
    n_days: int | None,
    hours_per_slice: int = 1,
    seed: int = 0,
    keep: tuple[int, ...] = (),
) -> TimeSlices:
    """The time slices: representative days (with the days in `keep`, 0-364, as their own)
    cut into blocks of `hours_per_slice` hours."""
    if HOURS_PER_DAY % hours_per_slice:
        raise ValueError("hours_per_slice must divide 24")
    if n_days is None:  # full year, hour by hour
        weights = pd.Series(1, index=range(len(load) // HOURS_PER_DAY))
    else:
        weights = representative_days(load, n_days, seed, keep)
    rows, hours = [], {}
    for day, weight in weights.items():
        for block in range(HOURS_PER_DAY // hours_per_slice):
            first = day * HOURS_PER_DAY + block * hours_per_slice
            name = f"d{day:03d}h{block * hours_per_slice:02d}"
            rows.append(
                {
                    "slice": name,
                    "weight": float(weight),
                    "hours": float(hours_per_slice),
                    "day": int(day),
                    "first_hour": first,
                }
            )
            hours[name] = np.arange(first, first + hours_per_slice)
    return TimeSlices(pd.DataFrame(rows).set_index("slice"), hours)


def reduce_series(hourly: pd.DataFrame, ts: TimeSlices) -> pd.DataFrame:
    """Mean of each column over the hours of each slice (rows: slices)."""
    values = hourly.to_numpy()
    return pd.DataFrame(
        {s: values[h].mean(axis=0) for s, h in ts.hour_of_slice.items()}, index=hourly.columns
    ).T


def reduce_load(hourly: pd.DataFrame, ts: TimeSlices) -> pd.DataFrame:
    """Slice load per region that keeps each region's annual peak and annual energy."""
    reduced = reduce_series(hourly, ts)
    energy_weight = (ts.slices["weight"] * ts.slices["hours"]).to_numpy()
    weights = ts.slices["weight"].to_numpy()
    for region in hourly.columns:
        column = reduced[region].to_numpy().copy()
        peak, energy = float(hourly[region].max()), float(hourly[region].sum())
        fixed = np.zeros(len(column), dtype=bool)
        # the peak goes on the least-weighted slices (the national peak day, weight 1), so the
        # year does not get many hours at the peak
        lightest = np.flatnonzero(weights == weights.min())
        fixed[lightest[int(column[lightest].argmax())]] = True
        column[fixed] = peak
        for _ in range(
            len(column)
        ):  # rescale the rest to the energy; slices pushed past the peak stay at it
            remaining = energy - float((column[fixed] * energy_weight[fixed]).sum())
            current = float((column[~fixed] * energy_weight[~fixed]).sum())
            if current <= 0 or remaining <= 0:
                break
            column[~fixed] *= remaining / current
            over = ~fixed & (column > peak)
            if not over.any():
                break
            column[over] = peak
            fixed |= over
        reduced[region] = column
    return reduced


def reduce_availability(hourly: pd.DataFrame, ts: TimeSlices) -> pd.DataFrame:
    """Slice availability per column that keeps the annual mean (capped at 1)."""
    reduced = reduce_series(hourly, ts)
    energy_weight = (ts.slices["weight"] * ts.slices["hours"]).to_numpy()
    total_hours = energy_weight.sum()
    for column in hourly.columns:
        target = float(hourly[column].mean())
        current = float((reduced[column].to_numpy() * energy_weight).sum() / total_hours)
        if current > 0:
            reduced[column] = np.minimum(reduced[column] * target / current, 1.0)
    return reduced
