"""The national ceiling: the most data-center energy the grid can serve each year.

Every region is offered far more data-center load than requested (HEADROOM_MW more to start),
with relocation allowed; the usual objective then serves as much as the limits allow (each
unserved MWh costs the unserved-load penalty, above any cost of new supply but below shedding
other load or running short of the reserve margin) and, among plans that serve the same, picks
the cheapest. The served energy per year is the ceiling.

The offer must not be what stops it. A region whose offer is all served in some year (less than
FREE_MW of it left unserved) is offered OFFER_FACTOR times more, the same in every year, and the
model is solved again from the basis it holds (only the offered load changes: dual simplex's
own warm start), until every region leaves some of its offer unserved in every year. Then no
offer binds: with every unserved column basic and positive, the optimal basis stays optimal for
any larger offer, so the ceiling is what it would be for an unlimited one. (With a fixed 100 GW
the grid ceiling of the reference served all of ERCOT's and the Southwest's offer in 2035: the
offer, not the grid, set 24 GW of it.) A region still all served at OFFER_MAX_MW is named in the
binding text: no modeled limit stops it.

When the scenario's model allows relocation, the ceiling is a re-solve of the model HiGHS
already holds (only the requested load, a row bound, changes); otherwise a relocating model is
built and solved.

Two ceilings: the one above is the ceiling as connected (the utilities' large-load connection
rates hold, so where they bind it restates them); the grid ceiling lifts every connection rate
as well and re-solves from there, so it measures what generation, build rates, lead times and
transfers allow. Both keep lasting siting (a campus, once served, stays). When the two differ
the connection rates bind the ceiling; when they agree, the grid does.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energy.demand.anchors import lbnl_2028_band
from energy.demand.projection import DemandProjection
from energy.errors import EnergyError
from energy.model import build_model
from energy.model.constraints.destination_market import room_mw
from energy.model.constraints.interconnection import requested_mw, stay_mw
from energy.model.prepare import Prepared
from energy.model.solve import LoadedModel, solve, use_resolve_options
from energy.results.limits import limits_table
from energy.results.tables import Results, collect
from energy.scenario.options import SolveOptions

HEADROOM_MW = 100_000.0  # extra average MW first offered in every region and year
OFFER_FACTOR = 4.0  # a region whose offer is all served is offered this many times more
OFFER_MAX_MW = 1_600_000.0  # offers stop rising here (the US fleet is about 1,300 GW)
FREE_MW = 1.0  # an offer binds in a year when less than this is left unserved


@dataclasses.dataclass
class NationalCeiling:
    table: pd.DataFrame  # per year: ceiling, requested, served, gaps, limits binding at the ceiling
    limits: pd.DataFrame  # the limits table of the ceiling solve
    seconds: dict[str, float]


def uniform_offer(data, offer_mw: float = HEADROOM_MW) -> pd.Series:
    """region -> extra MW offered, the same in every region (and year)."""
    return pd.Series(offer_mw, index=pd.Index(list(data.regions)), dtype=float)


def offered(data, offer_mw: pd.Series):
    """`data` with each region's requested load raised by its offer, in every year."""
    requested = data.dc_requested_mw
    extra = offer_mw.reindex(requested.index.get_level_values(0)).to_numpy()
    return dataclasses.replace(data, dc_requested_mw=requested + extra)


