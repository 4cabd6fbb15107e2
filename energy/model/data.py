"""Everything the grid model needs, as plain pandas tables and scalars (no file I/O here).

Built from the workbook by energy.model.prepare, or by hand in tests for tiny systems.
Units: MW, MWh, USD of 2023, years. Series are indexed by the names given in comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


def capital_recovery_factor(rate: float, life_years: float) -> float:
    """The annuity that repays one unit of capital over `life_years` at discount `rate`."""
    return rate / (1 - (1 + rate) ** -life_years) if rate > 0 else 1 / life_years


@dataclass
class GridData:
    years: list[int]  # model years, increasing
    regions: list[str]
    techs: pd.DataFrame  # index tech: buildable, group, storage_hours, efficiency, accreditation, lifetime_years, co2_t_per_mwh, energy_share (NaN unless energy-limited), retires_early (optional, default True)
    capex_usd_per_mw: pd.Series  # (tech, year) overnight cost of a build in service that year
    fom_usd_per_mw_yr: pd.Series  # (tech, year)
    variable_cost_usd_per_mwh: pd.Series  # (region, tech, year): fuel × heat rate + variable O&M
    existing_mw: pd.Series  # (region, tech, year): fleet after announced retirements and additions
    slices: (
        pd.DataFrame
    )  # index slice: weight (occurrences per year), hours (duration), day (chronology group)
    availability: pd.Series  # (region, tech, slice) share of capacity available; missing = 1
    other_load_mw: pd.Series  # (region, year, slice): load other than data centers
    other_peak_mw: pd.Series  # (region, year)
    dc_requested_mw: pd.Series  # (region, year): data-center load requested, average MW
    dc_connected_base_mw: (
        pd.Series
    )  # region: data-center connection capacity in place before the first year
    connect_limit_mw_per_year: (
        pd.Series
    )  # (region, year): new data-center connection capacity per year
    reserve_margin: (
        pd.Series
    )  # region: planning reserve margin (share of peak, installed-capacity basis)
    corridors: pd.DataFrame  # index (from_region, to_region): capacity_mw, expansion_cost_usd_per_mw_yr, first_expansion_year, loss
    first_build_year: pd.Series  # tech: first year a new build can be in service (lead time)
    dc_existing_mw: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # region: base-year data-center load (cannot move)
    build_limit_mw_per_year: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # (region, group, year)
    national_build_limit_mw_per_year: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # (group, year)
    resource_supply_mw: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # (region, tech): most capacity a wind or solar tranche's sites hold; listed techs only
    # tech -> [(upper share of the region's peak, credit factor), ...] increasing shares: declining
    # capacity credit as the technology grows (the last tranche takes the rest)
    accreditation_tranches: dict = field(default_factory=dict)
    # (region, tech, year) -> [(width MW, summer credit, winter credit), ...] of a buildable solar
    # technology: its marginal credit as it grows (energy.model.prepare.solar_credit; the last
    # width infinite)
    solar_tranches: dict = field(default_factory=dict)
    # (region, tech, season, year) -> a market's own seasonal capacity credit in place of the tech's
    regional_accreditation: dict = field(default_factory=dict)
    # region -> regions whose new lines into it raise its import limit (import_limits sheet)
    import_limit_raised_by: dict = field(default_factory=dict)
    # (region, tech, year): of those, what may still be kept under contract then (retirements
    # announced for the last `retirement_deferral_max_years` years)
    deferrable_mw: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    # region -> connection capacity (MW) of its campus pipeline (large-load book or market
    # inventory), shared by its own growth and load moved in; missing region = no bound
    campus_pipeline_mw: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    # (region, tech): least capacity factor of an existing fleet over each model year (must_run)
    min_capacity_factor: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    announced_retired_mw: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # (region, tech, year): announced retirements after the base year in effect by then (MW)
    # what keeping a plant past its announced retirement costs (a reliability-must-run contract,
    # in place of its fixed O&M); None = announced retirements are fixed
    retirement_deferral_usd_per_mw_yr: float | None = None
    firm_import_limit_mw: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # (region, year): most firm imports a region counts (e.g. PJM's CETL); missing = corridors only
    reserve_requirement_mw: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # (region, year): operating-reserve headroom required in every slice
    reserve_shortage_usd_per_mwh: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )  # region: price of missing headroom (one step of a reserve demand curve)
    # (region, year): peaks of the summer (May-October) and winter (November-April) halves of
    # the year; empty = the annual peak in both (the adequacy family checks each season)
    summer_peak_mw: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    winter_peak_mw: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    # region: calendar month of the weather year's winter peak of its capacity market (its own
    # where it has none); January-April puts model year y's winter row in the delivery year
    # opened the summer before, y-1/y (empty: in y/y+1)
    winter_peak_month: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))
    dc_utilization: float = 0.5  # average data-center load / connection capacity
    relocation_cost_usd_per_mwh: float = 10.0
    # years from the decision year until a campus moved to another region can be in service
    relocation_lead_years: int = 0
    # one-time cost of a second campus site when load moves to another region (USD per MW of
    # campus capacity), recovered over the site's life like a plant's capital; 0 = none
    relocation_site_cost_usd_per_mw: float = 0.0
    relocation_site_life_years: float = 40.0
    # (from region, to region) -> extra relocation cost (USD/MWh) growing with distance, so the
    # nearer of otherwise equal destinations takes the load (a stated tie-break); missing = 0
    relocation_distance_usd_per_mwh: pd.Series = field(
        default_factory=lambda: pd.Series(dtype=float)
    )
    unserved_penalty_usd_per_mwh: float = 2000.0
    shed_penalty_usd_per_mwh: float = 10000.0
    adequacy_shortfall_penalty_usd_per_mw_yr: float = 35_040_000.0
    accredited_requirement_factor: float = (
        1.0  # converts (1 + margin) x peak to accredited (ELCC) MW, in class-rating regions
    )
    # year -> accredited_requirement_factor by delivery year (sheet requirement_factors; a year
    # missing here has accredited_requirement_factor)
    requirement_factors: dict = field(default_factory=dict)
    # (tech, year) -> its class rating by delivery year (sheet class_ratings) in place of its
    # accreditation (and seasonal values) where class ratings count; missing = the tech's own
    class_ratings: dict = field(default_factory=dict)
    # regions counting adequacy on installed capacity as NERC's LTRA does (thermal plants at their
    # net capacity, technologies' accreditation_installed, requirement factor 1); the rest count
    # with class ratings (class_ratings of the year, else technologies' accreditation) and the
    # requirement factor of the year (requirement_factors, else accredited_requirement_factor)
    installed_basis_regions: frozenset = frozenset()
    # region -> MW of demand response netted from the peak the reserve margin is counted on
    demand_response_mw: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    allow_relocation: bool = True
    allow_unserved: bool = True  # may data-center load go unserved and other load be shed
    # share of data-center load curtailed at each region's peak (adequacy and the peak slice)
    dc_peak_curtailment_share: float = 0.0
    co2_cap_t: pd.Series | None = None  # year -> tonnes (national), None = no limit
    # (region, tech, year) -> t CO2 per MWh where a region's fleet has its own heat rate;
    # None = the technology's co2_t_per_mwh everywhere
    co2_t_per_mwh: pd.Series | None = None
    discount_rate: float = 0.05
    base_year: int = 2023
    # first year a build can be decided (None: the base year); a modelled base year is history
    # all the same: nothing is built or retired early in it (GridData.decides)
    decision_year: int | None = None
    # first year a plant may retire early for economic reasons (None: any year after the base year)
    early_retirement_from_year: int | None = None
    # technology whose plants serve data-center campuses on site, behind the meter (None: none),
    # and the on-site capacity each MW of campus load needs (redundancy)
    onsite_tech: str | None = None
    onsite_mw_per_mw_load: float = 1.0
    horizon_end: int | None = None  # last calendar year the last model year stands for

    @property
    def step_years(self) -> dict[int, int]:
        """Years since the previous model year (the first model year counts as one)."""
        return {
            y: (y - p if p is not None else 1)
            for p, y in zip([None, *self.years[:-1]], self.years, strict=True)
        }

    @property
    def represented_years(self) -> dict[int, list[int]]:
        """Calendar years each model year stands for: itself up to the next model year."""
        end = (self.horizon_end or self.years[-1]) + 1
        nxt = [*self.years[1:], end]
        return {y: list(range(y, n)) for y, n in zip(self.years, nxt, strict=True)}

    @property
    def discount_weight(self) -> dict[int, float]:
        """Σ of discount factors over the calendar years a model year represents."""
        return {
            y: float(sum((1 + self.discount_rate) ** -(c - self.base_year) for c in cal))
            for y, cal in self.represented_years.items()
        }

    def deferrable(self) -> list[tuple[str, str, int]]:
        """(region, tech, year) where capacity announced to retire could be kept (RMR)."""
        if self.retirement_deferral_usd_per_mw_yr is None:
            return []
        return [
            k
            for k in self.deferrable_mw[self.deferrable_mw > 0].index
            if k[2] != self.base_year and k[2] in self.years
        ]

    def decides(self, year: int) -> bool:
        """Does the model decide anything in model year `year`? Not in a modelled base year: it
        is history, its fleet the one that ran (nothing built or retired in it)."""
        return not year == self.base_year == self.years[0]

    def retires_early(self, tech: str, year: int) -> bool:
        """May `tech`'s fleet retire early, for economic reasons, in model year `year`? Not in a
        modelled base year (history), not before early_retirement_from_year, and never for a
        technology whose `retires_early` is no (energy.model.constraints.retirement)."""
        if not self.decides(year):
            return False
        if self.early_retirement_from_year is not None and year < self.early_retirement_from_year:
            return False
        return "retires_early" not in self.techs or bool(self.techs.loc[tech, "retires_early"])

    def fixed_capacity_mw(self) -> dict[tuple[str, str, int], float]:
        """(region, tech, year) -> capacity in service that no decision in the model can change:
        every fleet in the base year (history), and later a fleet that cannot be built, retire
        early that year or be kept past an announced retirement: the fleet as given
        (energy.model.constraints.definitions)."""
        buildable = set(self.techs.index[self.techs["buildable"].astype(bool)])
        deferrable = set(self.deferrable())
        existing = self.existing_mw.to_dict()
        pairs = {(r, g) for (r, g, _y), mw in existing.items() if mw > 0}
        pairs |= {(r, g) for r in self.regions for g in buildable}

        def fixed(r: str, g: str, y: int) -> bool:
            if not self.decides(y):
                return True
            return (
                g not in buildable and (r, g, y) not in deferrable and not self.retires_early(g, y)
            )

        return {
            (r, g, y): float(existing.get((r, g, y), 0.0))
            for r, g in sorted(pairs)
            for y in self.years
            if fixed(r, g, y)
        }

    def emission_factors(self) -> dict[tuple[str, str, int], float]:
        """(region, tech, year) -> t CO2 per MWh generated, for every emitting plant."""
        by_tech = self.techs["co2_t_per_mwh"].to_dict() if "co2_t_per_mwh" in self.techs else {}
        factors = {
            (r, g, y): float(by_tech[g])
            for r in self.regions
            for g in self.techs.index
            for y in self.years
            if by_tech.get(g, 0.0) > 0
        }
        if self.co2_t_per_mwh is not None:
            factors.update({k: float(v) for k, v in self.co2_t_per_mwh.items()})
        return {k: v for k, v in factors.items() if v > 0}

    @property
    def energy_shares(self) -> dict[str, float]:
        """tech -> its capacity factor, for energy-limited plants (hydro): their daily energy."""
        if "energy_share" not in self.techs:
            return {}
        return self.techs["energy_share"].dropna().astype(float).to_dict()

    def available_share(self):
        """(region, tech, slice) -> share of capacity that can run: availability (missing = 1),
        or 1 for energy-limited plants, whose daily energy is limited instead."""
        shares = self.availability.to_dict()
        limited = set(self.energy_shares)
        return lambda r, g, h: 1.0 if g in limited else shares.get((r, g, h), 1.0)

    @property
    def reported_as(self) -> pd.Series:
        """tech -> the technology it is reported under (an existing fleet under its kind)."""
        if "reported_as" in self.techs:
            return self.techs["reported_as"].fillna(pd.Series(self.techs.index, self.techs.index))
        return pd.Series(self.techs.index, index=self.techs.index)

    def crf(self, tech: str) -> float:
        """Capital recovery factor: the annuity that repays one unit of capex over the lifetime."""
        return capital_recovery_factor(
            self.discount_rate, float(self.techs.loc[tech, "lifetime_years"])
        )

    @property
    def slice_hours(self) -> pd.Series:
        """Hours per year each slice stands for (weight x duration): MW x this = MWh per year."""
        return (self.slices["weight"] * self.slices["hours"]).rename("hours_per_year")

    @property
    def hours_per_year(self) -> float:
        return float(self.slice_hours.sum())

    @property
    def peak_slice(self) -> dict[tuple[str, int], str]:
        """(region, year) -> the slice of highest other load among the once-a-year slices
        (the national peak day and any day kept on its own: the region's own peak only if its
        day is among them), where flexible data centers curtail and firm imports are netted."""
        once = self.slices.index[self.slices["weight"] <= 1.0]
        if not len(once):
            once = self.slices.index
        load = self.other_load_mw[self.other_load_mw.index.get_level_values(2).isin(once)]
        return {(r, y): h for (r, y, h) in load.groupby(level=[0, 1]).idxmax()}

    def response_mw(self) -> pd.Series:
        """Region -> MW of demand response its planners count on (0 where none is given)."""
        return self.demand_response_mw.reindex(self.regions).fillna(0.0)

    def corridors_into(self) -> dict[str, list[tuple[str, str]]]:
        """For each region, the corridors that deliver into it."""
        return {r: [(a, b) for (a, b) in self.corridors.index if b == r] for r in self.regions}

    def corridors_out_of(self) -> dict[str, list[tuple[str, str]]]:
        """For each region, the corridors that send out of it."""
        return {r: [(a, b) for (a, b) in self.corridors.index if a == r] for r in self.regions}

    def check(self) -> None:
        """Internal consistency: a programming error if violated, so plain assertions."""
        assert list(self.years) == sorted(self.years)
        assert np.isclose(self.hours_per_year, 8760, rtol=1e-6), (
            "time slices must cover the 8,760 hours of a year"
        )
