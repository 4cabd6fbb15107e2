"""Demand: the bottom-up stock-flow projection of US data-center electricity use."""

from energy.demand.projection import DemandProjection, project_demand

__all__ = ["DemandProjection", "project_demand"]
