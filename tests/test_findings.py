"""Sentences about the national ceiling: which ceiling binds, and why it dips."""

import pandas as pd

from energy.report.findings import _grid_ceiling_text, ceiling_dips_text


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
