"""Tranches of new wind and utility PV per region from the ReEDS 2025 supply curves (data
preparation, run once; not part of `energy`).

Input: scripts/data/reeds_2025_supply_curve_by_region_class.csv, the reV sites of ReEDS's
2025 reference-access supply curves (inputs/supply_curve/supplycurve_wind-ons-reference.csv and
supplycurve_upv-reference.csv, read from the fork jdseng/ReEDS @ 35ba118b; the same blobs as
RMI/ReEDS-CEPM) summed by model region (ReEDS BA -> region: ../shared/data/ba_to_region.csv)
and resource class; PV in MW AC (MW DC / 1.34, ReEDS's inverter loading ratio).

Method: in each region the classes are ranked by capacity factor, best first; the region's
wind or solar fleet (the workbook's fleet sheet, end-2022, plus the additions in fleet_changes)
is taken off the best sites first (its plants stand on them); what is left is cut at fixed
capacity points into tranches (a class that straddles a cut is split): wind into the best 10 GW,
the next 40 GW and the next 150 GW; PV into one tranche of the best 200 GW (PV's five national
classes differ little within a region, so more tranches would only repeat one capacity factor).
Each tranche's capacity factor is the capacity-weighted mean of what it holds. A region with
less potential has smaller (or no) later tranches.

Usage:
    python scripts/resource_tranches.py FLEET_FOLDER OUT.csv
FLEET_FOLDER is a CSV export of the workbook (`energy inputs export`): fleet.csv and
fleet_changes.csv are read; OUT.csv gets the rows of the workbook's resource_supply sheet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

SOURCE = Path(__file__).parent / "data" / "reeds_2025_supply_curve_by_region_class.csv"
CUTS_MW = {"wind": (10_000.0, 40_000.0, 150_000.0), "solar": (200_000.0,)}  # best first
TECHS = {"wind": "wind_new", "solar": "solar_new"}  # kind -> tech_id stem of the tranches
SIZE_WORDS = {
    10_000.0: "best 10 GW",
    40_000.0: "next 40 GW",
    150_000.0: "next 150 GW",
    200_000.0: "best 200 GW",
}
SOURCE_ID = {"wind": "reeds_2025_supply_wind", "solar": "reeds_2025_supply_upv"}


def tranches(
    classes: pd.DataFrame, cuts: tuple[float, ...], occupied_mw: float = 0.0
) -> list[tuple[float, float]]:
    """(capacity MW, capacity factor) of each tranche of one region's classes of one kind, once
    `occupied_mw` of the best sites are taken by the fleet."""
    ranked = classes.sort_values("capacity_factor", ascending=False)
    queue = [
        [float(c), float(f)]
        for c, f in zip(ranked["capacity_mw"], ranked["capacity_factor"], strict=True)
    ]
    while queue and occupied_mw > 1e-9:
        take = min(queue[0][0], occupied_mw)
        queue[0][0] -= take
        occupied_mw -= take
        if queue[0][0] <= 1e-9:
            queue.pop(0)
    out = []
    for size in cuts:
        taken, energy = 0.0, 0.0
        while queue and taken < size - 1e-9:
            take = min(queue[0][0], size - taken)
            taken += take
            energy += take * queue[0][1]
            queue[0][0] -= take
            if queue[0][0] <= 1e-9:
                queue.pop(0)
        if taken > 0:
            out.append((taken, energy / taken))
    return out


def fleet_mw(folder: Path) -> pd.Series:
    """(region, kind) -> MW of the wind and solar fleet: end-2022 plus announced additions."""
    fleet = pd.read_csv(folder / "fleet.csv")
    changes = pd.read_csv(folder / "fleet_changes.csv")
    added = changes[changes["change_mw"] > 0]
    both = pd.concat(
        [
            fleet.rename(columns={"capacity_mw": "mw"})[["region_id", "tech_id", "mw"]],
            added.rename(columns={"change_mw": "mw"})[["region_id", "tech_id", "mw"]],
        ]
    )
    both = both[both["tech_id"].isin(list(TECHS))]
    return both.groupby(["region_id", "tech_id"])["mw"].sum()


def main(folder: str, out: str) -> None:
    curve = pd.read_csv(SOURCE)
    occupied = fleet_mw(Path(folder))
    rows = []
    for (region, kind), classes in curve.groupby(["region", "tech"], sort=True):
        cuts = CUTS_MW[kind]
        taken = float(occupied.get((region, kind), 0.0))
        for n, (mw, cf) in enumerate(tranches(classes, cuts, taken), start=1):
            rows.append(
                {
                    "region_id": region,
                    "tech_id": f"{TECHS[kind]}_{n}" if len(cuts) > 1 else TECHS[kind],
                    "capacity_mw": round(mw, 1),
                    "capacity_factor": round(cf, 4),
                    "status": "derived",
                    "source_id": SOURCE_ID[kind],
                    "note": (
                        f"tranche {n} of {len(cuts)} of new {'land-based wind' if kind == 'wind' else 'utility PV (MW AC)'}: "
                        f"{SIZE_WORDS[cuts[n - 1]]} "
                        f"of the region's reV sites ranked by capacity factor, after the "
                        f"{taken:,.0f} MW fleet took the best (scripts/resource_tranches.py)"
                    ),
                }
            )
    pd.DataFrame(rows).to_csv(out, index=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
