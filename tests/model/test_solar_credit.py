"""New solar's marginal capacity credit from the hours of highest net load, worked by hand."""

import numpy as np
import pytest

from energy.model.prepare.solar_credit import tranche_credits


def test_a_new_mw_earns_the_fall_in_the_mean_of_the_top_hours_and_the_peak_moves_away():
    # Four hours of net load 100, 96, 90, 50 MW; new solar makes 1.0, 0.5, 0, 0 of its MW in
    # them; the mean of the top two hours is 98 MW.
    # 4 MW of solar: 96, 94, 90, 50 -> top two 95: 3 MW less, 0.75 per MW (the mean output in
    #   the two hours, 1.0 and 0.5);
    # 12 MW: 88, 90, 90, 50 -> top two 90: 5 MW less for the next 8, 0.625 per MW;
    # beyond (0.05 / 0.8 of the last edge more: 0.75 MW): 87.25, 89.625, 90 -> 89.8125, 0.1875 MW
    #   less for 0.75 MW, 0.25 per MW: the sunless hour is now among the top two.
    net = np.array([100.0, 96.0, 90.0, 50.0])
    output = np.array([1.0, 0.5, 0.0, 0.0])
    credits = tranche_credits(net, output, np.array([4.0, 12.0]), hours=2)
    assert credits == pytest.approx([0.75, 0.625, 0.25])


def test_solar_earns_nothing_once_the_peak_is_an_hour_without_sun():
    # One top hour: 100 MW at noon (output 1.0), 95 MW after dark. The first 5 MW bring the
    # noon peak down to 95 (1.0 per MW); beyond, the peak is the dark hour: 0.
    credits = tranche_credits(
        np.array([100.0, 95.0]), np.array([1.0, 0.0]), np.array([5.0, 20.0]), hours=1
    )
    assert credits == pytest.approx([1.0, 0.0, 0.0])
