"""Tiny grid systems whose optimum can be worked out on paper (built as users build custom
systems: energy.model.custom)."""

from __future__ import annotations

from energy.model import GridData, build_model
from energy.model.custom import HOURS, grid, series, tech_table
from energy.model.solve import solve

__all__ = ["HOURS", "grid", "series", "solved", "tech_table"]


def solved(data: GridData):
    model = build_model(data)
    report = solve(model)
    return model, report
