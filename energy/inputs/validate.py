"""Check raw input tables against the schema and turn them into typed pandas tables.

Every problem is reported with its file, sheet, row and column and what was expected; all
problems are collected before failing, so a user can fix a workbook in one pass.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from energy.inputs.schema import ALL_CASES, TABLES, Column, Table

MAX_PER_COLUMN = 20  # problems listed per (sheet, column, kind) before summarising the rest
Locator = Callable[[str], str]  # sheet name -> "file, sheet 'x'" text


def excel_row(index: int) -> int:
    """Row number a user sees: the header is row 1, the first data row is row 2."""
    return int(index) + 2


class Problems:
    """Collects problems, capping repeats of the same kind in one column."""

    def __init__(self, locate: Locator):
        self.locate = locate
        self.items: list[str] = []
        self._counts: dict[tuple, int] = {}

    def add(
        self,
        sheet: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        kind: str = "",
    ):
        group = (sheet, column, kind)
        self._counts[group] = self._counts.get(group, 0) + 1
        if self._counts[group] > MAX_PER_COLUMN:
            return
        where = self.locate(sheet)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        self.items.append(f"{where}: {message}")

    def summarise(self) -> list[str]:
        extra = [
            f"{self.locate(sheet)}{'' if column is None else f', column {column!r}'}: "
            f"{count - MAX_PER_COLUMN} more problem(s) of the same kind not listed"
            for (sheet, column, _), count in self._counts.items()
            if count > MAX_PER_COLUMN
        ]
        return self.items + extra


def _clean_text(series: pd.Series) -> pd.Series:
    """Strip text cells; empty text becomes missing."""
    text = series.map(lambda v: v.strip() if isinstance(v, str) else v)
    return text.map(lambda v: np.nan if isinstance(v, str) and v == "" else v)


MAX_MAGNITUDE = 1e12  # no input of this model comes near it; larger is a typing slip


def _why_not_a_number(value) -> str:
    """Why a cell that should hold a number does not, in words."""
    if isinstance(value, bool | np.bool_):
        return f"found {'TRUE' if value else 'FALSE'}, a logical value, not a number"
    text = str(value).strip()
    if text.upper() in ("TRUE", "FALSE"):
        return f"found {text.upper()}, a logical value, not a number"
    if text.startswith("="):
        return (
            f"found the formula {text!r} with no computed value; type the number, or open and "
            "save the workbook in Excel so the value is stored"
        )
    if "," in text:
        return (
            f"found {text!r}: a comma is ambiguous (decimal or thousands separator); write the "
            "number without commas, with a point for decimals"
        )
    return f"found text {text!r}"


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, dict]:
    """Numbers of a column and, per row that holds no usable number, why: text, logical
    values, formulas without a value, commas, infinities and implausibly large numbers."""
    special = raw.map(lambda v: isinstance(v, str | bool | np.bool_))
    numbers = pd.to_numeric(raw.where(~special), errors="coerce").astype(float)
    reasons = {}
    if special.any():
        text = raw[special].map(lambda v: v.strip() if isinstance(v, str) else v)
        plain = text.map(lambda v: isinstance(v, str) and "," not in v and not v.startswith("="))
        parsed = pd.to_numeric(text.where(plain), errors="coerce")
        numbers.loc[parsed.index] = parsed
        for idx in parsed.index[parsed.isna()]:
            reasons[idx] = _why_not_a_number(raw[idx])
    finite = np.isfinite(numbers)
    for idx in numbers.index[numbers.notna() & ~finite]:
        reasons[idx] = f"found {numbers[idx]}, not a finite number"
    for idx in numbers.index[finite & (numbers.abs() > MAX_MAGNITUDE)]:
        reasons[idx] = f"found {numbers[idx]:g}, implausibly large (more than {MAX_MAGNITUDE:g})"
    numbers[list(reasons)] = np.nan
    return numbers, reasons


def _type_column(df: pd.DataFrame, table: Table, col: Column, problems: Problems) -> pd.Series:
    raw = _clean_text(df[col.name]) if col.name in df else pd.Series(np.nan, index=df.index)
    missing = raw.isna()
    if col.required:
        for idx in raw.index[missing]:
            problems.add(
                table.name,
                f"is empty; expected {col.expectation()}",
                excel_row(idx),
                col.name,
                "empty",
            )
    if not col.is_numeric:
        values = raw.map(lambda v: v if pd.isna(v) else str(v).strip())
        # Numbers typed into text columns (e.g. a year-like id) are kept as their text.
        values = values.map(
            lambda v: v[:-2] if isinstance(v, str) and v.endswith(".0") and v[:-2].isdigit() else v
        )
        if col.choices:
            bad = values.notna() & ~values.isin(col.choices)
            for idx in values.index[bad]:
                problems.add(
                    table.name,
                    f"expected {col.expectation()}, found {values[idx]!r}",
                    excel_row(idx),
                    col.name,
                    "choice",
                )
        return values.astype(object)
    numbers, reasons = parse_numbers(raw)
    for idx, reason in reasons.items():
        problems.add(
            table.name,
            f"expected {col.expectation()}, {reason}",
            excel_row(idx),
            col.name,
            "text",
        )
    if col.kind in ("int", "year"):
        fractional = numbers.notna() & (numbers != np.floor(numbers))
        for idx in numbers.index[fractional]:
            problems.add(
                table.name,
                f"expected {col.expectation()}, found {numbers[idx]!r}",
                excel_row(idx),
                col.name,
                "fraction",
            )
    low = (
        numbers < col.min
        if col.min is not None and not col.min_exclusive
        else pd.Series(False, index=numbers.index)
    )
    if col.min is not None and col.min_exclusive:
        low = numbers <= col.min
    high = numbers > col.max if col.max is not None else pd.Series(False, index=numbers.index)
    for idx in numbers.index[(low | high).fillna(False)]:
        word = "year out of range" if col.kind == "year" else "out of range"
        problems.add(
            table.name,
            f"{word}: expected {col.expectation()}, found {numbers[idx]:g}",
            excel_row(idx),
            col.name,
            "range",
        )
    return numbers.astype(float)


def _blank(value) -> bool:
    """An empty cell: missing, or text of spaces only."""
    return pd.isna(value) or (isinstance(value, str) and not value.strip())


def type_table(df: pd.DataFrame, table: Table, problems: Problems) -> pd.DataFrame | None:
    """Typed copy of one raw table, or None when required columns are missing."""
    df = df.reset_index(drop=True)
    df.columns = [str(c).strip() for c in df.columns]
    absent = [c.name for c in table.columns if c.required and c.name not in df.columns]
    for name in absent:
        problems.add(
            table.name,
            f"missing column '{name}' ({table.column(name).description}); the header row must name it",
        )
    if absent:
        return None
    # Drop rows that are entirely empty (e.g. formatting left below the table in Excel).
    raw_columns, raw_frame = list(df.columns), df
    present = [c.name for c in table.columns if c.name in df.columns]
    df = df[present][~df[present].map(_blank).all(axis=1)]
    typed = pd.DataFrame(
        {col.name: _type_column(df, table, col, problems) for col in table.columns}, index=df.index
    )
    for col in table.columns:
        if col.kind in ("int", "year") and typed[col.name].notna().all():
            typed[col.name] = typed[col.name].astype(int)
    if table.wide_ref:  # per-item columns are typed once the referenced sheet is known
        extra = [c for c in raw_columns if c not in table.column_names]
        typed = pd.concat([typed, raw_frame.loc[typed.index, extra]], axis=1)
    if table.key:
        # an optional key column may be blank: blanks count as one value; a key cell that could
        # not be read is reported already, not as a duplicate of a blank one
        required = [c.name for c in table.columns if c.name in table.key and c.required]
        unread = pd.Series(False, index=typed.index)
        for k in table.key:
            if k in df.columns:
                unread |= ~df[k].map(_blank) & typed[k].isna()
        readable = typed[~unread]
        dup = (
            readable.duplicated(subset=list(table.key), keep=False)
            & readable[required].notna().all(axis=1)
        ).reindex(typed.index, fill_value=False)
        for idx in typed.index[dup]:
            key = ", ".join(
                f"{k}={typed.at[idx, k] if pd.notna(typed.at[idx, k]) else '(blank)'}"
                for k in table.key
            )
            problems.add(
                table.name,
                f"duplicate key ({key}); each key may appear once",
                excel_row(idx),
                None,
                "duplicate",
            )
    return typed


def check_references(tables: dict[str, pd.DataFrame], problems: Problems) -> None:
    """Every reference column holds a key of the sheet it refers to."""
    for name, df in tables.items():
        table = TABLES[name]
        for col in table.columns:
            if not col.ref:
                continue
            ref_sheet, ref_col = col.ref.split(".")
            if ref_sheet not in tables:
                continue
            allowed = set(tables[ref_sheet][ref_col].dropna())
            if col.allow_all:
                allowed.add(ALL_CASES)
            bad = df[col.name].notna() & ~df[col.name].isin(allowed)
            for idx in df.index[bad]:
                extra = " or 'all'" if col.allow_all else ""
                problems.add(
                    name,
                    f"unknown reference {df.at[idx, col.name]!r}: expected a {ref_col} from sheet '{ref_sheet}'{extra}",
                    excel_row(idx),
                    col.name,
                    "reference",
                )


def type_wide_columns(tables: dict[str, pd.DataFrame], problems: Problems) -> None:
    """Per-item columns of wide tables (e.g. one load column per region): present and numeric."""
    for name, df in list(tables.items()):
        table = TABLES[name]
        if not table.wide_ref:
            continue
        ref_sheet, ref_col = table.wide_ref.split(".")
        if ref_sheet not in tables:
            continue
        items = [str(v) for v in tables[ref_sheet][ref_col].dropna()]
        for item in items:
            if item not in df.columns:
                problems.add(
                    name,
                    f"missing column '{item}': every {ref_col} of sheet '{ref_sheet}' needs a column",
                )
        unknown = [c for c in df.columns if c not in table.column_names and c not in items]
        for c in unknown:
            problems.add(
                name, f"column '{c}' is not a {ref_col} of sheet '{ref_sheet}'", column=str(c)
            )
        spec = table.wide_column
        typed = {
            c: _type_column(
                df,
                table,
                Column(c, spec.kind, spec.unit, spec.description, min=spec.min, max=spec.max),
                problems,
            )
            for c in items
            if c in df.columns
        }
        tables[name] = pd.concat(
            [df[table.column_names], pd.DataFrame(typed, index=df.index)], axis=1
        )


def type_tables(raw: dict[str, pd.DataFrame], problems: Problems) -> dict[str, pd.DataFrame]:
    """Type every schema table found in `raw`; report missing sheets and bad cells."""
    typed: dict[str, pd.DataFrame] = {}
    for name, table in TABLES.items():
        if name not in raw:
            if not table.optional:
                problems.add(name, f"missing sheet '{name}' ({table.description})")
            continue
        result = type_table(raw[name], table, problems)
        if result is not None and result.empty and not table.may_be_empty:
            problems.add(
                name, "has no rows; expected at least one row under the header", kind="empty-sheet"
            )
        if result is not None:
            typed[name] = result
    check_references(typed, problems)
    type_wide_columns(typed, problems)
    return typed