def offer_headroom(m, loaded: LoadedModel, data, offer_mw: pd.Series | None = None) -> None:
    """Offer every region its `offer_mw` (HEADROOM_MW by default) more than requested: placed
    load = requested + offer, the base-year stay bound and each destination's room (its own
    growth first, unchanged by an offer that is the same in every year) follow, and the extra
    may always go unserved (even when the scenario forbids unserved load, the ceiling is what
    can be served of an open-ended offer)."""
    offer_mw = uniform_offer(data) if offer_mw is None else offer_mw
    offered_data = offered(data, offer_mw)
    index = [(r, y) for r in m.R for y in m.Y]
    keys = pd.MultiIndex.from_tuples(index)
    placed = requested_mw(offered_data).reindex(keys).to_numpy()
    loaded.set_row_bounds(loaded.rows([m.dc_allocation[k] for k in index]), placed, placed)
    stay = stay_mw(offered_data).reindex(keys)
    held = [(k, m.existing_dc_stay[k]) for k in index if m.existing_dc_stay[k] in loaded.row_of]
    if held:
        lower = [float(stay[k]) for k, _ in held]
        loaded.set_row_bounds([loaded.row_of[c] for _, c in held], lower, [np.inf] * len(held))
    if hasattr(m, "market_room"):  # a destination's own growth takes its pipeline first
        room = room_mw(offered_data)
        rows = [(key, c) for key, c in m.market_room.items() if c in loaded.row_of]
        loaded.set_row_bounds(
            [loaded.row_of[c] for _, c in rows],
            [-np.inf] * len(rows),
            [room[key] for key, _ in rows],
        )
    columns = [loaded.col_of[m.dc_unserved[k]] for k in index if m.dc_unserved[k] in loaded.col_of]
    loaded.highs.changeColsBounds(
        len(columns),
        np.asarray(columns, dtype=np.int32),
        np.zeros(len(columns)),
        np.full(len(columns), np.inf),
    )


def free_offer(m, loaded: LoadedModel, data, offer_mw: pd.Series) -> tuple[str, pd.Series]:
    """From a solved ceiling: while some region's offer is all served in some year, offer it
    OFFER_FACTOR times more (up to OFFER_MAX_MW) and re-solve from the basis held; the HiGHS
    status and the offers (see the module docstring)."""
    offer_mw = offer_mw.copy()
    index = [(r, y) for r in m.R for y in m.Y]
    unserved = {k: loaded.col_of.get(m.dc_unserved[k]) for k in index}
    status = "Optimal"
    while True:
        value = loaded.highs.getSolution().col_value
        full = sorted(
            {
                r
                for r, y in index
                if (unserved[r, y] is None or value[unserved[r, y]] < FREE_MW)
                and offer_mw[r] < OFFER_MAX_MW
            }
        )
        if not full:
            return status, offer_mw
        offer_mw[full] = np.minimum(offer_mw[full] * OFFER_FACTOR, OFFER_MAX_MW)
        placed = requested_mw(offered(data, offer_mw))
        keys = [(r, y) for r in full for y in m.Y]
        loaded.set_row_bounds(
            loaded.rows([m.dc_allocation[k] for k in keys]),
            placed.reindex(keys).to_numpy(),
            placed.reindex(keys).to_numpy(),
        )
        status = loaded.resolve()
        if status != "Optimal":
            return status, offer_mw


def unbounded_by_the_grid(m, loaded: LoadedModel, offer_mw: pd.Series) -> dict[int, list[str]]:
    """year -> regions whose offer is all served that year at OFFER_MAX_MW: no modeled limit
    stops them (named with the ceiling's binding limits)."""
    value = loaded.highs.getSolution().col_value
    found: dict[int, list[str]] = {}
    for y in m.Y:
        for r in m.R:
            column = loaded.col_of.get(m.dc_unserved[r, y])
            if offer_mw[r] >= OFFER_MAX_MW and (column is None or value[column] < FREE_MW):
                found.setdefault(int(y), []).append(r)
    return found


def _resolve_in_place(m, loaded: LoadedModel, data) -> tuple[float, pd.Series]:
    """Offer the headroom, re-solve and raise the offers that bind; HiGHS seconds and the
    offers."""
    offer_mw = uniform_offer(data)
    offer_headroom(m, loaded, data, offer_mw)
    # a cold solve (with presolve) measured faster here than warm-starting from the scenario's
    # basis, which the change makes far from optimal (12 s against 94 s on the default model)
    before = loaded.seconds
    status = cold_resolve(loaded)
    if status == "Optimal":
        status, offer_mw = free_offer(m, loaded, data, offer_mw)
    if status != "Optimal":
        raise EnergyError(f"the national-ceiling re-solve ended {status}")
    loaded.load_solution(m)
    return loaded.seconds - before, offer_mw


