"""Federal tax credits (sheet tax_credits): a plant entering service in a credit year costs its
owner the capital cost less the credit; other years and technologies pay it in full."""

import pytest

from energy.model.prepare.supply import technologies

YEARS = [2026, 2029, 2030, 2035]


def test_a_credit_nets_the_capital_cost_of_plants_entering_service_in_its_years(default_inputs):
    regions = list(default_inputs["regions"]["region_id"])
    _, capex, *_ = technologies(default_inputs, regions, YEARS)
    without = default_inputs.replace(
        tax_credits=default_inputs["tax_credits"].iloc[0:0]
    )  # the same workbook with no credit
    _, full, *_ = technologies(without, regions, YEARS)
    # storage: 27% back (30% ITC x (1 - 10% tax-equity cost)) in every year to 2035
    for year in YEARS:
        assert capex["storage", year] == pytest.approx(full["storage", year] * 0.73)
    # wind and solar: in service by 2029 only (P.L. 119-21)
    assert capex["solar_new", 2029] == pytest.approx(full["solar_new", 2029] * 0.73)
    assert capex["wind_new_2", 2026] == pytest.approx(full["wind_new_2", 2026] * 0.73)
    assert capex["solar_new", 2030] == pytest.approx(full["solar_new", 2030])
    assert capex["wind_new_1", 2035] == pytest.approx(full["wind_new_1", 2035])
    # no credit for gas
    assert capex["gas_ct", 2026] == pytest.approx(full["gas_ct", 2026])
    assert full["storage", 2030] > 0
