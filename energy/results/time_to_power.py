"""Time to power: how long a new 1 GW campus requested in a region and year waits for power.

Two answers per region and model year:

- **Grid, as the plan unfolds**: the campus joins the queue behind the load already requested
  there and not yet served in place by the grid (the backlog: relocated away, unserved, or run
  on site for now). It is powered in the first model year in which the region's load served in
  place reaches what was requested by its year plus the campus, in the solved plan, so every
  limit the model applies counts (connection rate, adequacy, build rates, lead times,
  transfers). Waiting years = that year - the year requested; empty (beyond the horizon) if the
  plan never gets there.
- **Grid, by the queue alone**: (backlog + campus) / (utilization x connection rate), the years
  the utility's large-load connection rate needs for the queue ahead and the campus, with no
  other limit (what a developer reads from a utility's queue).
- **On site**: the on-site technology's lead time from the year requested (not before its first
  year in service), or later: the first model year from then in which the national supply of
  its build group still has room for the campus's plants in the solved plan; empty if there is
  no on-site technology or no room within the horizon.
"""

from __future__ import annotations

import math

import pandas as pd

from energy.model.data import GridData
from energy.model.first_stage import lead_years

CAMPUS_MW = 1000.0  # the new campus: 1 GW of average load


def time_to_power(
    dc_load: pd.DataFrame, data: GridData, turbine_room_mw: pd.Series | None = None
) -> pd.DataFrame:
    """One row per region and model year: backlog, connection rate and the three waits.

    `dc_load` is the dc_load results table; `turbine_room_mw` (model year -> MW) what the
    on-site technology's build group can still add nationally that year (None: unlimited)."""
    u = data.dc_utilization
    rate = data.connect_limit_mw_per_year.to_dict()
    years = list(data.years)
    table = dc_load.set_index(["region", "year"])
    lead = lead_years(data)[0][data.onsite_tech] if data.onsite_tech is not None else None
    first_onsite = int(data.first_build_year[data.onsite_tech]) if lead is not None else None
    rows = []
    for r in data.regions:
        for y in years:
            requested = float(table.at[(r, y), "requested_mw"])
            in_place = float(table.at[(r, y), "in_place_mw"])
            # as energy.results.tables.off_grid_mw (which imports this module): campuses
            # running on their own plants for now still wait for the grid
            backlog = max(0.0, requested - in_place)
            target = in_place + backlog + CAMPUS_MW
            powered = next(
                (
                    v
                    for v in years
                    if v >= y and float(table.at[(r, v), "in_place_mw"]) >= target - 0.5
                ),
                None,
            )
            connect = rate.get((r, y), 0.0) * u
            queue = (backlog + CAMPUS_MW) / connect if connect > 0 else math.inf
            onsite_wait = None
            if lead is not None:
                start = max(y + lead, first_onsite)
                need = CAMPUS_MW * data.onsite_mw_per_mw_load - 0.5
                ready = next(
                    (
                        v
                        for v in years
                        if v >= start
                        and (turbine_room_mw is None or turbine_room_mw.get(v, math.inf) >= need)
                    ),
                    None,
                )
                if ready is not None:  # the first model year from then with turbines to spare
                    onsite_wait = max(ready, start) - y
                elif start > years[-1]:
                    onsite_wait = start - y  # beyond the horizon: the lead time alone
            rows.append(
                {
                    "region": r,
                    "year": y,
                    "backlog_mw": backlog,
                    "connection_rate_mw_per_yr": rate.get((r, y), 0.0),
                    "powered_by_grid_year": powered,
                    "wait_grid_years": None if powered is None else powered - y,
                    "wait_queue_years": queue if math.isfinite(queue) else None,
                    "wait_onsite_years": onsite_wait,
                }
            )
    return pd.DataFrame(rows)


def turbine_room_mw(m, data: GridData) -> pd.Series | None:
    """Model year -> MW the on-site technology's build group can still add nationally in the
    solved plan (its national build limit less grid and on-site builds); None if unlimited."""
    import pyomo.environ as pyo

    from energy.model.constraints.build_rate import national_build_mw

    if data.onsite_tech is None:
        return None
    group = data.techs.loc[data.onsite_tech, "group"]
    limit = national_build_mw(data)
    if not any(k == group for (k, _y) in limit.index):
        return None
    members = [g for g in data.techs.index if data.techs.loc[g, "group"] == group]
    room = {}
    for y in data.years:
        cap = limit.get((group, y))
        if cap is None:
            continue
        grid = sum(pyo.value(m.build[r, g, y]) for (r, g) in m.RGB if g in members)
        onsite = sum(pyo.value(m.onsite_build[r, y]) for r in m.R)
        room[y] = float(cap) - grid - onsite
    return pd.Series(room, dtype=float)
