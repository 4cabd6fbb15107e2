"""One sweep worker: build the base scenario's model once, then solve each sample by changing
what the sample changes in the model HiGHS holds (row bounds, objective costs, coefficients)
and re-solving, instead of rebuilding.

What a sample may change, and where it lands in the LP:
- demand sheets -> requested load per region and year -> `dc_allocation` bounds (and the
  `existing_dc_stay` bound, min(2023 load, requested));
- interconnection rates -> `interconnection_rate` upper bounds (rate x years in the step);
- build limits -> `build_rate` / `national_build_rate` upper bounds (limit x buildable years);
- capital costs -> the objective cost of `build` columns (proportional to capex);
- data-center utilization -> the `dc_connection` coefficient of connection capacity.
Every sample sets these from the base values (nothing accumulates), clears HiGHS's solver state
and starts from the base optimal basis, so a sample's result does not depend on which worker
solved it or in what order.
"""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import pandas as pd

from energy.demand.projection import project_demand
from energy.errors import EnergyError
from energy.model import build_model
from energy.model.constraints.build_rate import national_build_mw, regional_build_mw
from energy.model.constraints.destination_market import room_mw
from energy.model.constraints.interconnection import connection_rate_mw, requested_mw, stay_mw
from energy.model.constraints.lasting_siting import allowed_drop_mw
from energy.model.prepare import prepare
from energy.model.solve import LoadedModel, solve
from energy.results.ceiling_solve import (
    PRICING,
    ceiling_rows,
    cold_resolve,
    free_offer,
    offer_headroom,
    offered,
    uniform_offer,
)
from energy.results.limits import limit_constraints, significant
from energy.results.tables import TWH_PER_MW_YEAR as MW_TO_TWH
from energy.results.tables import displaced_mw
from energy.scenario import load_scenario, scenario_inputs
from energy.siting import site_demand
from energy.sweep.spec import SweepSpec, apply_sample, demand_sheets

# model data a sample must leave as it is for a re-solve to equal a rebuild (checked per sample)
CARRIED_NOT = (
    "other_load_mw",
    "other_peak_mw",
    "summer_peak_mw",
    "winter_peak_mw",
    "winter_peak_month",
    "existing_mw",
    "variable_cost_usd_per_mwh",
    "co2_t_per_mwh",
    "fom_usd_per_mw_yr",
    "reserve_margin",
    "availability",
    "corridors",
    "first_build_year",
    "dc_existing_mw",
    "reserve_requirement_mw",
    "reserve_shortage_usd_per_mwh",
    "firm_import_limit_mw",
    "resource_supply_mw",
    "announced_retired_mw",
    "deferrable_mw",
    "retirement_deferral_usd_per_mw_yr",
    "relocation_site_cost_usd_per_mw",
    "relocation_site_life_years",
    "slices",
    "techs",
    "accredited_requirement_factor",
    "requirement_factors",
    "class_ratings",
    "installed_basis_regions",
    "demand_response_mw",
    "regional_accreditation",
    "accreditation_tranches",
    "solar_tranches",
    "early_retirement_from_year",
)


def binds_column(family: str) -> str:
    """The sample table's column saying whether a limit family binds ('binds_build_rate')."""
    return "binds_" + family.replace(" ", "_").replace("-", "_")


@dataclasses.dataclass
class RowGroup:
    """The HiGHS rows behind one limit (family, place, year) and the factor from each row's
    dual to its shadow price in the family's unit."""

    rows: np.ndarray
    factor: np.ndarray
    details: list


def _row_groups(m, loaded: LoadedModel) -> dict:
    """(family record, region or corridor, year) -> RowGroup, keyed as in the limits table."""
    found: dict = {}
    for family, con, region, year, detail, factor in limit_constraints(m):
        if con in loaded.row_of:
            found.setdefault((family, region, year), []).append(
                (loaded.row_of[con], factor, detail)
            )
    return {
        key: RowGroup(
            np.array([r for r, _, _ in rows]),
            np.array([f for _, f, _ in rows]),
            [d for _, _, d in rows],
        )
        for key, rows in found.items()
    }


