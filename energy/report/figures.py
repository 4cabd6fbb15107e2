"""Report figures: one function per figure, each taking result tables and returning a matplotlib
Figure (usable from Python as well as from the PDF report).

One style for all: a colour-blind-safe palette (Okabe-Ito), markers and dash patterns on lines,
and letters on the limit map, so that a grayscale print stays readable. Solid fills only: the
figures are embedded as SVG drawings, which carry no hatch patterns.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display needed; figures are written to files

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from energy.results.limits import acting_on  # noqa: E402

WIDTH_IN = 6.3  # text width of an A4/Letter page with 2.5 cm margins
# Okabe-Ito colours, dark to light (with markers, dashes and letters for grayscale prints)
PALETTE = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), "-", "--"]

# one colour per technology in every figure, distinct hues from the Okabe-Ito palette (gas in
# vermillion shades, coal black, clean technologies in blue, green, yellow and purple)
TECH_COLORS = {
    "coal": "#000000",
    "gas_cc": "#D55E00",
    "gas_ct": "#F5A77A",
    "onsite_gas": "#8B3200",
    "other_fossil": "#8C564B",
    "nuclear": "#0072B2",
    "nuclear_smr": "#003f63",
    "hydro": "#56B4E9",
    "wind": "#009E73",
    "solar": "#F0E442",
    "storage": "#CC79A7",
    "other": "#999999",
    "other_renewable": "#999999",
}

# limit families' letters and colours come from the run folder's families.csv (the records)
FAMILY_COLUMNS = ["family", "letter", "colour"]


def _family_style(families: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """family -> (letter, colour), in the records' order."""
    return {r.family: (r.letter, r.colour) for r in families[FAMILY_COLUMNS].itertuples()}


def _is_dark(colour: str) -> bool:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


STYLE = {
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "legend.fontsize": 7.5,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "svg.fonttype": "path",
    "svg.hashsalt": "energy",  # fixed ids in the SVG, so the same figure gives the same bytes
}


def styled(fn):
    """Draw the figure under the report style (fonts, grid), leaving global settings alone."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with plt.rc_context(STYLE):
            return fn(*args, **kwargs)

    return wrapper


def _figure(height_in: float, ncols: int = 1) -> tuple[Figure, np.ndarray]:
    fig, axes = plt.subplots(
        1, ncols, figsize=(WIDTH_IN, height_in), layout="constrained", squeeze=False
    )
    for ax in axes.flat:
        ax.set_axisbelow(True)
    return fig, axes[0]


def _years_axis(ax, years, rotate: bool = False) -> None:
    """Whole-year ticks at the model years (rotated where they would crowd)."""
    years = [int(y) for y in years]
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=45 if rotate else 0)


@styled
def trajectory(
    summary: pd.DataFrame,
    frontier: pd.DataFrame | None = None,
    lbnl_2028: tuple[float, float] | None = None,
    height_in: float = 3.0,
) -> Figure:
    """National requested, served and relocated TWh, the national ceiling and LBNL's 2028 band
    (`lbnl_2028` as low, high TWh; else read from the ceiling table when it has it)."""
    fig, (ax,) = _figure(height_in)
    s = summary.set_index("year")
    ax.plot(s.index, s["requested_twh"], marker="o", color=PALETTE[0], label="requested")
    ax.plot(
        s.index, s["served_twh"], marker="s", ls="--", color=PALETTE[1], label="served (anywhere)"
    )
    in_place = s["served_twh"] - s["relocated_twh"] - s.get("onsite_twh", 0.0)
    ax.plot(
        s.index, in_place, marker="^", ls="-.", color=PALETTE[2], label="served where requested"
    )
    if frontier is not None and len(frontier):
        f = frontier.set_index("year")
        ax.plot(
            f.index,
            f["ceiling_twh"],
            marker="D",
            ls=":",
            color=PALETTE[3],
            label="national ceiling (as connected)",
        )
        if "grid_ceiling_twh" in f:
            ax.plot(
                f.index,
                f["grid_ceiling_twh"],
                marker="v",
                ls=(0, (1, 3)),
                color=PALETTE[4],
                label="grid ceiling (connection rates lifted)",
            )
    if lbnl_2028 is None and frontier is not None and "lbnl_2028_low_twh" in frontier:
        band = frontier.dropna(subset=["lbnl_2028_low_twh"])
        if len(band):
            lbnl_2028 = (band["lbnl_2028_low_twh"].iloc[0], band["lbnl_2028_high_twh"].iloc[0])
    if lbnl_2028 is not None:
        _lbnl_band(ax, *lbnl_2028)
    ax.set_ylabel("TWh per year")
    ax.set_ylim(bottom=0)
    _years_axis(ax, s.index, rotate=True)
    ax.legend(loc="upper left", frameon=False)
    return fig


def _lbnl_band(ax, low: float, high: float) -> None:
    """LBNL's 2028 range as a shaded band across the chart, labelled, so it reads at a glance."""
    ax.axhspan(
        low,
        high,
        color="#999999",
        alpha=0.25,
        lw=0,
        label=f"LBNL 2024 range for 2028 ({low:.0f}-{high:.0f} TWh)",
    )
    ax.plot([2028, 2028], [low, high], color="#555555", lw=2.5)


