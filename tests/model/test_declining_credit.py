"""Declining capacity credit on a tiny system worked by hand: storage earns its full credit on
the first tenth of the peak, half on the next tenth and a tenth beyond, so it is built only as
far as a credited MW costs less than new gas (in a region counting installed capacity; where
class ratings count, a MW earns the pool's class rating whatever the zone's share)."""

import pyomo.environ as pyo
import pytest

from tests.grid_helpers import grid, solved, tech_table


def _capacity_price_usd_per_kw_yr(m, region="A", year=2030) -> float:
    """The region's capacity price: a MW counts in both seasons, so the two prices add up."""
    family = next(f for f in m.families if f.name == "generation adequacy")
    return family.shadow_price(m.dual[m.adequacy[region, year]], 1.0) + family.shadow_price(
        m.dual[m.winter_adequacy[region, year]], 1.0
    )


def _storage_or_gas():
    """Region A, peak 100 MW and nothing there: new gas 100,000 USD/MW-yr, new 4-hour storage
    40,000, storage's credit 1.0 to 10% of the peak, 0.5 to 20%, 0.1 beyond."""
    techs = tech_table(
        gas={"buildable": True},
        storage={"buildable": True, "storage_hours": 4.0},
    )
    return grid(
        techs=techs,
        fom={"gas": 100_000.0, "storage": 40_000.0},
        other_load={"A": 0},
        peak={"A": 100},
        accreditation_tranches={"storage": [(0.1, 1.0), (0.2, 0.5), (100.0, 0.1)]},
    )


def test_storage_is_built_while_its_declining_credit_beats_new_gas():
    # peak 100 MW, nothing there. Per accredited MW-yr: storage 40,000 in the first tranche
    # (credit 1.0, up to 10 MW), 80,000 in the second (0.5, the next 10 MW), 400,000 beyond
    # (0.1); new gas 100,000. So storage fills two tranches (20 MW, 15 MW credited) and gas
    # the remaining 85 MW; one more MW of peak costs a MW of gas: 100 USD/kW-yr.
    data = _storage_or_gas()
    data.installed_basis_regions = frozenset({"A"})
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "storage", 2030]) == pytest.approx(20)
    assert pyo.value(m.capacity["A", "gas", 2030]) == pytest.approx(85)
    assert [pyo.value(m.credited_part["A", "storage", 2030, k]) for k in range(3)] == (
        pytest.approx([10, 10, 0])
    )
    # summer and winter are one row twice without seasonal values: the prices add up
    price = _capacity_price_usd_per_kw_yr(m)
    assert price == pytest.approx(100)


def test_where_class_ratings_count_storage_keeps_the_pools_rating_at_any_share():
    # The same region counting class ratings (PJM's zones): no tranches, every MW of storage
    # credited 1.0 at 40,000 USD per accredited MW-yr against gas's 100,000, so storage covers
    # the whole 100 MW peak and the price is storage's 40 USD/kW-yr.
    data = _storage_or_gas()
    m, _ = solved(data)
    assert not hasattr(m, "credited_part") or len(m.credited_part) == 0
    assert pyo.value(m.capacity["A", "storage", 2030]) == pytest.approx(100)
    assert pyo.value(m.capacity["A", "gas", 2030]) == pytest.approx(0, abs=1e-6)
    price = _capacity_price_usd_per_kw_yr(m)
    assert price == pytest.approx(40)


def test_new_solar_earns_its_tranches_credit_never_above_the_regions_own():
    # Region A counts installed capacity, peak 100 MW, nothing there. New solar 10,000 USD/MW-yr,
    # its published credit 0.5; its tranches from the region's hours (data.solar_tranches): 0.6
    # on the first 20 MW, 0.2 on the next 30, 0.05 beyond. The published 0.5 caps the first.
    # Per accredited MW-yr: 20,000, then 50,000, then 200,000 against new gas's 100,000, so
    # solar fills two tranches (50 MW, 10 + 6 = 16 MW credited) and gas the other 84 MW; one more
    # MW of peak costs a MW of gas: 100 USD/kW-yr.
    techs = tech_table(
        gas={"buildable": True},
        solar={"buildable": True, "accreditation": 0.5},
    )
    data = grid(
        techs=techs,
        fom={"gas": 100_000.0, "solar": 10_000.0},
        other_load={"A": 0},
        peak={"A": 100},
        solar_tranches={
            ("A", "solar", 2030): [(20.0, 0.6, 0.6), (30.0, 0.2, 0.2), (float("inf"), 0.05, 0.05)]
        },
    )
    data.installed_basis_regions = frozenset({"A"})
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "solar", 2030]) == pytest.approx(50)
    assert pyo.value(m.capacity["A", "gas", 2030]) == pytest.approx(84)
    assert [pyo.value(m.credited_part["A", "solar", 2030, k]) for k in range(3)] == (
        pytest.approx([20, 30, 0], abs=1e-6)
    )
    price = _capacity_price_usd_per_kw_yr(m)
    assert price == pytest.approx(100)


def test_two_solar_technologies_of_one_group_fill_the_same_tranches_together():
    # As above, with a second new solar technology of the same build group at 12,000 USD/MW-yr
    # and the same tranches (0.6 / 0.2 / 0.05, capped at 0.5). The widths are the region's:
    # 20 MW and 30 MW of new solar whatever its kind. The cheaper solar fills both (50 MW, 16 MW
    # credited); the second would earn only 0.05 beyond, 240,000 USD per accredited MW-yr
    # against gas's 100,000, so none is built and gas covers the other 84 MW. Each with a full
    # set of its own tranches, the second would have taken 50 MW more (20 x 0.5 at 24,000 and
    # 30 x 0.2 at 60,000 per accredited MW-yr) and gas only 68.
    techs = tech_table(
        gas={"buildable": True},
        solar={"buildable": True, "accreditation": 0.5, "group": "solar"},
        solar_tracking={"buildable": True, "accreditation": 0.5, "group": "solar"},
    )
    tranches = [(20.0, 0.6, 0.6), (30.0, 0.2, 0.2), (float("inf"), 0.05, 0.05)]
    data = grid(
        techs=techs,
        fom={"gas": 100_000.0, "solar": 10_000.0, "solar_tracking": 12_000.0},
        other_load={"A": 0},
        peak={"A": 100},
        solar_tranches={("A", "solar", 2030): tranches, ("A", "solar_tracking", 2030): tranches},
    )
    data.installed_basis_regions = frozenset({"A"})
    m, _ = solved(data)
    assert pyo.value(m.capacity["A", "solar", 2030]) == pytest.approx(50)
    assert pyo.value(m.capacity["A", "solar_tracking", 2030]) == pytest.approx(0, abs=1e-6)
    assert pyo.value(m.capacity["A", "gas", 2030]) == pytest.approx(84)
    assert _capacity_price_usd_per_kw_yr(m) == pytest.approx(100)
