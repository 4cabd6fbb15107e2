"""Declarative schema of every input table: columns, units, ranges, keys and references.

The schema drives validation (energy.inputs.validate), the template workbook and the `columns`
documentation sheet, so a column is described once.
"""

from __future__ import annotations

from energy.inputs.schema.columns import (
    ALL_CASES,
    FIRST_YEAR,
    IT_GROUPS,
    LAST_YEAR,
    STATUS_CHOICES,
    Column,
    Table,
)
from energy.inputs.schema.demand import DEMAND_TABLES
from energy.inputs.schema.grid import (
    CHECK_TABLES,
    GRID_FIRST_YEAR,
    GRID_LAST_YEAR,
    GRID_TABLES,
    OPTIONAL_GRID_TABLES,
)

TABLES: dict[str, Table] = {
    t.name: t for t in (*DEMAND_TABLES, *GRID_TABLES, *OPTIONAL_GRID_TABLES, *CHECK_TABLES)
}
DEMAND_TABLE_NAMES = tuple(t.name for t in DEMAND_TABLES)
GRID_TABLE_NAMES = tuple(t.name for t in GRID_TABLES)

# Sheets written for readers and skipped when reading.
DOCUMENTATION_SHEETS = ("about", "columns")

__all__ = [
    "ALL_CASES",
    "DOCUMENTATION_SHEETS",
    "FIRST_YEAR",
    "GRID_FIRST_YEAR",
    "GRID_LAST_YEAR",
    "GRID_TABLES",
    "GRID_TABLE_NAMES",
    "DEMAND_TABLE_NAMES",
    "IT_GROUPS",
    "LAST_YEAR",
    "STATUS_CHOICES",
    "TABLES",
    "Column",
    "Table",
]
