"""Sheet must_run from unit-level data: each region's 2023 capacity factor of its existing gas
turbines and gas steam units (data preparation, run once; not part of `energy`).

Reads the generator list written by scripts/fleet_units.py (EIA-860 end-2022 generators with
their model region and CEMS 2023 gross load) and writes must_run.csv into a CSV folder exported
from the workbook (`energy inputs export`): per region, the net generation of the units the
fleet sheet holds as gas_ct_existing (CEMS 2023 gross load / 1.0708, the gross-to-net ratio of
the fleet heat rates) over their net summer capacity x 8,760 h. Units without a CEMS record
(most under 25 MW) count as not running, so the value is a floor on what the fleet ran.

Why a floor: in 2023 these plants made about 200 TWh (EIA: combustion turbines at 12.9%, gas
steam units at 17.4%) although a combined cycle could have made the same MWh for less fuel in
almost every hour; they ran for what a zonal least-cost dispatch does not see (load pockets
held up by must-run commitments, ramps and starts a combined cycle cannot follow, gas steam
units committed for voltage support). The model's dispatch alone runs them at about 1%.
Usage:
    python scripts/must_run.py UNITS.csv CSV_FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

GROSS_TO_NET = 1.0708  # the fleet heat rates' ratio (scripts/fleet_tables.py)
HOURS = 8760.0
SOURCE = "eia860_2022_cems2023"


def must_run(units: pd.DataFrame) -> pd.DataFrame:
    """Region -> gas_ct_existing's 2023 capacity factor (a row per region that has the fleet)."""
    peakers = units[units["technology"] == "gas_ct"]
    cells = peakers.groupby("region").agg(
        capacity_mw=("summer_capacity_mw", "sum"), gross_mwh=("gross_mwh", "sum")
    )
    cells = cells[cells["capacity_mw"] > 0]
    factor = cells["gross_mwh"] / GROSS_TO_NET / (cells["capacity_mw"] * HOURS)
    return pd.DataFrame(
        {
            "region_id": cells.index,
            "tech_id": "gas_ct_existing",
            "min_capacity_factor": factor.round(4).to_numpy(),
            "status": "derived",
            "source_id": SOURCE,
            "note": [
                f"2023 CEMS gross load of the region's gas turbines and gas steam units "
                f"{g / 1e6:.2f} TWh / {GROSS_TO_NET} (gross to net) / ({c:,.0f} MW x 8,760 h); "
                "units without CEMS records count as not running"
                for g, c in zip(cells["gross_mwh"], cells["capacity_mw"], strict=True)
            ],
        }
    )


def main(units_csv: Path, folder: Path) -> None:
    units = pd.read_csv(units_csv, low_memory=False)
    table = must_run(units)
    table.to_csv(folder / "must_run.csv", index=False)
    print(table[["region_id", "min_capacity_factor"]].to_string(index=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
