"""New solar's marginal capacity credit from the hours of highest net load, worked by hand."""

import numpy as np
import pandas as pd
import pytest

from energy.model.prepare import solar_pools
from energy.model.prepare.solar_credit import new_solar_tranches, share_out, tranche_credits


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


def test_the_regions_tranches_start_where_its_fleet_leaves_off_in_each_season():
    # A year of 100 MW but 20 July hours of 200 MW, in which the fleet and new solar make all
    # their MW (none in any other hour). With 50 MW of fleet those hours' net load is 150 MW, so
    # each new MW lowers the 20 highest hours by 1 MW until the 50th: credit 1.0 on the tranches
    # to 20% of the 200 MW peak (40 MW), 0.5 on the next (40-60 MW: 10 MW of 20 still count),
    # then 0. In a year whose peak has grown to 400 MW the load doubles: 350 MW less 1 MW per
    # new MW until 150 MW; its tranches end at 20, 40, 80, 120, 200, 320 MW: 1.0 up to 120 MW,
    # 30 of the next 80 MW count (0.375), then 0. Winter's hours are flat and sunless: 0.
    hours = pd.date_range("2023-01-01", periods=8760, freq="h")
    sunny = np.flatnonzero((hours.month == 7) & (hours.day == 4))[:20]
    load = np.full(8760, 100.0)
    load[sunny] = 200.0
    shape = np.zeros(8760)
    shape[sunny] = 1.0
    tranches = new_solar_tranches(
        pd.DataFrame({"A": load}),
        pd.Series({("A", 2030): 200.0, ("A", 2035): 400.0}),
        {"solar": {("A", 2030): 50.0, ("A", 2035): 50.0}},
        {"solar": pd.DataFrame({"A": shape})},
        {"A": shape},
        {"A": ("A",)},
        [2030, 2035],
        2023,
    )
    assert [w for w, _, _ in tranches["A", 2030]] == pytest.approx([10, 10, 20, 20, 40, 60, np.inf])
    assert [s for _, s, _ in tranches["A", 2030]] == pytest.approx([1, 1, 1, 0.5, 0, 0, 0])
    assert [s for _, s, _ in tranches["A", 2035]] == pytest.approx([1, 1, 1, 1, 0.375, 0, 0])
    assert [v for *_, v in tranches["A", 2035]] == pytest.approx([0] * 7)


def test_the_regions_of_one_capacity_market_share_a_pool_and_the_rest_stand_alone():
    regions = pd.DataFrame(
        {"region_id": ["A", "B", "C"], "capacity_market": ["M", float("nan"), "M"]}
    )
    assert solar_pools({"regions": regions}, ["A", "B", "C"]) == {"M": ("A", "C"), "B": ("B",)}
    # a workbook without the column: every region alone
    alone = {"regions": regions[["region_id"]]}
    assert solar_pools(alone, ["A", "B", "C"]) == {"A": ("A",), "B": ("B",), "C": ("C",)}


def test_a_markets_regions_share_one_curve_on_their_coincident_hours():
    # A: 100 MW, 200 MW in 20 July hours; B: 100 MW, 150 MW in the same hours; no fleet. New
    # solar makes 1.0 in A and nothing in B in those hours (0 elsewhere). Pooled: 200 MW, 350 in
    # the 20 hours (the coincident peak); the new plants' output weighted by the peaks, 200 / 350
    # = 4/7 there. Each new MW lowers the top hours by 4/7 MW until they meet the 200 MW of the
    # rest, at 262.5 MW: 0.571 per MW on the tranches to 50% of 350 MW (175 MW), 50 MW of the
    # next 105 MW (0.476), then 0. Widths: 5, 5, 10, 10, 20, 30% of 350 MW.
    hours = pd.date_range("2023-01-01", periods=8760, freq="h")
    sunny = np.flatnonzero((hours.month == 7) & (hours.day == 4))[:20]
    a, b, shape = np.full(8760, 100.0), np.full(8760, 100.0), np.zeros(8760)
    a[sunny], b[sunny], shape[sunny] = 200.0, 150.0, 1.0
    tranches = new_solar_tranches(
        pd.DataFrame({"A": a, "B": b}),
        pd.Series({("A", 2030): 200.0, ("B", 2030): 150.0}),
        {"solar": {}},
        {"solar": pd.DataFrame({"A": shape, "B": shape})},
        {"A": shape, "B": np.zeros(8760)},
        {"M": ("A", "B")},
        [2030],
        2023,
    )
    widths = [w for w, _, _ in tranches["M", 2030]]
    assert widths == pytest.approx([17.5, 17.5, 35, 35, 70, 105, np.inf])
    summer = [s for _, s, _ in tranches["M", 2030]]
    assert summer == pytest.approx([0.571, 0.571, 0.571, 0.571, 0.571, 0.476, 0.0])


def test_a_markets_tranches_are_shared_out_by_the_regions_peaks():
    # a market's tranches of 30 and then unbounded MW, over regions of 100 and 200 MW peak:
    # each gets both at the market's credits, widths 10 and 20 MW (a third and two thirds)
    parts = [(30.0, 0.5, 0.2), (float("inf"), 0.05, 0.0)]
    shared = share_out(parts, {"A": 100.0, "B": 200.0})
    assert shared["A"] == [(pytest.approx(10.0), 0.5, 0.2), (float("inf"), 0.05, 0.0)]
    assert shared["B"] == [(pytest.approx(20.0), 0.5, 0.2), (float("inf"), 0.05, 0.0)]
