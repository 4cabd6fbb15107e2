"""Import capability: the capacity a region counts as firm imports in its reserve margin is at
most its published import limit, and what it exports in its own peak slice is netted from the
capability into it.

PJM tests how much capacity each locational deliverability area can import in an emergency
(the capacity emergency transfer limit, CETL, in each auction's planning parameters): the area
may rely on imports up to that limit and must meet the rest of its reliability requirement
with capacity inside it. Summing zone-to-zone transfer capabilities (the corridors) gives far
more than that for Dominion (about 23 GW into PJM_DOM against a CETL of 5-7 GW), so without
this row the reserve margin would count imports the grid cannot deliver under stress. The limit
is on gross firm imports into the region, over all its corridors; energy flows are not limited
here (the corridors limit them). New transfer capability built into the region raises the
limit by as much (an assumption: PJM counts a new import path in the next CETL study). Not
applied to the base year, which is history.

Netting: in the slice of its own peak a region that exports E MW while counting F MW of firm
imports would use its neighbours' lines twice (the emergency imports and the power it passes on
ride the same network), so F + E <= the transfer capability into it, every year a reserve
margin applies. Exports of the region's own generation are netted too (the model cannot tell
them from power passed through), so the rule errs on the side of counting fewer imports.
"""

from __future__ import annotations

import pyomo.environ as pyo

from energy.model.data import GridData
from energy.model.family import Family

ORDER = 31
FAMILIES = (
    Family(
        "import capability",
        ("import_limit", "import_netting"),
        {
            "import_limit": "the region counts more firm imports than its published import limit",
            "import_netting": "firm imports and exports at the region's peak exceed the lines into it",
        },
        ("import_limits.firm_import_limit_mw", "corridors.expansion_lead_time_years"),
        limit=True,
        unit="USD/kW-yr",
        scale=1 / 1000,
        key=lambda name, i: (i[0], i[1], "firm imports"),
        letter="F",
        colour="#999999",
    ),
)


def add(m: pyo.ConcreteModel, data: GridData) -> None:
    limit = data.firm_import_limit_mw.to_dict()
    into = data.corridors_into()
    years = list(data.years)
    keys = [
        (r, y)
        for r in data.regions
        for y in data.years
        if (r, y) in limit and y != data.base_year and into[r]
    ]
    m.import_limit = pyo.Constraint(
        keys,
        rule=lambda m, r, y: (
            sum(m.firm_import[a, b, y] for (a, b) in into[r])
            <= limit[r, y] + sum(m.expand[a, b, v] for (a, b) in into[r] for v in years if v <= y)
        ),
        doc="firm imports counted into a region <= its import limit + new capability into it (MW)",
    )
    out = data.corridors_out_of()
    peak = data.peak_slice
    planned = [(r, y) for r in data.regions for y in data.years if y != data.base_year and into[r]]
    m.import_netting = pyo.Constraint(
        planned,
        rule=lambda m, r, y: (
            sum(m.firm_import[a, b, y] for (a, b) in into[r])
            + sum(m.flow[a, b, y, peak[r, y]] for (a, b) in out[r])
            <= sum(m.transfer_capability[a, b, y] for (a, b) in into[r])
        ),
        doc="firm imports + exports in the region's peak slice <= transfer capability into it (MW)",
    )