def _placement_bars(ax, labels, parts) -> np.ndarray:
    """Horizontal bars stacking (values, label) parts: served where requested, relocated,
    unserved, on site, in one colour scheme everywhere; returns each bar's total."""
    left = np.zeros(len(labels))
    for k, (values, label) in enumerate(parts):
        ax.barh(
            labels,
            values,
            left=left,
            color=PALETTE[[1, 6, 0, 3][k]],
            edgecolor="white" if k != 1 else "#333333",
            linewidth=0.3,
            label=label,
        )
        left += np.asarray(values, dtype=float)
    return left


@styled
def regional_balance(dc_load: pd.DataFrame, years: list[int]) -> Figure:
    """Per region: served where requested, relocated away and unserved TWh (requested = bar length)."""
    fig, axes = _figure(3.5, ncols=len(years))
    parts = [
        ("in_place_twh", "served where requested"),
        ("relocated_out_twh", "relocated away"),
        ("unserved_twh", "unserved"),
    ]
    if "onsite_twh" in dc_load and dc_load["onsite_twh"].sum() > 0:
        parts.append(("onsite_twh", "on site"))
    order = dc_load[dc_load["year"] == max(years)].sort_values("requested_twh")["region"].tolist()
    widest = dc_load[dc_load["year"].isin(years)]["requested_twh"].max() * 1.05
    for ax, year in zip(axes, years, strict=True):
        t = dc_load[dc_load["year"] == year].set_index("region").reindex(order)
        _placement_bars(ax, t.index, [(t[column], label) for column, label in parts])
        ax.set_title(str(year))
        ax.set_xlabel("TWh")
        ax.set_xlim(0, widest)
        ax.grid(axis="y", visible=False)
    axes[0].legend(loc="lower right", frameon=False)
    for ax in axes[1:]:
        ax.tick_params(labelleft=False)
    return fig


