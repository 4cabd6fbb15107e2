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


def _pair_label(plan: str, realized: str, several_plans: bool) -> str:
    return f"plan {plan}, {realized} came" if several_plans else f"{realized} came"


@styled
def regret_matrix(totals: pd.DataFrame) -> Figure:
    """Regret (bn USD, present value) of each plan (rows) in each realized case (columns)."""
    table = totals.pivot(index="plan", columns="realized", values="regret_pv_musd") / BN
    table = table.reindex(index=list(dict.fromkeys(totals["plan"])))
    table = table[list(dict.fromkeys(totals["realized"]))]
    fig, axes = _figure(0.6 + 0.45 * len(table))
    ax = axes[0]
    ax.grid(False)
    ax.imshow(table.to_numpy(), cmap="Oranges", aspect="auto")
    ax.set_xticks(range(len(table.columns)), [f"{c} came" for c in table.columns])
    ax.set_yticks(range(len(table.index)), [f"built for {p}" for p in table.index])
    high = np.nanmax(table.to_numpy()) if table.size else 0.0
    for i, j in np.ndindex(table.shape):
        value = table.iat[i, j]
        colour = "white" if high > 0 and value > 0.6 * high else "black"
        ax.text(j, i, f"{value:,.1f}", ha="center", va="center", color=colour)
    return fig


@styled
def regret_by_year(regret: pd.DataFrame) -> Figure:
    """Regret (bn USD a year) and stranded capacity (GW) by year, one line per plan and case."""
    fig, (left, right) = _figure(2.6, 2)
    several = regret["plan"].nunique() > 1
    others = regret[regret["plan"] != regret["realized"]]  # a plan meeting its own demand: 0
    pairs = others.groupby(["plan", "realized"], sort=False)
    for i, ((plan, realized), rows) in enumerate(pairs):
        colour = PALETTE[i % len(PALETTE)]
        label = _pair_label(plan, realized, several)
        left.plot(rows["year"], rows["regret_musd"] / BN, marker="o", color=colour, label=label)
        right.plot(rows["year"], rows["stranded_gw"], marker="s", color=colour, label=label)
    left.set_ylabel("regret, bn USD a year")
    right.set_ylabel("stranded new capacity, GW")
    for ax in (left, right):
        _years_axis(ax, sorted(regret["year"].unique()), rotate=True)
    left.axhline(0, color="#444444", linewidth=0.6)
    left.legend(frameon=False)
    return fig


MAX_PANELS = 3  # stranded capacity is drawn for the pairs with the most


@styled
def stranded_by_region(stranded: pd.DataFrame, year: int) -> Figure:
    """Stranded new capacity in `year` by region, stacked by technology, for the (up to three)
    plan and case pairs with the most."""
    rows = stranded[stranded["year"] == year]
    most = rows.groupby(["plan", "realized"], sort=False)["stranded_mw"].sum()
    pairs = list(most.sort_values(ascending=False, kind="stable").index[:MAX_PANELS])
    several = stranded["plan"].nunique() > 1
    fig, axes = _figure(2.8, max(1, len(pairs)))
    for ax, pair in zip(axes, pairs or [None], strict=False):
        if pair is None:
            ax.set_title("nothing stranded")
            continue
        part = rows[(rows["plan"] == pair[0]) & (rows["realized"] == pair[1])]
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
        ax.set_title(_pair_label(*pair, several), fontsize=8)
    handles = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    if handles:
        fig.legend(
            handles.values(), handles.keys(), loc="outside lower center", ncols=6, frameon=False
        )
    return fig


@styled
def plans_side_by_side(plans: pd.DataFrame) -> Figure:
    """What each plan commits by the decision year, by technology (GW): new capacity (left) and
    capacity retired early (right; cumulative at the last year decided)."""
    order = list(dict.fromkeys(plans["plan"]))
    built = plans[plans["variable"] == "build"]
    retired = plans[plans["variable"] == "retired"]
    retired = retired[retired["year"] == retired.groupby("plan")["year"].transform("max")]
    fig, axes = _figure(3.0, 2)
    handles = {}
    for ax, rows, label in (
        (axes[0], built, "new capacity committed, GW"),
        (axes[1], retired, "retired early, GW"),
    ):
        table = rows.pivot_table(index="plan", columns="kind", values="mw", aggfunc="sum")
        table = table.reindex(order).fillna(0.0)
        bottom = np.zeros(len(table))
        for i, kind in enumerate(table.columns):
            colour = TECH_COLORS.get(kind, PALETTE[i % len(PALETTE)])
            bars = ax.bar(table.index, table[kind] / 1000, bottom=bottom, color=colour)
            handles.setdefault(kind, bars)
            bottom += table[kind].to_numpy() / 1000
        ax.set_ylabel(label)
        ax.tick_params(axis="x", rotation=30)
    fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncols=7, frameon=False)
    return fig


