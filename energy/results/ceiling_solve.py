"""The two national-ceiling solves on a model HiGHS holds: offer every region far more load,
solve, raise any offer that binds; then lift the connection rates and do the same, starting
from OFFER_FACTOR times the offers of the ceiling as connected (`grid_offer`).

Every region is offered HEADROOM_MW more data-center load than requested to start, in every
year but the base year, and the extra may always go unserved. The base year is history: no load
is offered in it (its campuses are what they were), so nothing offered there has to stay in its
region through the later years; offered in the base year too, the grid ceiling (connection
rates lifted from the base year on) had served less in the base year than the ceiling as
connected: the joint optimum kept less there so that less had to stay. The offer must not be
what stops the ceiling: a region whose offer is all served in some year (less than FREE_MW of it left unserved) is
offered OFFER_FACTOR times more, the same in every year, and the model solved again from the
basis it holds (only the offered load, a right-hand side, changes: dual simplex's own warm
start), until every region leaves some of its offer unserved in every year. Then no offer
binds: every unserved column is basic and positive, so the optimal basis stays optimal for any
larger offer and the ceiling is what it would be for an unlimited one. (With a fixed 100 GW the
reference's grid ceiling served all of ERCOT's and the Southwest's offer in 2035: the offer,
not the grid, set 12 TWh of it.) A region still all served at OFFER_MAX_MW is reported: no
modeled limit stops it.

This module works on HiGHS alone (row and column indices, no Pyomo), so a helper process can
solve both ceilings from the model's compiled LP (energy.model.highs_lp, saved as a file) while
this process solves the scenario
(`ceiling_job`); the results are the same wherever they are solved, since every path reads the
same file and follows the same steps.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from energy.errors import EnergyError
from energy.model.constraints.destination_market import room_mw
from energy.model.constraints.interconnection import requested_mw, stay_mw
from energy.model.solve import LoadedModel, use_resolve_options

HEADROOM_MW = 100_000.0  # extra average MW first offered in every region and year
OFFER_FACTOR = 4.0  # a region whose offer is all served is offered this many times more
OFFER_MAX_MW = 1_600_000.0  # offers stop rising here (the US fleet is about 1,300 GW)
FREE_MW = 1.0  # an offer binds in a year when less than this is left unserved
PRICING = "simplex_dual_edge_weight_strategy"  # the HiGHS option a cold solve sets


@dataclasses.dataclass(frozen=True)
class CeilingRows:
    """The rows and columns the ceilings change, by index in HiGHS; arrays by (region, year)."""

    regions: tuple[str, ...]
    years: tuple[int, ...]
    allocation: np.ndarray  # rows: placed load = in place + relocated + on site + unserved
    requested_mw: np.ndarray  # the scenario's requested load
    unserved: np.ndarray  # columns of unserved load (-1 where the model has none)
    stay_rows: np.ndarray  # base-year campuses stay in place: rows and their lower bounds
    stay_mw: np.ndarray
    room_rows: np.ndarray  # destination room (its own growth first): rows and upper bounds
    room_mw: np.ndarray
    connection_rows: np.ndarray  # connection-rate rows of every model year but the base year
    offered_years: np.ndarray  # by year: is load offered in it (every model year but the base year)


@dataclasses.dataclass
class CeilingSolve:
    """One ceiling's optimum: HiGHS's values and duals, each region's offer, seconds."""

    col_value: np.ndarray
    row_dual: np.ndarray
    row_value: np.ndarray  # each row's activity
    offer_mw: np.ndarray  # by region, in CeilingRows.regions order
    seconds: float


def uniform_offer(regions, offer_mw: float = HEADROOM_MW) -> np.ndarray:
    """The first offer: the same in every region."""
    return np.full(len(regions), offer_mw, dtype=float)


def offered(data, regions, offer_mw: np.ndarray):
    """`data` with each region's requested load raised by its offer, in every year but the
    base year (history: nothing is offered in it)."""
    by_region = dict(zip(regions, offer_mw, strict=True))
    requested = data.dc_requested_mw
    extra = np.array([0.0 if y == data.base_year else by_region[r] for r, y in requested.index])
    return dataclasses.replace(data, dc_requested_mw=requested + extra)


