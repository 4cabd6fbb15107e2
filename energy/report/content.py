"""What the reports say: result tables read back from a run's folder, and the sentences of the
executive summary generated from them (every number comes from the tables)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from energy.errors import EnergyError
from energy.report.findings import FLAGSHIP, key_years
from energy.results.limits import acting_on, worth_text

# EIA FAQ "How much electricity does an American home use?": 10,715 kWh per residential
# customer in 2020 (https://www.eia.gov/tools/faqs/faq.php?id=97).
HOUSEHOLD_MWH_PER_YEAR = 10.715
# IEA, Energy and AI (Apr 2025): "a typical AI-focused data centre consumes as much electricity
# as 100 000 households"; the largest under construction will use 20 times as much.
IEA_TYPICAL_AI_DC_HOUSEHOLDS = 100_000
TABLES = (
    "national",
    "dc_load",
    "limits",
    "capacity",
    "generation_mix",
    "prices",
    "frontier",
    "relocation",
    "families",
    "backcast",
    "hourly_check",
    "time_to_power",
    "requested_check",
)
# input tables (after the scenario's overrides) that the run writes for the report's appendix
INPUT_TABLES = (
    "regions",
    "interconnection",
    "reserve_margins",
    "build_limits",
    "technologies",
    "class_ratings",
    "requirement_factors",
    "grid_settings",
    "anchors",
    "sources",
)
INPUTS_FOLDER = "inputs"


@dataclass
class RunTables:
    """A solved scenario as written by `energy run`: its tables, summary and manifest."""

    folder: Path
    summary: dict
    manifest: dict
    tables: dict[str, pd.DataFrame]
    inputs: dict[str, pd.DataFrame]  # the scenario's input tables the appendix shows

    @property
    def name(self) -> str:
        return self.summary["scenario"]

    @property
    def years(self) -> pd.DataFrame:
        return pd.DataFrame(self.summary["years"]).drop(columns=["top_limits"])

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def read_run(folder: Path) -> RunTables:
    """Read the tables a run wrote; a clear error if the folder is not a complete run."""
    folder = Path(folder)
    missing = [
        n for n in ("summary.json", "manifest.json", "national.csv") if not (folder / n).exists()
    ]
    if missing:
        raise EnergyError(
            f"{folder} is not a finished run (missing {', '.join(missing)}); run `energy run` first"
        )
    tables = {
        name: pd.read_csv(folder / f"{name}.csv")
        for name in TABLES
        if (folder / f"{name}.csv").exists()
    }
    used = folder / INPUTS_FOLDER
    inputs = {
        name: pd.read_csv(used / f"{name}.csv")
        for name in INPUT_TABLES
        if (used / f"{name}.csv").exists()
    }
    return RunTables(
        folder,
        json.loads((folder / "summary.json").read_text()),
        json.loads((folder / "manifest.json").read_text()),
        tables,
        inputs,
    )


def households(twh: float) -> float:
    """US homes whose yearly use equals `twh` (EIA: 10,715 kWh per home)."""
    return twh * 1e6 / HOUSEHOLD_MWH_PER_YEAR


def ai_centres(mw: float) -> float:
    """Typical AI-focused data centres (IEA: 100,000 homes each) drawing `mw` on average."""
    mw_each = IEA_TYPICAL_AI_DC_HOUSEHOLDS * HOUSEHOLD_MWH_PER_YEAR / 8760
    return mw / mw_each


def _first_limit(limits: pd.DataFrame, region: str) -> pd.Series | None:
    """The first binding limit in `region` that holds back load (else the first binding one)."""
    here = acting_on(limits, region)
    if not len(here):
        return None
    holding = here[here["held_back_mw"].fillna(0) > 1.0]
    pool = holding if len(holding) else here
    return pool.sort_values(["year", "held_back_mw"], ascending=[True, False]).iloc[0]


def executive_summary(run: RunTables) -> list[str]:
    """Sentences for the executive summary, every figure taken from the run's tables."""
    years = run.years.set_index("year")
    requested_share = run["national"].set_index("year")["requested_share_of_us_electricity"]
    dc = run["dc_load"]
    limits = run["limits"]
    out = []
    for year in key_years(run.years):
        y = years.loc[year]
        onsite = float(y.get("onsite_twh", 0.0))
        in_place = y.served_twh - y.relocated_twh - onsite
        text = (
            f"In {year} data centers request {y.requested_twh:,.1f} TWh "
            f"({requested_share[year]:.1%} of US electricity, "
            f"the use of about {households(y.requested_twh) / 1e6:,.0f} million homes); "
            f"the grid serves {in_place:,.1f} TWh where it is requested, "
            f"{y.relocated_twh:,.1f} TWh in other regions"
            + (f", on-site plants {onsite:,.1f} TWh" if onsite > 0.05 else "")
            + f", and {y.unserved_twh:,.1f} TWh goes unserved."
        )
        if pd.notna(y.get("national_ceiling_twh")):
            text += (
                f" The most the grid could serve in {year} (the national ceiling) is "
                f"{y.national_ceiling_twh:,.1f} TWh at the utilities' connection rates"
                + (
                    f", {y.grid_ceiling_twh:,.1f} TWh if they connected without limit."
                    if pd.notna(y.get("grid_ceiling_twh"))
                    else "."
                )
            )
        out.append(text)
    first = _first_limit(limits, FLAGSHIP)
    if first is not None:
        text = (
            f"In Northern Virginia ({FLAGSHIP}) the first limit to hold back load is the "
            f"{first.family} limit, from {int(first.year)}"
        )
        if pd.notna(first.held_back_mw) and first.held_back_mw > 1:
            text += (
                f", when it holds back {first.held_back_mw:,.0f} MW (about "
                f"{ai_centres(first.held_back_mw):,.0f} typical AI data centers)"
            )
        text += f"; {worth_text(first)} that year."
        out.append(text)
    for year in key_years(run.years):
        entry = next(e for e in run.summary["years"] if e["year"] == year)
        top = [t for t in entry["top_limits"] if t["held_back_mw"]]
        if top:
            parts = [
                f"{t['family']} in {t['region']} ({t['held_back_mw']:,.0f} MW)" for t in top[:3]
            ]
            out.append(
                f"The limits holding back the most load in {year}, each lifted alone: "
                + "; ".join(parts)
                + "."
            )
    worst = dc.groupby("region")["displaced_twh"].sum().sort_values(ascending=False)
    if len(worst) and worst.iloc[0] > 0.05:
        out.append(
            f"Over all model years, most displaced load is requested in {worst.index[0]}"
            + (f", then {worst.index[1]}" if len(worst) > 1 and worst.iloc[1] > 0.05 else "")
            + "."
        )
    return out
