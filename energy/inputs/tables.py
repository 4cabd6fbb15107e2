"""Read and validate the input workbook (.xlsx) or an equivalent folder of CSV files."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from energy.errors import InputError
from energy.inputs.rules import check_rules
from energy.inputs.schema import DOCUMENTATION_SHEETS
from energy.inputs.validate import Problems, type_tables


@dataclass
class Inputs:
    """Typed, validated input tables plus where they came from."""

    tables: dict[str, pd.DataFrame]
    path: Path
    file_hashes: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def replace(self, **tables: pd.DataFrame) -> Inputs:
        """A copy with some tables replaced (the originals are left untouched)."""
        return Inputs({**self.tables, **tables}, self.path, dict(self.file_hashes))


def _locator(path: Path):
    if path.is_dir():
        return lambda sheet: f"{path / (sheet + '.csv')}"
    return lambda sheet: f"{path}, sheet '{sheet}'"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_hashes(path: str | Path) -> dict[str, str]:
    """SHA-256 of an input workbook, or of every CSV file of an input folder, by file name."""
    path = Path(path)
    if path.is_dir():
        return {f.name: sha256(f) for f in sorted(path.glob("*.csv"))}
    return {path.name: sha256(path)}


def read_raw(path: str | Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Raw tables (all cells as read) and a hash of each file, from a workbook or CSV folder."""
    path = Path(path)
    if not path.exists():
        raise InputError(
            [f"{path}: no such file or folder; expected an .xlsx workbook or a folder of CSV files"]
        )
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise InputError(
                [
                    f"{path}: the folder holds no .csv files; expected one CSV per sheet (e.g. shipments.csv)"
                ]
            )
        raw = {}
        for f in files:
            try:
                raw[f.stem] = pd.read_csv(f, dtype=object, keep_default_na=False, na_values=[""])
            except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                raise InputError([f"{f}: cannot be read as CSV ({exc})"]) from None
        return raw, content_hashes(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError([f"{path}: expected an .xlsx workbook or a folder of CSV files"])
    try:
        # calamine (Rust) reads the workbook in 0.16 s where openpyxl took 0.9 s, every cell the
        # same value and type; openpyxl still finds formulas without a stored value
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="calamine")
        raw = {name: df for name, df in sheets.items() if name not in DOCUMENTATION_SHEETS}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation extensions
            _show_formulas(path, raw)
    except Exception as exc:  # either reader raises many types for a corrupt file
        raise InputError(
            [f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})"]
        ) from None
    return raw, content_hashes(path)


LARGE_SHEETS = ("hourly_load",)  # numbers exported from data, not typed: not scanned for formulas


def _show_formulas(path: Path, raw: dict[str, pd.DataFrame]) -> None:
    """Put the formula text into cells whose formula has no stored value (a workbook written by
    a program, never opened in Excel), so validation can say it is a formula, not "empty"."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path, read_only=True, data_only=False)
    try:
        for name, df in raw.items():
            if name in LARGE_SHEETS or name not in book.sheetnames:
                continue
            for r, row in enumerate(book[name].iter_rows(min_row=2, values_only=True)):
                for c, value in enumerate(row):
                    if (
                        isinstance(value, str)
                        and value.startswith("=")
                        and r < len(df)
                        and c < df.shape[1]
                        and pd.isna(df.iat[r, c])
                    ):
                        df.iat[r, c] = value
    finally:
        book.close()


def validate_tables(tables: dict[str, pd.DataFrame], path: Path) -> dict[str, pd.DataFrame]:
    """Typed tables, or InputError listing every problem found."""
    problems = Problems(_locator(path))
    typed = type_tables(tables, problems)
    if not problems.items:
        check_rules(typed, problems)
    if problems.items:
        raise InputError(problems.summarise(), str(path))
    return typed


# validated tables of recently read inputs, by path and content: a process that reads the same
# unchanged workbook again (compare, sweeps, tests) skips parsing it (about 1.8 s each time)
_VALIDATED: dict[tuple[str, tuple], dict[str, pd.DataFrame]] = {}
_KEEP = 4


def load_inputs(path: str | Path) -> Inputs:
    """Read and validate a workbook or CSV folder; raise InputError naming every problem."""
    path = Path(path)
    hashes = content_hashes(path) if path.exists() else {}
    key = (str(path.resolve()), tuple(sorted(hashes.items())))
    if key not in _VALIDATED or not hashes:
        raw, hashes = read_raw(path)
        tables = validate_tables(raw, path)
        key = (str(path.resolve()), tuple(sorted(hashes.items())))
        _VALIDATED[key] = tables
        while len(_VALIDATED) > _KEEP:
            _VALIDATED.pop(next(iter(_VALIDATED)))
    tables = {name: df.copy() for name, df in _VALIDATED[key].items()}  # callers own their copy
    return Inputs(tables, path, dict(hashes))


def grid_setting(inputs: Inputs, name: str) -> float:
    """One value of sheet grid_settings, or InputError naming the missing setting."""
    table = inputs["grid_settings"].set_index("setting")["value"]
    if name not in table:
        raise InputError([f"{inputs.path}, sheet 'grid_settings': no row for setting '{name}'"])
    return float(table[name])
