"""Siting: the national data-center projection -> requested load per grid region and year."""

from energy.siting.requested import Siting, site_demand

__all__ = ["Siting", "site_demand"]
