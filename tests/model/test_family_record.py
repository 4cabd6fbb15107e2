"""Adding a constraint family: one module with its record, and its dual reaches the limits
table, families.csv, the limits map and the infeasibility explanation without touching
`energy.results.limits`, `energy.model.infeasibility` or `energy.report.figures`.

The tiny system: region A, one slice for all 8,760 hours, 1,000 MW of gas at 20 USD/MWh and
50 MW of data-center load requested, which cannot relocate. A new "water withdrawal" family
allows at most 30 MW of data-center load in A (its cooling-water permits). By hand: 30 MW are
served and 20 MW go unserved at 2,000 USD/MWh; one more MW of water allowance serves one more
MW, worth (2,000 - 20) x 8,760 = 17,344,800 USD a year; lifting the limit frees all 20 MW.
"""

import types

import pyomo.environ as pyo
import pytest

from energy.errors import EnergyError
from energy.model import build_model
from energy.model.family import Family
from energy.model.solve import solve
from energy.report import figures
from energy.results.held_back import add_held_back
from energy.results.limits import families_table, limits_table
from tests.grid_helpers import HOURS, grid

WATER_MW = 30.0


def water_module(allowed_mw: float = WATER_MW) -> types.ModuleType:
    """A constraint family as a contributor would write it: ORDER, FAMILIES and add."""
    module = types.ModuleType("water")
    module.ORDER = 80
    module.FAMILIES = (
        Family(
            "water withdrawal",
            ("water_limit",),
            {"water_limit": "data centers would need more cooling water than is permitted"},
            ("water_permits.allowed_mw",),
            limit=True,
            unit="USD/MW-yr",
            key=lambda name, index: (index[0], index[1], "cooling water"),
            letter="W",
            colour="#882255",
        ),
    )

    def add(m, data):
        m.water_limit = pyo.Constraint(
            m.R,
            m.Y,
            rule=lambda m, r, y: m.dc_served[r, y] <= allowed_mw,
            doc="data-center load served <= what the region's water permits allow (MW)",
        )

    module.add = add
    return module


def system(**options):
    return grid(
        existing={("A", "gas"): 1000},
        vc={"gas": 20},
        requested={"A": 50},
        allow_relocation=False,
        dc_utilization=1.0,
        unserved_penalty_usd_per_mwh=2000,
        **options,
    )


def test_a_new_family_reaches_limits_families_and_the_map():
    data = system()
    model = build_model(data, extra=(water_module(),))
    report = solve(model)
    table, members = limits_table(model, data)
    table, _ = add_held_back(model, report.loaded, table, members, 100_000.0)
    row = table.set_index(["family", "region", "year"]).loc[("water withdrawal", "A", 2030)]
    assert row["binding"] and row["at_bound"]
    assert row["first_binding_year"] == 2030
    assert row["shadow_price"] == pytest.approx((2000 - 20) * HOURS, rel=1e-6)
    assert row["held_back_mw"] == pytest.approx(50 - WATER_MW, abs=1e-6)
    assert row["unit"] == "USD/MW-yr" and row["inputs"] == "water_permits.allowed_mw"
    assert row["detail"] == "cooling water"
    families = families_table(model.families)
    water = families.set_index("family").loc["water withdrawal"]
    assert (water["letter"], water["colour"]) == ("W", "#882255")
    figure = figures.limits_map(table, families)
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert "W <0.1" in labels or any(label.startswith("W ") for label in labels)
    legend = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert "W: water withdrawal" in legend


def test_a_new_family_is_named_when_it_makes_the_model_infeasible():
    data = system(allow_unserved=False)
    model = build_model(data, extra=(water_module(),))
    with pytest.raises(EnergyError) as error:
        solve(model)
    text = str(error.value)
    assert "water withdrawal (water_limit) in A 2030" in text
    assert "more cooling water than is permitted" in text
    assert "by up to 20 MW" in text and "Inputs: water_permits.allowed_mw" in text


def test_every_limit_family_has_its_own_letter_and_colour():
    from energy.model.constraints import families

    limits = [f for f in families() if f.limit]
    letters = [f.letter for f in limits]
    colours = [f.colour for f in limits]
    assert len(set(letters)) == len(letters) and all(letters)
    assert len(set(colours)) == len(colours) and all(colours)


def test_a_ranged_constraint_is_named_with_how_to_write_it():
    # lower <= body <= upper becomes two LP rows; re-solves and limits read one row per
    # constraint, so the hand-over names it instead of failing on the second row's name
    module = water_module()

    def add(m, data):
        m.water_limit = pyo.Constraint(
            m.R, m.Y, rule=lambda m, r, y: pyo.inequality(10, m.dc_served[r, y], WATER_MW)
        )

    module.add = add
    model = build_model(system(), extra=(module,))
    with pytest.raises(EnergyError, match=r"constraint water_limit\[A,2030\] has both a lower"):
        solve(model)
