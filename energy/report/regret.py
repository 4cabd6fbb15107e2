"""The bubble question's report pages: regret of a plan in each realized demand case, stranded
capacity by region, and a hedged plan beside the deterministic ones (from their tables)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from energy.atomic import atomic_path
from energy.report.figures import PALETTE, TECH_COLORS, _figure, _years_axis, styled
from energy.report.pdf import Story, title_page

BN = 1000.0  # million USD per billion


@styled
def regret_by_year(regret: pd.DataFrame) -> Figure:
    """Regret (million USD a year) and stranded capacity (GW) by year, one line per realized case."""
    fig, (left, right) = _figure(2.6, 2)
    for i, (realized, rows) in enumerate(regret.groupby("realized", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        left.plot(rows["year"], rows["regret_musd"] / BN, marker="o", color=colour, label=realized)
        right.plot(rows["year"], rows["stranded_gw"], marker="s", color=colour, label=realized)
    left.set_ylabel("regret, bn USD a year")
    right.set_ylabel("stranded new capacity, GW")
    for ax in (left, right):
        _years_axis(ax, sorted(regret["year"].unique()), rotate=True)
    left.axhline(0, color="#444444", linewidth=0.6)
    left.legend(title="demand that came", frameon=False)
    return fig


@styled
def stranded_by_region(stranded: pd.DataFrame, year: int) -> Figure:
    """Stranded new capacity in `year` by region, stacked by technology, per realized case."""
    rows = stranded[stranded["year"] == year]
    cases = list(dict.fromkeys(rows["realized"]))
    fig, axes = _figure(2.8, max(1, len(cases)))
    for ax, case in zip(axes, cases or [None], strict=False):
        part = rows[rows["realized"] == case]
        table = part.pivot_table(
            index="region", columns="reported_as", values="stranded_mw", aggfunc="sum"
        ).fillna(0.0)
        bottom = np.zeros(len(table))
        for tech in table.columns:
            ax.barh(
                table.index,
                table[tech] / 1000,
                left=bottom,
                color=TECH_COLORS.get(tech, "#bbbbbb"),
                label=tech,
                edgecolor="white",
                linewidth=0.4,
            )
            bottom += table[tech].to_numpy() / 1000
        ax.set_xlabel(f"GW stranded in {year}")
        ax.set_title(f"{case} came" if case else "nothing stranded")
        if len(table.columns):
            ax.legend(frameon=False, loc="lower right")
    return fig


@styled
def plans_side_by_side(plans: pd.DataFrame) -> Figure:
    """New capacity each plan commits by the decision year, by technology (GW)."""
    built = plans[plans["variable"] == "build"]
    table = built.pivot_table(index="plan", columns="kind", values="mw", aggfunc="sum").fillna(0.0)
    table = table.reindex(list(dict.fromkeys(plans["plan"]))).fillna(0.0)
    fig, axes = _figure(2.6)
    ax = axes[0]
    bottom = np.zeros(len(table))
    for i, kind in enumerate(table.columns):
        colour = TECH_COLORS.get(kind, PALETTE[i % len(PALETTE)])
        ax.bar(table.index, table[kind] / 1000, bottom=bottom, color=colour, label=kind)
        bottom += table[kind].to_numpy() / 1000
    ax.set_ylabel("new capacity committed, GW")
    ax.legend(frameon=False, ncols=2, fontsize=7)
    return fig


def regret_report(folder: Path, tables: dict[str, pd.DataFrame], sentences: list[str]) -> float:
    """report.pdf for `energy regret`: the answer in sentences, regret and stranded capacity."""
    started = time.perf_counter()
    regret, stranded, totals = tables["regret"], tables["stranded"], tables["totals"]
    plan = str(totals["plan"].iloc[0])
    story = Story(f"energy regret: built for {plan}")
    title_page(
        story,
        "What is stranded if the demand does not come",
        [f"Plan: {plan}", f"Realized demand: {', '.join(totals['realized'])}"],
    )
    story.heading("The answer")
    story.bullets(sentences or ["Only the plan's own demand was given: nothing to compare."])
    story.para(
        "Regret is the cost of meeting the demand that came with the plan's decisions (taken "
        "up to the decision year, before the demand is known) above the cost of planning for "
        "that demand from the start. Stranded capacity is new capacity the plan committed that "
        "the realized case would not have built there; its cost is the capital recovery and "
        "fixed O&M of that capacity, spread over every MWh of load to give the cost per "
        "household."
    )
    shown = totals.assign(
        cost_bn_usd=totals["cost_pv_musd"] / BN,
        own_cost_bn_usd=totals["own_cost_pv_musd"] / BN,
        regret_bn_usd=totals["regret_pv_musd"] / BN,
    )[["realized", "cost_bn_usd", "own_cost_bn_usd", "regret_bn_usd"]]
    shown.columns = [
        "Demand that came",
        "Cost with the plan (bn USD, PV)",
        "Cost if planned for it (bn USD, PV)",
        "Regret (bn USD, PV)",
    ]
    story.table(
        shown, f"The plan for {plan} in each realized case: present values over the horizon."
    )
    story.figure(
        regret_by_year(regret),
        "Regret by model year (left) and new capacity stranded (right), per realized case.",
    )
    years = sorted(stranded["year"].unique())
    if years:
        year = 2030 if 2030 in years else years[-1]
        story.figure(
            stranded_by_region(stranded, year),
            f"Stranded new capacity in {year} by region and technology, per realized case.",
        )
    with atomic_path(Path(folder) / "report.pdf") as tmp:
        story.write(tmp, f"regret of the plan for {plan}")
    return time.perf_counter() - started


def hedge_report(folder: Path, tables: dict[str, pd.DataFrame], sentences: list[str]) -> float:
    """report.pdf for `energy hedge`: EVPI, VSS and the hedged plan beside the others."""
    started = time.perf_counter()
    costs, plans = tables["hedge_costs"], tables["hedge_plan"]
    story = Story("energy hedge")
    title_page(
        story,
        "A plan that hedges across demand cases",
        [
            f"Demand cases: {', '.join(f'{s} ({w:.0%})' for s, w in zip(costs['scenario'], costs['weight'], strict=True))}"
        ],
    )
    story.heading("The answer")
    story.bullets(sentences)
    shown = costs.assign(
        own=costs["own_cost_pv_musd"] / BN,
        hedged=costs["hedged_cost_pv_musd"] / BN,
        mean=costs["mean_plan_cost_pv_musd"] / BN,
    )[["scenario", "weight", "own", "hedged", "mean"]]
    shown.columns = [
        "Demand case",
        "Weight",
        "Planned for it (bn USD, PV)",
        "Hedged plan (bn USD, PV)",
        "Mean-demand plan (bn USD, PV)",
    ]
    story.table(shown, "Cost of each demand case under each plan: present values over the horizon.")
    story.figure(
        plans_side_by_side(plans),
        "New capacity each plan commits by the decision year, by technology: the hedged plan, "
        "the plan for the weighted-mean demand, and each case planned for alone.",
    )
    with atomic_path(Path(folder) / "report.pdf") as tmp:
        story.write(tmp, "hedged plan")
    return time.perf_counter() - started
