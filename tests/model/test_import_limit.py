"""Import capability on a tiny system worked by hand: firm imports stop at the published limit
and the region builds the rest of its reserve margin inside."""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import grid, series, solved, tech_table

FOM_USD_PER_MW_YR = 50_000.0


def _two_regions(limit_mw=None, expansion_usd_per_mw_yr=None):
    # A: 100 MW of gas for a 60 MW peak (40 MW it can lend); B: a 50 MW peak and no plant of
    # its own, a corridor A -> B of 80 MW, and new gas it can build at 50,000 USD/MW-yr
    options = {}
    if limit_mw is not None:
        options["firm_import_limit_mw"] = series({("B", 2030): limit_mw}, ["region", "year"])
        options["import_limit_raised_by"] = {"B": {"A"}}  # new lines from A raise B's limit
    data = grid(
        regions=("A", "B"),
        techs=tech_table(gas={}, gas_new={"buildable": True}),
        existing={("A", "gas"): 100},
        fom={"gas_new": FOM_USD_PER_MW_YR},
        vc={"gas": 20, "gas_new": 20},
        other_load={"A": 60, "B": 0},
        peak={"A": 60, "B": 50},
        corridors={("A", "B"): 80},
        **options,
    )
    if expansion_usd_per_mw_yr is not None:
        data.corridors["expansion_cost_usd_per_mw_yr"] = expansion_usd_per_mw_yr
        data.corridors["first_expansion_year"] = 2030
    return solved(data)[0]


def test_without_a_limit_the_region_borrows_all_its_neighbour_can_lend():
    # 50 MW needed, 40 to lend: 10 MW of new gas, in B or (lending 10 more) in A, at one cost
    m = _two_regions()
    assert pyo.value(m.firm_import["A", "B", 2030]) >= 40 - 1e-6
    built = sum(pyo.value(m.build[r, "gas_new", 2030]) for r in ("A", "B"))
    assert built == pytest.approx(10)


def test_the_import_limit_caps_firm_imports_and_the_rest_is_built_inside():
    m = _two_regions(limit_mw=30)
    assert pyo.value(m.firm_import["A", "B", 2030]) == pytest.approx(30)
    assert pyo.value(m.build["B", "gas_new", 2030]) == pytest.approx(20)
    # one more MW of import capability saves one MW of new gas: its fixed cost, per kW-yr
    family = next(f for f in m.families if f.name == "import capability")
    dual = m.dual[m.import_limit["B", 2030]]
    assert family.shadow_price(dual, 1.0) == pytest.approx(FOM_USD_PER_MW_YR / 1000)


def test_new_transfer_capability_into_the_region_raises_its_import_limit():
    # a corridor MW at 20,000 USD/MW-yr is cheaper than new gas at 50,000: the corridor grows by
    # the 10 MW A can still lend (40 firm = 30 + 10), the last 10 MW of need is new gas
    m = _two_regions(limit_mw=30, expansion_usd_per_mw_yr=20_000.0)
    assert pyo.value(m.expand["A", "B", 2030]) == pytest.approx(10)
    assert pyo.value(m.firm_import["A", "B", 2030]) == pytest.approx(40)
    family = next(f for f in m.families if f.name == "import capability")
    assert family.shadow_price(m.dual[m.import_limit["B", 2030]], 1.0) == pytest.approx(20)


def test_exports_at_the_peak_are_netted_from_the_imports_a_region_counts():
    # A (200 MW of gas) -> B -> C, both corridors 50 MW. B has a 40 MW peak, no plant and an
    # import limit that does not bind (1,000 MW); C has 30 MW of load and no plant, served
    # through B. In B's peak slice B sends 30 MW on to C, so of the 50 MW of line into B only
    # 20 MW can be counted as firm imports: B builds the other 20 MW itself (running it would not
    # help: B's exports stay 30 MW), and a MW more of line into B saves a MW of new gas. C may
    # build nothing (a regional build limit of 0): else new gas in C, sparing B's exports, would
    # cost the same and tie.
    data = grid(
        regions=("A", "B", "C"),
        techs=tech_table(gas={}, gas_new={"buildable": True}),
        existing={("A", "gas"): 200},
        fom={"gas_new": FOM_USD_PER_MW_YR},
        vc={"gas": 20, "gas_new": 20},
        other_load={"A": 0, "B": 0, "C": 30},
        peak={"A": 0, "B": 40, "C": 0},
        corridors={("A", "B"): 50, ("B", "C"): 50},
        firm_import_limit_mw=series({("B", 2030): 1000.0}, ["region", "year"]),
        build_limit_mw_per_year=series({("C", "gas_new", 2030): 0.0}, ["region", "group", "year"]),
    )
    m = solved(data)[0]
    assert pyo.value(m.flow["B", "C", 2030, "all"]) == pytest.approx(30)
    assert pyo.value(m.firm_import["A", "B", 2030]) == pytest.approx(20)
    assert pyo.value(m.build["B", "gas_new", 2030]) == pytest.approx(20)
    family = next(f for f in m.families if f.name == "import capability")
    assert family.shadow_price(m.dual[m.import_netting["B", 2030]], 1.0) == pytest.approx(
        FOM_USD_PER_MW_YR / 1000
    )
