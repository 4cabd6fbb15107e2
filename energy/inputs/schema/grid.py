"""Schema of the grid sheets: regions and load, fleet and technologies, corridors, data-center siting."""

from __future__ import annotations

from energy.inputs.schema.columns import Column, Table, note_column, source_column, status_column

GRID_FIRST_YEAR, GRID_LAST_YEAR = 2023, 2035
YES_NO = ("yes", "no")


def _region(name: str = "region_id", **kw) -> Column:
    return Column(
        name, "str", "", kw.pop("description", "model region"), ref="regions.region_id", **kw
    )


def _tech(**kw) -> Column:
    return Column("tech_id", "str", "", "technology", ref="technologies.tech_id", **kw)


def _gyear(name: str = "year", **kw) -> Column:
    return Column(
        name,
        "year",
        "year",
        kw.pop("description", "calendar year"),
        min=GRID_FIRST_YEAR,
        max=GRID_LAST_YEAR,
        **kw,
    )


def _tail() -> tuple[Column, ...]:
    return (status_column(), source_column(), note_column())


REGIONS = Table(
    "regions",
    "Model regions: a partition of the lower 48 states (PJM_DOM is Dominion / Northern Virginia).",
    (
        Column("region_id", "str", "", "short upper-case region code"),
        Column("name", "str", "", "region name"),
        Column("states", "str", "", "states (or parts) in the region"),
        Column(
            "latitude",
            "float",
            "degrees N",
            "latitude of a representative city (solar geometry)",
            min=20,
            max=50,
        ),
        Column(
            "longitude",
            "float",
            "degrees E",
            "longitude of a representative city (negative = west)",
            min=-130,
            max=-60,
        ),
        Column(
            "capacity_market",
            "str",
            "",
            "the market whose regions are accredited together (PJM, MISO, SPP): they share one "
            "curve of new solar's marginal capacity credit; blank: the region alone",
            required=False,
        ),
        *_tail(),
    ),
    key=("region_id",),
)

REGION_LOAD = Table(
    "region_load",
    "Total 2023 load per region (including the data centers there in 2023) and its other-load growth.",
    (
        _region(),
        Column(
            "annual_load_2023_twh",
            "float",
            "TWh",
            "2023 load, all customers, as EIA-930 recorded it; a check: hourly_load must sum to it (within 1%)",
            min=0,
            min_exclusive=True,
        ),
        Column(
            "peak_load_2023_mw",
            "float",
            "MW",
            "2023 peak of the region, as EIA-930 recorded it; a check: hourly_load's maximum must equal it (within 1%)",
            min=0,
            min_exclusive=True,
        ),
        Column(
            "other_load_growth_per_year",
            "float",
            "share/yr",
            "growth of load other than data centers",
            min=-0.1,
            max=0.2,
        ),
        *_tail(),
    ),
    key=("region_id",),
)

DC_LOAD_2023 = Table(
    "dc_load_2023",
    "Each region's share of national data-center electricity in 2023 (shares add up to 1).",
    (
        _region(),
        Column(
            "share_of_national",
            "float",
            "share",
            "share of US data-center energy in 2023",
            min=0,
            max=1,
        ),
        *_tail(),
    ),
    key=("region_id",),
)

RESERVE_MARGINS = Table(
    "reserve_margins",
    "Planning reserve margin per region (share of peak load).",
    (
        _region(),
        Column("reserve_margin", "float", "share", "planning reserve margin", min=0, max=1),
        Column(
            "accreditation_basis",
            "str",
            "",
            "how capacity counts against the margin: class_ratings (PJM's ELCC class ratings and "
            "requirement factor) or installed (NERC's LTRA: net capacity, variable resources at "
            "their expected share at the peak, factor 1); blank: class_ratings",
            choices=("class_ratings", "installed"),
            required=False,
        ),
        Column(
            "demand_response_mw",
            "float",
            "MW",
            "controllable, dispatchable demand response netted from the peak the margin is "
            "counted on (NERC's net internal demand); blank: none",
            min=0,
            required=False,
        ),
        *_tail(),
    ),
    key=("region_id",),
)

