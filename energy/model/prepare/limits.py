"""Limits: corridors (transfer capability, expansion cost and lead time), large-load connection
rates, build limits per supply chain, and the first year each technology can enter service."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from energy.inputs.tables import Inputs
from energy.model.data import capital_recovery_factor
from energy.model.prepare.series import step_series
from energy.scenario.options import GridOptions

TRANSMISSION_LIFE_YEARS = (
    40.0  # years over which a new line's capital is annualized (assumption, in README)
)
TRANSMISSION_FOM_SHARE = (
    0.015  # fixed O&M per year as a share of capital (ReEDS, in the corridors' source)
)
UNLIMITED = 1e7  # MW per year: "no limit" when limits are relaxed
UNLIMITED_TRANSFER_MW = 1e6  # added to every corridor when limits are relaxed


@dataclass
class Limits:
    corridors: pd.DataFrame  # the corridor table GridData.corridors expects
    connect_mw_per_year: pd.Series  # (region, year)
    regional_build_mw_per_year: pd.Series  # (region, group, year)
    national_build_mw_per_year: pd.Series  # (group, year)
    first_build_year: pd.Series  # tech
    firm_import_limit_mw: pd.Series  # (region, year): published import limits (none: corridors)
    import_limit_raised_by: dict  # region -> regions whose new lines raise its import limit


def limits(
    inputs: Inputs,
    options: GridOptions,
    regions: list[str],
    years: list[int],
    rate: float,
    decision_year: int,
) -> Limits:
    techs = inputs["technologies"].set_index("tech_id")
    # corridors, interconnection, build limits
    corridors = inputs["corridors"].set_index(["from_region", "to_region"])
    annualize = capital_recovery_factor(rate, TRANSMISSION_LIFE_YEARS) + TRANSMISSION_FOM_SHARE
    corridor_table = pd.DataFrame(
        {
            "capacity_mw": corridors["transfer_capability_mw"],
            "expansion_cost_usd_per_mw_yr": corridors["expansion_cost_usd_per_mw"] * annualize,
            "first_expansion_year": (
                decision_year + np.ceil(corridors["expansion_lead_time_years"])
            ).astype(int),
            "loss": corridors["loss_share"],
        }
    )
    connect = step_series(
        inputs["interconnection"], ["region_id"], "from_year", "connect_mw_per_year", years
    )
    limits = inputs["build_limits"]
    national = step_series(
        limits[limits["scope"] == "US"], ["group"], "from_year", "max_new_mw_per_year", years
    )
    regional = step_series(
        limits[limits["scope"] != "US"],
        ["scope", "group"],
        "from_year",
        "max_new_mw_per_year",
        years,
    )
    first_build = pd.Series(
        {t: int(decision_year + math.ceil(techs.loc[t, "lead_time_years"])) for t in techs.index}
    )
    if not options.allow_transmission_expansion:
        corridor_table["first_expansion_year"] = years[-1] + 1
    if options.relax_limits:
        connect = pd.Series({(r, y): UNLIMITED for r in regions for y in years})
        national, regional = pd.Series(dtype=float), pd.Series(dtype=float)
        first_build = first_build * 0 + years[0]
        corridor_table["first_expansion_year"] = years[0]
        corridor_table["capacity_mw"] = corridor_table["capacity_mw"] + UNLIMITED_TRANSFER_MW

    imports = (
        step_series(
            inputs["import_limits"], ["region_id"], "from_year", "firm_import_limit_mw", years
        )
        if "import_limits" in inputs.tables and not options.relax_limits
        else pd.Series(dtype=float)
    )
    raised_by = {}
    if "import_limits" in inputs.tables and "counts_new_lines_from" in inputs["import_limits"]:
        for r, names in zip(
            inputs["import_limits"]["region_id"],
            inputs["import_limits"]["counts_new_lines_from"],
            strict=True,
        ):
            if isinstance(names, str):
                raised_by.setdefault(r, set()).update(names.split())
    return Limits(corridor_table, connect, regional, national, first_build, imports, raised_by)
