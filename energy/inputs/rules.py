"""Every cross-row and cross-sheet rule on typed tables: coverage of cases, years, regions and
technologies, shares adding to one, settings present. `energy inputs validate` and every run
apply the same rules, so a workbook that validates is one the model accepts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from energy.inputs.schema import (
    ALL_CASES,
    FIRST_YEAR,
    GRID_TABLE_NAMES,
    IT_GROUPS,
    LAST_YEAR,
    TABLES,
)
from energy.inputs.series import case_series, rows_for_case
from energy.inputs.validate import Problems, excel_row

YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)


def _cases(tables: dict[str, pd.DataFrame]) -> list[str]:
    return list(tables["cases"]["case_id"])


def _years_text(years) -> str:
    years = sorted(int(y) for y in years)
    runs, start = [], years[0]
    for a, b in zip(years, [*years[1:], None], strict=False):
        if b != a + 1:
            runs.append(f"{start}" if start == a else f"{start}-{a}")
            start = b
    return ", ".join(runs)


def check_shipments_cover_years(tables, problems: Problems) -> None:
    """Each case has a shipments value for every class and every year."""
    ships = tables["shipments"]
    for case in _cases(tables):
        rows = rows_for_case(ships, case, ["class_id", "year"])
        for class_id in tables["server_classes"]["class_id"]:
            have = set(rows.loc[rows["class_id"] == class_id, "year"])
            missing = [y for y in YEARS if y not in have]
            if missing:
                problems.add(
                    "shipments",
                    f"case '{case}', class '{class_id}' has no shipments for {_years_text(missing)}; "
                    f"every year {FIRST_YEAR}-{LAST_YEAR} needs a row (case '{case}' or 'all')",
                    kind=f"coverage-{case}-{class_id}",
                )


def _check_has_rows(
    tables, problems, sheet: str, item_sheet: str, item_col: str, column: str
) -> None:
    table = tables[sheet]
    for case in _cases(tables):
        present = set(table.loc[table["case"].isin([case, ALL_CASES]), column])
        for item in tables[item_sheet][item_col]:
            if item not in present:
                problems.add(
                    sheet,
                    f"case '{case}' has no row for {column} '{item}' (add a row for case '{case}' or 'all')",
                    kind="coverage",
                )


def check_series_present(tables, problems: Problems) -> None:
    """Interpolated series need at least one row per case and item."""
    _check_has_rows(tables, problems, "utilization", "server_classes", "class_id", "class_id")
    _check_has_rows(
        tables, problems, "equipment_stock", "equipment", "equipment_id", "equipment_id"
    )
    _check_has_rows(tables, problems, "pue", "space_types", "space_type_id", "space_type_id")
    usage = tables["us_electricity"]
    for case in _cases(tables):
        if not usage["case"].isin([case, ALL_CASES]).any():
            problems.add(
                "us_electricity", f"case '{case}' has no US electricity row", kind="coverage"
            )


def check_shares_add_up(tables, problems: Problems) -> None:
    """Space-type shares of each IT group add up to one in every year."""
    shares = tables["space_type_shares"]
    for case in _cases(tables):
        for group in IT_GROUPS:
            rows = shares[(shares["it_group"] == group) & shares["case"].isin([case, ALL_CASES])]
            if rows.empty:
                problems.add(
                    "space_type_shares",
                    f"case '{case}' has no shares for it_group '{group}'",
                    kind="coverage",
                )
                continue
            total = case_series(rows, case, ["space_type_id"], "share", YEARS).sum(axis=1)
            off = total[(total - 1).abs() > 1e-3]
            if len(off):
                problems.add(
                    "space_type_shares",
                    f"case '{case}', it_group '{group}': shares add up to {off.iloc[0]:.4f} in {off.index[0]} "
                    f"(and {len(off) - 1} other year(s)); they must add up to 1",
                    kind="sum",
                )


def check_calibration_windows(tables, problems: Problems) -> None:
    """A calibration window runs forwards."""
    cal = tables["calibration"]
    for idx in cal.index[cal["first_year"] > cal["last_year"]]:
        problems.add(
            "calibration",
            f"first_year {cal.at[idx, 'first_year']} is after last_year {cal.at[idx, 'last_year']}",
            excel_row(idx),
            "first_year",
        )


def check_grid_sheets_complete(tables, problems: Problems) -> bool:
    """A workbook has either no grid sheet (demand only) or all of them; True if it has all."""
    present = [name for name in GRID_TABLE_NAMES if name in tables]
    if present and len(present) < len(GRID_TABLE_NAMES):
        missing = [name for name in GRID_TABLE_NAMES if name not in tables]
        problems.add(
            missing[0],
            f"the grid model needs sheet(s) {', '.join(missing)} besides the grid sheets present "
            "(see `energy inputs template`)",
            kind="grid-sheets",
        )
    return len(present) == len(GRID_TABLE_NAMES)


def check_grid_settings(tables, problems: Problems) -> None:
    """Every setting the grid model reads has a row in grid_settings."""
    needed = TABLES["grid_settings"].column("setting").choices
    have = set(tables["grid_settings"]["setting"])
    for name in needed:
        if name not in have:
            problems.add(
                "grid_settings", f"no row for setting '{name}'", column="setting", kind="setting"
            )


# what each grid setting may be: (lowest, highest, whether the lowest is allowed, in words)
SETTING_RANGES = {
    "discount_rate": (0.0, 0.5, True, "a real discount rate from 0 to 0.5"),
    "dc_utilization": (0.0, 1.0, False, "average load / connection capacity, above 0 and up to 1"),
    "relocation_cost_usd_per_mwh": (0.0, 1e4, True, "USD/MWh from 0 to 10,000"),
    "unserved_dc_penalty_usd_per_mwh": (0.0, 1e6, False, "USD/MWh above 0"),
    "shed_load_penalty_usd_per_mwh": (0.0, 1e6, False, "USD/MWh above 0"),
    "adequacy_shortfall_penalty_usd_per_mw_yr": (0.0, 1e10, False, "USD/MW-yr above 0"),
    "accredited_requirement_factor": (0.0, 2.0, False, "a factor above 0 and up to 2"),
    "decision_year": (2023, 2035, True, "a year from 2023 to 2035"),
    "early_retirement_from_year": (2023, 2035, True, "a year from 2023 to 2035"),
    "base_year": (2023, 2023, True, "2023, the grid model's base year"),
    "retirement_deferral_usd_per_kw_yr": (0.0, 1e4, True, "USD/kW-yr from 0 to 10,000"),
    "retirement_deferral_max_years": (0.0, 50.0, True, "years from 0 to 50"),
    "household_kwh_per_year": (0.0, 1e6, False, "kWh a year above 0"),
    "onsite_capacity_per_mw_load": (
        1.0,
        5.0,
        True,
        "MW of on-site capacity per MW of load, from 1 to 5",
    ),
    "relocation_cost_usd_per_mwh_per_1000_km": (0.0, 1e3, True, "USD/MWh per 1,000 km, 0 to 1,000"),
    "relocation_lead_time_years": (0.0, 10.0, True, "years from 0 to 10"),
    "relocation_site_cost_usd_per_mw": (0.0, 1e8, True, "USD per MW from 0 to 100 million"),
    "relocation_site_life_years": (1.0, 100.0, True, "years from 1 to 100"),
}
HOURS_PER_YEAR = 8760
SAME_AS_HOURLY = 0.01  # region_load's 2023 energy and peak agree with hourly_load within 1%


def check_setting_values(tables, problems: Problems) -> None:
    """Each grid setting within the range the model can use (e.g. utilization above 0)."""
    settings = tables["grid_settings"]
    for idx, row in settings.iterrows():
        low, high, low_ok, words = SETTING_RANGES[row["setting"]]
        value = row["value"]
        if not ((value >= low if low_ok else value > low) and value <= high):
            problems.add(
                "grid_settings",
                f"setting '{row['setting']}' is {value:g}; expected {words}",
                excel_row(idx),
                "value",
                "setting-range",
            )


def check_corridors(tables, problems: Problems) -> None:
    """A corridor joins two different regions."""
    corridors = tables["corridors"]
    for idx in corridors.index[corridors["from_region"] == corridors["to_region"]]:
        problems.add(
            "corridors",
            f"corridor from {corridors.at[idx, 'from_region']} to itself; a corridor joins two "
            "different regions",
            excel_row(idx),
            "to_region",
            "self-corridor",
        )


def check_connection_ranges(tables, problems: Problems) -> None:
    """Each connection rate's low value is at most its high value (the rate itself may lie
    outside them: a what-if such as faster connections sets it on purpose)."""
    _check_ordered(
        problems,
        "interconnection",
        tables["interconnection"],
        "region_id",
        ("connect_mw_per_year_low", "connect_mw_per_year_high"),
        "below its low value",
    )


def _check_ordered(problems, sheet, table, key, columns, kind) -> None:
    """Each row's value in the first of `columns` is at most its value in the second; a row
    that breaks it is named by its `key` column, at the second column."""
    low, high = table[columns[0]], table[columns[1]]
    for idx in table.index[low > high]:
        problems.add(
            sheet,
            f"{table.at[idx, key]}: expected {columns[0]} <= {columns[1]}, "
            f"found {low[idx]:g} > {high[idx]:g}",
            excel_row(idx),
            columns[1],
            kind,
        )


def check_wind_months(tables, problems: Problems) -> None:
    """The monthly wind shape has every month."""
    months = set(tables["wind_monthly"]["month"])
    missing = [m for m in range(1, 13) if m not in months]
    if missing:
        problems.add(
            "wind_monthly",
            f"no row for month(s) {', '.join(map(str, missing))}; every month 1-12 needs one",
            column="month",
            kind="months",
        )


def check_hourly_load(tables, problems: Problems) -> None:
    """A full year of hourly load that agrees with each region's 2023 energy and peak."""
    hourly = tables["hourly_load"]
    hours = set(hourly["hour"])
    missing = [h for h in range(HOURS_PER_YEAR) if h not in hours]
    if missing:
        problems.add(
            "hourly_load",
            f"{len(missing)} hour(s) missing (first: {missing[0]}); every hour 0-8759 of 2023 "
            "needs a row",
            column="hour",
            kind="hours",
        )
        return
    load = tables["region_load"].set_index("region_id")
    for region in [r for r in load.index if r in hourly.columns]:
        series = hourly[region].astype(float)
        for column, value, what in (
            ("annual_load_2023_twh", series.sum() / 1e6, "energy (TWh)"),
            ("peak_load_2023_mw", series.max(), "peak (MW)"),
        ):
            stated = float(load.at[region, column])
            if abs(value / stated - 1) > SAME_AS_HOURLY:
                problems.add(
                    "region_load",
                    f"{region}: {column} is {stated:,.6g} but hourly_load's 2023 {what} is "
                    f"{value:,.6g}; the two must agree within {SAME_AS_HOURLY:.0%} (region_load "
                    "states what EIA-930 recorded, a check on the hourly data the model uses)",
                    column=column,
                    kind="region-load",
                )


