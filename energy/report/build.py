"""Assemble the scenario report and the comparison report from run tables."""

from __future__ import annotations

import math
import re
import time
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from reportlab.platypus import Paragraph

from energy.atomic import atomic_path
from energy.demand.anchors import lbnl_2028_band
from energy.gc_pause import gc_paused
from energy.report import figures
from energy.report.content import (
    FLAGSHIP,
    HOUSEHOLD_MWH_PER_YEAR,
    IEA_TYPICAL_AI_DC_HOUSEHOLDS,
    INPUTS_FOLDER,
    RunTables,
    ai_centres,
    executive_summary,
)
from energy.report.findings import hourly_check_text, key_years
from energy.report.pdf import STYLES, Markup, Story, title_page

PRICE_REGIONS = ["PJM_DOM", "ERCOT", "SERC_SE", "MISO_C"]


def _inputs_hash(run: RunTables) -> str:
    hashes = run.manifest.get("input_sha256", {})
    return next(
        (v for k, v in hashes.items() if k.endswith(".xlsx")), next(iter(hashes.values()), "")
    )


def _limits_table(run: RunTables, n: int = 8) -> pd.DataFrame:
    limits = run["limits"]
    top = limits[limits["binding"]].dropna(subset=["held_back_mw"])
    top = top[top["held_back_mw"] > 1].head(n)
    return pd.DataFrame(
        {
            "limit": top["family"],
            "where": top["region"],
            "year": top["year"].astype(int),
            "binds from": top["first_binding_year"].astype("Int64").astype(str),
            "held back, MW": top["held_back_mw"],
            "shadow price": [
                f"{p:,.0f} {u}" for p, u in zip(top["shadow_price"], top["unit"], strict=True)
            ],
        }
    )


METRIC_WORDS = {
    "generation_coal": "generation, coal",
    "generation_natural_gas": "generation, natural gas",
    "generation_nuclear": "generation, nuclear",
    "generation_hydro": "generation, hydro",
    "generation_wind": "generation, wind",
    "generation_solar": "generation, solar (utility)",
    "generation_other_renewables": "generation, other renewables",
    "generation_total": "generation, total",
    "co2": "CO2, power sector",
    "co2_coal": "CO2 from coal",
    "co2_natural_gas": "CO2 from natural gas",
    "co2_petroleum": "CO2 from petroleum",
    "capacity_factor_coal": "capacity factor, coal",
    "capacity_factor_gas_cc": "capacity factor, gas CC",
    "capacity_factor_gas_ct": "capacity factor, gas CT (model: CTs and gas steam)",
    "capacity_factor_nuclear": "capacity factor, nuclear",
    "energy_price": "energy price, annual average",
    "adequacy_shortfall": "adequacy shortfall",
    "unserved_load": "load unserved or shed",
}


def _base_year_check(story: Story, run: RunTables) -> None:
    """The 2023 model year beside what happened (backcast.csv), when the run has it."""
    if "backcast" not in run.tables:
        return
    check = run["backcast"]
    story.heading("The base year against what happened (2023)")
    story.para(
        "2023 is history: before the model's later years are trusted, its 2023 year is set beside "
        "what happened (sheet actuals_2023, with sources). National coal generation is matched "
        "by calibration (coal's running-cost adder, sheet technologies), and a fleet given a "
        "least capacity factor from 2023 data (sheet must_run: gas turbines and steam units) is "
        "near its actual by construction; every other row is a check: large differences show where the fleet, its costs or the model's representation "
        "of the year do not yet run as the real system did. The actuals' notes say their scope: "
        "national generation and CO2 are the electric power sector's, as the grid's load is "
        "(factories' own combined heat and power is outside it)." + _largest_regional_misses(check)
    )
    shown = pd.DataFrame(
        {
            "what": check["metric"].map(METRIC_WORDS).fillna(check["metric"]),
            "where": check["region"],
            "model": check["model"].map(lambda v: f"{v:,.3g}" if abs(v) < 10 else f"{v:,.0f}"),
            "2023 actual": check["actual"].map(
                lambda v: f"{v:,.3g}" if abs(v) < 10 else f"{v:,.0f}"
            ),
            "unit": check["unit"],
            "source": check["source_id"],
        }
    )
    story.table(
        shown,
        "The 2023 model year and what happened in 2023 (backcast.csv, which also has the difference, model - actual).",
        [0.3, 0.1, 0.12, 0.13, 0.1, 0.25],
    )