def _in_bn(frame: pd.DataFrame, kept: dict[str, str], musd: dict[str, str]) -> pd.DataFrame:
    """A table for the page: `kept` columns as they are and `musd` columns in bn USD, each under
    its heading (column -> heading)."""
    shown = frame[list(kept)].rename(columns=kept)
    for column, heading in musd.items():
        shown[heading] = frame[column] / BN
    return shown


def regret_report(folder: Path, tables: dict[str, pd.DataFrame], sentences: list[str]) -> float:
    """report.pdf for `energy regret`: the answer in sentences, regret and stranded capacity."""
    started = time.perf_counter()
    regret, stranded, totals = tables["regret"], tables["stranded"], tables["totals"]
    plans = list(dict.fromkeys(totals["plan"]))
    story = Story(f"energy regret: built for {', '.join(plans)}")
    title_page(
        story,
        "What is stranded if the demand does not come",
        [
            f"Plan{'s' if len(plans) > 1 else ''}: {', '.join(plans)}",
            f"Realized demand: {', '.join(dict.fromkeys(totals['realized']))}",
        ],
    )
    story.heading("The answer")
    story.bullets(sentences or ["Only the plan's own demand was given: nothing to compare."])
    story.para(
        "Regret is the cost of meeting the demand that came with the plan's decisions (taken "
        "up to the decision year, before the demand is known) above the cost of planning for "
        "that demand from the start. Stranded capacity is new capacity the plan committed that "
        "the realized case needs nowhere (capacity it would only have built elsewhere is "
        "counted as misplaced, in stranded.csv); its cost is the capital recovery and fixed O&M "
        "of that capacity, spread over every MWh of load to give the cost per household."
    )
    shown = _in_bn(
        totals,
        {"plan": "Built for", "realized": "Demand that came"},
        {
            "cost_pv_musd": "Cost with the plan (bn USD, PV)",
            "own_cost_pv_musd": "Cost if planned for it (bn USD, PV)",
            "regret_pv_musd": "Regret (bn USD, PV)",
        },
    )
    story.table(shown, "Each plan in each realized case: present values over the horizon.")
    if len(plans) > 1:
        story.figure(
            regret_matrix(totals),
            "Regret matrix: what each plan costs above planning for the demand that came "
            "(bn USD, present value over the horizon).",
        )
    story.figure(
        regret_by_year(regret),
        "Regret by model year (left) and new capacity stranded (right), per plan and realized "
        "case.",
    )
    years = sorted(stranded["year"].unique())
    if years:
        year = 2030 if 2030 in years else years[-1]
        story.figure(
            stranded_by_region(stranded, year),
            f"Stranded new capacity in {year} by region and technology (the plan and case "
            "pairs with the most).",
        )
    with atomic_path(Path(folder) / "report.pdf") as tmp:
        story.write(tmp, f"regret of the plans for {', '.join(plans)}")
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
    shown = _in_bn(
        costs,
        {"scenario": "Demand case", "weight": "Weight"},
        {
            "own_cost_pv_musd": "Planned for it (bn USD, PV)",
            "hedged_cost_pv_musd": "Hedged plan (bn USD, PV)",
            "mean_plan_cost_pv_musd": "Mean-demand plan (bn USD, PV)",
        },
    )
    story.table(shown, "Cost of each demand case under each plan: present values over the horizon.")
    story.figure(
        plans_side_by_side(plans),
        "What each plan commits by the decision year, by technology: new capacity (left) and "
        "capacity retired early (right), for the hedged plan, the plan for the weighted-mean "
        "demand, and each case planned for alone.",
    )
    with atomic_path(Path(folder) / "report.pdf") as tmp:
        story.write(tmp, "hedged plan")
    return time.perf_counter() - started