def lift_connection_limits(m, loaded: LoadedModel) -> None:
    """Lift the connection-rate rows (the utilities' large-load connection rates) of every
    model year but the base year: what is left of the ceiling is what the grid itself allows.
    The base year's rows stay: it is history, its campuses and connections as they were."""
    base = m.data.base_year
    rows = [
        loaded.row_of[c]
        for family in m.families
        if family.connection
        for name in family.components
        for index, c in getattr(m, name).items()
        if index[-1] != base and c in loaded.row_of
    ]
    lp = loaded.highs.getLp()
    lower = np.asarray(lp.row_lower_)[rows]
    upper = np.asarray(lp.row_upper_)[rows]
    inequality = lower != upper  # an equality is a definition, not a rate: left as it is
    rows = list(np.asarray(rows)[inequality])
    lower, upper = lower[inequality], upper[inequality]
    # a <= row loses its upper side; a >= row its lower side
    loaded.set_row_bounds(
        rows,
        np.where(np.isinf(upper), -np.inf, lower),
        np.where(np.isinf(upper), upper, np.inf),
    )


def resolve_grid_ceiling(
    m, loaded: LoadedModel, data, offer_mw: pd.Series
) -> tuple[str, pd.Series]:
    """From the ceiling as connected (offered `offer_mw`), lift the connection rates, solve
    again and raise the offers that bind; the HiGHS status and the offers. Cold, with presolve:
    lifting them moves the optimum far from the basis held (a warm start had not finished in 4
    minutes on the default model), and with HiGHS's own choice of dual pricing (58.6 s alone
    there, against 88.2 s with the re-solves' Devex)."""
    lift_connection_limits(m, loaded)
    status = cold_resolve(loaded)
    if status != "Optimal":
        return status, offer_mw
    return free_offer(m, loaded, data, offer_mw)


def cold_resolve(loaded: LoadedModel) -> str:
    """Solve the changed model from scratch (presolve, a fresh basis) with HiGHS's own choice
    of dual pricing, then set the re-solves' options back; the HiGHS status. Steepest edge
    pays off from a cold start: the ceiling as connected took 18.6 s alone on the default
    model, against 32.5 s with the re-solves' Devex."""
    loaded.highs.clearSolver()
    loaded.highs.setOptionValue("simplex_dual_edge_weight_strategy", -1)
    status = loaded.resolve()
    use_resolve_options(loaded.highs)
    return status


def _offered(prepared: Prepared, offer_mw: pd.Series) -> Prepared:
    """The scenario's prepared inputs with each region's offer added to its requested load."""
    extra = offer_mw.reindex(prepared.siting["region"]).to_numpy()
    siting = prepared.siting.assign(requested_mw=prepared.siting["requested_mw"] + extra)
    return dataclasses.replace(prepared, data=offered(prepared.data, offer_mw), siting=siting)


def _grid_ceiling(
    m, loaded: LoadedModel, prepared: Prepared, offer_mw: pd.Series, demand
) -> tuple[pd.Series, pd.DataFrame, dict[int, list[str]]]:
    """Served energy per year with the connection rates lifted as well, the limits then, and
    the regions no modeled limit stops."""
    status, offer_mw = resolve_grid_ceiling(m, loaded, prepared.data, offer_mw)
    if status != "Optimal":
        raise EnergyError(f"the grid-ceiling re-solve ended {status}")
    loaded.load_solution(m)
    at_grid = _offered(prepared, offer_mw)
    served = collect(m, at_grid, demand).summary.set_index("year")["served_twh"]
    limits, _ = limits_table(m, at_grid.data)
    return served, limits, unbounded_by_the_grid(m, loaded, offer_mw)


