"""Scenario files (TOML): which workbook, demand case and years, plus single-cell overrides.

A scenario may `extends = "other.toml"`: it inherits every setting, replaces those it sets and
appends its overrides after the parent's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from energy.errors import InputError
from energy.inputs.schema import FIRST_YEAR, LAST_YEAR
from energy.inputs.tables import content_hashes, sha256
from energy.scenario.options import GridOptions, SolveOptions, grid_options, solver_options

KNOWN_KEYS = {
    "description",
    "extends",
    "workbook",
    "case",
    "first_year",
    "last_year",
    "override",
    "grid",
    "solver",
}
OVERRIDE_KEYS = {"sheet", "where", "column", "value"}


@dataclass
class Override:
    """Set one cell: the row of `sheet` matching `where` (column = value pairs), column `column`."""

    sheet: str
    where: dict[str, Any]
    column: str
    value: Any
    origin: str  # "file.toml, override #n" for messages


@dataclass
class Scenario:
    name: str
    path: Path
    workbook: Path
    case: str
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR
    description: str = ""
    overrides: list[Override] = field(default_factory=list)
    grid: GridOptions = field(default_factory=GridOptions)
    solver: SolveOptions = field(default_factory=SolveOptions)
    chain: list[Path] = field(default_factory=list)  # this file and every file it extends

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise InputError([f"{path}: scenario file not found"]) from None
    except IsADirectoryError:
        raise InputError([f"{path}: is a folder; expected a scenario file (.toml)"]) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [f"{path}: not UTF-8 text (byte {exc.start}); save the scenario file as UTF-8"]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([f"{path}: not valid TOML ({exc})"]) from None


def _merged_settings(
    path: Path, seen: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], list[Override], list[Path]]:
    path = path.resolve()
    if path in seen:
        raise InputError(
            [f"{path}: 'extends' forms a loop ({' -> '.join(p.name for p in (*seen, path))})"]
        )
    data = _read_toml(path)
    problems = [
        f"{path}: unknown setting '{key}'; expected one of {', '.join(sorted(KNOWN_KEYS))}"
        for key in data
        if key not in KNOWN_KEYS
    ]
    if problems:
        raise InputError(problems)
    settings: dict[str, Any] = {}
    overrides: list[Override] = []
    chain: list[Path] = []
    for key, kind, what in (
        ("extends", str, "the path of another scenario file, in quotes"),
        ("workbook", str, "the path of the input workbook or CSV folder, in quotes"),
        ("case", str, 'a demand case name in quotes, e.g. "reference"'),
        ("description", str, "text in quotes"),
        ("override", list, "a list of [[override]] tables"),
    ):
        if key in data and not isinstance(data[key], kind):
            raise InputError([f"{path}: '{key}' must be {what}; found {data[key]!r}"])
    if "extends" in data:
        parent = (path.parent / str(data["extends"])).resolve()
        settings, overrides, chain = _merged_settings(parent, (*seen, path))
    for key, value in data.items():
        if key in ("extends", "override"):
            continue
        if key in ("grid", "solver"):  # option tables merge key by key with the parent's
            if not isinstance(value, dict):
                raise InputError([f"{path}: [{key}] must be a table of options"])
            settings[key] = {**settings.get(key, {}), **value}
            continue
        settings[key] = (path.parent / value).resolve() if key == "workbook" else value
    for n, item in enumerate(data.get("override", []), start=1):
        origin = f"{path}, override #{n}"
        if (
            not isinstance(item, dict)
            or set(item) - OVERRIDE_KEYS
            or not {"sheet", "column", "value"} <= set(item)
        ):
            raise InputError(
                [
                    f"{origin}: an override needs sheet, where (a table of column = value), column and value"
                ]
            )
        where = item.get("where", {})
        if not isinstance(where, dict):
            raise InputError(
                [
                    f"{origin}: 'where' must be a table of column = value naming one row, e.g. "
                    f'where = {{ class_id = "ai_blackwell", year = 2026 }}; found {where!r}'
                ]
            )
        for key in ("sheet", "column"):
            if not isinstance(item[key], str):
                raise InputError(
                    [f"{origin}: '{key}' must be a name in quotes; found {item[key]!r}"]
                )
        overrides.append(
            Override(
                str(item["sheet"]),
                dict(where),
                str(item["column"]),
                item["value"],
                origin,
            )
        )
    return settings, overrides, [path, *chain]


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file and everything it extends."""
    path = Path(path)
    settings, overrides, chain = _merged_settings(path)
    problems = []
    if "workbook" not in settings:
        problems.append(
            f"{path}: no 'workbook' set (path of the input workbook or CSV folder, relative to the scenario file)"
        )
    if "case" not in settings:
        problems.append(f"{path}: no demand 'case' set (e.g. case = \"reference\")")
    first, last = settings.get("first_year", FIRST_YEAR), settings.get("last_year", LAST_YEAR)
    if not (
        isinstance(first, int)
        and isinstance(last, int)
        and FIRST_YEAR <= first <= last <= LAST_YEAR
    ):
        problems.append(
            f"{path}: first_year/last_year must be whole years with {FIRST_YEAR} <= first_year <= last_year <= {LAST_YEAR}"
        )
    if problems:
        raise InputError(problems)
    return Scenario(
        name=path.stem,
        path=path.resolve(),
        workbook=Path(settings["workbook"]),
        case=str(settings["case"]),
        first_year=first,
        last_year=last,
        description=str(settings.get("description", "")),
        overrides=overrides,
        chain=chain,
        grid=grid_options(settings.get("grid", {}), str(path)),
        solver=solver_options(settings.get("solver", {}), str(path)),
    )


def input_hashes(scenario: Scenario) -> dict[str, str]:
    """SHA-256 of everything a run reads, by file name: the workbook (or each CSV file of an
    input folder, by content) and every scenario file of the `extends` chain."""
    hashes = content_hashes(scenario.workbook) if Path(scenario.workbook).exists() else {}
    for file in scenario.chain:
        hashes[file.name] = sha256(file)
    return hashes
