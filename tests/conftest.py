"""Shared fixtures: the default workbook and a tiny system whose projection is computed by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from energy.inputs import load_inputs
from tests.helpers import tiny_tables, write_tables

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORKBOOK = ROOT / "inputs" / "energy_inputs.xlsx"
SCENARIOS = ROOT / "scenarios"


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
