"""A short plain-language finding from a solved run: what cannot be served where, which limit
holds it back from which year, and the national ceiling. Every number comes from the solution."""

from __future__ import annotations

import pandas as pd

from energy.results.limits import acting_on, worth_text

KEY_YEARS = (2028, 2030)
FLAGSHIP = "PJM_DOM"  # Dominion zone: Northern Virginia


def key_years(table: pd.DataFrame) -> list[int]:
    """The years findings and reports dwell on: 2028 and 2030 if modelled, else the last two."""
    years = [y for y in KEY_YEARS if y in set(table["year"])]
    return years or [int(y) for y in table["year"].drop_duplicates().tail(2)]


def _main_limit(limits: pd.DataFrame, region: str, year: int) -> str:
    """The limit that holds back most load in `region` in `year`, with when it started to bind."""
    here = acting_on(limits, region)
    here = here[here["year"] == year]
    if not len(here):
        return ""
    measured = here.dropna(subset=["held_back_mw"])
    top = (measured if len(measured) else here).iloc[0]
    text = f"the {top.family} limit in {top.region} binds from {int(top.first_binding_year)}"
    same = limits[(limits["family"] == top.family) & (limits["region"] == top.region)]
    holding = same.loc[same["held_back_mw"] > 1.0, "year"]
    if len(holding) and holding.min() not in (top.first_binding_year, year):
        text += f" (holding back load from {int(holding.min())})"
    if pd.notna(top.held_back_mw) and top.held_back_mw > 0:
        text += f" and holds back {top.held_back_mw:,.0f} MW in {year}"
    return text + f" ({worth_text(top)})"


def _flagship_text(limits: pd.DataFrame, displaced_twh: float, year: int) -> str:
    """The flagship region's part of a year's finding, when another region displaces more."""
    if displaced_twh < 0.05:
        return f"Northern Virginia ({FLAGSHIP}) is served where requested."
    text = f"In Northern Virginia ({FLAGSHIP}) {displaced_twh:,.1f} TWh cannot be served there"
    limit = _main_limit(limits, FLAGSHIP, year)
    return text + (f": {limit}." if limit else ".")


def finding_text(out) -> str:
    """Lines such as '2028: 41.2 TWh of requested data-center load cannot be served in PJM_DOM ...'."""
    summary = out.results.summary
    placement = out.results.tables["dc_load"]
    limits = out.results.tables["limits"]
    lines = []
    for year in key_years(summary):
        total = summary.set_index("year").loc[year]
        here = placement[placement["year"] == year]
        displaced = float(here["displaced_twh"].sum())
        line = f"{year}: {total.requested_twh:,.1f} TWh of data-center load requested"
        if displaced < 0.05:
            line += ", all served where requested."
        else:
            worst = here.sort_values("displaced_twh", ascending=False).iloc[0]
            line += (
                f"; {displaced:,.1f} TWh cannot be served where requested "
                f"({total.relocated_twh:,.1f} relocated, {total.unserved_twh:,.1f} unserved), "
                f"{worst.displaced_twh:,.1f} TWh of it in {worst.region}"
            )
            limit = _main_limit(limits, worst.region, year)
            line += f": {limit}." if limit else "."
            flagship = here[here["region"] == FLAGSHIP]
            if worst.region != FLAGSHIP and len(flagship):
                line += " " + _flagship_text(limits, float(flagship["displaced_twh"].iloc[0]), year)
        if total.onsite_twh >= 0.05:  # served where requested, but not by the grid
            where = here[here["onsite_twh"] >= 0.05].sort_values(
                ["onsite_twh", "region"], ascending=[False, True]
            )
            regions = ", ".join(f"{r.region} {r.onsite_twh:,.1f}" for r in where.itertuples())
            line += f" Campuses' own plants serve {total.onsite_twh:,.1f} TWh on site ({regions})."
        lines.append(line)
    short = shortfall_text(out.results.tables["prices"], out.prepared.data.first_build_year)
    if short:
        lines.append(short)
    hourly = hourly_check_text(
        out.results.tables.get("hourly_check"),
        out.scenario.grid.keep_days,
        out.prepared.data.base_year,
    )
    if hourly:
        lines.append(hourly)
    if out.ceiling is not None:
        table = out.ceiling.table.set_index("year")
        year = 2028 if 2028 in table.index else int(table.index[-1])
        row = table.loc[year]
        lines.append(
            f"National ceiling {year}: {row.ceiling_twh:,.0f} TWh servable "
            f"({row.ceiling_share_of_us_electricity:.1%} of US electricity)"
            + _grid_ceiling_text(row)
            + f" against {row.requested_twh:,.0f} TWh requested"
            + (
                f" and LBNL's {row.lbnl_2028_low_twh:.0f}-{row.lbnl_2028_high_twh:.0f} TWh range."
                if pd.notna(row.lbnl_2028_low_twh)
                else "."
            )
        )
        dips = ceiling_dips_text(out.ceiling.table)
        if dips:
            lines.append(dips)
    return "\n".join(lines)