def national_ceiling(
    m: pyo.ConcreteModel,
    loaded: LoadedModel,
    prepared: Prepared,
    demand: DemandProjection,
    results: Results,
    anchors: pd.DataFrame,
    options: SolveOptions | None = None,
) -> NationalCeiling:
    """Ceiling per year (as connected and the grid ceiling) next to the scenario's own requested
    and served trajectory.

    When it re-solves in place, leaves `m` holding the grid ceiling's solution, with the
    connection rates still lifted."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    if prepared.data.allow_relocation:
        seconds["highs"], offer_mw = _resolve_in_place(m, loaded, prepared.data)
        model = m
    else:  # a relocating model, offered the headroom from the start
        relocating = dataclasses.replace(
            prepared,
            data=dataclasses.replace(prepared.data, allow_relocation=True, allow_unserved=True),
        )
        offer_mw = uniform_offer(prepared.data)
        model = build_model(_offered(relocating, offer_mw).data)
        report = solve(model, options)
        loaded = report.loaded
        before = loaded.seconds
        status, offer_mw = free_offer(model, loaded, relocating.data, offer_mw)
        if status != "Optimal":
            raise EnergyError(f"the national-ceiling re-solve ended {status}")
        loaded.load_solution(model)
        seconds["highs"] = report.seconds + loaded.seconds - before
        prepared = relocating
    at = _offered(prepared, offer_mw)
    at_ceiling = collect(model, at, demand)
    limits, _ = limits_table(model, at.data)
    before = loaded.seconds
    grid, grid_limits, unbounded = _grid_ceiling(model, loaded, prepared, offer_mw, demand)
    seconds["grid_highs"] = loaded.seconds - before
    seconds["total"] = time.perf_counter() - started
    table = _table(at_ceiling, results, demand, limits, lbnl_2028_band(anchors))
    table["grid_ceiling_twh"] = table["year"].map(grid)
    grid_text = table["year"].map(_binding_text(grid_limits)).fillna("")
    for year, regions in unbounded.items():  # no modeled limit stops them: say so
        note = f"offer: {', '.join(regions)} served all of {OFFER_MAX_MW / 1000:,.0f} GW offered"
        at = table["year"] == year
        grid_text[at] = grid_text[at].where(grid_text[at] == "", grid_text[at] + "; ") + note
    table["binding_at_grid_ceiling"] = grid_text
    return NationalCeiling(table, limits, seconds)


def _table(
    at_ceiling: Results,
    results: Results,
    demand: DemandProjection,
    limits: pd.DataFrame,
    lbnl_2028: tuple[float, float],
) -> pd.DataFrame:
    ceiling = at_ceiling.summary.set_index("year")["served_twh"].rename("ceiling_twh")
    own = results.summary.set_index("year")
    table = pd.DataFrame(
        {
            "ceiling_twh": ceiling,
            "requested_twh": own["requested_twh"],
            "served_twh": own["served_twh"],
        }
    )
    table["gap_to_requested_twh"] = table["ceiling_twh"] - table["requested_twh"]
    us = demand.national["us_electricity_twh"].reindex(table.index)
    table["ceiling_share_of_us_electricity"] = table["ceiling_twh"] / us
    table["lbnl_2028_low_twh"] = pd.Series({2028: lbnl_2028[0]})
    table["lbnl_2028_high_twh"] = pd.Series({2028: lbnl_2028[1]})
    table["gap_to_lbnl_2028_high_twh"] = table["ceiling_twh"] - table["lbnl_2028_high_twh"]
    table["binding_at_ceiling"] = pd.Series(_binding_text(limits))
    table["binding_at_ceiling"] = table["binding_at_ceiling"].fillna("")
    return table.reset_index()


def _binding_text(limits: pd.DataFrame) -> dict[int, str]:
    return {year: _describe(group) for year, group in limits[limits["binding"]].groupby("year")}


def _describe(binding: pd.DataFrame) -> str:
    """Binding families of one year: how many places, and where relaxing is worth most."""
    parts = []
    for family, group in binding.groupby("family"):
        top = group.sort_values("shadow_price", ascending=False).iloc[0]
        parts.append(
            f"{family}: {len(group)} (most valuable {top.region}, {top.shadow_price:,.0f} {top.unit})"
        )
    return "; ".join(parts)
