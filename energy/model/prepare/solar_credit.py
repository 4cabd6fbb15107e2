"""How much a new MW of solar counts toward a region's reserve margin as solar grows there, from
the region's own hours: the marginal capacity credit by the net-load method.

Solar's peak contribution falls as it grows: each MW flattens the midday load, so the hours of
highest load net of wind and solar move into the evening, when it makes little (ERCOT's CDR of
December 2025 rates its solar fleet 0.28 of installed MW at about 48% of its peak and 0.21 at
64%: about the same ELCC MW for a third more solar, a marginal credit near zero). Here, per
region (or capacity market whose regions are accredited together: new_solar_tranches), model
year and season (summer May-October, winter November-April), a new MW's credit
is the fall in the mean of the TOP_HOURS highest hours of net load per MW added:

    net load(h) = load(h) x growth - wind fleet x wind(h) - solar fleet x solar(h)
    V(x) = mean of the top hours of net load - mean of the top hours of (net load - x new(h))
    credit of a tranche from x0 to x1 MW of new solar = (V(x1) - V(x0)) / (x1 - x0)

with the 2023 hourly load less its data centers (theirs is flat: it moves no hour up or down
the ranking), the year's wind and solar fleet (announced additions in) and the new plants'
own hourly profile (energy.model.prepare.supply). V is concave (the sum of the largest hours of
a family of lines falls ever more slowly), so the tranches' credits fall and a linear model
fills them in order. The tranches cover new solar up to NEW_SHARES of the region's annual
peak; beyond the last, a MW earns the marginal credit there. Where the region publishes its own
credit for solar, it bounds every tranche (energy.model.constraints.adequacy): the published
count says what a new MW is worth while solar is scarce, these hours how fast it falls.

This is NREL ReEDS's capacity-credit method (ReEDS_Augur/capacity_credit.py, `cc_vg`: net
load less all wind and solar, less the new plants' output, sorted again; the credit is the fall
in the top hours' sum per MW and per hour; docs/source/model_documentation.md, "Capacity credit
formulation": "top 10 hours ... in each season", the code's default GSw_PRM_CapCreditHours =
20 per season), with one weather year (2023) instead of ReEDS's seven and clear-sky profiles
scaled to each region's capacity factor (no 2023 weather: an assumption stated in the workbook's
sources). The clear-sky shape is a fixed flat plate's under a cloudless sky: it errs low in
summer evenings (most new utility PV tracks the sun and makes more late in the day) and high
where a winter peak falls on a clear morning (NW's January mornings: 0.18 before the cap).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from energy.model.prepare.load import SUMMER_MONTHS

TOP_HOURS = 20  # hours of highest net load per season (ReEDS's GSw_PRM_CapCreditHours)
# upper ends of the tranches of new solar, as shares of the annual peak of the region (or pool)
NEW_SHARES = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8)
LAST_STEP_SHARE = 0.05  # beyond the last tranche: the marginal credit over this much more
# credits are rounded to 0.001 of a MW per MW: the mean of the top hours differs by float noise
# (1e-12) where a MW changes nothing, which must not become a coefficient
CREDIT_DECIMALS = 3


def top_mean(net_mw: np.ndarray, hours: int = TOP_HOURS) -> float:
    """Mean of the `hours` largest values (all of them if fewer)."""
    if len(net_mw) <= hours:
        return float(net_mw.mean())
    return float(np.partition(net_mw, len(net_mw) - hours)[-hours:].mean())


def tranche_credits(
    net_mw: np.ndarray, new_cf: np.ndarray, edges_mw: np.ndarray, hours: int = TOP_HOURS
) -> np.ndarray:
    """Credit per MW of new solar in each tranche between consecutive `edges_mw` (from 0), and
    one more: the marginal credit beyond the last edge (over LAST_STEP_SHARE of its span)."""
    step = LAST_STEP_SHARE * float(edges_mw[-1]) / NEW_SHARES[-1]
    points = np.concatenate([[0.0], edges_mw, [edges_mw[-1] + step]])
    value = np.array(
        [top_mean(net_mw, hours) - top_mean(net_mw - x * new_cf, hours) for x in points]
    )
    return np.round(np.maximum(np.diff(value) / np.diff(points), 0.0), CREDIT_DECIMALS)


def new_solar_tranches(
    hourly_load_mw: pd.DataFrame,
    peak_mw: pd.Series,
    fleet_mw: dict[str, dict],
    profiles: dict[str, pd.DataFrame],
    new_profile: dict[str, np.ndarray],
    pools: dict[str, tuple[str, ...]],
    years: list[int],
    base_year: int,
) -> dict[tuple[str, int], list[tuple[float, float, float]]]:
    """(pool, year) -> [(width MW, summer credit, winter credit), ...] of new solar, the last
    width infinite. A pool is the regions whose new solar shares one curve: one region, or
    regions accredited together (a capacity market's, e.g. PJM's): their hourly loads
    added (each grown to its peak of the year), their fleets subtracted, the widths shares of the
    pool's coincident peak and the new plants' output the peak-weighted mean of the regions'.
    `hourly_load_mw`: the base year's hourly load, hour x region; `peak_mw`: (region, year)
    annual peaks; `fleet_mw`: profile kind (wind, solar) -> (region, year) MW of the fleet;
    `profiles`: kind -> hour x region availability; `new_profile`: region -> the new plants'
    hourly availability."""
    month = pd.date_range(f"{base_year}-01-01", periods=len(hourly_load_mw), freq="h").month
    summer = np.isin(month, SUMMER_MONTHS)
    out = {}
    for pool, members in pools.items():
        members = [r for r in members if r in new_profile]
        loads = {r: hourly_load_mw[r].to_numpy(dtype=float) for r in members}
        members = [r for r in members if loads[r].max() > 0]  # no load to credit against
        if not members:
            continue
        shapes = {
            r: {kind: shape[r].to_numpy(dtype=float) for kind, shape in profiles.items()}
            for r in members
        }
        for y in years:
            grown = {r: float(peak_mw[r, y]) for r in members}
            if not sum(grown.values()) > 0:
                continue
            load = sum(loads[r] * grown[r] / loads[r].max() for r in members)
            net = load - sum(
                float(fleet_mw[kind].get((r, y), 0.0)) * shape
                for r in members
                for kind, shape in shapes[r].items()
            )
            new = sum(grown[r] * np.asarray(new_profile[r], dtype=float) for r in members)
            new = new / sum(grown.values())
            edges = np.asarray(NEW_SHARES) * float(load.max())
            seasons = [tranche_credits(net[mask], new[mask], edges) for mask in (summer, ~summer)]
            widths = [*np.diff(np.concatenate([[0.0], edges])), float("inf")]
            out[pool, y] = [
                (float(w), float(s), float(v))
                for w, s, v in zip(widths, seasons[0], seasons[1], strict=True)
            ]
    return out


def share_out(
    parts: list[tuple[float, float, float]], peak_mw: dict[str, float]
) -> dict[str, list[tuple[float, float, float]]]:
    """A market's tranches shared out over its regions: each region gets every tranche at the
    market's credits, its width in proportion to the region's peak (a region alone keeps them
    whole). A region may not take a neighbour's unused width: no row ties the regions, so the
    linear model stays as small as with each region alone (tying them measured about 10 s more
    on the reference)."""
    total = sum(peak_mw.values())
    return {r: [(w * peak / total, s, v) for w, s, v in parts] for r, peak in peak_mw.items()}
