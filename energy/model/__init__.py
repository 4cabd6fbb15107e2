"""The grid model: GridData (the one seam between data and math), the Pyomo formulation with one
module per constraint family (`energy.model.constraints`), and the hand-over to HiGHS.

`build_model(data)` returns a Pyomo ConcreteModel; `model.families` holds the records of every
constraint family built (`energy.model.family.Family`).
"""

from energy.model.build import build_model
from energy.model.data import GridData

__all__ = ["GridData", "build_model"]
