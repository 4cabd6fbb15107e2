"""Scenario options for the grid model ([grid]) and the solver ([solver]), checked on reading."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields
from typing import Any

from energy.errors import InputError
from energy.inputs.schema import GRID_FIRST_YEAR, GRID_LAST_YEAR

# Every year would be 13 model years; these 8 keep the solve under a minute (see the benchmark).
DEFAULT_YEARS = (2023, 2025, 2026, 2027, 2028, 2030, 2032, 2035)


@dataclass
class GridOptions:
    """How the grid model is built for a scenario."""

    years: list[int] = field(default_factory=lambda: list(DEFAULT_YEARS))
    days: int = 6  # representative days (one of them the national peak day); 0 = all 8,760 hours
    hours_per_slice: int = 4  # hours averaged into one time slice (divides 24)
    allow_relocation: bool = True  # may requested data-center load be served in another region
    # drop interconnection, build-rate, lead-time and transfer limits (a check)
    relax_limits: bool = False
    allow_transmission_expansion: bool = True  # may corridors be expanded (after their lead time)
    # count every region's adequacy as PJM counts it (PJM's class ratings and requirement factor,
    # no region's own credits): a what-if, the reference before each region counted on its own
    # planning basis (sheet reserve_margins: accreditation_basis)
    pjm_accreditation_everywhere: bool = False
    co2_cap_mt: dict[str, float] = field(default_factory=dict)  # year -> Mt CO2, national
    seed: int = 0  # for the choice of representative days
    # days of the weather year (1-365) kept as representative days standing for themselves
    # (the hourly check adds the days it finds short)
    keep_days: list[int] = field(default_factory=list)
    # may requested data-center load go unserved and other load be shed (at their penalties);
    # false turns a shortage into an infeasible model, which the run explains
    allow_unserved: bool = True
    # share of data-center load curtailed at each region's peak (0 = inflexible); it lowers the
    # load the reserve margin covers and the load in the region's peak slice
    dc_peak_curtailment_share: float = 0.0
    measure_held_back: bool = True  # re-solve to measure the load each binding limit holds back
    held_back_step_mw: float = 100_000.0  # how far a limit is relaxed for that measurement
    # at most this many re-solves (0 = every candidate), in a fixed order; the rest are left
    # empty and counted (results never depend on time)
    held_back_max_solves: int = 0
    national_ceiling: bool = True  # also solve for the national ceiling (summary.json)
    # dispatch each model year's system over all 8,760 hours (hourly_check.csv)
    hourly_check: bool = True
    # times the plan is made again with the days the hourly check found short added to the
    # representative days (keep_days); 0 = report the gap only
    hourly_check_rounds: int = 1


METHODS = ("simplex", "ipm", "choose", "pdlp")
HANDOVERS = ("lp", "persistent")
GRID_CEILING_METHODS = ("method", "simplex", "ipm")


def worker_count(requested: int = 0) -> int:
    """Processes for parallel re-solves: as requested, or (0) one per CPU core, up to 4."""
    return requested or max(1, min(4, os.cpu_count() or 1))


@dataclass
class SolveOptions:
    """HiGHS settings a scenario may set under [solver]."""

    time_limit_s: float = 600.0
    method: str = "simplex"  # simplex (dual), ipm (interior point + crossover), choose, pdlp
    threads: int = 0  # 0 lets HiGHS decide
    primal_tolerance: float = 1e-7
    dual_tolerance: float = 1e-7
    handover: str = "lp"  # lp (compiled arrays, energy.model.highs_lp) or persistent (Pyomo APPSI)
    log: bool = False
    workers: int = 0  # processes for the held-back re-solves; 0 = one per CPU core (up to 4)
    # the grid ceiling's solve from scratch: "method" (as `method` above), simplex (dual) or ipm
    # (interior point + crossover), whichever solves the scenario's grid ceiling sooner (a
    # choice made in the scenario file, never by a clock)
    grid_ceiling_method: str = "method"

    @property
    def worker_count(self) -> int:
        return worker_count(self.workers)

    @property
    def grid_ceiling_solver(self) -> str | None:
        """The HiGHS solver of the grid ceiling's solve from scratch (None: `method`'s)."""
        return None if self.grid_ceiling_method == "method" else self.grid_ceiling_method

    def highs_options(self) -> dict:
        options = {
            "solver": self.method,
            "primal_feasibility_tolerance": self.primal_tolerance,
            "dual_feasibility_tolerance": self.dual_tolerance,
            "time_limit": float(self.time_limit_s),
            "run_crossover": "on",
        }
        if self.threads:
            options["threads"] = self.threads
        return options


def _check(value: Any, expected: type | tuple, where: str, what: str) -> None:
    if (
        isinstance(value, bool)
        and expected is not bool
        and bool not in (expected if isinstance(expected, tuple) else (expected,))
    ):
        raise InputError([f"{where}: expected {what}, found {value!r}"])
    if not isinstance(value, expected):
        raise InputError([f"{where}: expected {what}, found {value!r}"])


# options that no longer exist, and what to use instead
REMOVED = {
    "market_accreditation": (
        "removed: each region's own credits (sheet regional_accreditation) always count now; "
        "pjm_accreditation_everywhere = true counts every region as PJM does instead"
    ),
    "held_back_time_limit_s": (
        "removed: results no longer depend on a time budget; every candidate limit is "
        "measured, or set held_back_max_solves (a count) to bound the re-solves"
    ),
}


def _construct(cls, section: dict[str, Any], where: str):
    """The options dataclass from a TOML table, naming any unknown option."""
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(section) - known)
    removed = [name for name in unknown if name in REMOVED]
    if removed:
        raise InputError([f"{where} {name}: {REMOVED[name]}" for name in removed])
    if unknown:
        raise InputError(
            [f"{where}: unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"]
        )
    return cls(**section)


def grid_options(section: dict[str, Any], where: str) -> GridOptions:
    options = _construct(GridOptions, section, f"{where} [grid]")
    _check(options.years, list, f"{where} [grid] years", "a list of years")
    if not options.years or any(
        not isinstance(y, int) or not GRID_FIRST_YEAR <= y <= GRID_LAST_YEAR for y in options.years
    ):
        raise InputError(
            [
                f"{where} [grid] years: expected whole years from {GRID_FIRST_YEAR} to {GRID_LAST_YEAR}, found {options.years!r}"
            ]
        )
    if options.years != sorted(set(options.years)) or options.years[0] != GRID_FIRST_YEAR:
        raise InputError(
            [
                f"{where} [grid] years: expected increasing years starting with the base year {GRID_FIRST_YEAR}"
            ]
        )
    _check(options.days, int, f"{where} [grid] days", "a whole number (0 = all hours)")
    if not (options.days == 0 or 2 <= options.days <= 365):
        raise InputError(
            [
                f"{where} [grid] days: expected 0 (all 8,760 hours) or 2 to 365 representative days, found {options.days}"
            ]
        )
    _check(options.hours_per_slice, int, f"{where} [grid] hours_per_slice", "a whole number")
    if options.hours_per_slice not in (1, 2, 3, 4, 6, 8, 12, 24):
        raise InputError(
            [
                f"{where} [grid] hours_per_slice: expected a divisor of 24, found {options.hours_per_slice}"
            ]
        )
    share = options.dc_peak_curtailment_share
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise InputError(
            [
                f"{where} [grid] dc_peak_curtailment_share: expected a share from 0 to 1, found {share!r}"
            ]
        )
    _check_count(options.held_back_max_solves, f"{where} [grid] held_back_max_solves (0 = all)")
    for name in ("held_back_step_mw",):
        value = getattr(options, name)
        if not _positive(value):
            raise InputError(
                [f"{where} [grid] {name}: expected a positive number, found {value!r}"]
            )
    _check(options.seed, int, f"{where} [grid] seed", "a whole number")
    _check(options.keep_days, list, f"{where} [grid] keep_days", "a list of days of the year")
    if any(
        isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 365
        for d in options.keep_days
    ):
        raise InputError(
            [
                f"{where} [grid] keep_days: expected days of the year from 1 to 365, found "
                f"{options.keep_days!r}"
            ]
        )
    _check_count(options.hourly_check_rounds, f"{where} [grid] hourly_check_rounds")
    for name in (
        "allow_relocation",
        "relax_limits",
        "allow_transmission_expansion",
        "pjm_accreditation_everywhere",
        "allow_unserved",
        "measure_held_back",
        "national_ceiling",
        "hourly_check",
    ):
        _check(getattr(options, name), bool, f"{where} [grid] {name}", "true or false")
    _check(options.co2_cap_mt, dict, f"{where} [grid] co2_cap_mt", "a table of year = Mt")
    for year, cap in options.co2_cap_mt.items():
        if not (str(year).isdigit() and int(year) in options.years):
            raise InputError(
                [
                    f"{where} [grid] co2_cap_mt: '{year}' is not a model year; expected one of "
                    f"{', '.join(map(str, options.years))} (e.g. co2_cap_mt = {{ 2030 = 1200 }})"
                ]
            )
        if not _positive(cap, allow_zero=True):
            raise InputError(
                [
                    f"{where} [grid] co2_cap_mt {year}: expected Mt of CO2 as a number >= 0, "
                    f"found {cap!r}"
                ]
            )
    return options


def _positive(value: Any, allow_zero: bool = False) -> bool:
    """A finite number above zero (or at least zero), not a boolean."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return False
    return value >= 0 if allow_zero else value > 0


def solver_options(section: dict[str, Any], where: str) -> SolveOptions:
    options = _construct(SolveOptions, section, f"{where} [solver]")
    _check(options.log, bool, f"{where} [solver] log", "true or false")
    choices = {
        "method": METHODS,
        "grid_ceiling_method": GRID_CEILING_METHODS,
        "handover": HANDOVERS,
    }
    for name, allowed in choices.items():
        value = getattr(options, name)
        if value not in allowed:
            raise InputError(
                [f"{where} [solver] {name}: expected one of {', '.join(allowed)}, found {value!r}"]
            )
    for name in ("time_limit_s", "primal_tolerance", "dual_tolerance"):
        value = getattr(options, name)
        if not _positive(value):
            raise InputError(
                [f"{where} [solver] {name}: expected a positive number, found {value!r}"]
            )
    _check_count(options.workers, f"{where} [solver] workers")
    _check_count(options.threads, f"{where} [solver] threads")
    return options


def _check_count(value: Any, label: str) -> None:
    """A whole number >= 0 (0 meaning "as many as suit", or "all")."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError([f"{label}: expected a whole number >= 0, found {value!r}"])