def check_regions_covered(tables, problems: Problems) -> None:
    """Per-region sheets have a row for every region of sheet regions."""
    regions = list(tables["regions"]["region_id"])
    for sheet in (
        "region_load",
        "reserve_margins",
        "renewable_resource",
        "interconnection",
        "operating_reserves",
    ):
        if sheet not in tables:  # an optional sheet
            continue
        have = set(tables[sheet]["region_id"])
        missing = [r for r in regions if r not in have]
        if missing:
            problems.add(
                sheet,
                f"no row for region(s) {', '.join(missing)}; every region of sheet 'regions' "
                "needs one",
                column="region_id",
                kind="regions",
            )
    hourly = tables["hourly_load"]
    missing = [r for r in regions if r not in hourly.columns]
    if missing:
        problems.add(
            "hourly_load",
            f"no column for region(s) {', '.join(missing)}; one column per region is needed",
            kind="regions",
        )


def check_dc_shares(tables, problems: Problems) -> None:
    """The regions' shares of 2023 data-center load add up to one."""
    total = float(tables["dc_load_2023"]["share_of_national"].sum())
    if abs(total - 1.0) > 1e-3:
        problems.add(
            "dc_load_2023",
            f"shares add up to {total:.4f}; they must add up to 1",
            column="share_of_national",
            kind="sum",
        )


