"""energy: how far can US data-center electricity demand grow before the grid stops it?"""

from energy.demand import DemandProjection, project_demand
from energy.errors import EnergyError, InputError
from energy.inputs import Inputs, load_inputs
from energy.scenario import Scenario, load_scenario

__version__ = "0.1.0"

__all__ = [
    "DemandProjection",
    "EnergyError",
    "InputError",
    "Inputs",
    "Scenario",
    "__version__",
    "load_inputs",
    "load_scenario",
    "project_demand",
]
