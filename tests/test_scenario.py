"""Scenario files: settings, extends, and overrides of single workbook cells."""

import pytest

from energy.demand.projection import project_demand
from energy.errors import InputError
from energy.scenario import load_scenario, scenario_inputs
from tests.conftest import DEFAULT_WORKBOOK, SCENARIOS


def write(path, text):
    path.write_text(text)
    return path


def test_shipped_scenarios_load():
    for name, case in (("reference", "reference"), ("lbnl-low", "low"), ("lbnl-high", "high")):
        spec = load_scenario(SCENARIOS / f"{name}.toml")
        assert spec.case == case
        assert spec.workbook == DEFAULT_WORKBOOK
        assert spec.years[0] == 2014 and spec.years[-1] == 2035


def test_extends_inherits_and_appends_overrides(tmp_path):
    write(
        tmp_path / "base.toml",
        f'workbook = "{DEFAULT_WORKBOOK.as_posix()}"\ncase = "reference"\nlast_year = 2030\n'
        '[[override]]\nsheet = "pue"\nwhere = { case = "all", space_type_id = "enterprise", year = 2023 }\ncolumn = "pue"\nvalue = 2.0\n',
    )
    child = write(
        tmp_path / "child.toml",
        'extends = "base.toml"\ncase = "high"\n'
        '[[override]]\nsheet = "pue"\nwhere = { case = "all", space_type_id = "colocation", year = 2023 }\ncolumn = "pue"\nvalue = 1.9\n',
    )
    spec = load_scenario(child)
    assert (spec.case, spec.last_year, len(spec.overrides)) == ("high", 2030, 2)
    inputs = scenario_inputs(spec)
    pue = inputs["pue"].set_index(["space_type_id", "year"])["pue"]
    assert pue["enterprise", 2023] == 2.0 and pue["colocation", 2023] == 1.9


def test_override_moves_the_projection(tmp_path):
    spec = load_scenario(
        write(
            tmp_path / "s.toml",
            f'workbook = "{DEFAULT_WORKBOOK.as_posix()}"\ncase = "reference"\n'
            '[[override]]\nsheet = "pue"\nwhere = { case = "all", space_type_id = "enterprise", year = 2023 }\n'
            'column = "pue"\nvalue = 2.5\n',
        )
    )
    base = project_demand(scenario_inputs(load_scenario(SCENARIOS / "reference.toml")), "reference")
    changed = project_demand(scenario_inputs(spec), "reference")
    assert changed.total_twh(2023) > base.total_twh(2023)
    assert changed.national.loc[2023, "it_twh"] == pytest.approx(base.national.loc[2023, "it_twh"])


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            'sheet = "pue"\nwhere = { case = "all", space_type_id = "enterprise", year = 2099 }\ncolumn = "pue"\nvalue = 2.0',
            "has no row with",
        ),
        (
            'sheet = "pue"\nwhere = { case = "all", space_type_id = "enterprise", year = 2023 }\ncolumn = "pues"\nvalue = 2.0',
            "has no column 'pues'",
        ),
        (
            'sheet = "pues"\nwhere = { case = "all" }\ncolumn = "pue"\nvalue = 2.0',
            "no sheet 'pues'",
        ),
        ('sheet = "pue"\nwhere = { case = "all" }\ncolumn = "pue"\nvalue = 2.0', "rows with"),
        (
            'sheet = "pue"\nwhere = { case = "all", space_type_id = "enterprise", year = 2023 }\ncolumn = "pue"\nvalue = "high"',
            "is not a number",
        ),
        (
            'sheet = "pue"\nwhere = { case = "all", space_type_id = "enterprise", year = 2023 }\ncolumn = "pue"\nvalue = 0.5',
            "out of range",
        ),
    ],
)
def test_bad_overrides_are_named(tmp_path, override, message):
    spec = load_scenario(
        write(
            tmp_path / "bad.toml",
            f'workbook = "{DEFAULT_WORKBOOK.as_posix()}"\ncase = "reference"\n[[override]]\n{override}\n',
        )
    )
    with pytest.raises(InputError) as err:
        scenario_inputs(spec)
    assert message in str(err.value)
    assert "override #1" in str(err.value) or "sheet 'pue', row" in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('case = "reference"\n', "no 'workbook' set"),
        (
            f'workbook = "{DEFAULT_WORKBOOK.as_posix()}"\ncase = "medium"\n',
            "case 'medium' is not in sheet 'cases'",
        ),
        (
            f'workbook = "{DEFAULT_WORKBOOK.as_posix()}"\ncase = "low"\nfirst_year = 2010\n',
            "first_year/last_year",
        ),
        (
            f'workbook = "{DEFAULT_WORKBOOK.as_posix()}"\ncase = "low"\ncolour = "red"\n',
            "unknown setting 'colour'",
        ),
        ('extends = "bad.toml"\n', "'extends' forms a loop"),
        ("case = [\n", "not valid TOML"),
    ],
)
def test_bad_scenarios_are_named(tmp_path, text, message):
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(InputError) as err:
        scenario_inputs(load_scenario(path))
    assert message in str(err.value)