@styled
def limits_map(
    limits: pd.DataFrame, families: pd.DataFrame, regions: list[str] | None = None
) -> Figure:
    """Region x year: the binding limit that holds back the most load (else the first binding
    one); `families` is the run's families.csv (letter and colour of each family)."""
    style = _family_style(families)
    binding = limits[limits["binding"]].copy()
    binding["place"] = binding["region"].str.split(">").str[-1]  # corridors count for the importer
    binding = binding[binding["place"] != "US"]
    years = sorted(limits["year"].unique())
    regions = regions or sorted(
        limits.loc[~limits["region"].str.contains(">|US"), "region"].unique()
    )
    holding_families = set(binding.loc[binding["held_back_mw"].fillna(0) >= 1.0, "family"])
    order = [*style, *sorted(holding_families - set(style))]
    families = [f for f in order if f in holding_families]
    code = {f: i for i, f in enumerate(families)}
    grid = np.full((len(regions), len(years)), np.nan)
    held = np.zeros_like(grid)
    for (place, year), group in binding.groupby(["place", "year"]):
        if place not in regions:
            continue
        r, y = regions.index(place), years.index(year)
        holding = group[group["held_back_mw"].fillna(0) >= 1.0]
        if not len(holding):
            # limits bind here: none measured (-2), or lifting one alone frees no load (-1)
            grid[r, y] = -2 if group["held_back_mw"].isna().all() else -1
            continue
        top = holding.sort_values(["held_back_mw", "shadow_price"], ascending=False).iloc[0]
        grid[r, y] = code[top["family"]]
        held[r, y] = float(top["held_back_mw"])
    fig, (ax,) = _figure(0.22 * len(regions) + 1.3)
    ax.grid(False)
    for r in range(len(regions)):
        for y in range(len(years)):
            if np.isnan(grid[r, y]):
                continue
            k = int(grid[r, y])
            if k < 0:
                ax.add_patch(
                    plt.Rectangle(
                        (y - 0.5, r - 0.5),
                        1,
                        1,
                        facecolor="#e8e8e8" if k == -1 else "#ffffff",
                        edgecolor="white" if k == -1 else "#999999",
                        lw=0.8,
                    )
                )
                if k == -2:
                    ax.text(y, r, "n.m.", ha="center", va="center", fontsize=6, color="#555555")
                continue
            ax.add_patch(
                plt.Rectangle(
                    (y - 0.5, r - 0.5),
                    1,
                    1,
                    facecolor=style.get(families[k], ("?", "#999999"))[1],
                    edgecolor="white",
                    linewidth=0.8,
                )
            )
            amount = held[r, y] / 1000
            letter, colour = style.get(families[k], ("?", "#999999"))
            label = f"{letter} " + (f"{amount:.1f}" if amount >= 0.05 else "<0.1")
            dark = _is_dark(colour)
            ax.text(
                y,
                r,
                label,
                ha="center",
                va="center",
                fontsize=6.5,
                color="white" if dark else "black",
            )
    ax.set_xlim(-0.5, len(years) - 0.5)
    ax.set_ylim(len(regions) - 0.5, -0.5)
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y) for y in years])
    ax.set_yticks(range(len(regions)))
    ax.set_yticklabels(regions)
    handles = [
        Patch(
            facecolor=style.get(f, ("?", "#999999"))[1],
            edgecolor="white",
            label=f"{style.get(f, ('?',))[0]}: {f}",
        )
        for f in families
    ]
    handles.append(
        Patch(
            facecolor="#e8e8e8", edgecolor="white", label="limits bind; none alone\nholds load back"
        )
    )
    handles.append(
        Patch(
            facecolor="#ffffff",
            edgecolor="#999999",
            label="n.m.: limits bind, held-back\nload not measured",
        )
    )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        title="binding limit\n(letter; number: GW held\nback when lifted alone)",
        title_fontsize=7.5,
    )
    ax.spines[["left", "bottom"]].set_visible(False)
    return fig


@styled
def region_detail(
    dc_load: pd.DataFrame, limits: pd.DataFrame, region: str, families: pd.DataFrame
) -> Figure:
    """One region over time: requested, served in place and connection capacity (GW); and the
    load each binding limit there holds back (colours from the run's families.csv)."""
    style = _family_style(families)
    fig, (left, right) = _figure(2.8, ncols=2)
    t = dc_load[dc_load["region"] == region].set_index("year")
    left.plot(t.index, t["requested_mw"] / 1000, marker="o", color=PALETTE[0], label="requested")
    left.plot(
        t.index,
        t["in_place_mw"] / 1000,
        marker="s",
        ls="--",
        color=PALETTE[1],
        label="served in place",
    )
    left.plot(
        t.index,
        t["connected_mw"] / 1000,
        marker="^",
        ls=":",
        color=PALETTE[2],
        label="connection capacity",
    )
    left.set_ylabel("GW (average load; capacity)")
    left.set_ylim(bottom=0)
    left.legend(frameon=False, loc="upper left")
    _years_axis(left, t.index, rotate=True)
    here = acting_on(limits, region)
    held = (
        here.dropna(subset=["held_back_mw"])
        .groupby(["year", "family"])["held_back_mw"]
        .max()
        .unstack(fill_value=0.0)
    )
    held = held.reindex(sorted(t.index), fill_value=0.0) / 1000
    width = 0.8 / max(1, held.shape[1])
    x = np.arange(len(held.index))
    order = [*style, *sorted(set(held.columns) - set(style))]
    for k, family in enumerate([f for f in order if f in held.columns]):
        right.bar(
            x + (k - (held.shape[1] - 1) / 2) * width,
            held[family],
            width,
            color=style.get(family, ("?", "#999999"))[1],
            edgecolor="white",
            linewidth=0.3,
            label=family,
        )
    right.set_xticks(x)
    right.set_xticklabels([str(y) for y in held.index], rotation=45)
    right.set_ylabel("GW held back (limit lifted alone)")
    if held.shape[1]:
        right.legend(frameon=False, loc="upper left")
    return fig


