"""Schema of the demand sheets: sources, cases, server classes, shipments, PUE, anchors, calibration."""

from __future__ import annotations

from energy.inputs.schema.columns import (
    ANCHOR_METRICS,
    CALIBRATION_PARAMETERS,
    COMPONENTS_EQUIPMENT,
    COMPONENTS_SERVER,
    IT_GROUPS,
    Column,
    Table,
    case_column,
    note_column,
    source_column,
    status_column,
    year_column,
)

SOURCES = Table(
    "sources",
    "Every public source the workbook's numbers come from.",
    (
        Column("source_id", "str", "", "short id used by other sheets"),
        Column("citation", "str", "", "authors, title, publisher, year, page/table/figure"),
        Column("used_for", "str", "", "which sheets and numbers it supports"),
        status_column(),
        note_column(),
    ),
    key=("source_id",),
)

CASES = Table(
    "cases",
    "Demand cases; each selects its rows from the case-keyed sheets.",
    (
        Column("case_id", "str", "", "case name used by scenarios and case columns"),
        Column("description", "str", "", "what the case represents"),
        source_column(),
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
        status_column(),
        source_column(),
        note_column(),
    ),
    key=("class_id",),
)

SHIPMENTS = Table(
    "shipments",
    "Servers shipped per year and class (every year from the first to the last projection year).",
    (
        case_column(),
        Column("class_id", "str", "", "server class", ref="server_classes.class_id"),
        year_column(),
        Column(
            "shipments_thousand",
            "float",
            "thousand servers/yr",
            "servers shipped in the year (US, or worldwide where the class says global)",
            min=0,
        ),
        status_column(),
        source_column(),
        note_column(),
    ),
    key=("case", "class_id", "year"),
)

UTILIZATION = Table(
    "utilization",
    "Average utilization per server class and year; values between listed years are interpolated linearly, and held flat beyond the first and last listed years.",
    (
        case_column(),
        Column("class_id", "str", "", "server class", ref="server_classes.class_id"),
        year_column(),
        Column(
            "utilization",
            "float",
            "share",
            "average utilization (0-1); power = max × (idle + (1 − idle) × utilization)",
            min=0,
            max=1,
        ),
        status_column(),
        source_column(),
        note_column(),
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
        source_column(),
    ),
    key=("equipment_id",),
)

EQUIPMENT_STOCK = Table(
    "equipment_stock",
    "Installed storage drives and network ports with their average power; interpolated between listed years.",
    (
        case_column(),
        Column("equipment_id", "str", "", "equipment type", ref="equipment.equipment_id"),
        year_column(),
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
        status_column(),
        source_column(),
        note_column(),
    ),
    key=("case", "equipment_id", "year"),
)

SPACE_TYPES = Table(
    "space_types",
    "Kinds of data-center space, each with its own PUE.",
    (
        Column("space_type_id", "str", "", "space type"),
        Column("description", "str", "", "what it covers"),
        source_column(),
    ),
    key=("space_type_id",),
)

SPACE_TYPE_SHARES = Table(
    "space_type_shares",
    "Share of each IT group's energy in each space type; shares of a group add up to 1 in every listed year; interpolated between listed years.",
    (
        case_column(),
        Column(
            "it_group",
            "str",
            "",
            "conventional (volume servers, storage, network) or ai (AI servers)",
            choices=IT_GROUPS,
        ),
        Column("space_type_id", "str", "", "space type", ref="space_types.space_type_id"),
        year_column(),
        Column(
            "share",
            "float",
            "share",
            "share of the group's IT energy in this space type",
            min=0,
            max=1,
        ),
        status_column(),
        source_column(),
        note_column(),
    ),
    key=("case", "it_group", "space_type_id", "year"),
)

PUE = Table(
    "pue",
    "Power usage effectiveness (facility energy / IT energy) per space type; interpolated between listed years.",
    (
        case_column(),
        Column("space_type_id", "str", "", "space type", ref="space_types.space_type_id"),
        year_column(),
        Column("pue", "float", "ratio", "PUE of the space type", min=1.0, max=3.0),
        status_column(),
        source_column(),
        note_column(),
    ),
    key=("case", "space_type_id", "year"),
)

US_ELECTRICITY = Table(
    "us_electricity",
    "Total US electricity consumption (the denominator of the data-center share); interpolated between listed years.",
    (
        case_column(),
        year_column(),
        Column(
            "us_electricity_twh", "float", "TWh/yr", "US electricity end use", min=1000, max=20000
        ),
        status_column(),
        source_column(),
        note_column(),
    ),
    key=("case", "year"),
)

ANCHORS = Table(
    "anchors",
    "Published figures the projection is checked against (regression tests and `energy demand --explain`).",
    (
        Column("anchor_id", "str", "", "anchor name"),
        case_column(),
        year_column(),
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
        source_column(),
        note_column(),
    ),
    key=("anchor_id",),
)

CALIBRATION = Table(
    "calibration",
    "Calibrated levers: each is solved so that its target anchor is met; `energy demand --explain` re-derives them. A *_scale lever multiplies its quantity in every year of its window; a *_growth lever multiplies it by value^(years into the window), and the factor reached at the window's end holds afterwards.",
    (
        Column("parameter", "str", "", "which lever is calibrated", choices=CALIBRATION_PARAMETERS),
        case_column(),
        year_column("first_year", description="first year the parameter applies to"),
        year_column("last_year", description="last year the parameter applies to"),
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
        status_column(),
        note_column(),
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
