"""The stock arithmetic on cases small enough to do by hand."""

import math

import numpy as np
import pytest

from energy.demand.stock import (
    average_stock,
    installed_base,
    prehistory_growth,
    survival,
    weibull_scale,
)


def test_weibull_mean_life_equals_lifetime():
    ages = np.linspace(0, 60, 600001)
    mean = np.trapezoid(survival(ages, 5.0, 3.0), ages)  # mean life = ∫ S(a) da
    assert mean == pytest.approx(5.0, rel=1e-4)


def test_survival_by_hand():
    # shape 1 is exponential: S(a) = exp(-a / λ) with λ = L / Γ(2) = L
    assert weibull_scale(4.0, 1.0) == pytest.approx(4.0)
    assert survival(np.array([2.0]), 4.0, 1.0)[0] == pytest.approx(math.exp(-0.5))
    # shape 2: λ = L / Γ(1.5) = L / 0.886227
    lam = 4.0 / 0.886226925
    assert survival(np.array([3.0]), 4.0, 2.0)[0] == pytest.approx(math.exp(-((3.0 / lam) ** 2)))


def test_constant_shipments_give_steady_state():
    # near-step survival at 4 years: ages 0.5, 1.5, 2.5, 3.5 survive, 4.5 does not
    base, before = installed_base(np.full(6, 100.0), 4.0, 50.0)
    assert before == pytest.approx(400, rel=1e-3)
    assert base == pytest.approx(np.full(6, 400.0), rel=1e-3)
    assert average_stock(base, before) == pytest.approx(np.full(6, 400.0), rel=1e-3)


def test_single_cohort_enters_half_a_year_and_retires():
    shipments = np.array([0, 10, 0, 0, 0, 0], dtype=float)
    base, before = installed_base(shipments, 2.0, 50.0)
    assert before == 0
    # end of year 1: age 0.5; end of year 2: age 1.5; end of year 3: age 2.5 > life
    assert base == pytest.approx([0, 10, 10, 0, 0, 0], abs=1e-3)
    assert average_stock(base, before) == pytest.approx([0, 5, 10, 5, 0, 0], abs=1e-3)


def test_prehistory_follows_the_first_years_growth():
    assert prehistory_growth(np.array([100.0, 150.0, 0.0])) == pytest.approx(1.5)
    assert prehistory_growth(np.array([0.0, 150.0])) == 1.0
    # growing at 2x a year with a 1-year near-step life: only last year's cohort (age 0.5) is left
    base, before = installed_base(np.array([100.0, 200.0]), 1.0, 50.0)
    assert before == pytest.approx(50.0, rel=1e-3)
    assert base[0] == pytest.approx(100.0, rel=1e-3)
