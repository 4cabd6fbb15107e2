"""Which limits bind, where and from which year, and what relaxing them is worth (their duals).

One row per constraint family, region (or corridor, or US) and year. `binding` means the limit
has value (a non-zero dual; complementary slackness puts it at its bound, `at_bound`);
`shadow_price` is the value of relaxing it by one unit in that year, in the unit given (duals
divided by the year's discount weight). `price_holds_at_least` is how far it can be relaxed at
that price at least (HiGHS's ranging at the optimal basis, in the limit's own quantity: MW, t
for the CO2 cap; see `price_holds_at_least`); 0 marks a degenerate optimum, where the price is
only an upper bound on what relaxing is worth and the first MW may be worth less, even nothing
(every lead-time limit of the reference: a lead time blocks builds in several years at once;
ERCOT's 2025 lead time was priced 2.0 million USD/MW by one optimal basis of the LP and 0.26
million by another, while relaxing it by 5 MW changes the cost by nothing). `held_back_mw` is
measured by re-solving (energy.results.held_back) and is filled in by `add_held_back`.
"""

from __future__ import annotations

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energy.model import constraints
from energy.model.data import GridData

TOLERANCE_MW = 1e-3
# the quantity a limit's rows count (what relaxing it by one unit adds), by family name
QUANTITY = {f.name: f.quantity for module in constraints.modules() for f in module.FAMILIES}
# families whose rows' prices add up to the limit's (a corridor's slices, both seasons)
SUMMED = {f.name: f.combine == "sum" for module in constraints.modules() for f in module.FAMILIES}
DUAL_NOISE = 1e-9  # a row dual (million USD, discounted) below this does not bind
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
    "price_holds_at_least",
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


def _limits_of(m: pyo.ConcreteModel) -> tuple[list, list]:
    """`limit_constraints(m)` as a list, and its constraints, worked out once per model (the
    scenario's solution and both ceilings' pass through the same model; the hourly check's
    rounds build new models, and no constraint is added to or taken from a built one)."""
    found = getattr(m, "_limit_constraints", None)
    if found is None:
        listed = list(limit_constraints(m))
        found = (listed, [con for _, con, *_ in listed])
        m._limit_constraints = found
    return found


def _row_indices(m: pyo.ConcreteModel, row_of, rows_of_limits: list) -> list[int]:
    """Each constraint's row in the LP (-1: not there), worked out once per list and LP."""
    kept = getattr(m, "_limit_rows", None)
    if kept is None or kept[0] is not row_of or kept[1] is not rows_of_limits:
        kept = (row_of, rows_of_limits, [row_of.get(con, -1) for con in rows_of_limits])
        m._limit_rows = kept
    return kept[2]


def _rows_at_bound(m: pyo.ConcreteModel, rows_of_limits: list) -> list[bool]:
    """Is each constraint at (within TOLERANCE_MW of) a bound? From the rows' activities at the
    solution loaded (energy.model.solve.RowActivity) where the model has them: the same test on
    the LP's rows (a constant in a row's body is in its bounds there), without evaluating
    Pyomo expressions; else by evaluating each constraint."""
    activity = getattr(m, "row_activity", None)
    if activity is None:
        return [_at_bound(con) for con in rows_of_limits]
    index = _row_indices(m, activity.row_of, rows_of_limits)
    rows = np.asarray(index, dtype=np.int64)
    found = rows >= 0
    at = np.zeros(len(rows), dtype=bool)
    value = activity.value[rows[found]]
    lower, upper = activity.lower[rows[found]], activity.upper[rows[found]]
    with np.errstate(invalid="ignore"):
        at[found] = (np.isfinite(upper) & (value >= upper - TOLERANCE_MW)) | (
            np.isfinite(lower) & (value <= lower + TOLERANCE_MW)
        )
    # a constraint the LP does not hold (no variable left in it) is evaluated
    pairs = zip(at, index, rows_of_limits, strict=True)
    return [bool(a) if i >= 0 else _at_bound(c) for a, i, c in pairs]


