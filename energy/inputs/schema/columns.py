"""Declarative schema of every input table: columns, units, ranges, keys and references.

The schema drives validation (energy.inputs.validate), the template workbook and the `columns`
documentation sheet, so a column is described once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_YEAR = 2014
LAST_YEAR = 2035
ALL_CASES = "all"

STATUS_CHOICES = ("confirmed", "secondary", "derived", "assumption", "calibrated")
COMPONENTS_SERVER = ("conventional_servers", "ai_servers")
COMPONENTS_EQUIPMENT = ("storage", "network")
IT_GROUPS = ("conventional", "ai")
ANCHOR_METRICS = (
    "total_twh",
    "share_of_us_electricity",
    "ai_servers_twh",
    "national_pue",
    "infrastructure_share",
    "ai_share_of_server_energy",
)
CALIBRATION_PARAMETERS = (
    "conventional_power_scale",
    "conventional_power_growth",
    "conventional_shipment_scale",
    "conventional_shipment_growth",
    "us_share_of_global_ai_shipments",
    "ai_shipment_scale",
    "ai_power_scale",
)


@dataclass(frozen=True)
class Column:
    """One column: its type, unit, allowed range or choices, and what it refers to."""

    name: str
    kind: str  # "str", "int", "float", "year"
    unit: str = ""
    description: str = ""
    required: bool = True
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    choices: tuple[str, ...] | None = None
    ref: str | None = None  # "sheet.column" whose values this column must take
    allow_all: bool = False  # the value "all" is accepted besides the references

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("int", "float", "year")

    def expectation(self) -> str:
        """Plain words for what a valid cell holds, used in error messages."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.kind == "year":
            return f"a year from {int(self.min)} to {int(self.max)}"
        what = "a whole number" if self.kind == "int" else "a number"
        if self.min is not None and self.max is not None:
            if self.min_exclusive:
                return f"{what} > {self.min:g} and ≤ {self.max:g}"
            return f"{what} from {self.min:g} to {self.max:g}"
        if self.min is not None:
            return f"{what} {'>' if self.min_exclusive else '≥'} {self.min:g}"
        if self.kind == "str":
            return "text"
        return what


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook (or one CSV file of a folder)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional: bool = False
    may_be_empty: bool = False
    wide_ref: str | None = (
        None  # "sheet.column": one extra numeric column per value (e.g. per region)
    )
    wide_column: Column | None = None  # how each extra column is checked
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def year_column(name: str = "year", lo: int = FIRST_YEAR, hi: int = LAST_YEAR, **kw) -> Column:
    return Column(
        name, "year", "year", kw.pop("description", "calendar year"), min=lo, max=hi, **kw
    )


def case_column() -> Column:
    return Column(
        "case",
        "str",
        "",
        "demand case this row belongs to, or 'all' for every case (a case row replaces an 'all' row of the same key and year)",
        ref="cases.case_id",
        allow_all=True,
    )


def status_column() -> Column:
    return Column(
        "status",
        "str",
        "",
        "how the number was obtained: confirmed (the source itself), secondary (quoted by a third party), derived (arithmetic on sources), assumption, calibrated",
        choices=STATUS_CHOICES,
    )


def source_column() -> Column:
    return Column(
        "source_id",
        "str",
        "",
        "the source of this row, in the sources sheet",
        ref="sources.source_id",
    )


def note_column() -> Column:
    return Column("note", "str", "", "free text", required=False)
