"""Resource adequacy: accredited capacity plus firm imports cover peak load with the reserve margin.

Two technologies earn less credit per MW as they grow (credit_tranches: the capacity split
into parts, each credited at its own rate per season, the rates falling, so the first tranche
fills first):
- storage (sheet accreditation_tranches), where a region counts installed capacity: its credit
  times a factor falling with its share of the region's peak (NY-BEST/Astrape's NYISO curve:
  the peak it serves narrows as more runs);
- new solar: its marginal credit from the hours of its region, or of its capacity market's
  regions together (sheet regions: capacity_market; PJM, MISO and SPP accredit market-wide;
  the tranches' widths shared out by the regions' peaks), the fall in the mean of the highest
  hours of net load per MW added, beyond the solar fleet (energy.model.prepare.solar_credit,
  ReEDS's net-load method), never above the region's own credit for solar or PJM's class
  rating of the year; the fleet keeps the region's count (the one its margin was set on).
The technologies of one build group whose tranches have the same widths fill them together
(width_sharers): a second buildable solar or storage technology earns the high first credits
only where the first has left room, not a full set of its own.
Where class ratings count, a MW otherwise earns the pool's class rating of the delivery year
(PJM rates a class over its whole fleet, RTO-wide, and its ratings by delivery year carry the
decline), however much of the class one of its zones holds (PJM's ratings for later delivery
years, which fall as solar grows, are not in the workbook).

Each region counts on its own planning basis (sheet reserve_margins: accreditation_basis), so
that its credits and its reserve margin are counted the same way:
- class ratings (PJM's regions): PJM's ELCC class ratings (technologies: accreditation, with
  accreditation_summer and _winter where they differ; by delivery year where sheet class_ratings
  lists them, the year's summer opening its delivery year and a winter row counting the one its
  peak falls in: delivery_year) against PJM's requirement, the
  accredited MW needed per MW of its reserve margin on installed capacity (grid_settings:
  accredited_requirement_factor, by delivery year in sheet requirement_factors: PJM's forecast
  pool requirement / (1 + margin));
- installed (every other region, whose margin is NERC's reference margin level from the LTRA):
  capacity as the LTRA counts it, thermal plants at their net capacity and wind, solar and
  storage at their expected share at the peak (technologies: accreditation_installed), against
  factor 1.
Where a market or an LTRA assessment area publishes its own seasonal credit for a technology
(sheet regional_accreditation: MISO's, ERCOT's, CAISO's, NYISO's), that counts instead: the
weather-driven classes' credit depends on when the region's peak falls. Two seasons, as NYISO's
capability periods: summer (May-October) and winter (November-April), each against its own
peak. [grid] pjm_accreditation_everywhere = true counts every region as PJM does (a what-if).
A MW of capacity counts in both seasons, so its capacity price is the sum of the two duals. One
shortfall serves both seasons (accredited MW missing in the worse season), paid once at the
penalty, so the two prices together never exceed it:

    sum_g credit_s[r, g] x capacity[g] + sum_a factor[r] / factor[a] x firm import[a -> r]
        - firm exports + shortfall >= factor x (1 + margin) x
        (peak_s - demand response + data-center load)          for s in (summer, winter)

(demand response: the controllable load a planner nets from the peak, sheet reserve_margins; a
firm import is a MW on the exporter's basis, which the importer counts x factor[r, y] /
factor[a, y]: a MW of installed capacity exported into a class-rating region counts PJM's
requirement factor of the row's delivery year in accredited MW there (0.80 for 2026/27,
0.81 from 2027/28: model year 2027's summer counts 0.81, its winter 0.80). The
conversion is by region, not by technology: a gas turbine counted at 1.0 installed outside PJM
and exported into PJM counts 0.81 there against the 0.61 it would count if built in PJM (a
combined cycle 0.81 against 0.74, nuclear 0.81 against 0.95); PJM_DOM's import limit (sheet
import_limits) bounds how much this can matter there. By technology it would not hold
together: where one side counts installed capacity (every plant 1.0) and the other class
ratings, a MW of nuclear sold into PJM (0.95 there) against a MW of PJM's turbines sold back
(0.61 in PJM, 1.0 outside) gives both sides capacity no plant provides; tried, the reference
swapped 22 GW of MISO_C's plants into PJM_WEST against 24 GW of PJM_WEST's back in 2027.
Capped so that no chain of sales makes capacity (the buyer's credit, at most the seller's
times the factors' ratio: a combined cycle 0.74 into PJM, nuclear 0.81), it held together but
moved nothing the reference reports by more than 0.4 USD/kW-yr (MISO_C sells its coal and
nuclear, which count the factor either way), and its 3,400 more columns slowed the reference
from 62 to 68-81 s; not kept. The
factor is PJM's accredited requirement per MW of a margin counted on installed capacity (its
forecast pool requirement over that margin), near its pool's average rating (0.77 in 2027/28's
parameters), so an imported MW counts about what PJM's average MW counts, and one factor both
ways makes a round trip gain nothing.)

A planning standard for the years decisions can change: not applied to the base year, which is
history (its fleet served its load; nothing can be built or retired for it), so the base year
carries neither a capacity price nor a shortfall penalty."""

