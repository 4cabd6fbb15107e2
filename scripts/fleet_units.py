"""Unit-level fleet: EIA-860 generators with their model region and technology, and CEMS 2023
heat input, gross load and CO2 per generator (data preparation, run once; not part of `energy`).

Reproduces the region and technology assignment documented in ../shared/data/SOURCES.md
(`fleet_2023.csv`) generator by generator, so fleet performance (heat rates, 2023 generation,
CO2) can be aggregated to the same (region, technology) cells the workbook's fleet sheet holds.

Sources (see SOURCES.md and the workbook's `sources` sheet):
- EIA-860 2022 generators: PyPSA/pypsa-usa workflow/repo_data/eia_plants.csv
  @ dd447be081efe828e9e45b3f6acd79b6535f49a3
- ReEDS zone shapes: PyPSA/pypsa-usa workflow/repo_data/geospatial/Reeds_Shapes/rb_and_ba_areas.*
  @ 338af991
- EPA CAMD (CEMS) 2023 annual unit emissions: PyPSA/pypsa-usa
  workflow/repo_data/plants/cems_heat_rates.xlsx @ 338af991 (file added e624d69e, 2024-06-06)
- EPA-EIA power sector data crosswalk: PyPSA/pypsa-usa workflow/repo_data/plants/epa_eia_crosswalk.csv
  @ 338af991

Needs shapely and pyshp (data preparation only). Usage:
    python scripts/fleet_units.py SOURCE_DIR SHARED_DATA_DIR OUT.csv
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import shapefile
from shapely.geometry import Point, shape

LOWER48_EXCLUDED = {"AK", "HI"}
RTO_REGIONS = {
    "PJM": {"PJM_DOM", "PJM_EAST", "PJM_WEST"},
    "MISO": {"MISO_N", "MISO_C", "MISO_S"},
    "SWPP": {"SPP_N", "SPP_S"},
}
STATE_RULE = {
    "PJM": lambda s: (
        "PJM_DOM" if s in {"VA", "NC"} else "PJM_EAST" if s in {"NJ", "DE", "DC"} else "PJM_WEST"
    ),
    "MISO": lambda s: (
        "MISO_N"
        if s in {"MN", "ND", "WI", "IA", "SD", "MT"}
        else "MISO_S"
        if s in {"AR", "LA", "MS", "TX"}
        else "MISO_C"
    ),
    "SWPP": lambda s: "SPP_N" if s in {"NE", "ND", "SD", "MT", "IA", "MN", "WY"} else "SPP_S",
}


def technology(row) -> str:
    """Model technology of an EIA generator, as SOURCES.md's technology map."""
    t, pm, fuel = row.tech_type, row.prime_mover, row.fuel_type
    if t == "Nuclear":
        return "nuclear"
    if t == "Coal":
        return "coal"
    if t == "Gas_CC":
        return "gas_cc"
    if t == "Gas_SC":
        return "other" if pm == "FC" else "gas_ct"
    if t == "Oil" or (t == "Other" and fuel == "Gas"):
        return "other_fossil"
    if t == "Hydro":
        return "storage" if pm == "PS" else "hydro"
    if t in {"Battery", "Storage"}:
        return "storage"
    if t in {"Wind", "Solar"}:
        return t.lower()
    return "other"


def zones(shapes_stem: Path) -> list[tuple[str, object]]:
    reader = shapefile.Reader(str(shapes_stem))
    return [
        (rec[0], shape(s.__geo_interface__))
        for rec, s in zip(reader.records(), reader.shapes(), strict=True)
    ]


def web_mercator(lat: float, lon: float) -> Point:
    """The shapes are in Web Mercator (EPSG:3857) metres."""
    radius = 6378137.0
    return Point(
        radius * math.radians(lon), radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    )


def zone_of(lat: float, lon: float, polygons) -> str:
    point = web_mercator(lat, lon)
    for name, poly in polygons:
        if poly.contains(point):
            return name
    return min(polygons, key=lambda p: p[1].distance(point))[0]


