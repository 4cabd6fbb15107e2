"""Workbook tables of the existing fleet from unit-level data (data preparation, run once).

Reads the generator list written by scripts/fleet_units.py (EIA-860 end-2022 generators with their
model region and CEMS 2023 heat input and gross load) and EIA-860 2023 coal retirements, and
rewrites, in a CSV folder exported from the workbook (`energy inputs export`):
- fleet.csv: existing capacity by region and fleet technology, with each region's heat rate:
  combined cycles split into two heat-rate tranches (plants at or below 7.0 MMBtu/MWh gross in
  2023, and the rest); gas turbines as their own existing technology; coal as is
  (no new coal is buildable), existing nuclear as `nuclear` (the same heat rate);
- fleet_changes.csv: coal retirements by unit (EIA-860 2023) replace the former assumption
  (52 GW spread evenly over 2025-2029).

Heat rates: a region's 2023 CEMS heat input / gross load over its plants of the technology,
scaled so the national generation-weighted value equals EIA's net heat rate of the fuel
(Electric Power Annual Table 8.1, 2022: coal 10.689, natural gas 7.740 MMBtu/MWh), since CEMS
measures gross output. Usage:
    python scripts/fleet_tables.py UNITS.csv RETIREMENTS.csv CSV_FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

EFFICIENT_CC_GROSS_HEAT_RATE = 7.0  # MMBtu/MWh: H/F-class plants below, older ones above
EIA_NET_HEAT_RATE = {"coal": 10.689, "natural_gas": 7.740}  # EPA Table 8.1, 2022
FUEL = {"coal": "coal", "gas_cc": "natural_gas", "gas_ct": "natural_gas"}
# existing nuclear stays `nuclear`: its heat rate (EIA 10.448) and running cost match the new
# build's (ATB 10.497), and a separate technology would add a fifth of the model's size
FLEET_TECH = {"gas_ct": "gas_ct_existing"}
SOURCE = "eia860_2022_cems2023"
RETIREMENT_SOURCE = "eia860_2023_coal_retirements"


def fleet_class(units: pd.DataFrame) -> pd.Series:
    """Model technology of each existing generator, with combined cycles in two tranches."""
    plant = (
        units[units["technology"] == "gas_cc"]
        .groupby("plant_id_eia")[["heat_mmbtu", "gross_mwh"]]
        .sum()
    )
    efficient = set(
        plant.index[
            (plant["gross_mwh"] > 0)
            & (plant["heat_mmbtu"] / plant["gross_mwh"] <= EFFICIENT_CC_GROSS_HEAT_RATE)
        ]
    )
    tech = units["technology"].map(lambda t: FLEET_TECH.get(t, t))
    cc = units["technology"] == "gas_cc"
    tech[cc] = [
        "gas_cc_existing_efficient" if p in efficient else "gas_cc_existing"
        for p in units.loc[cc, "plant_id_eia"]
    ]
    return tech


def heat_rates(units: pd.DataFrame) -> pd.Series:
    """(region, fleet technology) -> net heat rate, MMBtu/MWh."""
    burning = units[units["technology"].isin(FUEL) & (units["gross_mwh"] > 0)]
    scale = {}
    for fuel, net in EIA_NET_HEAT_RATE.items():
        these = burning[burning["technology"].map(FUEL) == fuel]
        scale[fuel] = net / (these["heat_mmbtu"].sum() / these["gross_mwh"].sum())
        print(
            f"{fuel}: CEMS gross {these['heat_mmbtu'].sum() / these['gross_mwh'].sum():.3f} -> net scale {scale[fuel]:.4f}"
        )
    cells = burning.groupby(["region", "fleet_tech"])[["heat_mmbtu", "gross_mwh"]].sum()
    national = burning.groupby("fleet_tech")[["heat_mmbtu", "gross_mwh"]].sum()
    fuel_of = burning.drop_duplicates("fleet_tech").set_index("fleet_tech")["technology"].map(FUEL)
    rate = {}
    for (region, tech), row in cells.iterrows():
        rate[region, tech] = row["heat_mmbtu"] / row["gross_mwh"] * scale[fuel_of[tech]]
    for tech, row in national.iterrows():
        rate["US", tech] = row["heat_mmbtu"] / row["gross_mwh"] * scale[fuel_of[tech]]
    return pd.Series(rate)


def fleet_table(units: pd.DataFrame, rate: pd.Series) -> pd.DataFrame:
    capacity = units.groupby(["region", "fleet_tech"])["summer_capacity_mw"].sum()
    rows = []
    for (region, tech), mw in capacity.items():
        heat = None
        note = "end-2022 units (EIA-860 2022), net summer MW"
        if tech in ("coal", "gas_cc_existing", "gas_cc_existing_efficient", "gas_ct_existing"):
            heat = rate.get((region, tech), rate["US", tech])
            where = (
                "this region's"
                if (region, tech) in rate
                else "the national (no 2023 CEMS data here)"
            )
            note += f"; heat rate: {where} 2023 CEMS heat input / gross load, scaled to EIA's 2022 net heat rate of the fuel"
        rows.append(
            {
                "region_id": region,
                "tech_id": tech,
                "capacity_mw": round(mw, 1),
                "heat_rate_mmbtu_per_mwh": None if heat is None else round(heat, 3),
                "status": "derived",
                "source_id": SOURCE,
                "note": note,
            }
        )
    return pd.DataFrame(rows)


def retirements(units: pd.DataFrame, retire: pd.DataFrame) -> pd.DataFrame:
    """Coal retirements by region and the first model year each unit is gone (retired in the
    first half of a year: gone that year; later: gone the next year)."""
    retire = retire.assign(generator_id=retire["generator_id"].astype(str))
    where = units.drop_duplicates(["plant_id_eia", "generator_id"]).set_index(
        ["plant_id_eia", "generator_id"]
    )["region"]
    by_plant = units.groupby("plant_id_eia")["region"].agg(lambda s: s.mode().iloc[0])
    region = [
        where.get((p, g), by_plant.get(p))
        for p, g in zip(retire["plant_id_eia"], retire["generator_id"], strict=True)
    ]
    retire = retire.assign(region=region)
    missing = retire[retire["region"].isna()]
    if len(missing):
        print(
            f"retiring units without a region (not in the end-2022 list): {len(missing)}, {missing['capacity_mw'].sum():.0f} MW"
        )
    retire = retire.dropna(subset=["region"])
    retire["gone_from"] = retire["year"] + (retire["retirement_month"] > 6).astype(int)
    retire = retire[retire["gone_from"] <= 2035]
    table = retire.groupby(["region", "gone_from"])["capacity_mw"].sum().reset_index()
    return pd.DataFrame(
        {
            "region_id": table["region"],
            "tech_id": "coal",
            "year": table["gone_from"],
            "change_mw": -table["capacity_mw"].round(1),
            "status": "derived",
            "source_id": RETIREMENT_SOURCE,
            "note": "coal units retired in 2023 or planned to retire (EIA-860 2023), net summer MW; gone from this year (retired after June: from the next)",
        }
    )


CPI_TO_2023 = {2017: 304.702 / 245.120}  # BLS CPI-U annual averages
# Existing-plant fixed and variable O&M: EIA / Sargent & Lundy (2019), 2017 USD, mid-size rows,
# fixed = non-fuel O&M + ongoing capital expenditure (coal at age 45 with a scrubber), as coded
# in PowerGenome (powergenome/nrelatb.py, calc_om).
EXISTING_OM = {  # tech: (fixed USD/kW-yr, variable USD/MWh, dollar year, source_id, note)
    "coal": (
        34.02 + 16.53 + 0.126 * 45 + 5.68,
        1.78,
        2017,
        "eia_sl_2019_existing_om",
        "500-1,000 MW plant: O&M 34.02 + capital 16.53 + 0.126 x age 45 + scrubber 5.68 USD/kW-yr; VOM 1.78",
    ),
    "gas_cc_existing": (9.27, 3.42, 2017, "eia_sl_2019_existing_om", "500-1,000 MW plant"),
    "gas_cc_existing_efficient": (
        9.27,
        3.42,
        2017,
        "eia_sl_2019_existing_om",
        "500-1,000 MW plant",
    ),
    "gas_ct_existing": (
        6.43 + 6.18,
        None,
        2017,
        "eia_sl_2019_existing_om",
        "100-300 MW plant: O&M 6.43 + capital 6.18 USD/kW-yr; no existing-unit VOM in the source: the new-build value (ATB) is used",
    ),
    "other_fossil": (
        17.98 + 11.57,
        1.0,
        2017,
        "eia_sl_2019_existing_om",
        "gas/oil steam turbine, 500-1,000 MW plant: O&M 17.98 + capital 11.57 USD/kW-yr; VOM 1.0",
    ),
}
# Net heat rates of fleets without a regional value: EIA Electric Power Annual Table 8.1 (2022)
FLEET_HEAT_RATE = {"other_fossil": (11.166, "petroleum")}
# Availability (share of capacity available in an hour): NERC GADS equivalent availability factor,
# 2019-2023 pool, all units reporting (forced, maintenance and planned outages)
AVAILABILITY = {
    "coal": (0.7769, "coal primary"),
    "gas_cc": (0.8338, "combined cycle block"),
    "gas_cc_existing": (0.8338, "combined cycle block"),
    "gas_cc_existing_efficient": (0.8338, "combined cycle block"),
    "gas_ct": (0.8510, "gas turbine, simple cycle"),
    "gas_ct_existing": (0.8510, "gas turbine, simple cycle"),
    "other_fossil": (0.7557, "oil/gas primary steam"),
}
EXISTING_OF = {
    "gas_cc_existing": "gas_cc",
    "gas_cc_existing_efficient": "gas_cc",
    "gas_ct_existing": "gas_ct",
}


def technologies(folder: Path, rate: pd.Series) -> None:
    """Existing-fleet technologies beside the new-build ones, their costs and availability."""
    techs = pd.read_csv(folder / "technologies.csv").set_index("tech_id")
    techs = techs.drop(index=[t for t in EXISTING_OF if t in techs.index])
    techs["reported_as"] = None
    for tech, kind in EXISTING_OF.items():
        row = techs.loc[kind].copy()
        row["buildable"], row["lead_time_years"], row["reported_as"] = "no", 0.0, kind
        row["status"], row["source_id"] = "derived", "eia860_2022_cems2023"
        row["note"] = (
            f"existing {kind} fleet (end-2022 units): accreditation as {kind}; costs of existing plants"
        )
        techs.loc[tech] = row
    for tech, (share, gads_class) in AVAILABILITY.items():
        techs.loc[tech, "availability"] = share
        techs.loc[tech, "note"] = (
            str(techs.loc[tech, "note"]).split("; availability")[0]
            + f"; availability {share} = NERC GADS equivalent availability factor 2019-2023 ({gads_class}; nerc_gads_2019_2023)"
        )
    techs.reset_index().to_csv(folder / "technologies.csv", index=False)

    costs = pd.read_csv(folder / "technology_costs.csv")
    costs = costs[~costs["tech_id"].isin([*EXISTING_OF, "coal", "other_fossil"])]
    ct_vom = (
        pd.read_csv(folder / "technology_costs.csv")
        .query("tech_id == 'gas_ct'")
        .set_index("year")["variable_om_usd_per_mwh"]
    )
    rows = []
    for tech, (fixed, variable, dollar_year, source, note) in EXISTING_OM.items():
        scale = CPI_TO_2023[dollar_year]
        if tech in FLEET_HEAT_RATE:
            heat, fuel_name = FLEET_HEAT_RATE[tech]
            heat_note = f"heat rate: EIA 2022 fleet average, {fuel_name} (eia_epa_8_1_2022)"
        else:
            heat, heat_note = (
                rate["US", tech],
                "heat rate: national fleet value (regional values in the fleet sheet)",
            )
        for year in sorted(costs["year"].unique()):
            vom = ct_vom[year] if variable is None else variable * scale
            rows.append(
                {
                    "tech_id": tech,
                    "year": year,
                    "capex_usd_per_kw": 0.0,
                    "fixed_om_usd_per_kw_yr": round(fixed * scale, 2),
                    "variable_om_usd_per_mwh": round(vom, 3),
                    "heat_rate_mmbtu_per_mwh": round(heat, 3),
                    "status": "derived",
                    "source_id": source,
                    "note": f"existing plants, {dollar_year}$ x {scale:.4f} (bls_cpi): {note}; {heat_note}; not buildable (no capex)",
                }
            )
    pd.concat([costs, pd.DataFrame(rows)], ignore_index=True).sort_values(
        ["tech_id", "year"]
    ).to_csv(folder / "technology_costs.csv", index=False)


def main(units_csv: Path, retire_csv: Path, folder: Path) -> None:
    units = pd.read_csv(units_csv, low_memory=False)
    units["generator_id"] = units["generator_id"].astype(str)
    units["fleet_tech"] = fleet_class(units)
    rate = heat_rates(units)
    fleet = fleet_table(units, rate)
    fleet.to_csv(folder / "fleet.csv", index=False)
    print(fleet.groupby("tech_id")["capacity_mw"].sum().round(0))
    changes = pd.read_csv(folder / "fleet_changes.csv")
    kept = changes[~((changes["tech_id"] == "coal") & (changes["change_mw"] < 0))]
    coal = retirements(units, pd.read_csv(retire_csv))
    print(coal.groupby("year")["change_mw"].sum().round(0))
    pd.concat([kept, coal], ignore_index=True).sort_values(["region_id", "tech_id", "year"]).to_csv(
        folder / "fleet_changes.csv", index=False
    )
    technologies(folder, rate)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
