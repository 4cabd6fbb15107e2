"""Cross-row rules on typed demand tables: coverage of cases and years, shares adding to one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from energy.schema import ALL_CASES, FIRST_YEAR, IT_GROUPS, LAST_YEAR
from energy.series import case_series, rows_for_case
from energy.validate import Problems, excel_row

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