HOURLY_LOAD = Table(
    "hourly_load",
    "2023 hourly load per region (MW, hour-beginning UTC), one column per region; includes 2023 data centers.",
    (
        Column(
            "hour", "int", "hour", "hour of 2023 from 0 (1 Jan 00:00 UTC) to 8759", min=0, max=8759
        ),
    ),
    key=("hour",),
    wide_ref="regions.region_id",
    wide_column=Column("<region>", "float", "MW", "load of the region in the hour", min=0),
)

TECHNOLOGIES = Table(
    "technologies",
    "Generation and storage technologies, existing and new.",
    (
        Column("tech_id", "str", "", "technology"),
        Column("buildable", "str", "", "can new capacity be built", choices=YES_NO),
        Column("fuel_id", "str", "", "fuel burnt, or 'none'", ref="fuels.fuel_id"),
        Column(
            "lifetime_years",
            "float",
            "years",
            "economic life for the capital recovery factor",
            min=1,
            max=100,
        ),
        Column(
            "lead_time_years", "float", "years", "years from a decision to service", min=0, max=20
        ),
        Column(
            "accreditation",
            "float",
            "share",
            "share of capacity counted for adequacy",
            min=0,
            max=1,
        ),
        Column(
            "accreditation_summer",
            "float",
            "share",
            "share counted against the summer (May-October) peak; blank: accreditation",
            min=0,
            max=1,
            required=False,
        ),
        Column(
            "accreditation_winter",
            "float",
            "share",
            "share counted against the winter (November-April) peak; blank: accreditation",
            min=0,
            max=1,
            required=False,
        ),
        Column(
            "accreditation_installed",
            "float",
            "share",
            "share counted where a region's margin counts installed capacity (reserve_margins: "
            "accreditation_basis = installed); blank: the class rating",
            min=0,
            max=1,
            required=False,
        ),
        Column(
            "availability",
            "float",
            "share",
            "share of capacity available in any hour (annual capacity factor for hydro and other renewables without a profile)",
            min=0,
            max=1,
        ),
        Column(
            "storage_hours",
            "float",
            "h",
            "hours of storage at full power (0 = not storage)",
            min=0,
            max=100,
        ),
        Column(
            "round_trip_efficiency",
            "float",
            "share",
            "storage round-trip efficiency (1 for generators)",
            min=0,
            min_exclusive=True,
            max=1,
        ),
        Column(
            "profile",
            "str",
            "",
            "hourly availability profile: none, solar or wind",
            choices=("none", "solar", "wind"),
        ),
        Column(
            "build_group",
            "str",
            "",
            "supply chain shared with other technologies, for build limits (e.g. gas_turbine)",
        ),
        Column(
            "energy_limited",
            "str",
            "",
            "yes: may run at full output in any hour, but each day's energy is at most availability x capacity x 24 h (hydro)",
            choices=YES_NO,
        ),
        Column(
            "forced_outage_rate",
            "float",
            "share",
            "forced outage rate (EFORd); when given, availability is the annual mean: 1 - this rate in every hour, less planned outages scheduled in each region's weeks of lowest net load, load less its wind and solar (levelized reserves)",
            required=False,
            min=0,
            max=1,
        ),
        Column(
            "running_cost_adder_usd_per_mwh",
            "float",
            "USD2023/MWh",
            "calibrated running cost on top of fuel and variable O&M (what unit-level costs the data lack, e.g. plant-specific fuel contracts); blank = 0",
            required=False,
            min=-100,
            max=100,
        ),
        Column(
            "onsite",
            "str",
            "",
            "yes on at most one technology: the plant that serves data-center campuses on site, behind the meter (no grid connection needed; drawn from its build group's national supply)",
            required=False,
            choices=YES_NO,
        ),
        Column(
            "retires_early",
            "str",
            "",
            "yes (default): the fleet in service in the base year may retire before its announced date when its going-forward cost exceeds its value; no: it runs to its announced retirement (contracted or long-lived fleets)",
            required=False,
            choices=YES_NO,
        ),
        Column(
            "reserve_capable",
            "str",
            "",
            "can hold operating reserves (headroom that can be dispatched within the hour): yes for thermal, hydro and storage",
            required=False,
            choices=YES_NO,
        ),
        Column(
            "reported_as",
            "str",
            "",
            "the technology this is a vintage of, for tables, figures and the base-year check (e.g. gas_cc for gas_cc_existing); blank = itself",
            required=False,
        ),
        Column(
            "costs_as",
            "str",
            "",
            "the technology whose technology_costs rows this one uses (e.g. wind for a tranche of new wind, wind_new_2); blank = its own rows",
            required=False,
        ),
        *_tail(),
    ),
    key=("tech_id",),
)

