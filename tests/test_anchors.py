"""Regression tests: the default workbook reproduces the published anchors (LBNL 2024 and 2025)."""

import pytest

from energy.demand.anchors import compare_anchors
from energy.demand.calibration import solve_calibration
from energy.demand.projection import project_demand

CASES = ("reference", "low", "high")


@pytest.fixture(scope="module")
def projections(default_inputs):
    return {case: project_demand(default_inputs, case) for case in CASES}


@pytest.mark.parametrize("case", CASES)
def test_2023_total_and_share(projections, case):
    p = projections[case]
    assert p.total_twh(2023) == pytest.approx(176, rel=0.02)
    assert p.metric("share_of_us_electricity", 2023) == pytest.approx(0.044, abs=0.003)


def test_reference_follows_lbnl_2025(projections):
    p = projections["reference"]
    assert p.total_twh(2024) == pytest.approx(192, rel=0.03)
    assert p.total_twh(2030) == pytest.approx(649, rel=0.05)
    assert p.metric("share_of_us_electricity", 2024) == pytest.approx(0.047, abs=0.003)
    assert p.metric("share_of_us_electricity", 2030) == pytest.approx(0.118, abs=0.003)
    assert 521 <= p.total_twh(2030) <= 843


@pytest.mark.parametrize(("case", "twh", "share"), [("low", 325, 0.067), ("high", 580, 0.12)])
def test_2028_lbnl_2024_range(projections, case, twh, share):
    p = projections[case]
    assert p.total_twh(2028) == pytest.approx(twh, rel=0.03)
    assert p.metric("share_of_us_electricity", 2028) == pytest.approx(share, abs=0.003)


@pytest.mark.parametrize("case", CASES)
def test_history_follows_lbnl_series(projections, case):
    """LBNL 2024: 58 TWh (2014), ~60 (2014-2016), 76 (2018, 1.9%), 176 (2023)."""
    total = projections[case].national["total_twh"]
    assert total[2014] == pytest.approx(58, rel=0.02)
    assert total[2015] == pytest.approx(60, rel=0.05)
    assert total[2016] == pytest.approx(60, rel=0.02)
    assert total[2018] == pytest.approx(76, rel=0.02)
    assert projections[case].metric("share_of_us_electricity", 2018) == pytest.approx(
        0.019, abs=0.003
    )
    # growth: ~7%/yr 2014-2018 and ~18%/yr 2018-2023 (LBNL 2024 summary)
    assert (total[2018] / total[2014]) ** (1 / 4) - 1 == pytest.approx(0.07, abs=0.01)
    assert (total[2023] / total[2018]) ** (1 / 5) - 1 == pytest.approx(0.18, abs=0.01)
    assert total.loc[2014:2023].is_monotonic_increasing or total[2015] >= total[2014] * 0.98


@pytest.mark.parametrize("case", CASES)
def test_published_breakdowns(projections, case):
    """Where LBNL publishes a breakdown: AI servers, national PUE, infrastructure share."""
    n = projections[case].national
    assert n.loc[2017, "ai_servers_twh"] < 2.0  # "<2 TWh in 2017"
    assert n.loc[2023, "ai_servers_twh"] > 40.0  # ">40 TWh in 2023"
    assert n.loc[2023, "ai_servers_twh"] < 45.0  # ... and not far above it
    assert n.loc[2014, "national_pue"] == pytest.approx(1.6, abs=0.02)
    assert n.loc[2023, "national_pue"] == pytest.approx(1.4, abs=0.02)
    # infrastructure 40% (2014) and 30% (2023) of data-center energy (LBNL 2024 p. 53): within 3 points
    assert n.loc[2014, "infrastructure_share"] == pytest.approx(0.40, abs=0.03)
    assert n.loc[2023, "infrastructure_share"] == pytest.approx(0.30, abs=0.03)
    # 2028 national PUE within LBNL 2024's scenario range 1.15-1.35
    assert 1.15 <= n.loc[2028, "national_pue"] <= 1.35


@pytest.mark.parametrize("case", CASES)
def test_every_regression_anchor_in_the_workbook_holds(projections, default_inputs, case):
    table = compare_anchors(projections[case], default_inputs["anchors"])
    regression = table[table["role"] == "regression"]
    assert len(regression) >= 8
    missed = regression[~regression["within"]]
    assert missed.empty, missed.to_string()


def test_stored_calibration_is_current(default_inputs):
    """The workbook's calibrated values are what the solver finds (no stale calibration)."""
    solved = solve_calibration(default_inputs)
    assert (abs(solved["value"] / solved["stored_value"] - 1) < 1e-5).all(), solved.to_string()
    assert (solved["achieved_value"] / solved["target_value"] - 1).abs().max() < 1e-6
    # the US share of worldwide AI-server shipments is a share
    share = solved.loc[solved["parameter"] == "us_share_of_global_ai_shipments", "value"]
    assert ((share > 0) & (share <= 1)).all()


def test_2030_compared_with_epri(projections):
    """EPRI 2026 puts 2030 at 9-17% of US electricity; the cases bracket that range's middle."""
    shares = {case: projections[case].metric("share_of_us_electricity", 2030) for case in CASES}
    assert shares["low"] < shares["reference"] < shares["high"]
    assert shares["low"] < 0.17 and shares["high"] > 0.09
