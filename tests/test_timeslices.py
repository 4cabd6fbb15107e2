"""Time slices keep each region's annual energy and peak; profiles keep their capacity factors."""

import numpy as np
import pandas as pd
import pytest

from energy.model.profiles import solar_availability, wind_availability
from energy.model.timeslices import build_slices, reduce_availability, reduce_load


@pytest.fixture(scope="module")
def hourly(default_inputs):
    return default_inputs["hourly_load"].set_index("hour").astype(float)


@pytest.mark.parametrize(("days", "hours"), [(6, 4), (12, 2), (4, 1)])
def test_slices_keep_energy_and_peak(hourly, days, hours):
    ts = build_slices(hourly, days, hours)
    assert ts.slices["weight"].groupby(ts.slices["day"]).first().sum() == 365
    assert (ts.slices["weight"] * ts.slices["hours"]).sum() == pytest.approx(8760)
    reduced = reduce_load(hourly, ts)
    energy = (reduced.mul(ts.slices["weight"] * ts.slices["hours"], axis=0)).sum()
    assert np.allclose(energy, hourly.sum(), rtol=1e-9)
    assert np.allclose(reduced.max(), hourly.max(), rtol=1e-9)


def test_peak_day_is_kept(hourly):
    ts = build_slices(hourly, 6, 4)
    peak_day = int(hourly.sum(axis=1).to_numpy().argmax() // 24)
    assert peak_day in set(ts.slices["day"])


def test_kept_days_stand_for_themselves(hourly):
    # day 332 (0-based; 29 November) kept: its own weight-1 day on top of the 6 clustered ones
    plain, kept = build_slices(hourly, 6, 4), build_slices(hourly, 6, 4, keep=(332,))
    days = kept.slices.groupby("day")["weight"].first()
    assert days[332] == 1
    assert len(days) == plain.slices["day"].nunique() + (332 not in set(plain.slices["day"]))
    assert days.sum() == 365


def test_full_year_mode_is_hourly(hourly):
    ts = build_slices(hourly, None, 1)
    assert len(ts.slices) == 8760
    assert np.allclose(reduce_load(hourly, ts).to_numpy(), hourly.to_numpy())


def test_solar_profile_by_hand():
    profile = solar_availability(37.5, -77.4, 0.2)
    assert profile.mean() == pytest.approx(0.2, rel=1e-6)
    assert profile.max() <= 1.0
    # Richmond at 04:00 UTC (midnight local) is dark; at 17:00 UTC (noon local) bright
    assert profile[4] == 0 and profile[17] > 0.3
    assert profile[24 * 172 + 17] > profile[24 * 355 + 17]  # June noon beats December noon


def test_wind_profile_follows_months():
    monthly = np.array([1.2] * 6 + [0.8] * 6)
    profile = wind_availability(monthly, 0.3)
    assert profile.mean() == pytest.approx(0.3, rel=1e-6)
    assert profile[0] / profile[-1] == pytest.approx(1.5)


def test_availability_keeps_its_mean(hourly):
    ts = build_slices(hourly, 6, 4)
    solar = pd.DataFrame({"A": solar_availability(35, -100, 0.25)})
    reduced = reduce_availability(solar, ts)
    w = ts.slices["weight"] * ts.slices["hours"]
    assert float((reduced["A"] * w).sum() / w.sum()) == pytest.approx(0.25, rel=1e-6)
