"""Which limits bind, where and from which year, and what relaxing them is worth (their duals).

One row per constraint family, region (or corridor, or US) and year. `binding` means the
limit has value (a non-zero dual; complementary slackness puts it at its bound, `at_bound`);
`shadow_price` is the value of relaxing it by one unit in that year, in the unit given (duals
divided by the year's discount weight). `held_back_mw` is measured by re-solving
(energy.held_back) and is filled in by `add_held_back`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo

from energy.model.data import GridData

MILLION = 1e6
TOLERANCE_MW = 1e-3
DUAL_TOLERANCE = 1e-7  # million USD per unit: below this a limit is not worth relaxing

COLUMNS = [
    "family",
    "region",
    "year",
    "binding",
    "shadow_price",
    "unit",
    "held_back_mw",
    "first_binding_year",
    "served_gain_mw",
    "at_bound",
    "detail",
    "inputs",
]


@dataclass(frozen=True)
class Family:
    """A constraint family a planner would name, the Pyomo components behind it and its units."""

    name: str
    components: tuple[str, ...]
    unit: str
    scale: float  # undiscounted dual in USD per model unit -> `unit`
    key: Callable  # constraint index -> (region, year, detail)
    inputs: str  # the workbook sheets and options the limit comes from
    combine: str = "max"  # how the rows of one region and year add up to one shadow price


def _slice_key(i):
    return i[0], i[1], ""


FAMILIES: tuple[Family, ...] = (
    Family(
        "generation adequacy",
        ("adequacy",),
        "USD/kW-yr",
        1 / 1000,
        lambda i: (i[0], i[1], "reserve margin"),
        "region_load (peak), reserve_margins, technologies (accreditation), fleet, "
        "grid_settings (accredited_requirement_factor)",
    ),
    Family(
        "energy",
        ("energy_balance",),
        "USD/MWh",
        1.0,  # divided by the slice's hours in _rows
        _slice_key,
        "hourly_load, region_load, fleet, technologies, renewable_resource, fuel_prices",
    ),
    Family(
        "large-load interconnection",
        ("interconnection_rate",),
        "USD/MW of connection capacity",
        1.0,
        lambda i: (i[0], i[1], "connection rate"),
        "interconnection (connect_limit_mw_per_year), grid_settings (dc_utilization)",
    ),
    Family(
        "build rate",
        ("build_rate",),
        "USD/MW",
        1.0,
        lambda i: (i[0], i[2], i[1]),
        "build_limits, technologies (build_group)",
    ),
    Family(
        "build rate",
        ("national_build_rate",),
        "USD/MW",
        1.0,
        lambda i: ("US", i[1], i[0]),
        "build_limits (scope US), technologies (build_group)",
    ),
    Family(
        "lead time",
        ("lead_time",),
        "USD/MW",
        1.0,
        lambda i: (i[0], i[2], i[1]),
        "technologies (lead_time_years), grid_settings (decision_year)",
    ),
    Family(
        "transfer capability",
        ("transfer_limit", "firm_import_limit"),
        "USD/MW-yr",
        1.0,
        lambda i: (f"{i[0]}>{i[1]}", i[2], ""),
        "corridors (capacity_mw, first_expansion_year)",
        combine="sum",
    ),
    Family(
        "co2",
        ("co2_limit",),
        "USD/t",
        1.0,
        lambda i: ("US", i, "national cap"),
        "scenario [grid] co2_cap_mt",
    ),
)


def _at_bound(con) -> bool:
    body = pyo.value(con.body)
    return bool(
        (con.has_ub() and body >= pyo.value(con.upper) - TOLERANCE_MW)
        or (con.has_lb() and body <= pyo.value(con.lower) + TOLERANCE_MW)
    )


def constraint_rows(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    """One row per constraint of every family, with its undiscounted shadow price and the
    constraint object itself (kept for re-solves that relax it)."""
    weight = m.data.discount_weight
    hours = data.slice_hours
    rows = []
    for family in FAMILIES:
        for name in family.components:
            component = getattr(m, name)
            per_slice = name == "energy_balance"
            for index in component:
                con = component[index]
                region, year, detail = family.key(index)
                value = abs(m.dual.get(con, 0.0)) * MILLION / weight[year] * family.scale
                if per_slice:
                    value /= hours[index[2]]
                rows.append(
                    (family.name, region, year, detail, con, value, _at_bound(con), family.unit)
                )
    return pd.DataFrame(
        rows,
        columns=[
            "family",
            "region",
            "year",
            "detail",
            "constraint",
            "shadow_price",
            "at_bound",
            "unit",
        ],
    )


def _binding(group: pd.DataFrame, family: str, scarcity_usd_per_mwh: float) -> bool:
    if family == "energy":  # every balance has a price; energy binds when it is scarce
        return bool(group["shadow_price"].max() >= scarcity_usd_per_mwh)
    return bool((group["shadow_price"] > DUAL_TOLERANCE * MILLION).any())


def limits_table(m: pyo.ConcreteModel, data: GridData) -> tuple[pd.DataFrame, dict]:
    """The limits of a solved model (most valuable first) and, per row key, its constraints.

    Energy binds where a slice's price reaches the unserved data-center penalty: more energy
    there is worth at least what data centers are assumed to pay, so load is turned away.
    """
    rows = constraint_rows(m, data)
    inputs = {f.name: f.inputs for f in FAMILIES}
    combine = {f.name: f.combine for f in FAMILIES}
    keys = ["family", "region", "year", "unit"]
    records, members = [], {}
    for (family, region, year, unit), group in rows.groupby(keys, sort=False):
        per_row = group.groupby("detail", sort=False)["shadow_price"]
        # shadow price: one unit more of the limit in that region and year (all its slices)
        price = per_row.sum().max() if combine[family] == "sum" else group["shadow_price"].max()
        records.append(
            {
                "family": family,
                "region": region,
                "year": int(year),
                "binding": _binding(group, family, data.unserved_penalty_usd_per_mwh),
                "shadow_price": float(price),
                "unit": unit,
                "at_bound": bool(group["at_bound"].any()),
                "detail": ", ".join(sorted({d for d in group["detail"] if d})),
                "inputs": inputs[family],
            }
        )
        members[family, region, int(year)] = list(group["constraint"])
    table = pd.DataFrame(records)
    first = (
        table[table["binding"]]
        .groupby(["family", "region"])["year"]
        .min()
        .rename("first_binding_year")
    )
    table = table.merge(first, on=["family", "region"], how="left")
    table["first_binding_year"] = table["first_binding_year"].astype("Int64")
    table["held_back_mw"] = float("nan")
    table["served_gain_mw"] = float("nan")
    return rank(table), members


def acting_on(limits: pd.DataFrame, region: str) -> pd.DataFrame:
    """Binding limits that act on `region`: its own and those of corridors into it (A>region)."""
    here = (limits["region"] == region) | limits["region"].str.endswith(f">{region}")
    return limits[limits["binding"] & here]


def rank(table: pd.DataFrame) -> pd.DataFrame:
    """Binding limits first, ranked by the load they hold back, then by shadow price."""
    order = table.assign(_held=table["held_back_mw"].fillna(-1.0))
    order = order.sort_values(["binding", "_held", "shadow_price"], ascending=[False, False, False])
    return order.drop(columns="_held").reset_index(drop=True)[COLUMNS]
