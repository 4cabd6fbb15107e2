"""Read, validate and write the input workbook (.xlsx) or an equivalent folder of CSV files."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from energy.atomic import atomic_dir, atomic_path
from energy.errors import InputError
from energy.rules import check_rules
from energy.schema import DOCUMENTATION_SHEETS, TABLES
from energy.validate import Problems, type_tables


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
        return raw, {f.name: sha256(f) for f in files}
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError([f"{path}: expected an .xlsx workbook or a folder of CSV files"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation extensions
            sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise InputError(
            [f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})"]
        ) from None
    raw = {name: df for name, df in sheets.items() if name not in DOCUMENTATION_SHEETS}
    return raw, {path.name: sha256(path)}


def validate_tables(tables: dict[str, pd.DataFrame], path: Path) -> dict[str, pd.DataFrame]:
    """Typed tables, or InputError listing every problem found."""
    problems = Problems(_locator(path))
    typed = type_tables(tables, problems)
    if not problems.items:
        check_rules(typed, problems)
    if problems.items:
        raise InputError(problems.summarise(), str(path))
    return typed


def load_inputs(path: str | Path) -> Inputs:
    """Read and validate a workbook or CSV folder; raise InputError naming every problem."""
    path = Path(path)
    raw, hashes = read_raw(path)
    return Inputs(validate_tables(raw, path), path, hashes)


def _ordered(df: pd.DataFrame, name: str) -> pd.DataFrame:
    table = TABLES.get(name)
    if table is None:
        return df
    fixed = [c for c in table.column_names if c in df.columns]
    extra = [c for c in df.columns if c not in table.column_names] if table.wide_ref else []
    return df[fixed + extra]


def write_csv_folder(tables: dict[str, pd.DataFrame], folder: str | Path) -> None:
    """Write one CSV per table, atomically replacing `folder`."""
    with atomic_dir(folder) as tmp:
        for name, df in tables.items():
            _ordered(df, name).to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n")


def write_workbook(tables: dict[str, pd.DataFrame], target: str | Path) -> None:
    """Write the tables as a formatted workbook (with about/columns sheets), atomically."""
    from energy.workbook import format_workbook

    with atomic_path(target) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, df in tables.items():
                _ordered(df, name).to_excel(writer, sheet_name=name, index=False)
        format_workbook(tmp, list(tables))


def export_inputs(source: str | Path, target: str | Path) -> Inputs:
    """Validate `source` and write it in the other format (xlsx -> CSV folder, or back)."""
    inputs = load_inputs(source)
    tables = inputs.tables
    target = Path(target)
    if target.suffix.lower() == ".xlsx":
        write_workbook(tables, target)
    else:
        write_csv_folder(tables, target)
    return inputs


def store_calibration(path: str | Path, solved: pd.DataFrame) -> None:
    """Write solved calibration values into the workbook or CSV folder in place (atomically)."""
    path = Path(path)
    key = ["parameter", "case", "first_year"]
    values = {(r.parameter, r.case, int(r.first_year)): float(r.value) for r in solved.itertuples()}
    if path.is_dir():
        target = path / "calibration.csv"
        raw = pd.read_csv(target, dtype=object, keep_default_na=False)
        raw["value"] = [
            repr(values.get((p, c, int(float(y))), float(v)))
            for p, c, y, v in zip(
                raw["parameter"], raw["case"], raw["first_year"], raw["value"], strict=True
            )
        ]
        with atomic_path(target) as tmp:
            raw.to_csv(tmp, index=False, lineterminator="\n")
        return
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path)
    ws = wb["calibration"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in [*key, "value"]}
    for row in ws.iter_rows(min_row=2):
        ident = (row[col["parameter"]].value, row[col["case"]].value, row[col["first_year"]].value)
        if ident[0] is None:
            continue
        found = values.get((str(ident[0]).strip(), str(ident[1]).strip(), int(ident[2])))
        if found is not None:
            row[col["value"]].value = found
    with atomic_path(path) as tmp:
        wb.save(tmp)