def ceiling_rows(m, loaded: LoadedModel, data) -> CeilingRows:
    """Where the ceilings' changes fall in the model HiGHS holds (before or after it solves).
    Stay bounds and destination rooms are those of any offer that is the same in every year
    and at least HEADROOM_MW: an offer changes no region's growth and leaves every base-year
    campus its place."""
    regions, years = tuple(m.R), tuple(int(y) for y in m.Y)
    index = [(r, y) for r in regions for y in years]
    shape = (len(regions), len(years))

    def rows(component, keys):
        return np.asarray([loaded.row_of.get(component[k], -1) for k in keys], dtype=np.int64)

    at = offered(data, regions, uniform_offer(regions))
    requested = requested_mw(data).reindex(index).to_numpy(dtype=float).reshape(shape)
    unserved = [loaded.col_of.get(m.dc_unserved[k], -1) for k in index]
    stay = stay_mw(at)
    held = [k for k in index if m.existing_dc_stay[k] in loaded.row_of]
    room_keys = (
        [k for k, c in m.market_room.items() if c in loaded.row_of]
        if hasattr(m, "market_room")
        else []
    )
    room = room_mw(at) if room_keys else None
    base = data.base_year
    lifted = [
        loaded.row_of[c]
        for family in m.families
        if family.connection
        for name in family.components
        for key, c in getattr(m, name).items()
        if key[-1] != base and c in loaded.row_of
    ]
    return CeilingRows(
        regions,
        years,
        rows(m.dc_allocation, index).reshape(shape),
        requested,
        np.asarray(unserved, dtype=np.int64).reshape(shape),
        rows(m.existing_dc_stay, held),
        np.asarray([float(stay[k]) for k in held], dtype=float),
        rows(m.market_room, room_keys) if room_keys else np.zeros(0, dtype=np.int64),
        np.asarray([float(room[k]) for k in room_keys], dtype=float),
        np.asarray(lifted, dtype=np.int64),
        np.asarray([y != data.base_year for y in years], dtype=bool),
    )


def _set_rows(highs, rows: np.ndarray, lower, upper) -> None:
    """Set the bounds of rows `rows` (HiGHS indices)."""
    rows = np.asarray(rows, dtype=np.int32)
    highs.changeRowsBounds(
        len(rows), rows, np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    )


def _place(highs, rows: CeilingRows, offer_mw: np.ndarray, which: np.ndarray) -> None:
    """Placed load = requested + offer, in every year but the base year (requested there), for
    the regions `which` (indices)."""
    placed = rows.requested_mw[which] + offer_mw[which, None] * rows.offered_years[None, :]
    allocation = rows.allocation[which].ravel()
    keep = allocation >= 0
    _set_rows(highs, allocation[keep], placed.ravel()[keep], placed.ravel()[keep])


def offer_headroom(highs, rows: CeilingRows, offer_mw: np.ndarray) -> None:
    """Offer every region its `offer_mw` more than requested: placed load, the base-year stay
    bound and each destination's room follow, and the extra may always go unserved in the
    years offered (even when the scenario forbids unserved load, the ceiling is what can be
    served of an open-ended offer)."""
    _place(highs, rows, offer_mw, np.arange(len(rows.regions)))
    if len(rows.stay_rows):
        _set_rows(highs, rows.stay_rows, rows.stay_mw, np.full(len(rows.stay_rows), np.inf))
    if len(rows.room_rows):
        _set_rows(highs, rows.room_rows, np.full(len(rows.room_rows), -np.inf), rows.room_mw)
    # in the years offered (the base year's load is what it was, as the scenario has it)
    offered_unserved = rows.unserved[:, rows.offered_years]
    columns = offered_unserved[offered_unserved >= 0].astype(np.int32)
    highs.changeColsBounds(
        len(columns), columns, np.zeros(len(columns)), np.full(len(columns), np.inf)
    )