@dataclasses.dataclass
class Solved:
    """A model held by HiGHS with the row and column maps a sample needs."""

    model: object
    loaded: LoadedModel
    data: object
    groups: dict
    keys: list[tuple[str, int]]  # (region, year) in a fixed order
    alloc_rows: np.ndarray
    stay_rows: np.ndarray
    in_place_cols: np.ndarray
    unserved_cols: np.ndarray
    relocated_cols: dict  # (from region, year) -> columns
    onsite_cols: np.ndarray

    @classmethod
    def of(cls, model, loaded, data) -> Solved:
        keys = [(r, y) for r in model.R for y in model.Y]
        outs: dict = {}
        for (a, _b, y), var in model.dc_relocated.items():
            if var in loaded.col_of:
                outs.setdefault((a, y), []).append(loaded.col_of[var])

        def cols(component):
            return np.array([loaded.col_of.get(component[k], -1) for k in keys])

        return cls(
            model,
            loaded,
            data,
            _row_groups(model, loaded),
            keys,
            np.array([loaded.row_of[model.dc_allocation[k]] for k in keys]),
            np.array([loaded.row_of.get(model.existing_dc_stay[k], -1) for k in keys]),
            cols(model.dc_in_place),
            cols(model.dc_unserved),
            outs,
            cols(model.dc_onsite),
        )