from __future__ import annotations

import math

import pandas as pd
import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 30
FAMILIES = (
    Family(
        "generation adequacy",
        ("adequacy", "winter_adequacy", "credited_part_sum", "credited_part_width"),
        {
            "adequacy": "accredited capacity cannot cover the reserve margin at the summer peak",
            "winter_adequacy": "accredited capacity cannot cover the reserve margin at the winter peak",
            "credited_part_sum": "accreditation tranches do not add up to the capacity",
            "credited_part_width": "a build group's tranche holds more than its share of the peak",
        },
        (
            "hourly_load (peak)",
            "region_load.other_load_growth_per_year",
            "reserve_margins.reserve_margin",
            "technologies.accreditation",
            "technologies.accreditation_summer",
            "technologies.accreditation_winter",
            "technologies.accreditation_installed",
            "accreditation_tranches.credit_factor",
            "renewable_resource.solar_cf",
            "resource_supply.capacity_factor",
            "reserve_margins.accreditation_basis",
            "reserve_margins.demand_response_mw",
            "regional_accreditation.accreditation",
            "fleet.capacity_mw",
            "grid_settings.accredited_requirement_factor",
            "class_ratings.accreditation",
            "requirement_factors.accredited_requirement_factor",
        ),
        limit=True,
        reported=("adequacy", "winter_adequacy"),
        rigid=("credited_part_sum", "credited_part_width"),
        unit="USD/kW-yr",
        scale=1 / 1000,
        key=lambda name, i: (i[0], i[1], "reserve margin"),
        combine="sum",  # a MW counts in both seasons: its value is the two prices together
        letter="A",
        colour="#D55E00",
    ),
)


def season_peak_mw(data: GridData, season: str) -> dict:
    """(region, year) -> the other load's peak in the season (the annual peak if not given)."""
    given = data.summer_peak_mw if season == "summer" else data.winter_peak_mw
    return (given if len(given) else data.other_peak_mw).to_dict()


def season_credit(data: GridData, season: str) -> dict:
    """(region, tech, year) -> its accreditation in the season: the region's own value for the
    year where sheet regional_accreditation gives one; else, in a region counting installed
    capacity, the technology's accreditation_installed, or where that is blank its seasonal or
    annual class rating of the technologies sheet (a fallback, not PJM's rating of the year);
    else, where class ratings count, its class rating for the year's delivery year (sheet
    class_ratings), else for the season, else its annual one. A row counts the ratings of the
    delivery year its peak falls in (delivery_year: a winter peak in January-April, as PJM's in
    February, falls in the delivery year opened the summer before)."""
    column = f"accreditation_{season}"
    annual = data.techs["accreditation"].astype(float)
    rating = data.techs[column].astype(float).fillna(annual) if column in data.techs else annual
    installed = (
        data.techs["accreditation_installed"].astype(float)
        if "accreditation_installed" in data.techs
        else pd.Series(float("nan"), index=data.techs.index)
    )
    regional = data.regional_accreditation

    def own(r: str, g: str, y: int) -> float:
        if r in data.installed_basis_regions:
            return float(rating[g] if math.isnan(installed[g]) else installed[g])
        return float(data.class_ratings.get((g, delivery_year(data, r, y, season)), rating[g]))

    return {
        (r, g, y): regional.get((r, g, season, y), own(r, g, y))
        for r in data.regions
        for g in data.techs.index
        for y in data.years
    }


