"""Which limits bind, where and from which year, and what relaxing them is worth (their duals).

One row per constraint family, region (or corridor, or US) and year. `binding` means the
limit has value (a non-zero dual; complementary slackness puts it at its bound, `at_bound`);
`shadow_price` is the value of relaxing it by one unit in that year, in the unit given (duals
divided by the year's discount weight). `held_back_mw` is measured by re-solving
(energy.results.held_back) and is filled in by `add_held_back`.
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from energy.model.data import GridData

TOLERANCE_MW = 1e-3
SIGNIFICANT_DIGITS = 6  # shadow prices are rounded to this before any binding or ranking decision


def significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """`value` rounded to `digits` significant digits (solver noise below that is dropped)."""
    return float(f"{value:.{digits}g}")


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


def _at_bound(con) -> bool:
    body = pyo.value(con.body)
    return bool(
        (con.has_ub() and body >= pyo.value(con.upper) - TOLERANCE_MW)
        or (con.has_lb() and body <= pyo.value(con.lower) + TOLERANCE_MW)
    )


def limit_constraints(m: pyo.ConcreteModel):
    """Every constraint of every limit family: (family, constraint, region, year, detail,
    factor), where factor turns the constraint's dual (million USD, discounted) into its
    shadow price in the family's unit."""
    weight, hours = m.data.discount_weight, m.data.slice_hours
    for family in m.families:
        if not family.limit:
            continue
        for name in family.limit_components:
            for index, con in getattr(m, name).items():
                region, year, detail = family.key(name, index)
                divisor = hours[index[2]] if family.per_slice else 1.0
                factor = family.shadow_price(1.0, weight[year], divisor)
                yield family, con, region, year, detail, factor


def constraint_rows(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    """One row per constraint of every limit family, with its undiscounted shadow price and
    the constraint object itself (kept for re-solves that relax it)."""
    rows = []
    for family, con, region, year, detail, factor in limit_constraints(m):
        value = abs(m.dual.get(con, 0.0)) * factor
        rows.append((family.name, region, year, detail, con, value, _at_bound(con), family.unit))
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


def limits_table(m: pyo.ConcreteModel, data: GridData) -> tuple[pd.DataFrame, dict]:
    """The limits of a solved model (most valuable first) and, per row key, its constraints.

    Energy binds where a slice's price reaches the unserved data-center penalty: more energy
    there is worth at least what data centers are assumed to pay, so load is turned away.
    """
    rows = constraint_rows(m, data)
    record = {f.name: f for f in m.families}
    keys = ["family", "region", "year", "unit"]
    records, members = [], {}
    for (family, region, year, unit), group in rows.groupby(keys, sort=False):
        # shadow price: one unit more of the limit in that region and year (all its slices);
        # the same number decides whether it binds
        price = significant(record[family].combined_price(group["shadow_price"], group["detail"]))
        records.append(
            {
                "family": family,
                "region": region,
                "year": int(year),
                "binding": record[family].binds(price, data.unserved_penalty_usd_per_mwh),
                "shadow_price": price,
                "unit": unit,
                "at_bound": bool(group["at_bound"].any()),
                "detail": ", ".join(sorted({d for d in group["detail"] if d})),
                "inputs": record[family].inputs_text,
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


RANK_KEY = ["binding", "_held", "shadow_price", "family", "region", "year"]


def rank(table: pd.DataFrame) -> pd.DataFrame:
    """Binding limits first, ranked by the load they hold back, then by shadow price; ties
    break by family, region and year (alphabetical, then earliest), so the order is fixed."""
    order = table.assign(_held=table["held_back_mw"].fillna(-1.0))
    order = order.sort_values(
        RANK_KEY, ascending=[False, False, False, True, True, True], kind="mergesort"
    )
    return order.drop(columns="_held").reset_index(drop=True)[COLUMNS]


TOP_LIMITS_PER_YEAR = 5


def top_limits(limits: pd.DataFrame, n: int = TOP_LIMITS_PER_YEAR) -> dict[int, list[dict]]:
    """Per year, the binding limits holding back the most load (then the most valuable)."""
    binding = limits[limits["binding"]]
    out = {}
    for year, group in binding.groupby("year", sort=True):
        rows = []
        for r in group.head(n).itertuples():  # the table is already ranked
            held = None if pd.isna(r.held_back_mw) else round(float(r.held_back_mw), 1)
            rows.append(
                {
                    "family": r.family,
                    "region": r.region,
                    "held_back_mw": held,
                    "shadow_price": round(float(r.shadow_price), 2),
                    "unit": r.unit,
                    "first_binding_year": int(r.first_binding_year),
                }
            )
        out[int(year)] = rows
    return out


def families_table(families) -> pd.DataFrame:
    """The limit families' records as a table (families.csv): name, letter and colour in
    figures, shadow-price unit, and the inputs a user edits to relax each."""
    return pd.DataFrame(
        [
            {
                "family": f.name,
                "letter": f.letter,
                "colour": f.colour,
                "unit": f.unit,
                "inputs": f.inputs_text,
            }
            for f in families
            if f.limit
        ]
    )