@styled
def capacity_and_mix(capacity: pd.DataFrame, generation_mix: pd.DataFrame) -> Figure:
    """New capacity entering service by technology (GW) and the generation mix (TWh)."""
    fig, (left, right) = _figure(3.4, ncols=2)
    built = capacity.groupby(["year", "tech"])["built_mw"].sum().unstack(fill_value=0.0) / 1000
    built = built.loc[:, built.sum() > 0.5]
    mix = generation_mix.set_index("year")
    mix = mix.loc[:, mix.sum() > 1]
    techs = list(mix.sum().sort_values(ascending=False).index)
    techs += [t for t in built.columns if t not in techs]
    for ax, table in ((left, built), (right, mix)):
        x = np.arange(len(table.index))
        bottom = np.zeros(len(x))
        for tech in [t for t in techs if t in table.columns]:
            ax.bar(
                x,
                table[tech],
                0.7,
                bottom=bottom,
                color=TECH_COLORS.get(tech, "#bbbbbb"),
                edgecolor="white",
                linewidth=0.4,
            )
            bottom += table[tech].to_numpy()
        ax.set_xticks(x)
        ax.set_xticklabels([str(y) for y in table.index], rotation=45)
    left.set_ylabel("GW entering service in the model year")
    right.set_ylabel("generation, TWh")
    handles = [Patch(facecolor=TECH_COLORS.get(t, "#bbbbbb"), label=t) for t in techs]
    fig.legend(handles=handles, loc="outside lower center", ncols=6, frameon=False)
    return fig


@styled
def prices(prices: pd.DataFrame, regions: list[str]) -> Figure:
    """Energy price (load-weighted, USD/MWh) and capacity price (USD/kW-yr) in selected regions.

    Where a region runs short of its reserve margin the adequacy dual is the shortfall penalty,
    not a price: that point is left out and the shortfall is written there in MW instead."""
    fig, (left, right) = _figure(2.8, ncols=2)
    for k, region in enumerate(regions):
        t = prices[prices["region"] == region].set_index("year")
        style = dict(marker=MARKERS[k], ls=LINESTYLES[k], color=PALETTE[k], label=region)
        left.plot(t.index, t["energy_price_usd_per_mwh"], **style)
        short = t["adequacy_shortfall_mw"].fillna(0.0) > 0.5
        right.plot(t.index, t["capacity_price_usd_per_kw_yr"].where(~short), **style)
        for year, mw in t.loc[short, "adequacy_shortfall_mw"].items():
            right.annotate(
                f"{region} short\n{mw:,.0f} MW",
                (year, 10),
                fontsize=6,
                color=PALETTE[k],
                ha="center",
            )
    years = sorted(prices["year"].unique())
    _years_axis(left, years, rotate=True)
    _years_axis(right, years, rotate=True)
    left.set_ylabel("energy price, USD/MWh")
    right.set_ylabel("capacity price, USD/kW-yr (log)")
    right.set_yscale("symlog", linthresh=10)
    right.set_ylim(bottom=0)
    left.set_ylim(bottom=0)
    left.legend(frameon=False, loc="lower right")
    return fig