class SweepModel:
    """The base scenario built (and solved) once; `run(sample_id, values)` solves one sample."""

    def __init__(self, spec: SweepSpec, reuse: bool = True):
        self.spec, self.reuse = spec, reuse
        self._lock = threading.Lock()
        scenario = load_scenario(spec.base)
        grid = dataclasses.replace(
            scenario.grid, **spec.grid, measure_held_back=False, national_ceiling=False
        )
        self.scenario = dataclasses.replace(scenario, grid=grid)
        self.inputs = scenario_inputs(self.scenario)
        first = min(self.scenario.first_year, 2023)
        self.demand_years = list(range(first, self.scenario.last_year + 1))
        self.demand = project_demand(self.inputs, self.scenario.case, self.demand_years)
        self.base = self._prepare(self.inputs, self.demand)
        self.demand_changes = any(u.sheet in demand_sheets() for u in spec.uncertain)
        self.base_solved = self._build(self.base) if reuse else None
        if reuse:
            loaded = self.base_solved.loaded
            self.basis = loaded.highs.getBasis()
            lp = loaded.highs.getLp()
            self.row_lower = np.array(lp.row_lower_)
            self.row_upper = np.array(lp.row_upper_)
            self.col_cost = np.array(lp.col_cost_)

    def _build(self, data) -> Solved:
        model = build_model(data)
        report = solve(model, self.scenario.solver)
        return Solved.of(model, report.loaded, data)

    def _prepare(self, inputs, demand):
        siting = site_demand(inputs, demand, list(self.scenario.grid.years))
        return prepare(inputs, self.scenario.grid, siting.table, siting.base_year_mw).data

    def sample_data(self, values: dict[str, float]):
        """A sample's grid data: its inputs, demand (re-projected only if it changes), siting."""
        inputs = apply_sample(self.inputs, self.spec.uncertain, values)
        demand = (
            project_demand(inputs, self.scenario.case, self.demand_years)
            if self.demand_changes
            else self.demand
        )
        return self._prepare(inputs, demand)

    def _check_carried(self, data) -> None:
        """Refuse a sample that changes model data the re-solve does not carry into the LP."""
        for name in CARRIED_NOT:
            old, new = getattr(self.base, name), getattr(data, name)
            same = old.equals(new) if hasattr(old, "equals") else old == new
            if not same:
                raise EnergyError(
                    f"this sample changes {name}, which re-solving the built model does not "
                    "carry; run the sweep with --no-reuse"
                )

    def _apply(self, data) -> None:
        """Set every sample-dependent bound, cost and coefficient from the base values."""
        self._check_carried(data)
        s, base, highs = self.base_solved, self.base, self.base_solved.loaded.highs
        lower, upper, cost = self.row_lower.copy(), self.row_upper.copy(), self.col_cost.copy()
        keys = pd.MultiIndex.from_tuples(s.keys)
        # right-hand sides from the same functions the build uses (energy.model.constraints)
        requested = requested_mw(data).reindex(keys).to_numpy()
        lower[s.alloc_rows] = upper[s.alloc_rows] = requested
        stay = s.stay_rows >= 0
        lower[s.stay_rows[stay]] = stay_mw(data).reindex(keys).to_numpy()[stay]
        m = s.model
        _set_upper(upper, m.interconnection_rate, s.loaded, connection_rate_mw(data))
        _set_upper(upper, m.build_rate, s.loaded, regional_build_mw(data))
        _set_upper(upper, m.national_build_rate, s.loaded, national_build_mw(data))
        if hasattr(m, "market_room"):  # in load: follows utilization and requests
            room = room_mw(data)
            rhs = pd.Series({key: room[key] for key in m.market_room})
            _set_upper(upper, m.market_room, s.loaded, rhs)
        # campuses close as far as the sample's requests fall
        if hasattr(m, "campus_closing_limit"):
            _set_upper(upper, m.campus_closing_limit, s.loaded, closing_allowance_mw(m, data))
        ratio = data.capex_usd_per_mw / base.capex_usd_per_mw
        if np.isinf(ratio).any():  # a capital cost that is 0 in the base cannot be scaled up
            raise EnergyError(
                "this sample gives a capital cost to a technology whose base capex is 0; "
                "run the sweep with --no-reuse"
            )
        ratio = ratio.fillna(1.0).to_dict()
        for (_r, g, v), var in m.build.items():
            column = s.loaded.col_of.get(var)
            if column is not None:
                cost[column] = self.col_cost[column] * ratio.get((g, v), 1.0)
        # a second site costs its capital per MW of campus: per MW of load, over the utilization
        for var in getattr(m, "campus_sites", {}).values():
            column = s.loaded.col_of.get(var)
            if column is not None:
                cost[column] = self.col_cost[column] * base.dc_utilization / data.dc_utilization
        rows = np.arange(len(lower), dtype=np.int32)
        highs.changeRowsBounds(len(rows), rows, lower, upper)
        columns = np.arange(len(cost), dtype=np.int32)
        highs.changeColsCost(len(columns), columns, cost)
        for key, con in m.dc_connection.items():
            highs.changeCoeff(
                s.loaded.row_of[con], s.loaded.col_of[m.dc_connected[key]], -data.dc_utilization
            )

    def _solve(self, solved: Solved) -> None:
        highs = solved.loaded.highs
        if self.reuse:
            highs.clearSolver()
            highs.setBasis(self.basis)
        status = solved.loaded.resolve()
        if status != "Optimal":
            from energy.model.infeasibility import explain

            detail = explain(solved.model, solved.loaded) if status == "Infeasible" else ""
            raise EnergyError(f"the sample's solve ended {status}\n{detail}".strip())

    def run(self, sample_id: int, values: dict[str, float]) -> pd.DataFrame:
        """One row per region and year (and US per year) for this sample. One sample at a time
        per model: a Dask worker may call this from several threads, and HiGHS holds one LP."""
        with self._lock:
            return self._run(sample_id, values)

    def _run(self, sample_id: int, values: dict[str, float]) -> pd.DataFrame:
        started = time.perf_counter()
        data = self.sample_data(values)
        if self.reuse:
            self._apply(data)
            solved = self.base_solved
            self._solve(solved)
        else:
            solved = self._build(data)
        table = _results(solved, data)
        if self.spec.national_ceiling:
            ceiling = _ceiling(solved, data)
            table["ceiling_twh"] = table["year"].map(ceiling).where(table["region"] == "US")
        table.insert(0, "sample_id", sample_id)
        for name, value in values.items():
            table[f"input_{name}"] = value
        table["seconds"] = time.perf_counter() - started
        return table