def _largest_regional_misses(check: pd.DataFrame, count: int = 3) -> str:
    """A sentence naming the regional generation rows the model misses by the most TWh: where a
    region's plants run unlike they did, which a national total can hide."""
    regional = check[(check["region"] != "US") & check["metric"].str.startswith("generation_")]
    regional = regional.assign(miss=regional["difference"].abs()).sort_values(
        ["miss", "metric", "region"], ascending=[False, True, True], kind="mergesort"
    )
    worst = regional[regional["miss"] >= 1.0].head(count)
    if worst.empty:
        return ""
    parts = [
        f"{row.region} {METRIC_WORDS.get(row.metric, row.metric).removeprefix('generation, ')} "
        f"{row.model:,.0f} TWh against {row.actual:,.0f}"
        for row in worst.itertuples()
    ]
    return " By region, the model misses most in " + "; ".join(parts) + "."


def _hourly_check(story: Story, run: RunTables) -> None:
    """The plan dispatched over every hour (hourly_check.csv), when the run has it."""
    if "hourly_check" not in run.tables:
        return
    check = run["hourly_check"]
    story.heading("The plan checked hour by hour")
    story.para(
        "The plan is made on a few representative days. Each model year's system as planned "
        "(plants, stores and corridors fixed) is then dispatched over all 8,760 hours of the "
        "weather year, day by day, with the year's load (hourly in load; wind, solar and "
        "thermal availability are the series the slices average, so wind lulls and outage "
        "draws are not yet tested). "
        + hourly_check_text(
            check, run.manifest.get("grid_options", {}).get("keep_days", []), _base_year(run)
        )
    )
    short = check[check["hours_short"] > 0]
    if short.empty:
        return
    shown = pd.DataFrame(
        {
            "plan": short["round"].map(lambda r: "as planned" if r == 0 else f"made again ({r})"),
            "region": short["region"],
            "year": short["year"].astype(int),
            "hours short": short["hours_short"].astype(int),
            "energy short, MWh": short["unserved_mwh"].map(lambda v: f"{v:,.0f}"),
            "largest shortfall, MW": short["largest_shortfall_mw"].map(lambda v: f"{v:,.0f}"),
            "days called it adequate": short["short_though_planned_adequate"].map(
                {True: "yes", False: "no"}
            ),
        }
    )
    story.table(
        shown,
        "Region-years short in some hour when the plan is dispatched hour by hour "
        "(hourly_check.csv has every region and year).",
        [0.16, 0.12, 0.08, 0.12, 0.18, 0.18, 0.16],
    )