TECHNOLOGY_COSTS = Table(
    "technology_costs",
    "Costs and heat rate of new and existing capacity per technology and year (2023 USD); interpolated between listed years.",
    (
        _tech(),
        _gyear(),
        Column(
            "capex_usd_per_kw",
            "float",
            "USD2023/kW",
            "overnight capital cost of a new build",
            min=0,
        ),
        Column(
            "fixed_om_usd_per_kw_yr",
            "float",
            "USD2023/kW-yr",
            "fixed operation and maintenance",
            min=0,
        ),
        Column(
            "variable_om_usd_per_mwh",
            "float",
            "USD2023/MWh",
            "variable operation and maintenance",
            min=0,
        ),
        Column(
            "heat_rate_mmbtu_per_mwh",
            "float",
            "MMBtu/MWh",
            "fuel burnt per MWh (0 without fuel)",
            min=0,
            max=30,
        ),
        *_tail(),
    ),
    key=("tech_id", "year"),
)

FUELS = Table(
    "fuels",
    "Fuels and their CO2 content.",
    (
        Column("fuel_id", "str", "", "fuel"),
        Column(
            "co2_kg_per_mmbtu",
            "float",
            "kg CO2/MMBtu",
            "CO2 emitted per unit of fuel heat",
            min=0,
            max=200,
        ),
        *_tail(),
    ),
    key=("fuel_id",),
)

FUEL_PRICES = Table(
    "fuel_prices",
    "Delivered fuel prices per region and year (2023 USD); interpolated between listed years.",
    (
        _region(),
        Column("fuel_id", "str", "", "fuel", ref="fuels.fuel_id"),
        _gyear(),
        Column("price_usd_per_mmbtu", "float", "USD2023/MMBtu", "delivered price", min=0, max=100),
        *_tail(),
    ),
    key=("region_id", "fuel_id", "year"),
)

FLEET = Table(
    "fleet",
    "Existing capacity per region and technology at the start of the first model year (net summer MW).",
    (
        _region(),
        _tech(),
        Column("capacity_mw", "float", "MW", "net summer capacity", min=0),
        Column(
            "heat_rate_mmbtu_per_mwh",
            "float",
            "MMBtu/MWh",
            "average net heat rate of this region's units of the technology (blank = the technology's, from technology_costs)",
            required=False,
            min=3,
            max=30,
        ),
        *_tail(),
    ),
    key=("region_id", "tech_id"),
)

FLEET_CHANGES = Table(
    "fleet_changes",
    "Announced additions (+) and retirements (−) entering or leaving service in a year.",
    (
        _region(),
        _tech(),
        _gyear(),
        Column(
            "change_mw",
            "float",
            "MW",
            "capacity added (+) or retired (−) from this year on",
            min=-1e6,
            max=1e6,
        ),
        *_tail(),
    ),
    key=("region_id", "tech_id", "year"),
)

RENEWABLE_RESOURCE = Table(
    "renewable_resource",
    "Annual capacity factors of solar PV and wind per region (profiles are scaled to them).",
    (
        _region(),
        Column(
            "solar_cf",
            "float",
            "share",
            "annual capacity factor of utility-scale PV",
            min=0,
            max=0.5,
        ),
        Column(
            "wind_cf", "float", "share", "annual capacity factor of onshore wind", min=0, max=0.7
        ),
        *_tail(),
    ),
    key=("region_id",),
)

WIND_MONTHLY = Table(
    "wind_monthly",
    "Monthly shape of wind output (capacity factor of the month relative to the year).",
    (
        Column("month", "int", "", "month 1-12", min=1, max=12),
        Column("relative_cf", "float", "ratio", "month CF / annual CF", min=0, max=3),
        *_tail(),
    ),
    key=("month",),
)

