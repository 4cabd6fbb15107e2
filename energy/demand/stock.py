"""Stock-flow arithmetic: survival curves, installed base and average operating stock.

Conventions (hand-checkable): units are shipped evenly through their shipment year, so a unit
shipped in year v is (y - v + 0.5) years old at the end of year y; the average operating stock
of year y is the mean of the installed bases at the ends of years y - 1 and y.
"""

from __future__ import annotations

import math

import numpy as np


def weibull_scale(lifetime_years: float, shape: float) -> float:
    """Weibull scale λ whose mean life equals `lifetime_years` for the given shape."""
    return lifetime_years / math.gamma(1.0 + 1.0 / shape)


def survival(age_years: np.ndarray, lifetime_years: float, shape: float) -> np.ndarray:
    """Share of a cohort still in service at `age_years` (Weibull, mean life = lifetime)."""
    age = np.clip(np.asarray(age_years, dtype=float), 0.0, None)
    return np.exp(-((age / weibull_scale(lifetime_years, shape)) ** shape))


def prehistory_growth(shipments: np.ndarray, low: float = 0.8, high: float = 2.0) -> float:
    """Yearly growth of shipments before the first year: that of the first two years, clipped.

    A product with no shipments in its first years (e.g. a later accelerator generation) has
    no prehistory, which any growth rate gives once its first shipment is zero.
    """
    first, second = (
        float(shipments[0]),
        float(shipments[1]) if len(shipments) > 1 else float(shipments[0]),
    )
    if first <= 0 or second <= 0:
        return 1.0
    return float(np.clip(second / first, low, high))


def installed_base(
    shipments: np.ndarray, lifetime_years: float, shape: float
) -> tuple[np.ndarray, float]:
    """Installed base at the end of each year, and at the end of the year before the first.

    Shipments before the first year are extended backwards at `prehistory_growth` for six
    mean lives, so a product's stock starts from the age mix its own growth implies
    (constant shipments give the steady state: first-year shipments × mean life).
    """
    shipments = np.asarray(shipments, dtype=float)
    n, growth = len(shipments), prehistory_growth(shipments)
    k = int(np.ceil(6 * lifetime_years)) + 1
    past = shipments[0] * growth ** -np.arange(k, 0, -1.0)
    extended = np.concatenate([past, shipments])
    years = np.arange(k + n)
    ages = years[:, None] - years[None, :] + 0.5  # [year, vintage]
    weights = np.where(ages > 0, survival(ages, lifetime_years, shape), 0.0)
    base = weights @ extended
    return base[k:], float(base[k - 1])


def average_stock(end_of_year_base: np.ndarray, initial_base: float = 0.0) -> np.ndarray:
    """Average operating stock per year: mean of the previous and current year-end bases."""
    base = np.asarray(end_of_year_base, dtype=float)
    previous = np.concatenate([[initial_base], base[:-1]])
    return (previous + base) / 2
