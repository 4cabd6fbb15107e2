"""Declarative schema of every input table: columns, units, ranges, keys and references.

The schema drives validation (energy.validate), the template workbook and the `columns`
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


def _year(name: str = "year", lo: int = FIRST_YEAR, hi: int = LAST_YEAR, **kw) -> Column:
    return Column(
        name, "year", "year", kw.pop("description", "calendar year"), min=lo, max=hi, **kw
    )


def _case() -> Column:
    return Column(
        "case",
        "str",
        "",
        "demand case this row belongs to, or 'all' for every case (a case row replaces an 'all' row of the same key and year)",
        ref="cases.case_id",
        allow_all=True,
    )


def _status() -> Column:
    return Column(
        "status",
        "str",
        "",
        "how the number was obtained: confirmed (the source itself), secondary (quoted by a third party), derived (arithmetic on sources), assumption, calibrated",
        choices=STATUS_CHOICES,
    )


def _source() -> Column:
    return Column(
        "source_id",
        "str",
        "",
        "the source of this row, in the sources sheet",
        ref="sources.source_id",
    )


def _note() -> Column:
    return Column("note", "str", "", "free text", required=False)


SOURCES = Table(
    "sources",
    "Every public source the workbook's numbers come from.",
    (
        Column("source_id", "str", "", "short id used by other sheets"),
        Column("citation", "str", "", "authors, title, publisher, year, page/table/figure"),
        Column("used_for", "str", "", "which sheets and numbers it supports"),
        _status(),
        _note(),
    ),
    key=("source_id",),
)

CASES = Table(
    "cases",
    "Demand cases; each selects its rows from the case-keyed sheets.",
    (
        Column("case_id", "str", "", "case name used by scenarios and case columns"),
        Column("description", "str", "", "what the case represents"),
        _source(),
    ),
    key=("case_id",),
)

SERVER_CLASSES = Table(
    "server_classes",
    "Server classes: volume (conventional) servers and AI servers by accelerator generation.",
    (
        Column("class_id", "str", "", "server class name"),
        Column(
            "component",
            "str",
            "",
            "which demand component the class belongs to",
            choices=COMPONENTS_SERVER,
        ),
        Column("description", "str", "", "what the class contains"),
        Column(
            "shipments_scope",
            "str",
            "",
            "us: shipments are US units; global: worldwide units scaled by the calibrated US share",
            choices=("us", "global"),
        ),
        Column(
            "accelerators_per_server",
            "float",
            "accelerators/server",
            "GPUs or ASICs per server (0 for volume servers)",
            min=0,
            max=72,
        ),
        Column(
            "max_power_w",
            "float",
            "W/server",
            "maximum (full-load) power draw of one server",
            min=0,
            min_exclusive=True,
            max=200_000,
        ),
        Column(
            "idle_power_fraction",
            "float",
            "share",
            "idle draw as a share of maximum draw",
            min=0,
            max=1,
        ),
        Column(
            "lifetime_years",
            "float",
            "years",
            "mean service life of a shipped server",
            min=0,
            min_exclusive=True,
            max=30,
        ),
        Column(
            "survival_shape",
            "float",
            "",
            "Weibull shape of the survival curve (higher = retirements bunched at the mean life)",
            min=0,
            min_exclusive=True,
            max=50,
        ),
        _status(),
        _source(),
        _note(),
    ),
    key=("class_id",),
)

SHIPMENTS = Table(
    "shipments",
    "Servers shipped per year and class (every year from the first to the last projection year).",
    (
        _case(),
        Column("class_id", "str", "", "server class", ref="server_classes.class_id"),
        _year(),
        Column(
            "shipments_thousand",
            "float",
            "thousand servers/yr",
            "servers shipped in the year (US, or worldwide where the class says global)",
            min=0,
        ),
        _status(),
        _source(),
        _note(),
    ),
    key=("case", "class_id", "year"),
)

UTILIZATION = Table(
    "utilization",
    "Average utilization per server class and year; values between listed years are interpolated linearly, and held flat beyond the first and last listed years.",
    (
        _case(),
        Column("class_id", "str", "", "server class", ref="server_classes.class_id"),
        _year(),
        Column(
            "utilization",
            "float",
            "share",
            "average utilization (0-1); power = max × (idle + (1 − idle) × utilization)",
            min=0,
            max=1,
        ),
        _status(),
        _source(),
        _note(),
    ),
    key=("case", "class_id", "year"),
)

EQUIPMENT = Table(
    "equipment",
    "Storage and network equipment types.",
    (
        Column("equipment_id", "str", "", "equipment type"),
        Column("component", "str", "", "demand component", choices=COMPONENTS_EQUIPMENT),
        Column("description", "str", "", "what is counted"),
        _source(),
    ),
    key=("equipment_id",),
)

EQUIPMENT_STOCK = Table(
    "equipment_stock",
    "Installed storage drives and network ports with their average power; interpolated between listed years.",
    (
        _case(),
        Column("equipment_id", "str", "", "equipment type", ref="equipment.equipment_id"),
        _year(),
        Column(
            "installed_million_units",
            "float",
            "million units",
            "installed drives or ports in US data centers",
            min=0,
        ),
        Column(
            "power_w_per_unit",
            "float",
            "W/unit",
            "average operational power per drive or port",
            min=0,
        ),
        _status(),
        _source(),
        _note(),
    ),
    key=("case", "equipment_id", "year"),
)

SPACE_TYPES = Table(
    "space_types",
    "Kinds of data-center space, each with its own PUE.",
    (
        Column("space_type_id", "str", "", "space type"),
        Column("description", "str", "", "what it covers"),
        _source(),
    ),
    key=("space_type_id",),
)

SPACE_TYPE_SHARES = Table(
    "space_type_shares",
    "Share of each IT group's energy in each space type; shares of a group add up to 1 in every listed year; interpolated between listed years.",
    (
        _case(),
        Column(
            "it_group",
            "str",
            "",
            "conventional (volume servers, storage, network) or ai (AI servers)",
            choices=IT_GROUPS,
        ),
        Column("space_type_id", "str", "", "space type", ref="space_types.space_type_id"),
        _year(),
        Column(
            "share",
            "float",
            "share",
            "share of the group's IT energy in this space type",
            min=0,
            max=1,
        ),
        _status(),
        _source(),
        _note(),
    ),
    key=("case", "it_group", "space_type_id", "year"),
)

PUE = Table(
    "pue",
    "Power usage effectiveness (facility energy / IT energy) per space type; interpolated between listed years.",
    (
        _case(),
        Column("space_type_id", "str", "", "space type", ref="space_types.space_type_id"),
        _year(),
        Column("pue", "float", "ratio", "PUE of the space type", min=1.0, max=3.0),
        _status(),
        _source(),
        _note(),
    ),
    key=("case", "space_type_id", "year"),
)

US_ELECTRICITY = Table(
    "us_electricity",
    "Total US electricity consumption (the denominator of the data-center share); interpolated between listed years.",
    (
        _case(),
        _year(),
        Column(
            "us_electricity_twh", "float", "TWh/yr", "US electricity end use", min=1000, max=20000
        ),
        _status(),
        _source(),
        _note(),
    ),
    key=("case", "year"),
)

ANCHORS = Table(
    "anchors",
    "Published figures the projection is checked against (regression tests and `energy demand --explain`).",
    (
        Column("anchor_id", "str", "", "anchor name"),
        _case(),
        _year(),
        Column("metric", "str", "", "what is compared", choices=ANCHOR_METRICS),
        Column("value", "float", "TWh, share or ratio", "published value (shares as 0-1)", min=0),
        Column("tolerance", "float", "same unit or share", "allowed distance", min=0),
        Column(
            "tolerance_kind",
            "str",
            "",
            "relative (share of the value) or absolute (in the metric's unit)",
            choices=("relative", "absolute"),
        ),
        Column(
            "bound",
            "str",
            "",
            "eq: within tolerance; ge / le: the projection must be at least / at most the value",
            choices=("eq", "ge", "le"),
        ),
        Column(
            "role",
            "str",
            "",
            "regression: the projection must meet it (tests enforce it); comparison: shown for context (another study or vintage)",
            choices=("regression", "comparison"),
        ),
        _source(),
        _note(),
    ),
    key=("anchor_id",),
)

CALIBRATION = Table(
    "calibration",
    "Calibrated levers: each is solved so that its target anchor is met; `energy demand --explain` re-derives them. A *_scale lever multiplies its quantity in every year of its window; a *_growth lever multiplies it by value^(years into the window), and the factor reached at the window's end holds afterwards.",
    (
        Column("parameter", "str", "", "which lever is calibrated", choices=CALIBRATION_PARAMETERS),
        _case(),
        _year("first_year", description="first year the parameter applies to"),
        _year("last_year", description="last year the parameter applies to"),
        Column(
            "target_anchor_id",
            "str",
            "",
            "the anchor the parameter is solved for",
            ref="anchors.anchor_id",
        ),
        Column(
            "value", "float", "multiplier", "calibrated value", min=0, min_exclusive=True, max=100
        ),
        _status(),
        _note(),
    ),
    key=("parameter", "case", "first_year"),
    may_be_empty=True,
)

DEMAND_TABLES: tuple[Table, ...] = (
    SOURCES,
    CASES,
    SERVER_CLASSES,
    SHIPMENTS,
    UTILIZATION,
    EQUIPMENT,
    EQUIPMENT_STOCK,
    SPACE_TYPES,
    SPACE_TYPE_SHARES,
    PUE,
    US_ELECTRICITY,
    ANCHORS,
    CALIBRATION,
)

TABLES: dict[str, Table] = {t.name: t for t in DEMAND_TABLES}

from energy.schema_grid import GRID_TABLES  # noqa: E402  (grid tables reuse the helpers above)

TABLES.update({t.name: t for t in GRID_TABLES})
GRID_TABLE_NAMES = tuple(t.name for t in GRID_TABLES)

# Sheets written for readers and skipped when reading.
DOCUMENTATION_SHEETS = ("about", "columns")