CORRIDORS = Table(
    "corridors",
    "Directed transfer capability between neighbouring regions and the cost of adding more.",
    (
        _region("from_region", description="sending region"),
        _region("to_region", description="receiving region"),
        Column("transfer_capability_mw", "float", "MW", "simultaneous transfer capability", min=0),
        Column(
            "expansion_cost_usd_per_mw",
            "float",
            "USD2023/MW",
            "capital cost of one more MW of transfer capability",
            min=0,
        ),
        Column(
            "expansion_lead_time_years",
            "float",
            "years",
            "years from a decision to a new line in service",
            min=0,
            max=30,
        ),
        Column(
            "loss_share", "float", "share", "share of the power sent that is lost", min=0, max=0.5
        ),
        *_tail(),
    ),
    key=("from_region", "to_region"),
)

INTERCONNECTION = Table(
    "interconnection",
    "Data-center connection capacity each region's utilities can add per year, from the listed year on.",
    (
        _region(),
        _gyear(
            "from_year", description="first year this rate applies (until the next listed year)"
        ),
        Column(
            "connect_mw_per_year",
            "float",
            "MW/yr",
            "new data-center connection capacity per year",
            min=0,
        ),
        Column(
            "connect_mw_per_year_low",
            "float",
            "MW/yr",
            "low end of what is published (a sweep may draw between low and high)",
            min=0,
        ),
        Column(
            "connect_mw_per_year_high",
            "float",
            "MW/yr",
            "high end of what is published (a sweep may draw between low and high)",
            min=0,
        ),
        *_tail(),
    ),
    key=("region_id", "from_year"),
)

PIPELINE_STAGES = Table(
    "pipeline_stages",
    "Stages of the data-center pipeline and the share of each that is expected to be built.",
    (
        Column("stage", "str", "", "pipeline stage"),
        Column("probability", "float", "share", "share expected to come online", min=0, max=1),
        *_tail(),
    ),
    key=("stage",),
)

DC_PIPELINE = Table(
    "dc_pipeline",
    "Large-load books utilities and grid operators report, by region and stage (MW of connection capacity); a region with rows here is sited by its book.",
    (
        _region(),
        Column("stage", "str", "", "pipeline stage", ref="pipeline_stages.stage"),
        Column("capacity_mw", "float", "MW", "connection capacity in this stage", min=0),
        Column("reported_by", "str", "", "the utility or grid operator whose book this is"),
        *_tail(),
    ),
    key=("region_id", "stage", "reported_by"),
)

BUILD_LIMITS = Table(
    "build_limits",
    "Maximum new capacity per year: per region, or nationwide with region 'US' (supply chains).",
    (
        Column("scope", "str", "", "a region_id, or US for a national limit"),
        Column(
            "group",
            "str",
            "",
            "build_group of the technologies limited together (sheet technologies)",
        ),
        _gyear(
            "from_year", description="first year this limit applies (until the next listed year)"
        ),
        Column(
            "max_new_mw_per_year",
            "float",
            "MW/yr",
            "largest new capacity entering service in one year",
            min=0,
        ),
        *_tail(),
    ),
    key=("scope", "group", "from_year"),
)

ACTUALS_2023 = Table(
    "actuals_2023",
    "What happened in 2023, the model's base year, for the base-year check (backcast.csv).",
    (
        Column(
            "metric",
            "str",
            "",
            "what is compared",
            choices=(
                "generation_coal",
                "generation_natural_gas",
                "generation_nuclear",
                "generation_hydro",
                "generation_wind",
                "generation_solar",
                "generation_other_renewables",
                "generation_total",
                "co2",
                "co2_coal",
                "co2_natural_gas",
                "co2_petroleum",
                "capacity_factor_coal",
                "capacity_factor_gas_cc",
                "capacity_factor_gas_ct",
                "capacity_factor_nuclear",
                "energy_price",
                "unserved_load",
                "adequacy_shortfall",
            ),
        ),
        Column("region", "str", "", "US, or the market the value is for (e.g. PJM)"),
        Column(
            "model_regions",
            "str",
            "",
            "the model regions the value covers, separated by spaces, or US",
        ),
        Column("value", "float", "", "the 2023 value (unit in the unit column)"),
        Column("unit", "str", "", "unit of the value"),
        *_tail(),
    ),
    key=("metric", "region"),
)

