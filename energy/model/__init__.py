"""The grid model: Pyomo formulation, one module per constraint family.

`build_model(data)` returns a Pyomo ConcreteModel; each constraint family is a named
component listed in FAMILIES so that results and limits can find their duals.
"""

from energy.model.build import FAMILIES, build_model
from energy.model.data import GridData

__all__ = ["FAMILIES", "GridData", "build_model"]
