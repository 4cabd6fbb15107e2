"""The grid's cross-sheet rules live in energy.inputs.rules: `energy inputs validate` rejects
every workbook that `energy run` would reject for its inputs, with the sheet and what to fix.
One case per rule, each a copy of the default tables with one thing broken."""

from pathlib import Path

import pandas as pd
import pytest

from energy.errors import InputError
from energy.inputs import validate_tables
from energy.inputs.workbook import write_csv_folder
from tests.cli_helpers import energy


def drop_rows(table, column, value):
    return table[table[column] != value]


def must_run_tech(tables, row, tech):
    """The must_run sheet with the technology of one row (0-based) replaced."""
    table = tables["must_run"]
    return {"must_run": table.assign(tech_id=table["tech_id"].mask(table.index == row, tech))}


CASES = {
    "a grid setting missing": (
        lambda t: {"grid_settings": drop_rows(t["grid_settings"], "setting", "discount_rate")},
        ["grid_settings", "no row for setting 'discount_rate'"],
    ),
    "a region without a load row": (
        lambda t: {"region_load": drop_rows(t["region_load"], "region_id", "ERCOT")},
        ["region_load", "no row for region(s) ERCOT"],
    ),
    "a region without a reserve margin": (
        lambda t: {"reserve_margins": drop_rows(t["reserve_margins"], "region_id", "FRCC")},
        ["reserve_margins", "no row for region(s) FRCC"],
    ),
    "a region without a connection rate": (
        lambda t: {"interconnection": drop_rows(t["interconnection"], "region_id", "PJM_DOM")},
        ["interconnection", "no row for region(s) PJM_DOM"],
    ),
    "a connection rate range upside down": (
        lambda t: {
            "interconnection": t["interconnection"].assign(
                connect_mw_per_year_high=t["interconnection"]["connect_mw_per_year_low"] - 1
            )
        },
        ["interconnection", "connect_mw_per_year_low <= connect_mw_per_year_high"],
    ),
    "a tax credit whose years run backwards": (
        lambda t: {
            "tax_credits": t["tax_credits"].assign(
                last_service_year=t["tax_credits"]["first_service_year"] - 1
            )
        },
        [
            "tax_credits",
            "row 2, column 'last_service_year'",
            "first_service_year <= last_service_year",
        ],
    ),
    "two tax credits for one plant": (
        lambda t: {
            "tax_credits": pd.concat(
                [t["tax_credits"], t["tax_credits"].iloc[[0]].assign(first_service_year=2029)],
                ignore_index=True,
            )
        },
        ["tax_credits", "the credit from 2029 overlaps the one before (to 2029)"],
    ),
    "a region without resource data": (
        lambda t: {"renewable_resource": drop_rows(t["renewable_resource"], "region_id", "CAISO")},
        ["renewable_resource", "no row for region(s) CAISO"],
    ),
    "data-center shares not adding up": (
        lambda t: {
            "dc_load_2023": t["dc_load_2023"].assign(
                share_of_national=t["dc_load_2023"]["share_of_national"] * 1.1
            )
        },
        ["dc_load_2023", "shares add up to 1.1000; they must add up to 1"],
    ),
    "a region without operating reserves": (
        lambda t: {"operating_reserves": drop_rows(t["operating_reserves"], "region_id", "SW")},
        ["operating_reserves", "no row for region(s) SW"],
    ),
    "a vintage reported as an unknown technology": (
        lambda t: {
            "technologies": t["technologies"].assign(
                reported_as=t["technologies"]["reported_as"].replace("gas_cc", "gas_combined")
            )
        },
        ["technologies", "reported_as 'gas_combined' of gas_cc_existing is not a tech_id"],
    ),
    "a heat rate for a plant without fuel": (
        lambda t: {
            "fleet": t["fleet"].assign(
                heat_rate_mmbtu_per_mwh=t["fleet"]["heat_rate_mmbtu_per_mwh"].mask(
                    t["fleet"]["tech_id"] == "wind", 9.0
                )
            )
        },
        ["fleet", "a heat rate is given for wind, which burns no fuel"],
    ),
    "a fleet heat rate for a buildable technology": (
        lambda t: {
            "fleet": t["fleet"].assign(
                heat_rate_mmbtu_per_mwh=t["fleet"]["heat_rate_mmbtu_per_mwh"].mask(
                    t["fleet"]["tech_id"] == "gas_ct", 10.0
                ),
                tech_id=t["fleet"]["tech_id"].replace("gas_ct_existing", "gas_ct"),
            )
        },
        ["fleet", "a heat rate is given for gas_ct, which is buildable"],
    ),
    "a technology without costs": (
        lambda t: {"technology_costs": drop_rows(t["technology_costs"], "tech_id", "gas_ct")},
        ["technology_costs", "no rows for technolog(ies) gas_ct"],
    ),
    "a tranche costed as a technology without costs": (
        lambda t: {
            "technologies": t["technologies"].assign(
                costs_as=t["technologies"]["costs_as"].replace("wind", "wind_offshore")
            )
        },
        ["technologies", "costs_as 'wind_offshore' of wind_new_1 has no technology_costs rows"],
    ),
    "a supply curve for a plant that is not wind or solar": (
        lambda t: {
            "resource_supply": t["resource_supply"].assign(
                tech_id=t["resource_supply"]["tech_id"].replace("solar_new", "gas_ct")
            )
        },
        ["resource_supply", "gas_ct is not a buildable solar or wind technology"],
    ),
    "storage credit rising with its share": (
        lambda t: {
            "accreditation_tranches": t["accreditation_tranches"].assign(
                credit_factor=t["accreditation_tranches"]["credit_factor"][::-1].to_numpy()
            )
        },
        ["accreditation_tranches", "credit factors of storage rise with its share"],
    ),
    "a fuel without a price in a region": (
        lambda t: {
            "fuel_prices": t["fuel_prices"][
                ~(
                    (t["fuel_prices"]["region_id"] == "ERCOT")
                    & (t["fuel_prices"]["fuel_id"] == "natural_gas")
                )
            ]
        },
        ["fuel_prices", "no price of 'natural_gas'", "ERCOT"],
    ),
    "a must-run floor the fleet cannot reach": (
        lambda t: {"must_run": t["must_run"].assign(min_capacity_factor=0.9)},
        ["must_run", "row 2, column 'min_capacity_factor'", "not below its availability (0.851"],
    ),
    "a must-run floor for a fleet the region lacks": (
        lambda t: must_run_tech(t, 0, "onsite_gas"),
        ["must_run", "CAISO has no onsite_gas in sheet fleet"],
    ),
    "a must-run floor on a buildable technology": (
        lambda t: must_run_tech(t, 1, "gas_cc"),
        ["must_run", "row 3, column 'tech_id'", "gas_cc is buildable"],
    ),
    "a must-run floor on hydro": (
        lambda t: must_run_tech(t, 0, "hydro"),
        ["must_run", "hydro is storage, energy-limited or follows a weather profile"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_grid_rule_is_checked_when_reading(default_inputs, case):
    broken, expected = CASES[case]
    tables = {**default_inputs.tables, **broken(default_inputs.tables)}
    with pytest.raises(InputError) as error:
        validate_tables(tables, Path("inputs.xlsx"))
    text = str(error.value)
    for fragment in expected:
        assert fragment in text, text


def test_some_grid_sheets_without_the_others_are_rejected(default_inputs):
    tables = {k: v for k, v in default_inputs.tables.items() if k != "corridors"}
    with pytest.raises(InputError) as error:
        validate_tables(tables, Path("inputs.xlsx"))
    assert "the grid model needs sheet(s) corridors" in str(error.value)


def test_a_workbook_without_operating_reserves_is_valid_and_requires_none(default_inputs):
    from energy.inputs.tables import Inputs
    from energy.model.prepare import reserves

    tables = {k: v for k, v in default_inputs.tables.items() if k != "operating_reserves"}
    validate_tables(tables, Path("inputs.xlsx"))  # no error: the sheet is optional
    inputs = Inputs(tables, Path("inputs.xlsx"))
    assert reserves(inputs, ["ERCOT"], None) == {}
    with_sheet = reserves(default_inputs, ["ERCOT"], _peak({("ERCOT", 2030): 100_000.0}))
    # ERCOT: 3,000 MW of 85,508 MW (its ORDC minimum contingency level over the 2023 peak)
    assert with_sheet["reserve_requirement_mw"]["ERCOT", 2030] == pytest.approx(3510.0, rel=1e-3)


def _peak(mapping):
    import pandas as pd

    return pd.Series(mapping)


def test_validate_and_run_reject_the_same_folder(default_inputs, tmp_path, capsys):
    broken, _ = CASES["data-center shares not adding up"]
    folder = tmp_path / "broken"
    write_csv_folder({**default_inputs.tables, **broken(default_inputs.tables)}, folder)
    checked = energy(capsys, "inputs", "validate", str(folder))
    assert checked.exit_code == 1
    assert "dc_load_2023.csv" in checked.err and "must add up to 1" in checked.err
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'workbook = "{folder.as_posix()}"\ncase = "reference"\n')
    ran = energy(capsys, "run", str(scenario), "--out-dir", str(tmp_path / "out"))
    assert ran.exit_code == 1 and "must add up to 1" in ran.err and "Traceback" not in ran.err
    assert not (tmp_path / "out").exists()


def _regional_credit_rows(default_inputs, second_from_year):
    """The regional credits with ERCOT's first solar row given again, from `second_from_year`."""
    table = default_inputs.tables["regional_accreditation"]
    first = table[(table["region_id"] == "ERCOT") & (table["tech_id"] == "solar")].iloc[[0]]
    again = first.astype({"from_year": object}).assign(from_year=second_from_year)
    return pd.concat([table.astype({"from_year": object}), again], ignore_index=True)


def test_a_credit_given_twice_from_the_same_year_is_named_blank_or_not(default_inputs):
    tables = {
        **default_inputs.tables,
        "regional_accreditation": _regional_credit_rows(default_inputs, None),
    }
    with pytest.raises(InputError) as error:
        validate_tables(tables, Path("inputs.xlsx"))
    text = str(error.value)
    assert (
        "duplicate key (region_id=ERCOT, tech_id=solar, season=summer, from_year=(blank))" in text
    )


def test_an_unreadable_year_is_named_once_not_also_as_a_duplicate(default_inputs):
    tables = {
        **default_inputs.tables,
        "regional_accreditation": _regional_credit_rows(default_inputs, "soon"),
    }
    with pytest.raises(InputError) as error:
        validate_tables(tables, Path("inputs.xlsx"))
    text = str(error.value)
    assert "column 'from_year'" in text and "found text 'soon'" in text
    assert "duplicate" not in text


def test_a_class_rating_of_an_unknown_technology_or_a_zero_requirement_is_named(default_inputs):
    ratings = default_inputs.tables["class_ratings"]
    factors = default_inputs.tables["requirement_factors"]
    tables = {
        **default_inputs.tables,
        "class_ratings": pd.concat(
            [ratings, ratings.iloc[[0]].assign(tech_id="fusion")], ignore_index=True
        ),
        "requirement_factors": factors.assign(accredited_requirement_factor=0.0),
    }
    with pytest.raises(InputError) as error:
        validate_tables(tables, Path("inputs.xlsx"))
    text = str(error.value)
    assert "class_ratings" in text and "unknown reference 'fusion'" in text
    assert "requirement_factors" in text and "expected a number > 0" in text