DC_FORECASTS = Table(
    "dc_forecasts",
    "Published data-center load forecasts by region, set beside the requested load the siting rule gives (requested_check.csv).",
    (
        _region(),
        _gyear(description="year the forecast is for"),
        Column("forecast_mw", "float", "MW", "the forecast load", min=0),
        Column(
            "measure",
            "str",
            "",
            "what the figure counts",
            choices=("data-center load", "large loads energized"),
        ),
        Column("forecaster", "str", "", "who published it, and in which forecast"),
        *_tail(),
    ),
    key=("region_id", "year", "forecaster"),
)

GRID_SETTINGS = Table(
    "grid_settings",
    "Scalars of the grid model (penalties are explicit choices, not facts).",
    (
        Column(
            "setting",
            "str",
            "",
            "setting name",
            choices=(
                "discount_rate",
                "dc_utilization",
                "relocation_cost_usd_per_mwh",
                "unserved_dc_penalty_usd_per_mwh",
                "shed_load_penalty_usd_per_mwh",
                "adequacy_shortfall_penalty_usd_per_mw_yr",
                "accredited_requirement_factor",
                "decision_year",
                "early_retirement_from_year",
                "base_year",
                "retirement_deferral_usd_per_kw_yr",
                "retirement_deferral_max_years",
                "household_kwh_per_year",
                "onsite_capacity_per_mw_load",
                "relocation_cost_usd_per_mwh_per_1000_km",
                "relocation_lead_time_years",
                "relocation_site_cost_usd_per_mw",
                "relocation_site_life_years",
            ),
        ),
        Column("value", "float", "", "value (unit in the unit column)"),
        Column("unit", "str", "", "unit of the value", required=False),
        *_tail(),
    ),
    key=("setting",),
)

OPERATING_RESERVES = Table(
    "operating_reserves",
    "Operating-reserve requirement per region and the price of running short of it (one step of a reserve demand curve, as ERCOT's ORDC and PJM's penalty factors).",
    (
        _region(),
        Column(
            "requirement_share_of_peak",
            "float",
            "share",
            "headroom reserve-capable plants keep in every hour, as a share of the region's peak load",
            min=0,
            max=0.5,
        ),
        Column(
            "shortage_price_usd_per_mwh",
            "float",
            "USD/MWh",
            "cost of each MWh of headroom missing (the scarcity adder it puts on energy prices)",
            min=0,
            max=100000,
        ),
        *_tail(),
    ),
    key=("region_id",),
)

CARBON_PRICES = Table(
    "carbon_prices",
    "Carbon allowance prices that power plants in a region pay per tonne of CO2 (RGGI, California cap-and-trade); interpolated between listed years, flat outside; a region without rows pays none.",
    (
        _region(),
        _gyear(),
        Column(
            "price_usd_per_t_co2",
            "float",
            "USD2023/t CO2",
            "allowance price per metric tonne of CO2, added to running costs (emission rate x price)",
            min=0,
            max=1000,
        ),
        *_tail(),
    ),
    key=("region_id", "year"),
)

RESOURCE_SUPPLY = Table(
    "resource_supply",
    "Where new wind and solar can go: per region and tranche technology, the most capacity its sites hold and their capacity factor (a supply curve); a technology listed here cannot be built in a region without a row.",
    (
        _region(),
        _tech(),
        Column(
            "capacity_mw",
            "float",
            "MW",
            "most capacity of this tranche the region's sites hold (AC)",
            min=0,
            max=10_000_000,
        ),
        Column(
            "capacity_factor",
            "float",
            "share",
            "annual capacity factor of the tranche's sites (its hourly profile is scaled to it)",
            min=0.01,
            max=0.8,
        ),
        *_tail(),
    ),
    key=("region_id", "tech_id"),
)

TAX_CREDITS = Table(
    "tax_credits",
    "Federal investment tax credits in law for new plants, by the year they enter service: the share of capital cost the credit returns, net of what financing it costs; a technology or year without a row gets none.",
    (
        _tech(),
        _gyear(
            "first_service_year", description="first year a plant entering service gets the credit"
        ),
        _gyear(
            "last_service_year", description="last year a plant entering service gets the credit"
        ),
        Column(
            "itc_share",
            "float",
            "share",
            "share of the capital cost returned (credit rate x (1 - tax-equity cost))",
            min=0,
            max=0.7,
        ),
        *_tail(),
    ),
    key=("tech_id", "first_service_year"),
)

