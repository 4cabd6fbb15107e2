"""Tiny grid systems whose optimum can be worked out on paper (built as users build custom
systems: energy.model.custom)."""

from __future__ import annotations

from energy.model import GridData, build_model
from energy.model.custom import HOURS, grid, series, tech_table
from energy.model.solve import solve

__all__ = ["HOURS", "grid", "series", "solved", "tech_table", "two_regions_over_a_corridor"]


def solved(data: GridData):
    model = build_model(data)
    report = solve(model)
    return model, report


def two_regions_over_a_corridor(**options) -> GridData:
    """A: 100 MW of gas at 20 USD/MWh serving 60 MW of its own load; B: 30 MW of data centers
    and no supply, over a 10 MW corridor A>B that nothing can be added to; relocating costs
    10 USD/MWh. By hand: 10 MW are served in B over the corridor, 20 MW relocate to A."""
    return grid(
        regions=("A", "B"),
        existing={("A", "gas"): 100},
        vc={"gas": 20},
        other_load={"A": 60, "B": 0},
        requested={"B": 30},
        corridors={("A", "B"): 10},
        relocation_cost_usd_per_mwh=10,
        peak={"A": 0, "B": 0},
        **options,
    )
