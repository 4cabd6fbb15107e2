"""Calibrate one technology's running-cost adder so the base year reproduces one 2023 actual
(data preparation, run when the fleet or fuel data change; not part of `energy`).

The model's 2023 year is solved alone for trial adders (bisection on a fixed bracket, a fixed
number of steps: the same inputs give the same value) and the adder whose 2023 generation of
the technology came closest to the actual in sheet actuals_2023 is kept, written to
technologies.csv with status "calibrated". Used for coal: with AEO2025's regional coal prices
and the fleet's own heat rates and O&M, coal still costs less to run than it did, and without
the adder the 2023 model year generates about 1,040 TWh of coal against the electric power
sector's 670.8 TWh in fact; the adder stands for the unit-level costs the data lack
(plant-specific delivered coal prices above regional averages, scrubber reagents and other
consumables, cycling). Later years keep the adder. Usage:
    python scripts/calibrate_running_cost.py CSV_FOLDER TECH METRIC LOW HIGH [STEPS]
e.g. python scripts/calibrate_running_cost.py my_inputs coal generation_coal 0 12
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

SCENARIO = """description = "base year only, for calibration"
workbook = "{folder}"
case = "reference"
first_year = 2014
last_year = 2035
[grid]
years = [2023]
measure_held_back = false
national_ceiling = false
"""


def base_year_generation_twh(folder: Path, tech: str) -> float:
    """2023 generation of the technology (all vintages reported as it), TWh."""
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "calibration.toml"
        scenario.write_text(SCENARIO.format(folder=folder.resolve()))
        subprocess.run(
            ["energy", "run", str(scenario), "--out-dir", tmp, "--no-report"],
            check=True,
            capture_output=True,
        )
        generation = pd.read_csv(Path(tmp) / "calibration" / "generation.csv")
    here = generation[(generation["year"] == 2023) & (generation["reported_as"] == tech)]
    return float(here["generation_twh"].sum())


def set_adder(folder: Path, tech: str, value: float, note: str | None = None) -> None:
    techs = pd.read_csv(folder / "technologies.csv")
    techs.loc[techs["tech_id"] == tech, "running_cost_adder_usd_per_mwh"] = round(value, 2)
    if note:  # the row's status says it holds a calibrated value; the note names the rest
        techs.loc[techs["tech_id"] == tech, "note"] = note
        techs.loc[techs["tech_id"] == tech, "status"] = "calibrated"
    techs.to_csv(folder / "technologies.csv", index=False)


def main(folder: Path, tech: str, metric: str, low: float, high: float, steps: int = 8) -> None:
    actuals = pd.read_csv(folder / "actuals_2023.csv")
    target = float(actuals.loc[actuals["metric"] == metric, "value"].iloc[0])
    tried = []
    for _ in range(steps):
        middle = round((low + high) / 2, 2)  # the value written, so the one measured
        set_adder(folder, tech, middle)
        twh = base_year_generation_twh(folder, tech)
        tried.append((abs(twh - target), middle))
        print(f"adder {middle:6.2f} USD/MWh -> {twh:7.1f} TWh (target {target})")
        low, high = (middle, high) if twh > target else (low, middle)
    # generation is a step function of the adder (blocks of plants change places in the merit
    # order): keep the adder tried whose generation came closest (ties: the smaller adder)
    value = min(tried)[1]
    techs = pd.read_csv(folder / "technologies.csv").set_index("tech_id")
    note = str(techs.loc[tech, "note"]).split("; running-cost adder")[0]
    set_adder(
        folder,
        tech,
        value,
        f"{note}; running-cost adder {value} USD/MWh calibrated so the 2023 model year generates "
        f"{target:g} TWh ({metric}, actuals_2023) (scripts/calibrate_running_cost.py)",
    )
    print(f"{tech}: {value} USD/MWh")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        Path(args[0]), args[1], args[2], float(args[3]), float(args[4]), *(int(a) for a in args[5:])
    )