def check_technologies_costed(tables, problems: Problems) -> None:
    """Every technology has cost rows, and every fuel it burns has a price in every region."""
    techs = tables["technologies"]
    costs = tables["technology_costs"]
    costed = set(costs["tech_id"])
    borrowed = (
        dict(zip(techs["tech_id"], techs["costs_as"], strict=True)) if "costs_as" in techs else {}
    )
    for idx, row in techs.iterrows():
        target = borrowed.get(row["tech_id"])
        if isinstance(target, str) and target not in costed:
            problems.add(
                "technologies",
                f"costs_as '{target}' of {row['tech_id']} has no technology_costs rows; name a "
                "technology that has them",
                excel_row(idx),
                "costs_as",
                "reference",
            )
    uncosted = [
        t for t in techs["tech_id"] if t not in costed and not isinstance(borrowed.get(t), str)
    ]
    if uncosted:
        problems.add(
            "technology_costs",
            f"no rows for technolog(ies) {', '.join(uncosted)}",
            column="tech_id",
            kind="coverage",
        )
    burning = set(costs.loc[costs["heat_rate_mmbtu_per_mwh"] > 0, "tech_id"])
    prices = tables["fuel_prices"]
    priced = set(zip(prices["region_id"], prices["fuel_id"], strict=True))
    for row in techs[techs["tech_id"].isin(burning)].itertuples():
        lacking = [r for r in tables["regions"]["region_id"] if (r, row.fuel_id) not in priced]
        if lacking:
            problems.add(
                "fuel_prices",
                f"no price of '{row.fuel_id}' (burnt by {row.tech_id}) for region(s) "
                f"{', '.join(lacking)}",
                column="fuel_id",
                kind=f"fuel-{row.fuel_id}",
            )


