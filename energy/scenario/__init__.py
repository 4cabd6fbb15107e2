"""Scenarios: TOML files (with `extends`), single-cell overrides of the workbook, and options."""

from energy.scenario.files import Scenario, input_hashes, load_scenario
from energy.scenario.overrides import apply_overrides, scenario_inputs

__all__ = ["Scenario", "apply_overrides", "input_hashes", "load_scenario", "scenario_inputs"]
