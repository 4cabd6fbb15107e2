"""A sweep file: a base scenario, uncertain inputs with ranges or distributions, and the Latin
hypercube that samples them.

```toml
base = "reference.toml"        # the scenario every sample starts from (relative to this file)
samples = 200
seed = 7
national_ceiling = true        # also re-solve each sample for the national ceiling

[grid]                         # [grid] options for every sample (e.g. a coarser resolution)
years = [2023, 2026, 2028, 2030]

[[uncertain]]
name = "dominion_connect_mw"   # a column name in the results
sheet = "interconnection"
where = { region_id = "PJM_DOM" }
column = "connect_mw_per_year"
mode = "scale"                 # scale: multiply the matching cells; value: set them;
                               # between: place them at the drawn share (0-1) of the way from
                               # each row's <column>_low to its <column>_high
distribution = "uniform"       # uniform (low, high), triangular (low, mode, high), normal (mean, sd)
low = 0.7
high = 2.0
```
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm, qmc, triang

from energy.errors import InputError
from energy.inputs.schema import TABLES
from energy.inputs.tables import Inputs
from energy.scenario.options import grid_options

DISTRIBUTIONS = {
    "uniform": ("low", "high"),
    "triangular": ("low", "most_likely", "high"),
    "normal": ("mean", "sd"),
}
MODES = ("scale", "value", "between")
# inputs a sample may change while the built model is only re-solved (see energy.sweep.resolve)
GRID_SUPPORTED = {
    ("interconnection", "connect_mw_per_year"),
    ("build_limits", "max_new_mw_per_year"),
    ("technology_costs", "capex_usd_per_kw"),
    ("grid_settings", "value"),  # dc_utilization only (checked below)
}


@dataclass
class Uncertain:
    name: str
    sheet: str
    column: str
    where: dict[str, Any]
    mode: str
    distribution: str
    parameters: dict[str, float]
    years: tuple[int, int] | None = None  # only rows whose year lies in [first, last]

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """Map uniform [0, 1) draws to the parameter's distribution."""
        p = self.parameters
        if self.distribution == "uniform":
            return p["low"] + u * (p["high"] - p["low"])
        if self.distribution == "triangular":
            width = p["high"] - p["low"]
            shape = (p["most_likely"] - p["low"]) / width
            return triang.ppf(u, shape, loc=p["low"], scale=width)
        return norm.ppf(u, loc=p["mean"], scale=p["sd"])


