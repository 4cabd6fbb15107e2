"""A custom grid system from a few numbers: the way to build GridData by hand for a small
study (a few regions, technologies and years), as the tiny tests do, without a workbook.

    from energy.model.custom import grid, tech_table
    data = grid(regions=("A", "B"), years=(2030,), techs=tech_table(gas={"buildable": True}),
                capex={"gas": 1e6}, vc={"gas": 30.0}, other_load={"A": 100.0, "B": 50.0},
                requested={"A": 40.0}, corridors={("A", "B"): 20.0})

Defaults: one time slice standing for all 8,760 hours, no discounting, a base year before the
first model year (so every model year is a planning year). Any other GridData field can be given
as a keyword. Solve it with `energy.solve_system(data)`.
"""

from __future__ import annotations

import pandas as pd

from energy.model.data import GridData

HOURS = 8760.0


def tech_table(**techs: dict) -> pd.DataFrame:
    """Technologies: defaults for everything not given (not buildable, no storage, full credit)."""
    defaults = {
        "buildable": False,
        "storage_hours": 0.0,
        "efficiency": 1.0,
        "accreditation": 1.0,
        "lifetime_years": 20.0,
        "co2_t_per_mwh": 0.0,
        "energy_share": float("nan"),
    }
    return pd.DataFrame(
        {name: {**defaults, "group": name, **spec} for name, spec in techs.items()}
    ).T


def series(mapping: dict, names: list[str]) -> pd.Series:
    """A float Series indexed by `names` (a MultiIndex for several names, even when empty)."""
    if not mapping and len(names) > 1:
        index = pd.MultiIndex.from_tuples([], names=names)
        return pd.Series([], index=index, dtype=float)
    s = pd.Series(mapping, dtype=float)
    s.index = (
        s.index.set_names(names) if isinstance(s.index, pd.MultiIndex) else s.index.rename(names[0])
    )
    return s


def grid(
    regions=("A",),
    years=(2030,),
    techs=None,
    existing=None,  # {(region, tech): MW} in every year
    capex=None,  # {tech: USD/MW}
    fom=None,  # {tech: USD/MW-yr}
    vc=None,  # {tech: USD/MWh}
    other_load=None,  # {region: MW} flat
    requested=None,  # {(region, year): MW} or {region: MW}
    connected=None,  # {region: MW} before the first year
    connect_limit=1e9,  # MW per year, every region and year
    corridors=None,  # {(a, b): MW}
    availability=None,  # {(region, tech): share}
    reserve_margin=0.0,
    peak=None,  # {region: MW}, defaults to other load
    **options,
) -> GridData:
    """One time slice standing for all 8,760 hours of each year, unless `options` override."""
    years = list(years)
    techs = techs if techs is not None else tech_table(gas={})
    other_load = other_load or {r: 0.0 for r in regions}
    peak = peak or other_load
    slices = pd.DataFrame(
        {"weight": [HOURS], "hours": [1.0], "day": [0]}, index=pd.Index(["all"], name="slice")
    )
    requested = requested or {}
    req = {(r, y): (requested.get((r, y), requested.get(r, 0.0))) for r in regions for y in years}
    corridors = corridors or {}
    corr = pd.DataFrame(
        [
            {
                "from_region": a,
                "to_region": b,
                "capacity_mw": mw,
                "expansion_cost_usd_per_mw_yr": 1e9,
                "first_expansion_year": 9999,
                "loss": 0.0,
            }
            for (a, b), mw in corridors.items()
        ],
        columns=[
            "from_region",
            "to_region",
            "capacity_mw",
            "expansion_cost_usd_per_mw_yr",
            "first_expansion_year",
            "loss",
        ],
    ).set_index(["from_region", "to_region"])
    data = GridData(
        years=years,
        regions=list(regions),
        techs=techs,
        capex_usd_per_mw=series(
            {(g, y): (capex or {}).get(g, 0.0) for g in techs.index for y in years},
            ["tech", "year"],
        ),
        fom_usd_per_mw_yr=series(
            {(g, y): (fom or {}).get(g, 0.0) for g in techs.index for y in years}, ["tech", "year"]
        ),
        variable_cost_usd_per_mwh=series(
            {
                (r, g, y): (vc or {}).get(g, 0.0)
                for r in regions
                for g in techs.index
                for y in years
            },
            ["region", "tech", "year"],
        ),
        existing_mw=series(
            {(r, g, y): mw for (r, g), mw in (existing or {}).items() for y in years},
            ["region", "tech", "year"],
        ),
        slices=slices,
        availability=series(
            {(r, g, "all"): a for (r, g), a in (availability or {}).items()},
            ["region", "tech", "slice"],
        ),
        other_load_mw=series(
            {(r, y, "all"): other_load[r] for r in regions for y in years},
            ["region", "year", "slice"],
        ),
        other_peak_mw=series({(r, y): peak[r] for r in regions for y in years}, ["region", "year"]),
        dc_requested_mw=series(req, ["region", "year"]),
        dc_connected_base_mw=series(connected or {r: 0.0 for r in regions}, ["region"]),
        connect_limit_mw_per_year=series(
            {(r, y): connect_limit for r in regions for y in years}, ["region", "year"]
        ),
        reserve_margin=series({r: reserve_margin for r in regions}, ["region"]),
        corridors=corr,
        first_build_year=series({g: years[0] for g in techs.index}, ["tech"]),
        discount_rate=options.pop("discount_rate", 0.0),
        base_year=options.pop("base_year", years[0] - 1),  # tiny systems plan a future year
        **options,
    )
    return data
