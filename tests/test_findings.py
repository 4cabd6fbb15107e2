"""Sentences of the finding: which ceiling binds and why it dips; what the hours found short."""

import pandas as pd

from energy.report.findings import _grid_ceiling_text, ceiling_dips_text, hourly_check_text


def test_the_sentence_says_whether_connections_or_the_grid_bind_the_ceiling():
    row = pd.Series({"ceiling_twh": 400.0, "grid_ceiling_twh": 900.0})
    assert "(+500 TWh, 125.0%: the connection rates bind the ceiling)" in _grid_ceiling_text(row)
    # 1.6% more: the grid, not the connection rates, holds the ceiling back
    row = pd.Series({"ceiling_twh": 1090.0, "grid_ceiling_twh": 1107.6})
    assert "(+18 TWh, 1.6%: the grid itself binds" in _grid_ceiling_text(row)
    assert _grid_ceiling_text(pd.Series({"ceiling_twh": 400.0})) == ""


def test_a_dip_in_the_ceiling_is_explained_by_what_binds_that_year():
    table = pd.DataFrame(
        {
            "year": [2025, 2026, 2027],
            "ceiling_twh": [436.0, 352.0, 500.0],
            "binding_at_ceiling": ["", "lead time: 3 (most valuable ERCOT, 10 USD/MW)", ""],
        }
    )
    text = ceiling_dips_text(table)
    assert text.startswith("The ceiling falls from 436 TWh in 2025 to 352 TWh in 2026")
    assert "lead time: 3" in text
    assert ceiling_dips_text(table.assign(ceiling_twh=[1.0, 2.0, 3.0])) == ""


def test_the_hourly_sentence_tells_history_from_a_plan():
    # a shortfall in the base year is the fleet as it stood; in a later year the plan's
    check = pd.DataFrame(
        {
            "round": [0, 0],
            "region": ["ERCOT", "NW"],
            "year": [2023, 2027],
            "hours_short": [1, 2],
            "largest_shortfall_mw": [93.5, 1500.0],
            "short_though_planned_adequate": [True, True],
        }
    )
    text = hourly_check_text(check, [55], base_year=2023)
    assert "ERCOT 2023 (1 h, up to 0.1 GW, the base year's fleet as it stood)" in text
    assert "NW 2027 (2 h, up to 1.5 GW, planned adequate)" in text
    assert text.startswith("Hourly check: day(s) 24 Feb stand for themselves")