@dataclass
class SweepSpec:
    path: Path
    base: Path
    samples: int
    seed: int
    uncertain: list[Uncertain]
    grid: dict[str, Any] = field(default_factory=dict)
    national_ceiling: bool = True

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def fingerprint(self) -> str:
        """Changes when anything that decides the samples' results changes (for resuming): the
        sweep file, every scenario file the base extends, and the workbook (or every CSV file
        of an input folder, by content)."""
        from energy.inputs.tables import sha256
        from energy.scenario import input_hashes, load_scenario

        hashes = {"sweep": sha256(self.path), **input_hashes(load_scenario(self.base))}
        text = "".join(f"{name}={value};" for name, value in sorted(hashes.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def sample_table(self) -> pd.DataFrame:
        """Latin hypercube samples (one row each, sample_id 0..n-1), the same for a given seed."""
        draws = qmc.LatinHypercube(d=len(self.uncertain), seed=self.seed).random(self.samples)
        table = pd.DataFrame(
            {u.name: u.quantile(draws[:, k]) for k, u in enumerate(self.uncertain)}
        )
        table.insert(0, "sample_id", np.arange(self.samples))
        return table


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise InputError([f"{where}: expected a number, found {value!r}"])
    return float(value)


def _uncertain(item: dict, k: int, origin: str) -> Uncertain:
    where = f"{origin} [[uncertain]] #{k + 1}"
    for key in ("name", "sheet", "column"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise InputError([f"{where}: '{key}' is required (text)"])
    where = f"{origin} [[uncertain]] '{item['name']}'"
    sheet, column = item["sheet"], item["column"]
    if sheet not in TABLES:
        raise InputError([f"{where}: no sheet '{sheet}'; sheets are {', '.join(TABLES)}"])
    if column not in TABLES[sheet].column_names:
        raise InputError(
            [
                f"{where}: sheet '{sheet}' has no column '{column}'; columns are {', '.join(TABLES[sheet].column_names)}"
            ]
        )
    if sheet not in demand_sheets():
        if (sheet, column) not in GRID_SUPPORTED:
            supported = ", ".join(f"{s}.{c}" for s, c in sorted(GRID_SUPPORTED))
            raise InputError(
                [
                    f"{where}: {sheet}.{column} cannot be changed by re-solving the built model; "
                    f"demand sheets and {supported} can"
                ]
            )
        if sheet == "grid_settings" and item.get("where") != {"setting": "dc_utilization"}:
            raise InputError(
                [
                    f'{where}: of grid_settings only where = {{ setting = "dc_utilization" }} can vary'
                ]
            )
    mode = item.get("mode", "scale")
    if mode not in MODES:
        raise InputError([f"{where}: mode must be one of {', '.join(MODES)}, found {mode!r}"])
    distribution = item.get("distribution", "uniform")
    if distribution not in DISTRIBUTIONS:
        raise InputError(
            [
                f"{where}: distribution must be one of {', '.join(DISTRIBUTIONS)}, found {distribution!r}"
            ]
        )
    parameters = {p: _number(item.get(p), f"{where} {p}") for p in DISTRIBUTIONS[distribution]}
    if distribution != "normal" and not (
        parameters["low"] < parameters["high"]
        and parameters["low"]
        <= parameters.get("most_likely", parameters["low"])
        <= parameters["high"]
    ):
        raise InputError(
            [f"{where}: expected low < high (and low <= mode <= high), found {parameters}"]
        )
    if distribution == "normal" and parameters["sd"] <= 0:
        raise InputError([f"{where}: expected sd > 0, found {parameters['sd']}"])
    if mode == "between":
        bounds = [f"{column}_low", f"{column}_high"]
        if not set(bounds) <= set(TABLES[sheet].column_names):
            raise InputError(
                [f"{where}: mode 'between' needs columns {' and '.join(bounds)} in sheet '{sheet}'"]
            )
        if distribution == "normal" or not 0 <= parameters["low"] < parameters["high"] <= 1:
            raise InputError(
                [
                    f"{where}: mode 'between' draws a share of the way from low to high: expected "
                    f"a uniform or triangular distribution with 0 <= low < high <= 1, found "
                    f"{distribution} {parameters}"
                ]
            )
    years = item.get("years")
    if years is not None and not (
        isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)
    ):
        raise InputError([f"{where}: years must be [first, last], found {years!r}"])
    if (
        years is not None
        and "year" not in TABLES[sheet].column_names
        and "from_year" not in TABLES[sheet].column_names
    ):
        raise InputError([f"{where}: sheet '{sheet}' has no year column to filter on"])
    allowed = {"name", "sheet", "column", "where", "years", "mode", "distribution", *parameters}
    unknown = set(item) - allowed
    if unknown:
        raise InputError([f"{where}: unknown key(s) {', '.join(sorted(unknown))}"])
    return Uncertain(
        item["name"],
        sheet,
        column,
        dict(item.get("where", {})),
        mode,
        distribution,
        parameters,
        tuple(years) if years else None,
    )


def demand_sheets() -> set[str]:
    from energy.inputs.schema import DEMAND_TABLE_NAMES

    return set(DEMAND_TABLE_NAMES)


def load_sweep(path: str | Path) -> SweepSpec:
    """Read and check a sweep file; every problem is named with the file and entry."""
    path = Path(path)
    if not path.exists():
        raise InputError([f"{path}: no such sweep file"])
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise InputError([f"{path}: not valid TOML ({error})"]) from None
    known = {"base", "samples", "seed", "grid", "uncertain", "national_ceiling", "description"}
    unknown = set(raw) - known
    if unknown:
        raise InputError(
            [
                f"{path}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            ]
        )
    if not isinstance(raw.get("base"), str):
        raise InputError([f"{path}: 'base' (the scenario file to start from) is required"])
    base = (path.parent / raw["base"]).resolve()
    if not base.exists():
        raise InputError([f"{path}: base scenario {base} does not exist"])
    samples, seed = raw.get("samples", 100), raw.get("seed", 0)
    for key, value in (("samples", samples), ("seed", seed)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < (1 if key == "samples" else 0)
        ):
            raise InputError(
                [
                    f"{path}: '{key}' must be a whole number{' >= 1' if key == 'samples' else ''}, found {value!r}"
                ]
            )
    items = raw.get("uncertain", [])
    if not items:
        raise InputError([f"{path}: at least one [[uncertain]] input is required"])
    uncertain = [_uncertain(item, k, str(path)) for k, item in enumerate(items)]
    names = [u.name for u in uncertain]
    bad = [n for n in names if not n.isidentifier() or n == "sample_id"]
    if bad:
        raise InputError(
            [
                f"{path}: uncertain names must be identifiers (letters, digits, _) other than sample_id, found {bad}"
            ]
        )
    if len(set(names)) != len(names):
        raise InputError([f"{path}: uncertain names must be unique, found {names}"])
    grid = dict(raw.get("grid", {}))
    grid_options({**grid}, str(path))  # checked now, applied on top of the base scenario
    return SweepSpec(
        path, base, samples, seed, uncertain, grid, bool(raw.get("national_ceiling", True))
    )


def apply_sample(inputs: Inputs, uncertain: list[Uncertain], values: dict[str, float]) -> Inputs:
    """Inputs with each uncertain input set or scaled to the sample's value (copies what changes)."""
    tables = dict(inputs.tables)
    for u in uncertain:
        df = tables[u.sheet] = tables[u.sheet].copy()
        mask = pd.Series(True, index=df.index)
        for key, wanted in u.where.items():
            options = wanted if isinstance(wanted, list) else [wanted]
            mask &= df[key].astype(str).isin([str(o) for o in options])
        if u.years:
            column = "year" if "year" in df.columns else "from_year"
            mask &= df[column].between(*u.years)
        if not mask.any():
            raise InputError(
                [
                    f"uncertain '{u.name}': no row of sheet '{u.sheet}' matches {u.where}"
                    + (f" in years {u.years[0]}-{u.years[1]}" if u.years else "")
                ]
            )
        value = values[u.name]
        if u.mode == "scale":
            df.loc[mask, u.column] = df.loc[mask, u.column].astype(float) * value
        elif u.mode == "between":
            low = df.loc[mask, f"{u.column}_low"].astype(float)
            high = df.loc[mask, f"{u.column}_high"].astype(float)
            df.loc[mask, u.column] = low + value * (high - low)
        else:
            df.loc[mask, u.column] = value
    return Inputs(tables, inputs.path, dict(inputs.file_hashes))
