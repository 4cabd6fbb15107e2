"""The corpus of broken workbooks: one clear message each, exit code 1, no traceback, no output."""

from pathlib import Path

import pytest

from tests.cli_helpers import energy

BAD = Path(__file__).parent / "data" / "bad"

# file -> fragments its message must contain (file, sheet, row, column and what was expected)
EXPECTED = {
    "missing_sheet.xlsx": ["sheet 'pue'", "missing sheet 'pue'"],
    "missing_column.xlsx": ["sheet 'shipments'", "missing column 'shipments_thousand'"],
    "text_in_number.xlsx": [
        "sheet 'shipments', row 5, column 'shipments_thousand'",
        "expected a number ≥ 0, found text 'lots'",
    ],
    "negative_power.xlsx": [
        "sheet 'server_classes', row 3, column 'max_power_w'",
        "out of range",
        "found -5",
    ],
    "share_above_one.xlsx": [
        "sheet 'utilization', row 4, column 'utilization'",
        "expected a number from 0 to 1, found 1.5",
    ],
    "unknown_class.xlsx": [
        "sheet 'shipments', row 7, column 'class_id'",
        "unknown reference 'ai_quantum'",
        "sheet 'server_classes'",
    ],
    "unknown_case.xlsx": [
        "sheet 'pue', row 2, column 'case'",
        "unknown reference 'medium'",
        "or 'all'",
    ],
    "bad_choice.xlsx": [
        "sheet 'server_classes', row 2, column 'component'",
        "expected one of conventional_servers, ai_servers",
        "'gpu_servers'",
    ],
    "duplicate_key.xlsx": [
        "sheet 'pue', row 2",
        "duplicate key (case=all, space_type_id=hyperscale, year=2023)",
    ],
    "year_out_of_range.xlsx": [
        "sheet 'shipments', row 6, column 'year'",
        "year out of range",
        "2014 to 2035",
        "found 2051",
    ],
    "shares_not_one.xlsx": [
        "sheet 'space_type_shares'",
        "it_group 'conventional'",
        "add up to 1.1750 in 2014",
    ],
    "missing_years.xlsx": ["sheet 'shipments'", "class 'volume_gen1' has no shipments for 2018"],
    "empty_required_cell.xlsx": [
        "sheet 'server_classes', row 4, column 'lifetime_years'",
        "is empty",
    ],
}


def test_corpus_is_complete():
    assert {p.name for p in BAD.glob("*.xlsx")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_names_the_problem(capsys, name):
    result = energy(capsys, "inputs", "validate", BAD / name)
    assert result.exit_code == 1
    assert "Traceback" not in result.err + result.out
    assert str(BAD / name) in result.err
    for fragment in EXPECTED[name]:
        assert fragment in result.err, result.err


def test_demand_on_a_broken_workbook_writes_nothing(capsys, tmp_path):
    scenario = tmp_path / "broken.toml"
    scenario.write_text(
        f'workbook = "{(BAD / "text_in_number.xlsx").as_posix()}"\ncase = "reference"\n'
    )
    out = tmp_path / "demand.csv"
    result = energy(capsys, "demand", scenario, "--out", out)
    assert result.exit_code == 1
    assert "found text 'lots'" in result.err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [scenario]  # no temporary file left behind