def grid_offer(connected_mw: np.ndarray) -> np.ndarray:
    """The grid ceiling's first offer: OFFER_FACTOR times the connected ceiling's, in every
    region (up to OFFER_MAX_MW). Lifting the connection rates lets each region take more, and
    the larger offer is solved faster from cold: the reference's grid ceiling took 23.0 s
    instead of 29.5 s plus 4.3 s to raise the two offers 100 GW left all served (the same
    load served in every region and year, to 1e-10 MW)."""
    return np.minimum(connected_mw * OFFER_FACTOR, OFFER_MAX_MW)


def all_served(value, rows: CeilingRows) -> np.ndarray:
    """(region, year) -> is the offer all served (less than FREE_MW left unserved)? A
    region-year without an unserved column (none in the models built here) or without an offer
    (the base year) is not counted."""
    value = np.asarray(value)
    unserved = np.where(rows.unserved >= 0, value[np.maximum(rows.unserved, 0)], np.inf)
    return (unserved < FREE_MW) & rows.offered_years[None, :]


def free_offer(
    highs, rows: CeilingRows, offer_mw: np.ndarray, time_limit_s: float
) -> tuple[str, np.ndarray]:
    """From a solved ceiling: while some region's offer is all served in some year, offer it
    OFFER_FACTOR times more (up to OFFER_MAX_MW) and re-solve from the basis held; the HiGHS
    status and the offers (see the module docstring)."""
    offer_mw = offer_mw.copy()
    while True:
        full = all_served(highs.getSolution().col_value, rows).any(axis=1)
        which = np.flatnonzero(full & (offer_mw < OFFER_MAX_MW))
        if not len(which):
            return "Optimal", offer_mw
        offer_mw[which] = np.minimum(offer_mw[which] * OFFER_FACTOR, OFFER_MAX_MW)
        _place(highs, rows, offer_mw, which)
        status = run(highs, time_limit_s)
        if status != "Optimal":
            return status, offer_mw


def unbounded(col_value, rows: CeilingRows, offer_mw: np.ndarray) -> dict[int, list[str]]:
    """year -> regions whose offer is all served that year at OFFER_MAX_MW: no modeled limit
    stops them."""
    full = all_served(col_value, rows) & (offer_mw >= OFFER_MAX_MW)[:, None]
    found: dict[int, list[str]] = {}
    for i, j in zip(*np.nonzero(full), strict=True):
        found.setdefault(rows.years[j], []).append(rows.regions[i])
    return found


def lift_connection_limits(highs, rows: CeilingRows) -> None:
    """Lift the connection-rate rows (the utilities' large-load connection rates) of every
    model year but the base year: what is left of the ceiling is what the grid itself allows.
    The base year's rows stay: it is history, its campuses and connections as they were. An
    equality is a definition, not a rate: left as it is; a <= row loses its upper side, a >=
    row its lower side."""
    lp = highs.getLp()
    index = rows.connection_rows
    lower = np.asarray(lp.row_lower_)[index]
    upper = np.asarray(lp.row_upper_)[index]
    inequality = lower != upper
    index, lower, upper = index[inequality], lower[inequality], upper[inequality]
    _set_rows(
        highs,
        index,
        np.where(np.isinf(upper), -np.inf, lower),
        np.where(np.isinf(upper), upper, np.inf),
    )


def run(highs, time_limit_s: float) -> str:
    """Solve from the state HiGHS holds; the model status as text."""
    # HiGHS checks time_limit against a run clock that adds up over an instance's runs
    highs.setOptionValue("time_limit", float(highs.getRunTime() + time_limit_s))
    highs.run()
    return highs.modelStatusToString(highs.getModelStatus())


def cold_resolve(highs, time_limit_s: float, method: str | None = None) -> str:
    """Solve the changed model from scratch (presolve, a fresh basis) with HiGHS's own choice
    of dual pricing, then set the re-solves' options back; the HiGHS status. A cold solve
    measured faster than warm-starting from the scenario's basis, which the offer makes far
    from optimal (12 s against 94 s on the default model), and steepest edge pays off from a
    cold start (the ceiling as connected 18.6 s alone, against 32.5 s with Devex). `method`:
    the HiGHS solver for this solve (e.g. ipm: the interior point, whose crossover leaves the
    basis later re-solves start from), else the one set."""
    highs.clearSolver()
    highs.setOptionValue(PRICING, -1)
    own = highs.getOptionValue("solver")  # (status, value) in highspy 1.16, the value in others
    own = own[1] if isinstance(own, tuple) else own
    if method is not None:
        highs.setOptionValue("solver", method)
    status = run(highs, time_limit_s)
    highs.setOptionValue("solver", own)
    use_resolve_options(highs)
    return status