@styled
def emissions(national: pd.DataFrame) -> Figure:
    """National CO2 emissions of the power sector (Mt) and total generation (TWh)."""
    fig, (ax,) = _figure(2.4)
    t = national.set_index("year")
    ax.plot(t.index, t["co2_mt"], marker="o", color=PALETTE[0], label="CO2, Mt")
    ax.set_ylabel("CO2 emissions, Mt per year")
    ax.set_ylim(bottom=0)
    twin = ax.twinx()
    twin.plot(
        t.index, t["generation_twh"], marker="s", ls="--", color=PALETTE[1], label="generation, TWh"
    )
    twin.set_ylabel("generation, TWh per year")
    twin.set_ylim(bottom=0)
    twin.spines[["top"]].set_visible(False)
    twin.grid(False)
    _years_axis(ax, t.index, rotate=True)
    lines = ax.get_lines() + twin.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], frameon=False, loc="lower left")
    return fig


@styled
def scenario_comparison(table: pd.DataFrame, year: int) -> Figure:
    """Served where requested, relocated and unserved TWh per scenario in one year."""
    fig, (ax,) = _figure(0.35 * table["scenario"].nunique() + 1.5)
    t = table[table["year"] == year].set_index("scenario")
    onsite = t["onsite_twh"] if "onsite_twh" in t else 0.0 * t["served_twh"]
    in_place = t["served_twh"] - t["relocated_twh"] - onsite
    parts = [
        (in_place, "served where requested"),
        (t["relocated_twh"], "relocated"),
        (t["unserved_twh"], "unserved"),
        (onsite, "on site"),
    ]
    total = _placement_bars(ax, t.index, parts)
    ax.set_xlabel(f"TWh in {year}")
    ax.set_xlim(0, float(total.max()) * 1.05)
    ax.grid(axis="y", visible=False)
    ax.invert_yaxis()
    fig.legend(frameon=False, loc="outside lower center", ncols=4)
    return fig


@styled
def sweep_fan(national: pd.DataFrame) -> Figure:
    """Median and 5-95% band of national served energy and of the national ceiling (TWh)."""
    fig, (ax,) = _figure(2.8)
    t = national.set_index("year")
    series = [("served_twh", "served", 1, "s", "--")]
    if "ceiling_twh_p50" in t:
        series.append(("ceiling_twh", "national ceiling", 3, "D", ":"))
    for column, label, k, marker, dash in series:
        ax.fill_between(
            t.index, t[f"{column}_p05"], t[f"{column}_p95"], color=PALETTE[k], alpha=0.25, lw=0
        )
        ax.plot(
            t.index,
            t[f"{column}_p50"],
            marker=marker,
            ls=dash,
            color=PALETTE[k],
            label=f"{label} (median; band 5-95%)",
        )
    ax.set_ylabel("TWh per year")
    ax.set_ylim(bottom=0)
    _years_axis(ax, t.index, rotate=True)
    ax.legend(frameon=False, loc="upper left")
    return fig


@styled
def binding_probability(region_summary: pd.DataFrame, column: str = "p_load_held_back") -> Figure:
    """Region x year heat map of a probability (share of samples), printed in each cell."""
    table = region_summary.pivot(index="region", columns="year", values=column)
    fig, (ax,) = _figure(0.22 * len(table.index) + 1.1)
    ax.grid(False)
    image = ax.imshow(table.to_numpy(), cmap="Greys", vmin=0, vmax=1, aspect="auto")
    for r in range(table.shape[0]):
        for y in range(table.shape[1]):
            value = table.iat[r, y]
            if value == value and value > 0:
                ax.text(
                    y,
                    r,
                    f"{value:.0%}",
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if value > 0.5 else "black",
                )
    ax.set_xticks(range(table.shape[1]))
    ax.set_xticklabels([str(y) for y in table.columns])
    ax.set_yticks(range(table.shape[0]))
    ax.set_yticklabels(table.index)
    fig.colorbar(image, ax=ax, label="share of samples", shrink=0.8)
    return fig


def region_shapes() -> dict[str, list[list[tuple[float, float]]]]:
    """region -> its polygons' outer rings (lon, lat), from the GeoJSON shipped with the package
    (made once by scripts/region_shapes.py from ReEDS balancing-area shapes)."""
    import json
    from importlib.resources import files

    data = json.loads(files("energy.report").joinpath("data/regions.geojson").read_text())
    shapes = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        shapes[feature["properties"]["region_id"]] = [
            [tuple(point) for point in polygon[0]] for polygon in polygons
        ]
    return shapes


