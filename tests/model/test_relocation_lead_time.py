"""Relocation lead time on a tiny system worked by hand: a move pays off only after its lead time.

Regions A and B, years 2025 and 2027, existing gas in both (running cost 0). A requests 100 MW of
data-center load in both years; each utility connects 100 MW of connection capacity a year at
utilization 0.5, so A can serve 50 MW in place in 2025 and 100 MW in 2027. Builds (and moves)
are decided from 2025 and a move takes 2 years: nothing can move in 2025, so A's other 50 MW go
unserved then (50 x 8,760 x 2,000 USD/MWh = 876 million USD); in 2027 all 100 MW are served in
A. With the move allowed from 2025, the 50 MW would have gone to B at 10 USD/MWh instead: the
dual of the lead-time row is the penalty less the relocation cost, (2,000 - 10) x 8,760 USD per
MW-yr = 17.4324 million USD (undiscounted; the 2025 weight discounts it in the model's units).
"""

import pyomo.environ as pyo
import pytest

from energy.results.limits import limits_table
from tests.grid_helpers import grid, solved, tech_table


def _system(lead_years: int):
    data = grid(
        regions=("A", "B"),
        years=(2025, 2027),
        techs=tech_table(gas={}),
        existing={("A", "gas"): 500.0, ("B", "gas"): 500.0},
        requested={"A": 100.0},
        connect_limit=100.0,
    )
    data.decision_year = 2025
    data.relocation_lead_years = lead_years
    return data


def test_no_load_moves_before_a_campus_elsewhere_can_be_built():
    m, _ = solved(_system(2))
    assert pyo.value(m.dc_in_place["A", 2025]) == pytest.approx(50)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(50)
    assert pyo.value(sum(m.dc_relocated[a, b, 2025] for a, b in m.RR)) == pytest.approx(0)
    assert pyo.value(m.dc_in_place["A", 2027]) == pytest.approx(100)
    assert pyo.value(m.annual_cost[2025]) == pytest.approx(50 * 8760 * 2000 / 1e6)
    # the dual, undiscounted through the limits table: moving one more MW in 2025 saves the
    # penalty and costs the relocation
    limits, _ = limits_table(m, m.data)
    row = limits.set_index(["family", "region", "year"]).loc[("relocation lead time", "A", 2025)]
    assert row["binding"]
    assert row["shadow_price"] == pytest.approx((2000 - 10) * 8760)


def test_without_a_lead_time_the_load_moves_at_once():
    m, _ = solved(_system(0))
    assert pyo.value(m.dc_relocated["A", "B", 2025]) == pytest.approx(50)
    assert pyo.value(m.dc_unserved["A", 2025]) == pytest.approx(0)
    assert not hasattr(m, "relocation_lead") or len(m.relocation_lead) == 0