def generators(source: Path, shared: Path) -> pd.DataFrame:
    """End-2022 operating and standby generators, lower 48, with zone, region and technology."""
    units = pd.read_csv(source / "eia_plants.csv")
    units = units[
        units["Status"].isin(["OP", "SB"]) & ~units["State"].isin(LOWER48_EXCLUDED)
    ].copy()
    units["technology"] = units.apply(technology, axis=1)
    polygons = zones(source / "rb")
    located = units[["Latitude", "Longitude"]].drop_duplicates()
    lookup = {(a, b): zone_of(a, b, polygons) for a, b in located.itertuples(index=False)}
    units["zone"] = [
        lookup[a, b] for a, b in zip(units["Latitude"], units["Longitude"], strict=True)
    ]
    zone_region = pd.read_csv(shared / "ba_to_region.csv").set_index("ba")["region"]
    by_ba = pd.read_csv(shared / "fleet_units_by_zone.csv")
    single = by_ba.groupby("balancing_authority")["region"].agg(
        lambda s: s.iloc[0] if s.nunique() == 1 else None
    )
    regions = []
    for ba, zone, state in zip(
        units["Balancing Authority Code"], units["zone"], units["State"], strict=True
    ):
        if ba in RTO_REGIONS:
            here = zone_region[zone]
            regions.append(here if here in RTO_REGIONS[ba] else STATE_RULE[ba](state))
        elif isinstance(ba, str) and pd.notna(single.get(ba)):
            regions.append(single[ba])
        else:
            regions.append(zone_region[zone])
    units["region"] = regions
    return units


def cems(source: Path) -> pd.DataFrame:
    """CEMS 2023 heat input, gross load and CO2 per EIA (plant, generator)."""
    emissions = pd.read_excel(source / "cems_heat_rates.xlsx")
    emissions = emissions.rename(
        columns={
            "Facility ID": "camd_plant",
            "Unit ID": "camd_unit",
            "Heat Input (mmBtu)": "heat_mmbtu",
            "Gross Load (MWh)": "gross_mwh",
            "CO2 Mass (short tons)": "co2_short_tons",
        }
    )
    emissions["camd_unit"] = emissions["camd_unit"].astype(str)
    cross = pd.read_csv(source / "crosswalk.csv", low_memory=False)
    cross = cross.dropna(subset=["EIA_PLANT_ID", "EIA_GENERATOR_ID"])
    cross = cross.assign(
        camd_plant=cross["CAMD_PLANT_ID"],
        camd_unit=cross["CAMD_UNIT_ID"].astype(str),
        plant_id_eia=cross["EIA_PLANT_ID"].astype(int),
        generator_id=cross["EIA_GENERATOR_ID"].astype(str),
    )[["camd_plant", "camd_unit", "plant_id_eia", "generator_id"]].drop_duplicates()
    # a CEMS unit may feed several generators (a CT and its steam turbine): split by capacity later
    joined = emissions.merge(cross, on=["camd_plant", "camd_unit"], how="inner")
    return joined[
        [
            "camd_plant",
            "camd_unit",
            "plant_id_eia",
            "generator_id",
            "heat_mmbtu",
            "gross_mwh",
            "co2_short_tons",
        ]
    ]


def with_cems(units: pd.DataFrame, source: Path) -> pd.DataFrame:
    """Each generator's share of its CEMS units' 2023 heat input, gross load and CO2 (a CEMS unit
    feeding several generators, e.g. a CT and its steam turbine, is split by capacity)."""
    emissions = cems(source)
    units = units.assign(generator_id=units["generator_id"].astype(str))
    joined = emissions.merge(
        units[["plant_id_eia", "generator_id", "summer_capacity_mw"]],
        on=["plant_id_eia", "generator_id"],
        how="inner",
    )
    share = joined["summer_capacity_mw"] / joined.groupby(["camd_plant", "camd_unit"])[
        "summer_capacity_mw"
    ].transform("sum")
    measures = ["heat_mmbtu", "gross_mwh", "co2_short_tons"]
    joined[measures] = joined[measures].mul(share, axis=0)
    per_generator = joined.groupby(["plant_id_eia", "generator_id"])[measures].sum()
    return units.merge(
        per_generator, left_on=["plant_id_eia", "generator_id"], right_index=True, how="left"
    )


def main(source: Path, shared: Path, out: Path) -> None:
    units = with_cems(generators(source, shared), source)
    check = units.groupby(["region", "technology"])["summer_capacity_mw"].sum()
    published = pd.read_csv(shared / "fleet_2023.csv").set_index(["region", "technology"])[
        "capacity_mw"
    ]
    diff = (check - published).abs()
    print(
        f"fleet cells differing from fleet_2023.csv by > 1 MW: {(diff > 1).sum()} of {len(published)}"
    )
    print(diff[diff > 1].sort_values().tail(15))
    units.to_csv(out, index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