def constraint_rows(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    """One row per constraint of every limit family, with its undiscounted shadow price and
    the constraint object itself (kept for re-solves that relax it)."""
    found, constraints = _limits_of(m)
    at_bound = _rows_at_bound(m, constraints)
    rows = []
    for (family, con, region, year, detail, factor), at in zip(found, at_bound, strict=True):
        value = abs(m.dual.get(con, 0.0)) * factor
        rows.append((family.name, region, year, detail, con, value, at, family.unit))
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
    table["price_holds_at_least"] = float("nan")  # from HiGHS's ranging
    table["held_back_mw"] = float("nan")
    table["served_gain_mw"] = float("nan")
    return rank(table), members


def price_holds_at_least(m: pyo.ConcreteModel, table: pd.DataFrame, loaded) -> pd.Series:
    """Per binding limit: how far the rows that make its shadow price keep their duals, each
    relaxed alone, at least: HiGHS's ranging at the optimal basis (the basis stays optimal that
    far; the next basis may keep the same dual). The most valuable row where a limit is priced
    by its best row; where its rows' prices add up (a corridor's slices, both seasons), the
    smallest over the rows with a price in the detail priced (relaxed together they are not
    certified: a tight row without a price may take one). 0 marks a degenerate optimum: the
    price is then only an upper bound on what the first unit of relaxation is worth. Rounded to
    0.1; empty where the limit does not bind or HiGHS gives no ranging."""
    highs = loaded.highs
    holds = pd.Series(float("nan"), index=table.index)
    status, ranging = highs.getRanging()
    if status != highspy.HighsStatus.kOk:
        return holds
    lp = highs.getLp()
    lower, upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    up, down = np.asarray(ranging.row_bound_up.value_), np.asarray(ranging.row_bound_dn.value_)
    dual = np.abs(np.asarray(highs.getSolution().row_dual))
    # a <= row is relaxed upward; a >= row or an equality (the energy balance) downward
    upward = np.isfinite(upper) & (lower != upper)
    with np.errstate(invalid="ignore"):
        room = np.maximum(np.where(upward, up - upper, lower - down), 0.0)
    rows: dict = {}  # (family, region, year) -> [(row, detail, price)]
    for family, con, region, year, detail, factor in limit_constraints(m):
        row = loaded.row_of.get(con)
        if row is not None:
            rows.setdefault((family.name, region, year), []).append(
                (row, detail, dual[row] * factor)
            )
    summed = {f.name for f in m.families if f.combine == "sum"}
    for i in table.index[table["binding"]]:
        key = (table.at[i, "family"], table.at[i, "region"], int(table.at[i, "year"]))
        priced = rows.get(key)
        if not priced:
            continue
        if key[0] in summed:  # each row with a price in the detail priced, alone
            totals: dict = {}
            for _, detail, price in priced:
                totals[detail] = totals.get(detail, 0.0) + price
            top = max(totals, key=totals.get)
            value = float(
                min(
                    (room[r] for r, detail, _ in priced if detail == top and dual[r] > DUAL_NOISE),
                    default=float("nan"),
                )
            )
        else:
            value = float(room[max(priced, key=lambda p: p[2])[0]])
        holds[i] = round(value, 1) + 0.0
    return holds


def worth_text(limit) -> str:
    """'relaxing it is worth <price> <unit>' for a limits-table row, with how far that price
    holds at least (price_holds_at_least) where it is known."""
    text = f"relaxing it is worth {limit.shadow_price:,.0f} {limit.unit}"
    holds = getattr(limit, "price_holds_at_least", float("nan"))
    if pd.isna(holds) or np.isinf(holds):
        return text
    if holds == 0:
        return (
            f"relaxing it is worth at most {limit.shadow_price:,.0f} {limit.unit} (a degenerate "
            "optimum: the first units of relaxation may be worth less, even nothing)"
        )
    quantity = QUANTITY.get(limit.family, "MW")
    if SUMMED.get(limit.family):  # a corridor's slices, both seasons: certified each alone
        return text + f", a price each of its rows keeps for at least {holds:,.1f} {quantity} alone"
    return text + f", a price that holds for at least its first {holds:,.1f} {quantity}"


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
            holds = getattr(r, "price_holds_at_least", float("nan"))
            rows.append(
                {
                    "family": r.family,
                    "region": r.region,
                    "held_back_mw": held,
                    "shadow_price": round(float(r.shadow_price), 2),
                    "unit": r.unit,
                    # 0: a degenerate optimum, the price only an upper bound (see the module);
                    # null when unknown or without end (JSON has no infinity)
                    "price_holds_at_least": float(holds) if np.isfinite(holds) else None,
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
