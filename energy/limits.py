"""Which limits bind, where and from which year, and what relaxing them is worth (their duals).

One row per constraint family, region (or corridor, or US) and year. `binding` means the
limit has value (a non-zero dual; complementary slackness puts it at its bound,
`at_bound`); `shadow_price` is the value of relaxing it by one
unit for that year, in the unit given (duals divided by the year's discount weight). The MW a
limit holds back (by re-solving) is not measured yet.
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo

from energy.model.data import GridData

MILLION = 1e6
TOLERANCE_MW = 1e-3
DUAL_TOLERANCE = 1e-7  # million USD per unit: below this a limit is not worth relaxing


def _at_bound(con) -> bool:
    body = pyo.value(con.body)
    return bool(
        (con.has_ub() and body >= pyo.value(con.upper) - TOLERANCE_MW)
        or (con.has_lb() and body <= pyo.value(con.lower) + TOLERANCE_MW)
    )


def _rows(m: pyo.ConcreteModel, component, family: str, unit: str, scale: float, key) -> list[dict]:
    """Rows of one constraint component; `key(index)` -> (region, year, detail)."""
    weight = m.data.discount_weight
    rows = []
    for index in component:
        con = component[index]
        region, year, detail = key(index)
        dual = abs(m.dual.get(con, 0.0))
        rows.append(
            {
                "family": family,
                "region": region,
                "year": year,
                "detail": detail,
                "binding": dual > DUAL_TOLERANCE,
                "at_bound": _at_bound(con),
                "shadow_price": dual * MILLION / weight[year] * scale,
                "unit": unit,
            }
        )
    return rows


def limits_table(m: pyo.ConcreteModel, data: GridData) -> pd.DataFrame:
    """The limits of a solved model, most valuable first."""
    rows: list[dict] = []
    rows += _rows(
        m,
        m.adequacy,
        "generation adequacy",
        "USD/kW-yr",
        1 / 1000,
        lambda i: (i[0], i[1], "reserve margin"),
    )
    rows += _rows(
        m,
        m.interconnection_rate,
        "large-load interconnection",
        "USD/MW of connection capacity",
        1.0,
        lambda i: (i[0], i[1], "connection rate"),
    )
    rows += _rows(m, m.build_rate, "build rate", "USD/MW", 1.0, lambda i: (i[0], i[2], i[1]))
    rows += _rows(
        m, m.national_build_rate, "build rate", "USD/MW", 1.0, lambda i: ("US", i[1], i[0])
    )
    rows += _rows(m, m.lead_time, "lead time", "USD/MW", 1.0, lambda i: (i[0], i[2], i[1]))
    if len(m.co2_limit):
        rows += _rows(m, m.co2_limit, "co2", "USD/t", 1.0, lambda i: ("US", i, "national cap"))
    transfer = pd.DataFrame(
        _rows(
            m,
            m.transfer_limit,
            "transfer capability",
            "USD/MW-yr",
            1.0,
            lambda i: (f"{i[0]}>{i[1]}", i[2], ""),
        )
    )
    if len(transfer):
        transfer = transfer.groupby(
            ["family", "region", "year", "detail", "unit"], as_index=False
        ).agg(
            binding=("binding", "any"),
            at_bound=("at_bound", "any"),
            shadow_price=("shadow_price", "sum"),
        )
    table = pd.concat([pd.DataFrame(rows), transfer], ignore_index=True)
    table = table.groupby(["family", "region", "year", "unit"], as_index=False).agg(
        binding=("binding", "any"),
        at_bound=("at_bound", "any"),
        shadow_price=("shadow_price", "max"),
        detail=("detail", lambda d: ", ".join(sorted({x for x in d if x}))),
    )
    first = (
        table[table["binding"]]
        .groupby(["family", "region"])["year"]
        .min()
        .rename("first_binding_year")
    )
    table = table.merge(first, on=["family", "region"], how="left")
    table = table.sort_values(["binding", "shadow_price"], ascending=[False, False]).reset_index(
        drop=True
    )
    return table[
        [
            "family",
            "region",
            "year",
            "binding",
            "at_bound",
            "shadow_price",
            "unit",
            "first_binding_year",
            "detail",
        ]
    ]
