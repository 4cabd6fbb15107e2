"""Solve the calibrated levers so that the projection meets each lever's target anchor.

All levers are solved together (a lever's window may reach back before another lever's
target year), as a root of "projected / published − 1 = 0" in the logarithms of the levers.
Rows for case 'all' are evaluated on the workbook's first case (their targets are shared history).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import root

from energy.demand.projection import project_demand
from energy.errors import EnergyError
from energy.inputs.schema import ALL_CASES
from energy.inputs.tables import Inputs

TOLERANCE = 1e-9


def _targets(inputs: Inputs) -> pd.DataFrame:
    """One row per calibration row: the case it is evaluated on and its target anchor."""
    anchors = inputs["anchors"].set_index("anchor_id")
    calibration = inputs["calibration"].reset_index(drop=True)
    first_case = inputs["cases"]["case_id"].iloc[0]
    target = anchors.loc[calibration["target_anchor_id"]].reset_index()
    evaluated_on = calibration["case"].where(calibration["case"] != ALL_CASES, first_case)
    wrong = (target["case"] != ALL_CASES) & (target["case"] != evaluated_on)
    if wrong.any():
        row = calibration[wrong].iloc[0]
        raise EnergyError(
            f"sheet 'calibration': the {row['parameter']} row for case '{row['case']}' targets anchor "
            f"'{row['target_anchor_id']}' of another case; a lever must target an anchor of its own case or 'all'"
        )
    return pd.DataFrame(
        {
            "case": evaluated_on,
            "metric": target["metric"],
            "year": target["year"].astype(int),
            "value": target["value"].astype(float),
        }
    )


def _projected(inputs: Inputs, calibration: pd.DataFrame, targets: pd.DataFrame) -> np.ndarray:
    projections = {
        case: project_demand(inputs, case, calibration=calibration)
        for case in targets["case"].unique()
    }
    return np.array([projections[t.case].metric(t.metric, t.year) for t in targets.itertuples()])


def solve_calibration(inputs: Inputs) -> pd.DataFrame:
    """The calibration sheet with `value` re-solved, plus `stored_value`, `target_value`, `achieved_value`."""
    calibration = inputs["calibration"].reset_index(drop=True)
    if calibration.empty:
        return calibration.assign(stored_value=[], target_value=[], achieved_value=[])
    targets = _targets(inputs)

    def trial(log_values: np.ndarray) -> pd.DataFrame:
        return calibration.assign(value=np.exp(log_values))

    def residuals(log_values: np.ndarray) -> np.ndarray:
        return _projected(inputs, trial(log_values), targets) / targets["value"].to_numpy() - 1

    start = np.log(calibration["value"].to_numpy(dtype=float))
    solution = root(residuals, start, method="hybr", options={"xtol": 1e-12})
    final = residuals(solution.x)
    if not np.all(np.abs(final) < 1e-6):
        worst = int(np.argmax(np.abs(final)))
        row = calibration.iloc[worst]
        raise EnergyError(
            f"calibration did not converge: lever {row['parameter']} ({row['case']}, {row['first_year']}-{row['last_year']}) "
            f"misses anchor '{row['target_anchor_id']}' by {100 * final[worst]:+.2f}% ({solution.message}). "
            "Check that each lever can move its target (its window must start on or before the target year)."
        )
    solved = trial(solution.x)
    return solved.assign(
        stored_value=calibration["value"],
        target_value=targets["value"],
        achieved_value=_projected(inputs, solved, targets),
    )
