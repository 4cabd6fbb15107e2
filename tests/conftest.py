"""Shared fixtures: the default workbook and a tiny system whose projection is computed by hand."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from energy.inputs import load_inputs
from tests.helpers import tiny_tables, write_tables

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORKBOOK = ROOT / "inputs" / "energy_inputs.xlsx"
SCENARIOS = ROOT / "scenarios"


# a coarse grid (3 model years, 3 days x 3 slices) for end-to-end runs that must be quick
COARSE = "[grid]\nyears = [2023, 2026, 2030]\ndays = 3\nhours_per_slice = 8\n"
# the coarse resolution without the hourly check (the shared run folder keeps it: suite time)
COARSE_UNCHECKED = COARSE + "hourly_check = false\n"


def coarse_scenario(
    folder: Path, name: str, base: str = "reference", extra: str = "", hourly: bool = False
) -> Path:
    """A scenario file `name.toml` in `folder`: `base` at the coarse resolution, plus `extra`;
    the hourly check only where asked (the run-folder fixture and its own tests)."""
    path = folder / f"{name}.toml"
    grid = COARSE if hourly else COARSE_UNCHECKED
    path.write_text(f'extends = "{(SCENARIOS / f"{base}.toml").as_posix()}"\n{grid}{extra}')
    return path


@dataclass
class RunFolder:
    scenario: Path  # the scenario file
    folder: Path  # <out>/<scenario>/
    out: str  # what the command printed
    err: str


@pytest.fixture(scope="session")
def coarse_run(tmp_path_factory) -> RunFolder:
    """`energy run` of the coarse reference scenario, solved once for every test that reads a run
    folder (tests must not change it)."""
    import click.testing

    from energy.cli import main

    home = tmp_path_factory.mktemp("coarse-run")
    path = coarse_scenario(home, "coarse", hourly=True)
    result = click.testing.CliRunner().invoke(
        main, ["run", str(path), "--out-dir", str(home / "out")]
    )
    assert result.exit_code == 0, result.output
    return RunFolder(path, home / "out" / "coarse", result.stdout, result.stderr)


@pytest.fixture(scope="session")
def coarse_reference(tmp_path_factory):
    """The coarse reference scenario solved in process (with held-back load and the ceiling),
    shared by the tests that read a RunOutput (tests must not change it)."""
    from energy.pipeline import run_scenario

    return run_scenario(coarse_scenario(tmp_path_factory.mktemp("coarse-reference"), "reference"))


@pytest.fixture(scope="session")
def default_inputs():
    return load_inputs(DEFAULT_WORKBOOK)


@pytest.fixture
def workbook_copy(tmp_path) -> Path:
    target = tmp_path / "inputs.xlsx"
    shutil.copy(DEFAULT_WORKBOOK, target)
    return target


@pytest.fixture
def tiny_folder(tmp_path) -> Path:
    return write_tables(tiny_tables(), tmp_path / "tiny")