ACCREDITATION_TRANCHES = Table(
    "accreditation_tranches",
    "Declining capacity credit: a technology's accreditation times a factor that falls as its capacity grows as a share of the region's peak (each tranche up to the listed share; the last tranche takes the rest).",
    (
        _tech(),
        Column(
            "share_of_peak_up_to",
            "float",
            "share",
            "upper edge of the tranche: the technology's capacity as a share of the region's peak load",
            min=0,
            max=100,
        ),
        Column(
            "credit_factor",
            "float",
            "ratio",
            "multiplies the technology's accreditation for capacity in this tranche",
            min=0,
            max=1,
        ),
        *_tail(),
    ),
    key=("tech_id", "share_of_peak_up_to"),
)

REGIONAL_ACCREDITATION = Table(
    "regional_accreditation",
    "A region's own seasonal capacity credit for a technology (its market's or its NERC assessment area's; optionally from a year on), used in place of the technologies sheet's (e.g. solar against a summer-peaking market's afternoon peak; [grid] pjm_accreditation_everywhere = true ignores it); the row also covers the technologies reported as it (its new-build vintages and tranches).",
    (
        _region(),
        _tech(),
        Column(
            "season",
            "str",
            "",
            "the peak the credit counts against: summer (May-October) or winter (November-April)",
            choices=("summer", "winter"),
        ),
        Column(
            "accreditation",
            "float",
            "share",
            "share of the capacity counted against the region's peak in that season",
            min=0,
            max=1,
        ),
        _gyear(
            "from_year",
            description="first model year the credit applies, until the next row's (blank: from the first); e.g. a fleet ELCC that falls as the fleet grows",
            required=False,
        ),
        *_tail(),
    ),
    key=("region_id", "tech_id", "season", "from_year"),
)

CLASS_RATINGS = Table(
    "class_ratings",
    "A technology's class rating (ELCC) by delivery year, where class ratings count (PJM's regions; every region with [grid] pjm_accreditation_everywhere = true): from the listed year until the next, in place of the technologies sheet's accreditation (and its seasonal values) in both seasons; before the first listed year the technologies sheet's holds. The row also covers the technologies reported as it (its existing fleet, new-build vintages and tranches).",
    (
        _tech(),
        _gyear(
            "from_year",
            description="first model year the rating applies: the delivery year that starts that summer (PJM's 2027/2028 is 2027)",
        ),
        Column(
            "accreditation",
            "float",
            "share",
            "share of the capacity counted against the requirement (the class's ELCC rating)",
            min=0,
            max=1,
        ),
        *_tail(),
    ),
    key=("tech_id", "from_year"),
)

REQUIREMENT_FACTORS = Table(
    "requirement_factors",
    "The accredited requirement factor by delivery year, where class ratings count: accredited (ELCC) MW needed per MW of (1 + reserve margin) x peak, from the listed year until the next, in place of grid_settings' accredited_requirement_factor (which holds before the first listed year); PJM's forecast pool requirement divided by (1 + its NERC reference margin).",
    (
        _gyear(
            "from_year",
            description="first model year the factor applies: the delivery year that starts that summer",
        ),
        Column(
            "accredited_requirement_factor",
            "float",
            "ratio",
            "accredited MW needed per MW of (1 + reserve margin) x peak",
            min=0,
            max=2,
            min_exclusive=True,
        ),
        *_tail(),
    ),
    key=("from_year",),
)

IMPORT_LIMITS = Table(
    "import_limits",
    "Most capacity a region may count as firm imports in its reserve margin: a published import limit such as PJM's capacity emergency transfer limit (CETL) of a locational deliverability area; from the listed year until the next; a region without rows is limited by its corridors only.",
    (
        _region(),
        _gyear(
            "from_year",
            description="first year (delivery year starting that summer) this limit applies",
        ),
        Column(
            "firm_import_limit_mw",
            "float",
            "MW",
            "firm imports the region may count toward its reserve margin, over all corridors",
            min=0,
            max=1_000_000,
        ),
        Column(
            "counts_new_lines_from",
            "str",
            "",
            "regions (space-separated) whose new lines into this region raise its limit by their capability; blank = none",
            required=False,
        ),
        *_tail(),
    ),
    key=("region_id", "from_year"),
)