def check_fleet_vintages(tables, problems: Problems) -> None:
    """A vintage is reported as a known technology; fleet heat rates only for fuel burners."""
    techs = tables["technologies"]
    known = set(techs["tech_id"])
    if "reported_as" in techs:
        for idx, row in techs.iterrows():
            target = row["reported_as"]
            chained = techs.loc[techs["tech_id"] == target, "reported_as"]
            if isinstance(target, str) and chained.notna().any() and str(chained.iloc[0]) != target:
                problems.add(
                    "technologies",
                    f"reported_as '{target}' of {row['tech_id']} is itself reported as "
                    f"'{chained.iloc[0]}'; name the technology it is reported under directly",
                    excel_row(idx),
                    "reported_as",
                    "reference",
                )
            if isinstance(target, str) and target not in known:
                problems.add(
                    "technologies",
                    f"reported_as '{target}' of {row['tech_id']} is not a tech_id of this sheet",
                    excel_row(idx),
                    "reported_as",
                    "reference",
                )
    fleet = tables["fleet"]
    if "heat_rate_mmbtu_per_mwh" not in fleet:
        return
    fuel = techs.set_index("tech_id")["fuel_id"].to_dict()
    buildable = set(techs.loc[techs["buildable"] == "yes", "tech_id"])
    for idx, row in fleet.iterrows():
        if pd.isna(row["heat_rate_mmbtu_per_mwh"]):
            continue
        if fuel.get(row["tech_id"]) == "none":
            problems.add(
                "fleet",
                f"a heat rate is given for {row['tech_id']}, which burns no fuel; leave it blank",
                excel_row(idx),
                "heat_rate_mmbtu_per_mwh",
                "no-fuel",
            )
        elif row["tech_id"] in buildable:
            problems.add(
                "fleet",
                f"a heat rate is given for {row['tech_id']}, which is buildable: it would apply to "
                "new builds in the region too; give the existing plants their own technology "
                "(e.g. gas_cc_existing, reported_as gas_cc)",
                excel_row(idx),
                "heat_rate_mmbtu_per_mwh",
                "buildable",
            )


def check_resource_supply(tables, problems: Problems) -> None:
    """Supply-curve rows are for buildable technologies with a solar or wind profile."""
    if "resource_supply" not in tables:
        return
    techs = tables["technologies"].set_index("tech_id")
    for idx, row in tables["resource_supply"].iterrows():
        tech = row["tech_id"]
        if tech not in techs.index:
            continue  # the reference check names it
        if techs.at[tech, "buildable"] != "yes" or techs.at[tech, "profile"] not in (
            "solar",
            "wind",
        ):
            problems.add(
                "resource_supply",
                f"{tech} is not a buildable solar or wind technology; a supply curve limits new "
                "builds whose output follows a solar or wind profile",
                excel_row(idx),
                "tech_id",
                "kind",
            )


def check_tax_credits(tables, problems: Problems) -> None:
    """Each credit's years run forward, and a technology's credit periods do not overlap (a
    plant entering service in a year gets one credit)."""
    credits = tables.get("tax_credits")
    if credits is None or credits.empty:
        return
    columns = ("first_service_year", "last_service_year")
    _check_ordered(problems, "tax_credits", credits, "tech_id", columns, "before its first year")
    first = credits["first_service_year"]
    ordered = credits.sort_values(["tech_id", "first_service_year"], kind="mergesort")
    previous_last = ordered.groupby("tech_id")["last_service_year"].shift()
    for idx in ordered.index[ordered["first_service_year"] <= previous_last]:
        problems.add(
            "tax_credits",
            f"{credits.at[idx, 'tech_id']}: the credit from {first[idx]} overlaps the one before "
            f"(to {int(previous_last[idx])})",
            excel_row(idx),
            "first_service_year",
            "after the previous period's last year",
        )


