"""The national ceiling: the most data-center energy the grid can serve each year.

Every region is offered far more data-center load than requested (the headroom below), with
relocation allowed; the usual objective then serves as much as the limits allow (each unserved
MWh costs the unserved-load penalty, above any cost of new supply) and, among plans that serve
the same, picks the cheapest. The served energy per year is the ceiling.
"""

from __future__ import annotations

import dataclasses
import time

import pandas as pd

from energy.model import build_model
from energy.model.prepare import Prepared
from energy.results import collect
from energy.run import RunOutput
from energy.solve import SolveOptions, solve

HEADROOM_MW = 100_000.0  # extra average MW offered in every region and year
LBNL_2028_TWH = (325.0, 580.0)  # LBNL 2024 range for 2028


def national_ceiling(
    out: RunOutput, options: SolveOptions | None = None
) -> tuple[pd.DataFrame, dict]:
    """Ceiling per year next to the requested trajectory of the scenario in `out`."""
    prepared: Prepared = out.prepared
    offered = prepared.data.dc_requested_mw + HEADROOM_MW
    data = dataclasses.replace(prepared.data, dc_requested_mw=offered, allow_relocation=True)
    siting = prepared.siting.assign(requested_mw=prepared.siting["requested_mw"] + HEADROOM_MW)
    started = time.perf_counter()
    model = build_model(data)
    build = time.perf_counter() - started
    report = solve(model, options or out.scenario.solver)
    results = collect(model, dataclasses.replace(prepared, data=data, siting=siting), out.demand)
    ceiling = results.summary.set_index("year")["served_twh"].rename("ceiling_twh")
    requested = out.results.summary.set_index("year")
    table = pd.DataFrame(
        {
            "ceiling_twh": ceiling,
            "requested_twh": requested["requested_twh"],
            "served_twh": requested["served_twh"],
        }
    )
    table["gap_to_requested_twh"] = table["ceiling_twh"] - table["requested_twh"]
    us = out.demand.national["us_electricity_twh"].reindex(table.index)
    table["ceiling_share_of_us_electricity"] = table["ceiling_twh"] / us
    table["lbnl_2028_low_twh"] = pd.Series({2028: LBNL_2028_TWH[0]})
    table["lbnl_2028_high_twh"] = pd.Series({2028: LBNL_2028_TWH[1]})
    timing = {
        "build_s": round(build, 3),
        "handover_s": round(report.handover_seconds, 3),
        "highs_s": round(report.seconds, 3),
        "nonzeros": report.nonzeros,
    }
    return table.reset_index(), timing