MUST_RUN = Table(
    "must_run",
    "Least share of the year an existing fleet runs, per region (capacity factor): what it ran for reasons a zonal least-cost dispatch does not see (load pockets, must-run commitments, ramps and starts), e.g. gas turbines and gas steam units at their 2023 capacity factor; a floor on energy, every model year, on the capacity still in service.",
    (
        _region(),
        _tech(),
        Column(
            "min_capacity_factor",
            "float",
            "share",
            "generation over the year at least this share of the capacity in service x 8,760 h",
            min=0,
            max=1,
        ),
        *_tail(),
    ),
    key=("region_id", "tech_id"),
)

DC_MARKETS = Table(
    "dc_markets",
    "Data-center markets per region, as brokers' market inventories count them (IT MW): where a region is listed, its markets' campus pipeline (under construction + planned, x PUE) replaces its large-load book (sheet dc_pipeline) as the sites its own growth and load moved in from elsewhere share. A region with neither a book nor a market takes no moved load.",
    (
        _region(),
        Column("market", "str", "", "the market as the inventory names it (e.g. Atlanta)"),
        Column(
            "operational_mw",
            "float",
            "MW",
            "IT capacity in operation (for reference; not used)",
            min=0,
            max=1_000_000,
            required=False,
        ),
        Column(
            "under_construction_mw",
            "float",
            "MW",
            "IT capacity under construction: part of the pipeline (missing = 0)",
            min=0,
            max=1_000_000,
            required=False,
        ),
        Column(
            "planned_mw",
            "float",
            "MW",
            "IT capacity planned (land secured or announced, not yet under construction): part of the pipeline",
            min=0,
            max=1_000_000,
        ),
        Column(
            "pue",
            "float",
            "ratio",
            "facility MW per IT MW of a new campus: turns IT MW into connection capacity",
            min=1,
            max=3,
        ),
        Column("as_of", "str", "", "date of the inventory", required=False),
        *_tail(),
    ),
    key=("region_id", "market"),
)

GRID_TABLES: tuple[Table, ...] = (
    REGIONS,
    REGION_LOAD,
    DC_LOAD_2023,
    RESERVE_MARGINS,
    HOURLY_LOAD,
    TECHNOLOGIES,
    TECHNOLOGY_COSTS,
    FUELS,
    FUEL_PRICES,
    FLEET,
    FLEET_CHANGES,
    RENEWABLE_RESOURCE,
    WIND_MONTHLY,
    CORRIDORS,
    INTERCONNECTION,
    PIPELINE_STAGES,
    DC_PIPELINE,
    BUILD_LIMITS,
    GRID_SETTINGS,
)
# grid sheets a run uses when present: without operating_reserves no reserves are required,
# without carbon_prices no plant pays for its CO2, without import_limits only corridors limit
# firm imports, without resource_supply new wind and solar have the region's renewable_resource
# capacity factor and no limit, without accreditation_tranches every MW has its full credit,
# without tax_credits no plant gets a tax credit, without regional_accreditation every region
# counts the technologies sheet's accreditation, without class_ratings and requirement_factors
# class ratings and PJM's requirement factor are the same in every year, without must_run every
# plant runs only when the dispatch chooses it, without dc_markets each region's large-load book
# is its campus pipeline
OPTIONAL_GRID_TABLES: tuple[Table, ...] = (
    OPERATING_RESERVES,
    CARBON_PRICES,
    IMPORT_LIMITS,
    RESOURCE_SUPPLY,
    ACCREDITATION_TRANCHES,
    REGIONAL_ACCREDITATION,
    CLASS_RATINGS,
    REQUIREMENT_FACTORS,
    TAX_CREDITS,
    MUST_RUN,
    DC_MARKETS,
)
# sheets a run uses when present (the base-year check), not needed to solve
CHECK_TABLES: tuple[Table, ...] = (ACTUALS_2023, DC_FORECASTS)
for _t in (*GRID_TABLES, *OPTIONAL_GRID_TABLES, *CHECK_TABLES):
    object.__setattr__(
        _t, "optional", True
    )  # a demand-only workbook stays valid; `energy run` requires them
