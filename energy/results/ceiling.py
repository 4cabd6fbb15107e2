"""The national ceiling: the most data-center energy the grid can serve each year.

Every region is offered far more data-center load than requested, with relocation allowed,
and as much more where that offer would bind (energy.results.ceiling_solve); the usual
objective then serves as much as the limits allow (each unserved MWh costs the unserved-load
penalty, above any cost of new supply but below shedding other load or running short of the
reserve margin) and, among plans that serve the same, picks the cheapest. The served energy per
year is the ceiling.

Two ceilings: the one above is the ceiling as connected (the utilities' large-load connection
rates hold, so where they bind it restates them); the grid ceiling lifts every connection rate
as well and re-solves, so it measures what generation, build rates, lead times and transfers
allow. Both keep lasting siting (a campus, once served, stays). When the two differ the
connection rates bind the ceiling; when they agree, the grid does.

When the scenario's model allows relocation, both are solves of the scenario's own model with
the offer (row bounds) changed: solved beside the scenario in a helper process
(`energy run`), or in place here. Otherwise a relocating model is built with the offer and
compiled and saved, and both are solved from it the same way (beside, or here).
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from energy.demand.anchors import lbnl_2028_band
from energy.demand.projection import DemandProjection
from energy.errors import EnergyError
from energy.model import build_model
from energy.model.data import GridData
from energy.model.highs_lp import CompiledLp
from energy.model.prepare import Prepared
from energy.model.solve import LoadedModel, hand_over
from energy.results.ceiling_solve import (
    OFFER_MAX_MW,
    CeilingRows,
    CeilingSolve,
    ceiling_job,
    ceiling_rows,
    offered,
    solve_ceilings,
    unbounded,
    uniform_offer,
)
from energy.results.limits import limits_table
from energy.results.tables import Results, dc_placement, served_twh_by_year
from energy.results.workers import HELPER_DIED
from energy.scenario.options import SolveOptions
from energy.scratch import scratch_dir


@dataclasses.dataclass
class NationalCeiling:
    table: pd.DataFrame  # per year: ceiling, requested, served, gaps, limits binding at the ceiling
    limits: pd.DataFrame  # the limits table of the ceiling solve
    seconds: dict[str, float]


Solved = tuple[CeilingRows, CeilingSolve, CeilingSolve]  # where, as connected, the grid's


def _offered(prepared: Prepared, rows: CeilingRows, offer_mw: np.ndarray) -> Prepared:
    """The scenario's prepared inputs with each region's offer added to its requested load, in
    every year but the base year (ceiling_solve.offered)."""
    by_region = pd.Series(offer_mw, index=list(rows.regions))
    later = (prepared.siting["year"] != prepared.data.base_year).to_numpy()
    extra = by_region.reindex(prepared.siting["region"]).to_numpy() * later
    siting = prepared.siting.assign(requested_mw=prepared.siting["requested_mw"] + extra)
    data = offered(prepared.data, rows.regions, offer_mw)
    return dataclasses.replace(prepared, data=data, siting=siting)


def solve_in_place(m, loaded: LoadedModel, data, grid_method: str | None = None) -> Solved:
    """Both ceilings on the model HiGHS holds for `m` (which allows relocation); it is left
    holding the grid ceiling with the connection rates lifted."""
    rows = ceiling_rows(m, loaded, data)
    started = loaded.highs.getRunTime()
    connected, grid = solve_ceilings(
        loaded.highs, rows, loaded.time_limit_s, grid_method=grid_method
    )
    loaded.seconds += loaded.highs.getRunTime() - started
    return rows, connected, grid


@dataclasses.dataclass
class Relocating:
    """A relocating model of a scenario that does not relocate, built with the first offer and
    compiled and saved, not solved: both ceilings are solved from that file (ceiling_job), in
    a helper process beside the scenario or here, with the same steps either way."""

    data: GridData
    model: pyo.ConcreteModel
    loaded: LoadedModel  # its row and column indices and bounds as written; no HiGHS kept
    rows: CeilingRows
    job: tuple  # ceiling_job's arguments
    seconds: float  # spent building and writing it

    @classmethod
    def written(cls, data: GridData, options: SolveOptions, folder: Path) -> Relocating:
        started = time.perf_counter()
        relocating = dataclasses.replace(data, allow_relocation=True, allow_unserved=True)
        regions = tuple(relocating.regions)
        model = build_model(offered(relocating, regions, uniform_offer(regions)))
        path = folder / "relocating.npz"
        loaded, compiled = hand_over(model, options)
        compiled.save(path)
        rows = ceiling_rows(model, loaded, relocating)
        loaded.highs = None  # solved from the file (ceiling_job): this copy held memory only
        settings = {k: v for k, v in loaded.highs_options.items() if k != "time_limit"}
        job = (str(path), rows, settings, options.time_limit_s, options.grid_ceiling_solver)
        return cls(relocating, model, loaded, rows, job, time.perf_counter() - started)

    def at(self, prepared: Prepared) -> Prepared:
        """The scenario's prepared inputs with this model's data."""
        return dataclasses.replace(prepared, data=self.data)


class CeilingBeside:
    """The national ceiling solved beside the scenario: the scenario's compiled LP is saved as soon
    as HiGHS has taken it and both ceilings are solved from it in a helper process while the
    scenario solves (or here, later, without helpers); the solutions are collected here. Every
    path takes the same LP and follows the same steps, so the ceiling does not depend on the
    number of workers."""

    def __init__(self, helpers, keep: contextlib.ExitStack, options: SolveOptions | None = None):
        self.helpers = helpers  # energy.results.workers.Helpers
        self.keep = keep  # holds the saved LP's folder until the run ends
        self.options = options or SolveOptions()  # the scenario's [solver] settings
        self.job: dict = {}

    def handed_over(self, m, data):
        """The hook for `solve(handed_over=...)` of model `m` of `data` (the latest plan's
        model counts: an hourly-check round that plans again hands over again)."""

        def hand(compiled: CompiledLp, loaded: LoadedModel) -> None:
            earlier = self.job.get("future")
            if earlier is not None and not earlier.done():  # an earlier plan's ceiling: unwanted
                self.helpers.restart()
            self.job.clear()
            folder = self.keep.enter_context(scratch_dir("ceiling"))
            relocating = None
            if data.allow_relocation:  # the scenario's own model, offered
                rows = ceiling_rows(m, loaded, data)
                copy = folder / "model.npz"
                compiled.save(copy)
                options = {k: v for k, v in loaded.highs_options.items() if k != "time_limit"}
                method = self.options.grid_ceiling_solver
                args = (str(copy), rows, options, loaded.time_limit_s, method)
            else:  # a relocating model of its own, written here and solved beside
                relocating = Relocating.written(data, self.options, folder)
                rows, args = relocating.rows, relocating.job
            pool = self.helpers.pool
            try:
                future = pool.submit(ceiling_job, *args) if pool is not None else None
            except BrokenProcessPool as error:  # the helper died while it started (memory?)
                raise EnergyError(HELPER_DIED) from error
            self.job.update(rows=rows, args=args, future=future, relocating=relocating)

        return hand

    @property
    def ahead(self) -> list:
        """The helper's job to finish before it takes other work."""
        future = self.job.get("future")
        return [future] if future is not None else []

    def solved(self) -> Solved | None:
        """Both ceilings of the latest plan, waiting for the helper or solving them here."""
        if not self.job:
            return None
        future = self.job["future"]
        if future is None:
            return self.job["rows"], *ceiling_job(*self.job["args"])
        try:
            connected, grid = future.result()
        except BrokenProcessPool as error:
            raise EnergyError(HELPER_DIED) from error
        return self.job["rows"], connected, grid