GRID_CEILING_TOLERANCE_TWH = 0.5  # a ceiling falling by more than this between years is a dip
# lifting the connection rates raises the ceiling by more than this share: they bind it
CONNECTIONS_BIND_SHARE = 0.05


def _grid_ceiling_text(row) -> str:
    """The grid ceiling beside the connected one: what lifting the connection rates adds, and
    which of the two binds (the connection rates when they add more than 5%)."""
    if "grid_ceiling_twh" not in row.index or pd.isna(row.grid_ceiling_twh):
        return ""
    gain = row.grid_ceiling_twh - row.ceiling_twh
    share = gain / row.ceiling_twh if row.ceiling_twh > 0 else 0.0
    text = (
        f", {row.grid_ceiling_twh:,.0f} TWh if utilities connected without limit "
        f"(+{gain:,.0f} TWh, {share:.1%}: "
    )
    if share > CONNECTIONS_BIND_SHARE:
        return text + "the connection rates bind the ceiling),"
    return text + "the grid itself binds: generation, build rates, lead times, transfers),"


def ceiling_dips_text(table: pd.DataFrame) -> str:
    """A sentence for each year in which the connected ceiling falls below the year before, with
    the limits binding at the ceiling that year (what stops the grid serving as much as before)."""
    ceiling = table.set_index("year")["ceiling_twh"]
    dips = [
        (before, year)
        for before, year in zip(ceiling.index[:-1], ceiling.index[1:], strict=True)
        if ceiling[year] < ceiling[before] - GRID_CEILING_TOLERANCE_TWH
    ]
    why = table.set_index("year")["binding_at_ceiling"]
    return " ".join(
        f"The ceiling falls from {ceiling[before]:,.0f} TWh in {before} to "
        f"{ceiling[year]:,.0f} TWh in {year}; binding at the ceiling then: {why[year] or 'none'}."
        for before, year in dips
    )


def hourly_check_text(
    check: pd.DataFrame | None, kept_days: list[int], base_year: int | None = None
) -> str:
    """One sentence on the hourly check: the days it added and what is still short (in the
    base year: the fleet as it stood, which no plan changes)."""
    if check is None or check.empty:
        return ""
    final = check[check["round"] == check["round"].max()]
    short = final[final["hours_short"] > 0]
    added = ""
    dates = ", ".join(
        (pd.Timestamp("2023-01-01") + pd.Timedelta(days=d - 1)).strftime("%-d %b")
        for d in kept_days
    )
    if check["round"].max() > 0:
        first = check[(check["round"] == 0) & (check["hours_short"] > 0)]
        added = (
            f"the plan was short in some hours in {', '.join(sorted(set(first['region'])))}, "
            f"so it was made again with day(s) {dates} as representative days; "
        )
    elif kept_days:
        added = f"day(s) {dates} stand for themselves among the representative days; "
    if short.empty:
        return f"Hourly check: {added}every region meets its load in every hour of every year."
    parts = [
        f"{r.region} {r.year} ({r.hours_short} h, up to {r.largest_shortfall_mw / 1000:,.1f} GW"
        + (
            ", the base year's fleet as it stood)"
            if r.year == base_year
            else (", planned adequate)" if r.short_though_planned_adequate else ")")
        )
        for r in short.itertuples()
    ]
    return f"Hourly check: {added}still short: {'; '.join(parts)}."


def shortfall_text(prices: pd.DataFrame, first_build_year: pd.Series) -> str:
    """One sentence naming each region-year short of its reserve margin (where its capacity
    price is the shortfall penalty, not a price) and why nothing closes the gap."""
    short = prices[prices["adequacy_shortfall_mw"] > 0.5]
    if short.empty:
        return ""
    first = int(first_build_year.min())
    parts = [
        f"{r.region} {int(r.year)} ({r.adequacy_shortfall_mw:,.0f} MW"
        + (f", before any new plant can be in service in {first})" if r.year < first else ")")
        for r in short.itertuples()
    ]
    return (
        "Short of the reserve margin (accredited capacity and firm imports below the "
        f"requirement; the capacity price there is the shortfall penalty, not a price): "
        f"{'; '.join(parts)}."
    )
