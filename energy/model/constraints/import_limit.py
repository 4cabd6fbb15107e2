"""Import capability: the capacity a region counts as firm imports in its reserve margin is at
most its published import limit.

PJM tests how much capacity each locational deliverability area can import in an emergency
(the capacity emergency transfer limit, CETL, in each auction's planning parameters): the area
may rely on imports up to that limit and must meet the rest of its reliability requirement
with capacity inside it. Summing zone-to-zone transfer capabilities (the corridors) gives far
more than that for Dominion (about 12 GW into PJM_DOM, 9.2 GW of it from the rest of PJM,
against a CETL of 5-7 GW), so without
this row the reserve margin would count imports the grid cannot deliver under stress. The limit
is on gross firm imports into the region, over all its corridors; energy flows are not limited
here (the corridors limit them). New transfer capability built on the corridors the sheet names
(column counts_new_lines_from: for Dominion, from the rest of PJM) raises the limit by as much
(an assumption: PJM counts a new import path in its next CETL study); lines from elsewhere do
not. Not applied to the base year, which is history.

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
    raising = data.import_limit_raised_by  # region -> regions whose new lines raise its limit
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
            <= limit[r, y]
            + sum(
                m.expand[a, b, v]
                for (a, b) in into[r]
                if a in raising.get(r, ())
                for v in years
                if v <= y
            )
        ),
        doc="firm imports counted into a region <= its import limit + new capability into it (MW)",
    )
    out = data.corridors_out_of()
    peak = data.peak_slice
    m.import_netting = pyo.Constraint(
        keys,
        rule=lambda m, r, y: (
            sum(m.firm_import[a, b, y] for (a, b) in into[r])
            + sum(m.flow[a, b, y, peak[r, y]] for (a, b) in out[r])
            <= sum(m.transfer_capability[a, b, y] for (a, b) in into[r])
        ),
        doc="firm imports + exports in the region's peak slice <= transfer capability into it (MW)",
    )