def _solve_one(
    highs, rows: CeilingRows, offer_mw, time_limit_s: float, what: str, method: str | None = None
):
    """One ceiling: a cold solve (by `method`, else the solver set), then the offers raised
    until none binds (dual simplex from the basis held)."""
    started = time.perf_counter()
    status = cold_resolve(highs, time_limit_s, method)
    if status == "Optimal":
        status, offer_mw = free_offer(highs, rows, offer_mw, time_limit_s)
    if status != "Optimal":
        raise EnergyError(f"the {what} re-solve ended {status}")
    solution = highs.getSolution()
    return CeilingSolve(
        np.asarray(solution.col_value),
        np.asarray(solution.row_dual),
        np.asarray(solution.row_value),
        offer_mw,
        time.perf_counter() - started,
    )


def solve_ceilings(
    highs,
    rows: CeilingRows,
    time_limit_s: float,
    solved_seconds: float | None = None,
    grid_method: str | None = None,
) -> tuple[CeilingSolve, CeilingSolve]:
    """The ceiling as connected, then the grid ceiling (connection rates lifted), on the model
    HiGHS holds, which is left changed. The grid ceiling is solved cold too: lifting the rates
    moves the optimum far from the basis held (a warm start had not finished in 4 minutes).
    `solved_seconds`: the model was built with the first offer and has been solved (in that many
    seconds), so the ceiling as connected starts from there. `grid_method`: the HiGHS solver
    of the grid ceiling's solve from scratch (None: the one set; [solver] grid_ceiling_method:
    ipm where the scenario's grid ceiling is hard for dual simplex: flexible-datacenters' took
    219,557 iterations, 131 s, against 55 s by interior point and crossover, while the
    reference's takes 28 s by dual simplex and 36 s by interior point)."""
    first = uniform_offer(rows.regions)
    if solved_seconds is None:
        offer_headroom(highs, rows, first)
        connected = _solve_one(highs, rows, first, time_limit_s, "national-ceiling")
    else:
        started = time.perf_counter()
        status, offer_mw = free_offer(highs, rows, first, time_limit_s)
        if status != "Optimal":
            raise EnergyError(f"the national-ceiling re-solve ended {status}")
        solution = highs.getSolution()
        connected = CeilingSolve(
            np.asarray(solution.col_value),
            np.asarray(solution.row_dual),
            np.asarray(solution.row_value),
            offer_mw,
            solved_seconds + time.perf_counter() - started,
        )
    lift_connection_limits(highs, rows)
    # only where the extra may go unserved (every region of the models built here)
    open_ended = (rows.unserved >= 0).all(axis=1)
    wider = np.where(open_ended, grid_offer(connected.offer_mw), connected.offer_mw)
    _place(highs, rows, wider, np.arange(len(rows.regions)))
    grid = _solve_one(highs, rows, wider, time_limit_s, "grid-ceiling", grid_method)
    return connected, grid


def ceiling_job(
    lp_path: str,  # the compiled LP, saved (energy.model.highs_lp.CompiledLp.save)
    rows: CeilingRows,
    options: dict,
    time_limit_s: float,
    grid_method: str | None = None,
) -> tuple[CeilingSolve, CeilingSolve]:
    """Both ceilings on a fresh HiGHS instance that takes the scenario's compiled LP, with the
    scenario's [solver] settings: in a helper process while the scenario solves, or here."""
    from energy.model.highs_lp import CompiledLp
    from energy.model.solve import _new_highs

    highs = _new_highs(False)
    highs.setOptionValue("output_flag", False)
    for key, value in options.items():
        highs.setOptionValue(key, value)
    try:
        CompiledLp.load(lp_path).into(highs)
    except (OSError, ValueError, EnergyError) as error:
        raise EnergyError(
            f"the national ceiling could not read the model from {lp_path}: {error}"
        ) from error
    return solve_ceilings(highs, rows, time_limit_s, grid_method=grid_method)