def _results(s: Solved, data) -> pd.DataFrame:
    solution = s.loaded.highs.getSolution()
    value = np.asarray(solution.col_value)
    dual = np.abs(np.asarray(solution.row_dual))  # million USD per unit, discounted
    index = pd.MultiIndex.from_tuples(s.keys, names=["region", "year"])
    table = pd.DataFrame(index=index)
    table["requested_mw"] = data.dc_requested_mw.reindex(index).to_numpy()
    table["in_place_mw"] = value[s.in_place_cols]
    table["unserved_mw"] = np.where(s.unserved_cols >= 0, value[s.unserved_cols], 0.0)
    table["onsite_mw"] = np.where(s.onsite_cols >= 0, value[s.onsite_cols], 0.0)
    table["relocated_out_mw"] = [
        value[s.relocated_cols[k]].sum() if k in s.relocated_cols else 0.0 for k in s.keys
    ]
    scarcity = data.unserved_penalty_usd_per_mwh
    binds: dict = {}  # (family name, place, year) -> binds, by the limits table's definition
    for (family, region, year), group in s.groups.items():
        price = family.combined_price(dual[group.rows] * group.factor, group.details)
        key = (family.name, region.split(">")[-1], year)  # a corridor counts for the importer
        binds[key] = binds.get(key, False) or family.binds(significant(price), scarcity)
    families = list(dict.fromkeys(name for name, _, _ in binds))
    regional = [f for f in families if any(p != "US" for n, p, _ in binds if n == f)]
    national_families = [f for f in families if any(p == "US" for n, p, _ in binds if n == f)]
    for name in regional:
        table[binds_column(name)] = [binds.get((name, r, y), False) for r, y in s.keys]
    table = table.reset_index()
    national = table.groupby("year", as_index=False)[
        ["requested_mw", "in_place_mw", "unserved_mw", "onsite_mw", "relocated_out_mw"]
    ].sum()
    national["region"] = "US"
    for name in national_families:
        national[binds_column(name)] = [binds.get((name, "US", y), False) for y in national["year"]]
    table = pd.concat([table, national], ignore_index=True)
    table["served_twh"] = (table["requested_mw"] - table["unserved_mw"]) * MW_TO_TWH
    table["unserved_twh"] = table["unserved_mw"] * MW_TO_TWH
    table["displaced_twh"] = (
        displaced_mw(table["requested_mw"], table["in_place_mw"], table["onsite_mw"]) * MW_TO_TWH
    )
    return table


def _ceiling(s: Solved, data) -> dict[int, float]:
    """Re-solve with every region offered HEADROOM_MW more (more where that offer binds:
    energy.results.ceiling_solve); served TWh per year, as connected. The offered bounds are set
    again by the next sample; the unserved columns' bounds are restored here."""
    highs = s.loaded.highs
    lp = highs.getLp()
    columns = s.unserved_cols[s.unserved_cols >= 0].astype(np.int32)
    lower = np.array([lp.col_lower_[c] for c in columns])
    upper = np.array([lp.col_upper_[c] for c in columns])
    rows = ceiling_rows(s.model, s.loaded, data)
    offer_mw = uniform_offer(rows.regions)
    offer_headroom(highs, rows, offer_mw)
    _, pricing = highs.getOptionValue(PRICING)  # every sample's own solve keeps its pricing
    status = cold_resolve(highs, s.loaded.time_limit_s)
    if status == "Optimal":
        status, offer_mw = free_offer(highs, rows, offer_mw, s.loaded.time_limit_s)
    highs.setOptionValue(PRICING, pricing)
    value = np.asarray(highs.getSolution().col_value)
    highs.changeColsBounds(len(columns), columns, lower, upper)
    if status != "Optimal":
        raise EnergyError(f"the sample's national-ceiling solve ended {status}")
    offered_mw = requested_mw(offered(data, rows.regions, offer_mw))
    keys = pd.MultiIndex.from_tuples(s.keys)
    unserved = np.where(s.unserved_cols >= 0, value[s.unserved_cols], 0.0)
    served = pd.Series(offered_mw.reindex(keys).to_numpy() - unserved, index=keys)
    return (served.groupby(level=1).sum() * MW_TO_TWH).to_dict()


def closing_allowance_mw(m, data) -> pd.Series:
    """(region, year) -> how far campuses may close in a sample, for the built model's rows of
    lasting siting's closing allowance; refused where the sample's requests fall in a region
    and year where the base's did not (the model has no closing variables there)."""
    drop = allowed_drop_mw(data)
    rows = set(m.campus_closing_limit)
    new = sorted(key for key, mw in drop.items() if mw > 0 and key not in rows)
    if new:
        region, year = new[0]
        raise EnergyError(
            f"this sample's requested data-center load falls in {region} in {year}, where the "
            "base scenario's does not (lasting siting then needs variables the built model does "
            "not have); run the sweep with --no-reuse"
        )
    return pd.Series({key: drop[key] for key in m.campus_closing_limit})


def _set_upper(upper: np.ndarray, component, loaded: LoadedModel, rhs: pd.Series) -> None:
    """Upper row bounds of a constraint family from its right-hand side (same keys)."""
    values = rhs.to_dict()
    for key, con in component.items():
        upper[loaded.row_of[con]] = values[key]