def check_accreditation_tranches(tables, problems: Problems) -> None:
    """A technology's credit factors do not rise with its share of the peak (else the model
    would fill a later tranche before an earlier one)."""
    if "accreditation_tranches" not in tables:
        return
    table = tables["accreditation_tranches"].sort_values(["tech_id", "share_of_peak_up_to"])
    for tech, rows in table.groupby("tech_id"):
        factors = rows["credit_factor"].to_numpy()
        if (factors[1:] > factors[:-1] + 1e-12).any():
            problems.add(
                "accreditation_tranches",
                f"credit factors of {tech} rise with its share of the peak "
                f"({', '.join(f'{f:g}' for f in factors)}); they must not rise",
                column="credit_factor",
                kind=f"tranches-{tech}",
            )


def check_onsite_technology(tables, problems: Problems) -> None:
    """At most one technology serves data-center campuses on site, and it is not grid-buildable."""
    techs = tables["technologies"]
    if "onsite" not in techs:
        return
    marked = techs.index[techs["onsite"] == "yes"]
    for idx in marked[1:]:
        problems.add(
            "technologies",
            f"technology '{techs.at[idx, 'tech_id']}' is the second marked onsite = yes "
            f"(after '{techs.at[marked[0], 'tech_id']}'); mark at most one",
            excel_row(idx),
            "onsite",
            "onsite-one",
        )
    for idx in marked:
        if techs.at[idx, "buildable"] == "yes":
            problems.add(
                "technologies",
                f"technology '{techs.at[idx, 'tech_id']}' is marked onsite = yes and buildable = "
                "yes; an on-site plant serves a campus behind the meter, not the grid: set "
                "buildable to no",
                excel_row(idx),
                "buildable",
                "onsite-buildable",
            )


def check_must_run(tables, problems: Problems) -> None:
    """A must-run floor is for an existing fleet (a fleet row in the region, a technology that
    is not built new: the floor would bind new builds too), dispatchable on its own fuel (not
    storage, not energy-limited, no weather profile), and below its availability (else it
    could not be met)."""
    if "must_run" not in tables:
        return
    techs = tables["technologies"].set_index("tech_id")
    fleet = set(zip(tables["fleet"]["region_id"], tables["fleet"]["tech_id"], strict=True))
    for idx, row in tables["must_run"].iterrows():
        region, tech = row["region_id"], row["tech_id"]
        if tech not in techs.index:
            continue  # the reference check names it
        spec = techs.loc[tech]
        if spec.get("buildable") == "yes":
            problems.add(
                "must_run",
                f"{tech} is buildable: a floor on it would make its new builds run too; give the "
                "existing plants their own technology (e.g. gas_ct_existing)",
                excel_row(idx),
                "tech_id",
                "buildable",
            )
        elif (region, tech) not in fleet:
            problems.add(
                "must_run",
                f"{region} has no {tech} in sheet fleet; a must-run floor is for an existing fleet",
                excel_row(idx),
                "tech_id",
                "in-fleet",
            )
        elif (
            float(spec.get("storage_hours", 0) or 0) > 0
            or spec.get("energy_limited") == "yes"
            or spec.get("profile", "none") not in ("none", "")
        ):
            problems.add(
                "must_run",
                f"{tech} is storage, energy-limited or follows a weather profile; a must-run "
                "floor is for plants that run on fuel when dispatched",
                excel_row(idx),
                "tech_id",
                "kind",
            )
        elif float(row["min_capacity_factor"]) >= float(spec["availability"]):
            problems.add(
                "must_run",
                f"min_capacity_factor {row['min_capacity_factor']:g} of {tech} in {region} is "
                f"not below its availability ({spec['availability']:g}, sheet technologies): "
                "it could not be met",
                excel_row(idx),
                "min_capacity_factor",
                "below availability",
            )


GRID_RULES = (
    check_must_run,
    check_onsite_technology,
    check_tax_credits,
    check_accreditation_tranches,
    check_resource_supply,
    check_fleet_vintages,
    check_grid_settings,
    check_setting_values,
    check_corridors,
    check_connection_ranges,
    check_wind_months,
    check_regions_covered,
    check_dc_shares,
    check_technologies_costed,
    check_hourly_load,
)


DEMAND_RULES = (
    check_shipments_cover_years,
    check_series_present,
    check_shares_add_up,
    check_calibration_windows,
)


def check_rules(tables: dict[str, pd.DataFrame], problems: Problems) -> None:
    """Run every cross-row rule (only meaningful once the cells themselves are valid)."""
    for rule in DEMAND_RULES:
        rule(tables, problems)
    if check_grid_sheets_complete(tables, problems):
        for rule in GRID_RULES:
            rule(tables, problems)