def credit_tranches(data: GridData) -> dict[tuple[str, str, int], list[tuple[float, float, float]]]:
    """(region, tech, year) -> [(width MW, summer credit, winter credit), ...] for a technology
    whose credit per MW falls as it grows there (the last width may be infinite):
    - new solar: the marginal credit from the hours of the region or of its capacity market,
      never above the season's credit the region publishes or PJM's class rating of the year
      (data.solar_tranches, energy.model.prepare.solar_credit);
    - storage and any other technology with sheet accreditation_tranches, where the region
      counts installed capacity: its season's credit times each tranche's factor, the widths
      shares of the region's peak (where class ratings count, storage earns the pool's class
      rating of the year: PJM's ratings by delivery year carry its decline)."""
    peak = data.other_peak_mw.to_dict()
    summer, winter = season_credit(data, "summer"), season_credit(data, "winter")
    out = {}
    for r in data.regions:
        for g in data.techs.index:
            for y in data.years:
                key = (r, g, y)
                if key in data.solar_tranches:
                    out[key] = [
                        (w, min(s, summer[key]), min(v, winter[key]))
                        for w, s, v in data.solar_tranches[key]
                    ]
                elif r in data.installed_basis_regions and g in data.accreditation_tranches:
                    shares = [0.0] + [share for share, _f in data.accreditation_tranches[g]]
                    out[key] = [
                        (
                            (shares[k + 1] - shares[k]) * peak[r, y]
                            if k < len(shares) - 2
                            else math.inf,
                            summer[key] * factor,
                            winter[key] * factor,
                        )
                        for k, (_share, factor) in enumerate(data.accreditation_tranches[g])
                    ]
    return out


def width_sharers(data: GridData, parts_of: dict) -> dict[tuple[str, str, int], list[str]]:
    """(region, first tech, year) -> the technologies of one build group whose tranches there
    have the same widths: they fill those widths together (a second buildable solar technology
    takes the high first credits only where the first has left room), one width row each,
    named by the group's first technology with tranches."""
    group = data.techs["group"].to_dict()
    together: dict[tuple, list[str]] = {}
    for (r, g, y), rows in parts_of.items():
        widths = tuple(w for w, _s, _v in rows)
        together.setdefault((r, group[g], y, widths), []).append(g)
    order = {g: i for i, g in enumerate(data.techs.index)}
    out = {}
    for (r, _k, y, _w), members in together.items():
        members = sorted(members, key=order.__getitem__)
        out[r, members[0], y] = members
    return out


def delivery_year(data: GridData, r: str, y: int, season: str) -> int:
    """The delivery year (by the year its summer opens: PJM's run June-May) in which model
    year y's peak of the season falls in region r: y for the summer (May-October: PJM's peaks in
    July and August); for the winter, y-1 where the weather year's winter peak of the region's
    capacity market falls in January-April (PJM's: 4 February 2023, UTC), y where it falls in
    November-December or is not known."""
    if season == "winter" and 1 <= int(data.winter_peak_month.get(r, 12)) <= 4:
        return y - 1
    return y