MAP_FLOW_MIN_GW = 0.5  # relocation flows drawn as arrows from this size


@styled
def region_map(
    year: int,
    limits: pd.DataFrame,
    families: pd.DataFrame,
    relocation: pd.DataFrame,
    regions: pd.DataFrame,
    shapes: dict | None = None,
) -> Figure:
    """The 19 regions in `year`: each coloured by the binding limit holding back the most load
    there (hatched grey: limits bind, none alone holds load back; white: none binds), labelled
    with the GW it holds back; arrows for relocated load (from -> to, GW) of at least
    MAP_FLOW_MIN_GW. `regions` is the regions sheet (region_id, name, latitude, longitude)."""
    from matplotlib.patches import FancyArrowPatch, Polygon

    shapes = shapes or region_shapes()
    style = _family_style(families)
    binding = limits[(limits["year"] == year) & limits["binding"]].copy()
    binding["place"] = binding["region"].str.split(">").str[-1]
    places = regions.set_index("region_id")
    fig, (ax,) = _figure(4.3)
    ax.grid(False)
    ax.set_aspect(1 / np.cos(np.radians(38)))  # equirectangular, true to scale near 38° N
    used = {}
    for region, rings in shapes.items():
        here = binding[binding["place"] == region]
        holding = here[here["held_back_mw"].fillna(0) >= 1.0]
        if len(holding):
            top = holding.sort_values(["held_back_mw", "shadow_price"], ascending=False).iloc[0]
            letter, colour = style.get(top["family"], ("?", "#999999"))
            used[top["family"]] = (letter, colour)
            label = f"{letter} {top['held_back_mw'] / 1000:,.1f}"
        elif len(here):
            colour, label = "#e8e8e8", ""
        else:
            colour, label = "#ffffff", ""
        for ring in rings:
            ax.add_patch(
                Polygon(
                    ring, closed=True, facecolor=colour, edgecolor="#555555", lw=0.4, gid=region
                )
            )
        if region in places.index:
            lon, lat = places.at[region, "longitude"], places.at[region, "latitude"]
            text = region if not label else f"{region}\n{label}"
            ax.text(
                lon,
                lat,
                text,
                ha="center",
                va="center",
                fontsize=5.5,
                color="white" if label and _is_dark(colour) else "black",
            )
    moves = relocation[relocation["year"] == year]
    moves = moves.groupby(["from_region", "to_region"], as_index=False)["relocated_mw"].sum()
    for row in moves[moves["relocated_mw"] >= MAP_FLOW_MIN_GW * 1000].itertuples():
        a, b = places.loc[row.from_region], places.loc[row.to_region]
        gw = row.relocated_mw / 1000
        ax.add_patch(
            FancyArrowPatch(
                (a["longitude"], a["latitude"]),
                (b["longitude"], b["latitude"]),
                arrowstyle="-|>",
                mutation_scale=8,
                lw=0.6 + 0.35 * gw,
                color=PALETTE[2],
                alpha=0.85,
                connectionstyle="arc3,rad=0.15",
                gid=f"flow {row.from_region}>{row.to_region}",
            )
        )
        ax.text(
            (a["longitude"] + b["longitude"]) / 2,
            (a["latitude"] + b["latitude"]) / 2 + 0.6,
            f"{gw:,.1f}",
            fontsize=5.5,
            color="black",
            ha="center",
            bbox={
                "boxstyle": "round,pad=0.1",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.8,
            },
        )
    ax.set_xlim(-125.5, -66)
    ax.set_ylim(24, 50)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[["left", "bottom"]].set_visible(False)
    handles = [
        Patch(facecolor=colour, edgecolor="#555555", label=f"{letter}: {family}")
        for family, (letter, colour) in used.items()
    ]
    handles += [
        Patch(
            facecolor="#e8e8e8",
            edgecolor="#555555",
            label="limits bind; none alone holds load back",
        ),
        Patch(facecolor="#ffffff", edgecolor="#555555", label="no limit binds"),
        Patch(facecolor=PALETTE[2], label=f"relocated load, GW (arrows from {MAP_FLOW_MIN_GW} GW)"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=6.5)
    return fig