def _region_map(story: Story, run: RunTables) -> None:
    """The regions on a map in the key year: what holds load back where, and where it goes."""
    if "regions" not in run.inputs or "relocation" not in run.tables:
        return
    years = list(run.years["year"])
    year = 2030 if 2030 in years else int(years[-1])
    story.heading(f"The map in {year}: what holds load back, and where it goes")
    story.figure(
        figures.region_map(
            year, run["limits"], run["families"], run["relocation"], run.inputs["regions"]
        ),
        f"Each region coloured by the binding limit that holds back the most data-center load "
        f"there in {year} (letter and GW held back when lifted alone); grey: limits bind but none "
        f"alone holds load back; white: no limit binds. Arrows: load relocated from the region "
        f"where it was requested to where it is served (GW, flows of "
        f"{figures.MAP_FLOW_MIN_GW} GW or more). Region shapes: ReEDS balancing areas (NREL, via "
        "PyPSA-USA), dissolved by scripts/region_shapes.py.",
    )
    regions = run.inputs["regions"]
    half = -(-len(regions) // 2)
    left, right = (
        regions.iloc[:half].reset_index(drop=True),
        regions.iloc[half:].reset_index(drop=True),
    )
    names = pd.DataFrame(
        {
            "Region": left["region_id"],
            "Name": left["name"],
            "Region ": right["region_id"].reindex(left.index).fillna(""),
            "Name ": right["name"].reindex(left.index).fillna(""),
        }
    )
    story.table(names, "The 19 regions (sheet regions).", [0.12, 0.38, 0.12, 0.38])


TIME_TO_POWER_REGIONS = ("PJM_DOM", "ERCOT", "PJM_WEST", "SERC_SE", "SW")  # flagship, then markets


def _requested_check(story: Story, run: RunTables) -> None:
    """Requested load beside published forecasts (requested_check.csv), when the run has it."""
    if "requested_check" not in run.tables:
        return
    check = run["requested_check"]
    scale = run["dc_load"].groupby("year")["book_scale"].first()
    years = [y for y in key_years(run.years) if y in scale.index]
    story.heading("Requested load beside published forecasts")
    story.para(
        "Where the projection is requested: each region keeps its 2023 share of the 2023 load. "
        "Regions whose utilities or grid operator report a large-load book (sheet dc_pipeline: "
        "connection capacity by stage, times the stage's probability) share their combined "
        "2023 share of the national growth in proportion to their books; the other regions grow "
        "with the nation, by their 2023 shares. No region gets both, and the regions add up to "
        "the national projection. The books were scaled by "
        + ", ".join(f"{scale[y]:.2f} in {y}" for y in years)
        + " (growth placed by them over their expected load at the utilization): below 1, the "
        "utilities report more than the national projection leaves for them; above 1, less "
        "(their books end before the projection does, so later growth is spread by them too)."
    )
    shown = pd.DataFrame(
        {
            "region": check["region"],
            "year": check["year"].astype(int),
            "published": check["forecaster"],
            "what it counts": check["measure"],
            "published, GW": (check["forecast_mw"] / 1000).map(lambda v: f"{v:,.1f}"),
            "requested here, GW": (check["requested_mw"] / 1000).map(
                lambda v: "" if pd.isna(v) else f"{v:,.1f}"
            ),
        }
    )
    story.table(
        shown,
        "Requested data-center load (average GW; data centers draw flat in the model) beside "
        "published forecasts (requested_check.csv, with sources).",
        [0.12, 0.08, 0.32, 0.2, 0.13, 0.15],
    )


def _time_to_power(story: Story, run: RunTables) -> None:
    """How long a new 1 GW campus waits for power (time_to_power.csv), when the run has it."""
    if "time_to_power" not in run.tables:
        return
    table = run["time_to_power"]
    years = [y for y in key_years(run.years) if y in set(table["year"])]
    rows = table[table["region"].isin(TIME_TO_POWER_REGIONS) & table["year"].isin(years)]
    if rows.empty:
        return

    def years_text(value) -> str:
        return "beyond the horizon" if pd.isna(value) else f"{value:,.1f}"

    story.heading("Time to power")
    story.para(
        "How long a new 1 GW campus requested in a region waits for power: on the grid as the "
        "plan unfolds (the first model year in which the load served there in place reaches "
        "what was requested by then plus the campus: every limit counts), by the utility's "
        "connection queue alone (the load not yet served there plus the campus, over the yearly "
        "connection rate times utilization), and with its own on-site plants (their lead time, "
        "later if the national turbine supply has no room left). Dominion has said new large "
        "connections can take up to seven years."
    )
    shown = pd.DataFrame(
        {
            "region": rows["region"],
            "year requested": rows["year"].astype(int),
            "queue ahead, GW": (rows["backlog_mw"] / 1000).map(lambda v: f"{v:,.1f}"),
            "grid, as planned (years)": rows["wait_grid_years"].map(years_text),
            "grid, by the queue (years)": rows["wait_queue_years"].map(years_text),
            "on site (years)": rows["wait_onsite_years"].map(years_text),
        }
    )
    story.table(
        shown,
        "Years a new 1 GW campus waits for power (time_to_power.csv has every region and year).",
        [0.14, 0.14, 0.14, 0.2, 0.2, 0.18],
    )


def _assumptions(story: Story, run: RunTables) -> None:
    """Key input tables with their sources, as the scenario solved them (after its overrides),
    read from the run folder."""
    story.page_break()
    story.heading("Appendix: key assumptions and their sources")
    inputs = run.inputs
    if "sources" not in inputs:
        story.para(
            f"The run folder holds no {INPUTS_FOLDER}/ tables (written by `energy run`); "
            "run the scenario again to show its assumptions here."
        )
        return
    story.para(
        f"Household equivalents use {HOUSEHOLD_MWH_PER_YEAR * 1000:,.0f} kWh per US home per year "
        "(EIA, 'How much electricity does an American home use?', 2020 residential customers); "
        f"a typical AI-focused data center uses as much as {IEA_TYPICAL_AI_DC_HOUSEHOLDS:,} homes "
        "(IEA, Energy and AI, 2025), i.e. "
        f"{IEA_TYPICAL_AI_DC_HOUSEHOLDS * HOUSEHOLD_MWH_PER_YEAR / 8760:,.0f} MW on average.",
        "small",
    )
    sources = inputs["sources"].set_index("source_id")["citation"]
    used: set[str] = set()

    def show(sheet, columns, caption, widths):
        if sheet not in inputs:
            return
        # an optional column a workbook leaves out (e.g. demand_response_mw) is not shown
        shown = [
            (c, w)
            for c, w in zip([*columns, "source_id"], widths, strict=True)
            if c in inputs[sheet]
        ]
        widths = [w for _c, w in shown]
        frame = inputs[sheet][[c for c, _w in shown]].copy()
        used.update(frame["source_id"])
        frame.columns = [PLAIN_HEADERS.get(c, c.replace("_", " ")) for c in frame.columns]
        story.table(frame, caption, widths)

    show(
        "interconnection",
        ["region_id", "from_year", "connect_mw_per_year", "status"],
        "Large-load interconnection: new data-center connection capacity per year (sheet interconnection).",
        [0.2, 0.15, 0.2, 0.15, 0.3],
    )
    show(
        "reserve_margins",
        ["region_id", "reserve_margin", "demand_response_mw", "status"],
        "Planning reserve margins and the demand response netted from the peak (sheet reserve_margins).",
        [0.2, 0.15, 0.2, 0.15, 0.3],
    )
    show(
        "build_limits",
        ["scope", "group", "from_year", "max_new_mw_per_year", "status"],
        "Build limits: new capacity per year by supply chain (sheet build_limits).",
        [0.12, 0.18, 0.12, 0.2, 0.13, 0.25],
    )
    show(
        "technologies",
        ["tech_id", "lead_time_years", "accreditation", "availability", "lifetime_years"],
        "Technologies: lead time, accreditation (ELCC), availability and life (sheet technologies).",
        [0.18, 0.14, 0.14, 0.14, 0.14, 0.26],
    )
    show(
        "class_ratings",
        ["tech_id", "from_year", "accreditation", "status"],
        "PJM's ELCC class ratings by delivery year, where class ratings count (sheet class_ratings; the technologies sheet's before the first year).",
        [0.2, 0.15, 0.15, 0.15, 0.35],
    )
    show(
        "requirement_factors",
        ["from_year", "accredited_requirement_factor", "status"],
        "PJM's requirement factor by delivery year: forecast pool requirement / 1.146 (sheet requirement_factors; grid_settings' before the first year).",
        [0.2, 0.3, 0.15, 0.35],
    )
    show(
        "grid_settings",
        ["setting", "value", "unit", "status"],
        "Grid settings: discounting, utilization and penalties (sheet grid_settings).",
        [0.3, 0.14, 0.14, 0.14, 0.28],
    )
    cited = pd.DataFrame(
        {"source": sorted(used), "citation": [sources.get(s, "") for s in sorted(used)]}
    )
    story.table(cited, "Sources of the tables above (sheet sources).", [0.22, 0.78])


# the appendix's workbook columns in plain words, with units
PLAIN_HEADERS = {
    "region_id": "region",
    "from_year": "from year",
    "connect_mw_per_year": "new connection capacity, MW/yr",
    "reserve_margin": "reserve margin, share of peak",
    "demand_response_mw": "demand response netted, MW",
    "accredited_requirement_factor": "accredited MW per MW of (1 + margin) x peak",
    "scope": "scope",
    "group": "build group",
    "max_new_mw_per_year": "most new capacity, MW/yr",
    "tech_id": "technology",
    "lead_time_years": "lead time, years",
    "accreditation": "accredited share of capacity",
    "availability": "availability, share of hours",
    "lifetime_years": "life, years",
    "source_id": "source",
}

GLOSSARY = [
    ("requested", "data-center load the demand projection places in a region (average MW or TWh)"),
    ("served in place", "requested load served by the grid in the region where it was requested"),
    ("relocated", "requested load served by the grid in another region (at a cost per MWh)"),
    ("on site", "requested load served by the campus's own gas turbines, behind the meter"),
    ("unserved", "requested load not served at all (at a penalty above any cost of supply)"),
    ("binding", "a limit is binding when the plan sits at it and relaxing it would lower cost"),
    (
        "shadow price",
        "what one more unit of a binding limit is worth in that year (the constraint's dual)",
    ),
    (
        "held back",
        "the data-center load a binding limit keeps from being served in place that year: "
        "measured by lifting that limit alone and solving again",
    ),
    (
        "accredited capacity",
        "what a plant counts for toward the reserve margin (its effective load-carrying "
        "capability: a share of its nameplate)",
    ),
    (
        "national ceiling",
        "the most data-center energy the grid could serve in a year if every region were offered "
        "far more load than requested, at the utilities' connection rates (as connected)",
    ),
    (
        "grid ceiling",
        "the same with every connection rate lifted: what generation, build rates, lead times "
        "and transfers alone allow",
    ),
    (
        "book (large-load)",
        "the large loads a utility or grid operator reports by stage (service agreements, "
        "construction letters, studies); the books decide where the projected growth is requested",
    ),
    (
        "relocation lead time",
        "the years before load can be served in another region than requested: a campus there "
        "has to be built first",
    ),
    (
        "time to power",
        "years a new 1 GW campus requested in a region waits until it is powered",
    ),
]

ASSUMED_OPTIONS = {  # [grid] options page one states, in words
    "allow_relocation": ("relocation to other regions", {True: "allowed", False: "not allowed"}),
    "allow_unserved": (
        "unserved data-center load",
        {True: "allowed at a penalty", False: "not allowed"},
    ),
    "pjm_accreditation_everywhere": (
        "capacity credits",
        {
            True: "PJM's class ratings and requirement in every region (a what-if)",
            False: "each region's own basis: PJM's class ratings in PJM; elsewhere installed "
            "capacity against NERC's reference margin, with the market's or NERC's solar and "
            "wind credits",
        },
    ),
}


def page_one_lines(run: RunTables) -> list[str]:
    """The answer, as the command line and summary.json give it (summary.json's `finding`)."""
    return [line for line in run.summary.get("finding", "").split("\n") if line.strip()]


def _page_one(story: Story, run: RunTables) -> None:
    """Page one answers: the finding per key year, the national chart, what the run assumed."""
    manifest = run.manifest
    start = len(story.flow)
    story.flow.append(Paragraph("Where the AI buildout meets the grid", STYLES["title"]))
    story.para(
        f"Scenario <b>{run.name}</b>: {manifest.get('description') or run.summary['demand_case']}",
        "subtitle",
    )
    story.space(0.2)
    story.heading("The answer", level=2)
    story.bullets([_escape(line) for line in page_one_lines(run)])
    band = lbnl_2028_band(run.inputs["anchors"]) if "anchors" in run.inputs else None
    story.figure(
        figures.trajectory(run.years, run.tables.get("frontier"), band, height_in=2.0),
        "US data-center electricity: requested, served (anywhere and where requested) and the "
        "national ceiling, TWh per year"
        + (
            f"; LBNL's 2024 range for 2028 ({band[0]:.0f}-{band[1]:.0f} TWh) shaded."
            if band
            else "."
        ),
    )
    grid = manifest.get("grid_options", {})
    years = grid.get("years") or list(run.years["year"])
    assumed = [
        f"Demand case <b>{run.summary['demand_case']}</b>; model years {', '.join(map(str, years))}.",
        "; ".join(
            f"{label} {words.get(bool(grid[key]), grid[key])}"
            for key, (label, words) in ASSUMED_OPTIONS.items()
            if key in grid
        )
        + (_move_lead_text(run) if grid.get("allow_relocation") else "")
        + ".",
        f"Inputs: {Path(str(manifest.get('workbook', ''))).name} (SHA-256 {_inputs_hash(run)[:16]}...); "
        f"energy {manifest['versions'].get('energy', '')}, {manifest['versions'].get('solver', '')}, "
        f"Pyomo {manifest['versions'].get('pyomo', '')}; generated {date.today().isoformat()}.",
    ]
    story.heading("What the run assumed", level=2)
    story.bullets(assumed)
    story.fit_page(start)
    story.page_break()


def _grid_settings(run: RunTables) -> pd.Series:
    """The run's grid settings (setting -> value) as it solved them; empty without its inputs."""
    if "grid_settings" not in run.inputs:
        return pd.Series(dtype=float)
    return run.inputs["grid_settings"].set_index("setting")["value"]


def _base_year(run: RunTables) -> int | None:
    """The run's base year (grid setting), when its inputs are at hand."""
    settings = _grid_settings(run)
    return int(float(settings["base_year"])) if "base_year" in settings.index else None


def _destinations(story: Story, run: RunTables, chosen: list[int]) -> None:
    """Where moved load goes in the key years, beside the room each destination's campus
    pipeline leaves it (dc_load.csv: relocated_in_mw, move_room_mw)."""
    dc = run["dc_load"]
    dc = dc[dc["year"].isin(chosen)]
    hosts = sorted(dc.loc[dc["relocated_in_mw"] > 50, "region"].unique())
    if not hosts or "move_room_mw" not in dc:
        return
    rows = dc[dc["region"].isin(hosts)].set_index(["region", "year"])
    table = pd.DataFrame({"region": hosts})
    for year in chosen:
        for label, column in (("moved in", "relocated_in_mw"), ("room", "move_room_mw")):
            table[f"{label} {year}"] = [
                _gw(rows[column].get((region, year), float("nan"))) for region in hosts
            ]
    story.table(
        table,
        "Where load that cannot be served where requested goes: load moved into each region "
        "(GW, average) beside the room its campus pipeline leaves after its own requested growth "
        "(its utilities' large-load book, or its market inventory; dc_load.csv move_room_mw). "
        "A region with no room takes none.",
    )


def _gw(mw: float) -> str:
    """Average MW as GW for a table cell; a dash where there is no value."""
    return "-" if pd.isna(mw) else f"{mw / 1000:,.2f}"


def _move_lead_text(run: RunTables) -> str:
    """When load may first move (decision year + relocation lead time) and what a move costs,
    from the run's inputs."""
    settings = _grid_settings(run)
    if not {"relocation_lead_time_years", "decision_year"} <= set(settings.index):
        return ""
    lead = math.ceil(float(settings["relocation_lead_time_years"]))
    first = int(float(settings["decision_year"])) + lead
    costs = ""
    if {"relocation_site_cost_usd_per_mw", "relocation_cost_usd_per_mwh"} <= set(settings.index):
        site = float(settings["relocation_site_cost_usd_per_mw"]) / 1e6
        per_mwh = float(settings["relocation_cost_usd_per_mwh"])
        costs = (
            f"; a second campus site costs {site:.2f} million USD per MW of campus once, and "
            f"each MWh served away {per_mwh:g} USD"
        )
    limits = run.tables.get("limits")
    if limits is not None and (limits["family"] == "destination market").any():
        costs += (
            "; moved load goes only where a region's campus pipeline (its utilities' large-load "
            "book or its market inventory) has sites left after its own growth"
        )
    return f" (a move takes {lead} years: none before {first}{costs})"


def _anchor(term: str) -> str:
    return "glossary-" + re.sub(r"[^a-z]+", "-", term.lower()).strip("-")


def link_terms(text: str) -> str:
    """The first use of each glossary term in `text` (outside markup and other links) links to
    its entry in the glossary."""
    for term, _ in sorted(GLOSSARY, key=lambda entry: -len(entry[0])):
        parts = re.split(r"(<[^>]*>)", text)
        inside = 0  # within an <a ...> ... </a>
        for i, part in enumerate(parts):
            if part.startswith("<a "):
                inside += 1
            elif part.startswith("</a"):
                inside -= 1
            if part.startswith("<") or inside:
                continue
            found = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", part)
            if found:
                link = f'<a href="#{_anchor(term)}" color="#0072B2">{found.group(0)}</a>'
                parts[i] = part[: found.start()] + link + part[found.end() :]
                break
        text = "".join(parts)
    return text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def scenario_report(run: RunTables, target: Path) -> float:
    """Write the scenario's PDF report to `target` (atomically); seconds taken."""
    started = time.perf_counter()
    years = run.years
    story = Story(f"energy: {run.name}")
    _page_one(story, run)
    story.heading("Executive summary")
    story.bullets([link_terms(line) for line in executive_summary(run)])
    story.space()
    summary_table = years.assign(share=years["share_of_us_electricity"] * 100)[
        [
            "year",
            "requested_twh",
            "served_twh",
            "relocated_twh",
            "unserved_twh",
            "national_ceiling_twh",
            "grid_ceiling_twh",
            "share",
        ]
    ]
    summary_table.columns = [
        "year",
        "requested, TWh",
        "served, TWh",
        "relocated, TWh",
        "unserved, TWh",
        "ceiling as connected, TWh",
        "grid ceiling, TWh",
        "served, % of US electricity",
    ]
    summary_table["year"] = summary_table["year"].astype(int).astype(str)
    for column in summary_table.columns[1:-1]:  # TWh to one decimal, as in summary.json
        summary_table[column] = summary_table[column].map(
            lambda v: "" if v is None or v != v else f"{v:,.1f}"
        )
    summary_table[summary_table.columns[-1]] = summary_table[summary_table.columns[-1]].map(
        lambda v: f"{v:.2f}"
    )
    story.table(summary_table, "National data-center electricity by model year (summary.json).")
    story.table(
        pd.DataFrame(
            [
                (Markup(f'<a name="{_anchor(term)}"/>{_escape(term)}'), words)
                for term, words in GLOSSARY
            ],
            columns=["Term", "What it means here"],
            dtype=object,  # keeps each term's Markup (a string column would drop it)
        ),
        "Glossary.",
        [0.2, 0.8],
    )

    story.heading("Where load is served, moved or lost")
    chosen = key_years(years)
    story.figure(
        figures.regional_balance(run["dc_load"], chosen),
        f"Requested data-center load by region in {' and '.join(map(str, chosen))}: served where "
        "requested, relocated to another region, and unserved (TWh).",
    )
    _requested_check(story, run)
    _time_to_power(story, run)
    _region_map(story, run)
    wide = run["dc_load"].pivot_table(
        index="region", columns="year", values="displaced_twh", aggfunc="sum"
    )
    wide = wide[wide.max(axis=1) > 0.05]
    if len(wide):
        shown = wide.reset_index()
        shown.columns = ["region", *[str(c) for c in wide.columns]]
        for column in shown.columns[1:]:
            shown[column] = shown[column].map(lambda v: f"{v:,.1f}")
        story.table(
            shown,
            "Requested data-center load not served where requested (relocated away or unserved), "
            "TWh, by region and model year (regions with any).",
        )
    _destinations(story, run, chosen)
    story.page_break()
    story.heading("Which limits bind, where and when")
    story.para(
        "Each coloured cell shows the binding limit that holds back the most data-center load in "
        "that region and year (measured by lifting that limit alone and re-solving); the letter "
        "names the limit and the number is the load it holds back in GW. A corridor limit is shown "
        "in the importing region. Grey cells: limits bind (they have value), but lifting any one of "
        "them alone frees no data-center load. Empty cells: no binding regional limit."
    )
    story.figure(
        figures.limits_map(run["limits"], run["families"]),
        "Binding limits by region and model year, by type; numbers are GW of data-center load held back.",
    )
    table = _limits_table(run)
    if len(table):
        story.table(
            table,
            "Binding limits holding back the most data-center load (limits.csv): where, from which "
            "year, the load held back when lifted alone, and the value of relaxing it by one unit.",
            [0.22, 0.16, 0.08, 0.1, 0.13, 0.31],
        )
    story.heading(f"Northern Virginia ({FLAGSHIP})")
    dc = run["dc_load"]
    dom = dc[dc["region"] == FLAGSHIP].set_index("year")
    if len(dom):
        story.figure(
            figures.region_detail(dc, run["limits"], FLAGSHIP, run["families"]),
            f"{FLAGSHIP}: requested load, load served in place and connection capacity (left, GW); "
            "load held back by each binding limit when lifted alone (right, GW).",
        )
        lines = []
        for year in chosen:
            row = dom.loc[year]
            lines.append(
                f"{year}: {row.requested_mw / 1000:,.1f} GW requested (average load), "
                f"{row.in_place_mw / 1000:,.1f} GW served there, {row.relocated_out_mw / 1000:,.1f} GW "
                f"relocated and {row.unserved_mw / 1000:,.1f} GW unserved; connection capacity "
                f"{row.connected_mw / 1000:,.1f} GW. The displaced load equals about "
                f"{ai_centres(row.relocated_out_mw + row.unserved_mw):,.0f} typical AI data centers."
            )
        story.bullets(lines)
    story.heading("What gets built, and the resulting mix")
    story.figure(
        figures.capacity_and_mix(run["capacity"], run["generation_mix"]),
        "New capacity entering service per model year by technology (left, GW; a model year "
        "stands for the calendar years up to the next one) and generation by technology (right, TWh).",
    )
    story.heading("Prices and emissions")
    regions = [r for r in PRICE_REGIONS if r in set(run["prices"]["region"])]
    story.figure(
        figures.prices(run["prices"], regions),
        "Energy price (load-weighted dual of the energy balance, USD/MWh) and capacity price "
        "(dual of the reserve-margin constraint, USD/kW-yr, log scale) in selected regions.",
    )
    story.figure(
        figures.emissions(run["national"]),
        "Power-sector CO2 emissions (Mt per year) and total generation (TWh per year).",
    )
    _base_year_check(story, run)
    _hourly_check(story, run)
    _assumptions(story, run)
    with atomic_path(target) as tmp:
        story.write(tmp, f"scenario {run.name}")
    return time.perf_counter() - started


def comparison_report(names: list[str], table: pd.DataFrame, target: Path) -> float:
    """One PDF comparing scenarios (compare_table rows): national TWh side by side and each
    scenario's top limits; seconds taken."""
    started = time.perf_counter()
    story = Story("energy: " + " vs ".join(names))
    title_page(
        story,
        "Scenario comparison",
        [f"Scenarios: {', '.join(names)}", f"energy {version('energy')}"],
    )
    story.heading("Summary")
    lines = []
    for year in key_years(table):
        t = table[table["year"] == year].set_index("scenario")
        for name in names:
            row = t.loc[name]
            lines.append(
                f"{year}, {name}: {row.requested_twh:,.1f} TWh requested, {row.served_twh:,.1f} TWh served "
                f"({row.relocated_twh:,.1f} relocated), {row.unserved_twh:,.1f} TWh unserved."
            )
    story.bullets(lines)
    for year in key_years(table):
        story.figure(
            figures.scenario_comparison(table, year),
            f"Data-center load by scenario in {year}: served where requested, relocated, unserved (TWh).",
        )
    story.page_break()
    story.heading("Top limits per scenario")
    shown = table[["scenario", "year", "top_limits"]].copy()
    shown["year"] = shown["year"].astype(str)
    shown = shown[shown["top_limits"].fillna("").str.len() > 0]
    story.table(
        shown,
        "The three binding limits holding back the most load per scenario and year (lifted alone).",
        [0.2, 0.08, 0.72],
    )
    wide = table[
        ["scenario", "year", "requested_twh", "served_twh", "relocated_twh", "unserved_twh"]
    ].copy()
    wide["year"] = wide["year"].astype(str)
    story.table(wide, "National data-center electricity by scenario and model year (TWh).")
    with atomic_path(target) as tmp:
        story.write(tmp, "scenario comparison")
    return time.perf_counter() - started


@gc_paused()
def write_report(folder: Path) -> float:
    """report.pdf inside a run's folder, from the tables there; seconds taken."""
    from energy.report.content import read_run

    folder = Path(folder)
    return scenario_report(read_run(folder), folder / "report.pdf")