def requirement_factor(data: GridData, season: str = "summer") -> dict[tuple[str, int], float]:
    """(region, year) -> accredited MW needed per MW of (1 + margin) x peak in the season: 1
    where the region counts installed capacity (its margin is set on that count), PJM's factor
    for the delivery year the season's peak falls in where it counts class ratings (PJM's
    requirement in accredited MW per MW of its margin on installed capacity: sheet
    requirement_factors, else grid_settings')."""
    return {
        (r, y): 1.0
        if r in data.installed_basis_regions
        else data.requirement_factors.get(
            delivery_year(data, r, y, season), data.accredited_requirement_factor
        )
        for r in data.regions
        for y in data.years
    }


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    margin = data.reserve_margin.to_dict()
    response = data.response_mw().to_dict()
    techs = {r: [g for (rr, g) in m.RG if rr == r] for r in data.regions}
    into, out = data.corridors_into(), data.corridors_out_of()
    flexible = 1.0 - data.dc_peak_curtailment_share  # curtailed load needs no firm capacity
    present = set(m.RG)
    parts_of = {k: v for k, v in credit_tranches(data).items() if (k[0], k[1]) in present}
    parts = [(r, g, y, k) for (r, g, y), rows in parts_of.items() for k in range(len(rows))]
    m.credited_part = pyo.Var(
        parts, within=pyo.NonNegativeReals, doc="capacity in each accreditation tranche (MW)"
    )
    m.credited_part_sum = pyo.Constraint(
        list(parts_of),
        rule=lambda m, r, g, y: (
            sum(m.credited_part[r, g, y, k] for k in range(len(parts_of[r, g, y])))
            == m.capacity[r, g, y]
        ),
        doc="a technology's tranches add up to its capacity (MW)",
    )
    sharing = width_sharers(data, parts_of)
    m.credited_part_width = pyo.Constraint(
        [
            (r, g, y, k)
            for (r, g, y, k) in parts
            if (r, g, y) in sharing and math.isfinite(parts_of[r, g, y][k][0])
        ],
        rule=lambda m, r, g, y, k: (
            sum(m.credited_part[r, gg, y, k] for gg in sharing[r, g, y]) <= parts_of[r, g, y][k][0]
        ),
        doc="capacity of a build group in a tranche <= its width (MW: a share of the region's peak)",
    )

    def rule(season: str, shortfall):
        credit = season_credit(data, season)
        basis = requirement_factor(data, season)
        season_peak = season_peak_mw(data, season)
        column = 1 if season == "summer" else 2

        def credited(m, r, g, y):
            rows = parts_of.get((r, g, y))
            if rows is not None:
                return sum(row[column] * m.credited_part[r, g, y, k] for k, row in enumerate(rows))
            return credit[r, g, y] * m.capacity[r, g, y]

        def holds(m, r, y):
            accredited = sum(credited(m, r, g, y) for g in techs[r])
            # a firm import is the exporter's capacity on the exporter's basis; the importer
            # counts it on its own (an installed MW is worth PJM's factor in accredited MW)
            imports = sum(
                basis[r, y] / basis[a, y] * m.firm_import[a, b, y] for (a, b) in into[r]
            ) - sum(m.firm_import[a, b, y] for (a, b) in out[r])
            # data centers run flat, so their peak is their average load (less what they
            # curtail); demand response is netted from the other load's peak, as NERC nets it
            peak_mw = max(0.0, season_peak[r, y] - response[r])
            return accredited + imports + shortfall[r, y] >= basis[r, y] * (1 + margin[r]) * (
                peak_mw + flexible * m.dc_served[r, y]
            )

        return holds

    # A shortfall is allowed at a penalty above the value of serving data centers, so existing
    # deficits (e.g. a net-importing region in the base year) stay feasible, while new
    # data-center load is never served by running short of the reserve margin.
    planned = [y for y in data.years if y != data.base_year]
    for r in data.regions:
        for y in set(data.years) - set(planned):
            m.adequacy_shortfall[r, y].fix(0.0)
    m.adequacy = pyo.Constraint(
        m.R,
        planned,
        rule=rule("summer", m.adequacy_shortfall),
        doc="summer: accredited capacity + firm imports + shortfall >= factor x (1 + margin) x peak",
    )
    m.winter_adequacy = pyo.Constraint(
        m.R,
        planned,
        rule=rule("winter", m.adequacy_shortfall),
        doc="winter: accredited capacity + firm imports + shortfall >= factor x (1 + margin) x peak",
    )
    m.firm_import_limit = pyo.Constraint(
        m.L,
        m.Y,
        rule=lambda m, a, b, y: m.firm_import[a, b, y] <= m.transfer_capability[a, b, y],
        doc="capacity counted across a corridor <= its transfer capability",
    )