@dataclasses.dataclass
class _Snapshot:
    """A solved Pyomo model's values, duals and row activities, to put back after other
    solutions have passed through it."""

    values: list
    duals: list
    row_activity: object

    @classmethod
    def of(cls, m: pyo.ConcreteModel, loaded: LoadedModel) -> _Snapshot:
        return cls(
            [(var, var.value) for var in loaded.col_of],
            list(m.dual.items()),
            getattr(m, "row_activity", None),
        )

    def restore(self, m: pyo.ConcreteModel) -> None:
        for var, value in self.values:
            var.set_value(value, skip_validation=True)
        m.dual.clear()
        for con, value in self.duals:
            m.dual[con] = value
        m.row_activity = self.row_activity


def national_ceiling(
    m: pyo.ConcreteModel,
    loaded: LoadedModel,
    prepared: Prepared,
    demand: DemandProjection,
    results: Results,
    anchors: pd.DataFrame,
    options: SolveOptions | None = None,
    solved: Solved | None = None,
    relocating: Relocating | None = None,
    keep_scenario: bool = False,
) -> NationalCeiling:
    """Ceiling per year (as connected and the grid ceiling) next to the scenario's own requested
    and served trajectory. `solved`: both ceilings already solved (beside the scenario,
    energy.results.ceiling_solve.ceiling_job), of `m`'s model or, for a scenario without
    relocation, of `relocating`'s; otherwise they are solved here.

    The ceilings' values pass through `m` (when it is the model solved); with `keep_scenario`
    it holds the scenario's solution again at the end (for a caller that keeps the model),
    otherwise the grid ceiling's."""
    started = time.perf_counter()
    model = m
    solved_here = solved is None  # then the solves are inside this function's elapsed time
    built_before = 0.0 if relocating is None else relocating.seconds  # beside the scenario
    with contextlib.ExitStack() as keep:
        if relocating is None and solved is None and not prepared.data.allow_relocation:
            folder = keep.enter_context(scratch_dir("ceiling"))
            relocating = Relocating.written(prepared.data, options or SolveOptions(), folder)
        if relocating is not None:  # solved beside the scenario (`solved`) or here
            prepared, model, loaded = relocating.at(prepared), relocating.model, relocating.loaded
            solved = solved or (relocating.rows, *ceiling_job(*relocating.job))
        elif solved is None:
            method = (options or SolveOptions()).grid_ceiling_solver
            solved = solve_in_place(m, loaded, prepared.data, method)
    rows, connected, grid = solved
    kept = _Snapshot.of(model, loaded) if keep_scenario and model is m else None
    loaded.load_values(model, connected.col_value, connected.row_dual, connected.row_value)
    at = _offered(prepared, rows, connected.offer_mw)
    at_ceiling = served_twh(model, at)
    limits, _ = limits_table(model, at.data)
    loaded.load_values(model, grid.col_value, grid.row_dual, grid.row_value)
    at = _offered(prepared, rows, grid.offer_mw)
    served = served_twh(model, at)
    grid_limits, _ = limits_table(model, at.data)
    table = _table(at_ceiling, results, demand, limits, lbnl_2028_band(anchors))
    table["grid_ceiling_twh"] = table["year"].map(served)
    grid_text = table["year"].map(_binding_text(grid_limits)).fillna("")
    for year, regions in unbounded(grid.col_value, rows, grid.offer_mw).items():
        note = f"offer: {', '.join(regions)} served all of {OFFER_MAX_MW / 1000:,.0f} GW offered"
        at_year = table["year"] == year
        text = grid_text[at_year]
        grid_text[at_year] = text.where(text == "", text + "; ") + note
    table["binding_at_grid_ceiling"] = grid_text
    # nothing is offered in the base year (history): no limit stops an offer there
    base = table["year"] == prepared.data.base_year
    table.loc[base, ["binding_at_ceiling", "binding_at_grid_ceiling"]] = ""
    if kept is not None:
        kept.restore(model)
    seconds = {
        "highs": connected.seconds,
        "grid_highs": grid.seconds,
        "total": time.perf_counter()
        - started
        + (0.0 if solved_here else connected.seconds + grid.seconds)
        + built_before,
    }
    return NationalCeiling(table, limits, seconds)


def served_twh(m, prepared: Prepared) -> pd.Series:
    """year -> data-center energy served (in place, relocated, on site), as the results'
    national table counts it (energy.results.tables.collect), without the other tables."""
    placement, _ = dc_placement(m, prepared)
    national = placement.groupby("year").agg(
        served_in_place_twh=("in_place_twh", "sum"),
        relocated_twh=("relocated_out_twh", "sum"),
        onsite_twh=("onsite_twh", "sum"),
    )
    return served_twh_by_year(national)


def _table(
    at_ceiling: pd.Series,
    results: Results,
    demand: DemandProjection,
    limits: pd.DataFrame,
    lbnl_2028: tuple[float, float],
) -> pd.DataFrame:
    ceiling = at_ceiling.rename("ceiling_twh")
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
