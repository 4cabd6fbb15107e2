"""Bottom-up projection of US data-center electricity: servers, storage, network, PUE overhead.

Server energy = average operating stock × power per server × hours; the stock follows
shipments and survival curves (energy.demand.stock). Storage and network follow installed units ×
power per unit. Facility overhead is IT energy × (PUE − 1) per space type. Calibrated
multipliers (sheet `calibration`) scale named levers over year windows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from energy.demand.stock import average_stock, installed_base
from energy.inputs.schema import ALL_CASES, FIRST_YEAR, LAST_YEAR
from energy.inputs.series import case_series
from energy.inputs.tables import Inputs

HOURS_PER_YEAR = 8760.0
TWH_PER_THOUSAND_W_YEAR = 1e3 * HOURS_PER_YEAR / 1e12  # thousand units × W for a year -> TWh
TWH_PER_MILLION_W_YEAR = 1e6 * HOURS_PER_YEAR / 1e12  # million units × W for a year -> TWh
MODEL_YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
COMPONENTS = ("conventional_servers", "ai_servers", "storage", "network", "infrastructure")


def twh_to_average_mw(energy_twh):
    """Average load over a year of 8,760 hours."""
    return energy_twh * 1e6 / HOURS_PER_YEAR


@dataclass
class DemandProjection:
    """Results of one demand projection (all tables tidy, one row per year and item)."""

    case: str
    components: pd.DataFrame  # year, component, energy_twh, average_mw, share_of_us_electricity
    national: pd.DataFrame  # one row per year: totals and derived ratios
    servers: pd.DataFrame  # year, class_id: shipments, installed base, power, energy
    space_types: pd.DataFrame  # year, space_type_id: it, infrastructure, total, pue

    def total_twh(self, year: int) -> float:
        return float(self.national.loc[year, "total_twh"])

    def metric(self, name: str, year: int) -> float:
        """One national metric by anchor name (total_twh, ai_servers_twh, national_pue, ...)."""
        return float(self.national.loc[year, name])


def calibration_multipliers(calibration: pd.DataFrame, case: str) -> dict[str, np.ndarray]:
    """Per-year multiplier of each lever for `case` (1 where no row applies).

    A `*_scale` row multiplies its lever by `value` inside its window. A `*_growth` row is a
    smooth tilt: value^(years into the window, counting the first year as 1), and the factor
    reached at the window's end holds in later years. `conventional_power_growth` feeds the
    lever `conventional_power_scale`, and likewise for shipments.
    """
    out: dict[str, np.ndarray] = {}
    rows = calibration[calibration["case"].isin([case, ALL_CASES])]
    for row in rows.itertuples(index=False):
        lever = row.parameter.replace("_growth", "_scale")
        factor = out.get(lever, np.ones(len(MODEL_YEARS)))
        if row.parameter.endswith("_growth"):
            steps = np.clip(MODEL_YEARS - row.first_year + 1, 0, row.last_year - row.first_year + 1)
            factor = factor * row.value**steps
        else:
            window = (MODEL_YEARS >= row.first_year) & (MODEL_YEARS <= row.last_year)
            factor = np.where(window, factor * row.value, factor)
        out[lever] = factor
    return out


def _lever(multipliers: dict[str, np.ndarray], name: str) -> np.ndarray:
    return multipliers.get(name, np.ones(len(MODEL_YEARS)))


def project_servers(inputs: Inputs, case: str, multipliers: dict[str, np.ndarray]) -> pd.DataFrame:
    """Stock, power and energy per server class and year."""
    classes = inputs["server_classes"].set_index("class_id")
    ships = case_series(inputs["shipments"], case, ["class_id"], "shipments_thousand", MODEL_YEARS)
    util = case_series(inputs["utilization"], case, ["class_id"], "utilization", MODEL_YEARS)
    frames = []
    for class_id, c in classes.iterrows():
        conventional = c["component"] == "conventional_servers"
        shipped = ships[class_id].to_numpy(dtype=float)
        if conventional:
            shipped = shipped * _lever(multipliers, "conventional_shipment_scale")
        else:
            shipped = shipped * _lever(multipliers, "ai_shipment_scale")
        if c["shipments_scope"] == "global":
            shipped = shipped * _lever(multipliers, "us_share_of_global_ai_shipments")
        base, base_before = installed_base(shipped, c["lifetime_years"], c["survival_shape"])
        operating = average_stock(base, base_before)
        power_w = c["max_power_w"] * (
            c["idle_power_fraction"] + (1 - c["idle_power_fraction"]) * util[class_id].to_numpy()
        )
        power_w = power_w * _lever(
            multipliers, "conventional_power_scale" if conventional else "ai_power_scale"
        )
        frames.append(
            pd.DataFrame(
                {
                    "year": MODEL_YEARS,
                    "class_id": class_id,
                    "component": c["component"],
                    "shipments_thousand": shipped,
                    "installed_base_thousand": base,
                    "operating_stock_thousand": operating,
                    "power_w": power_w,
                    "energy_twh": operating * power_w * TWH_PER_THOUSAND_W_YEAR,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def project_equipment(inputs: Inputs, case: str) -> pd.DataFrame:
    """Storage and network energy per year and component."""
    units = case_series(
        inputs["equipment_stock"], case, ["equipment_id"], "installed_million_units", MODEL_YEARS
    )
    watts = case_series(
        inputs["equipment_stock"], case, ["equipment_id"], "power_w_per_unit", MODEL_YEARS
    )
    component = inputs["equipment"].set_index("equipment_id")["component"]
    energy = units * watts[units.columns] * TWH_PER_MILLION_W_YEAR
    return (
        energy.T.groupby(component).sum().T.reindex(columns=["storage", "network"], fill_value=0.0)
    )


def project_space_types(inputs: Inputs, case: str, it_by_group: pd.DataFrame) -> pd.DataFrame:
    """IT and facility energy per space type: IT by group × share, facility = IT × (PUE − 1)."""
    shares = case_series(
        inputs["space_type_shares"], case, ["it_group", "space_type_id"], "share", MODEL_YEARS
    )
    pue = case_series(inputs["pue"], case, ["space_type_id"], "pue", MODEL_YEARS)
    rows = []
    for space in inputs["space_types"]["space_type_id"]:
        it = sum(
            it_by_group[group]
            * (shares[(group, space)] if (group, space) in shares.columns else 0.0)
            for group in it_by_group.columns
        )
        rows.append(
            pd.DataFrame(
                {
                    "year": MODEL_YEARS,
                    "space_type_id": space,
                    "it_twh": it.to_numpy(),
                    "pue": pue[space].to_numpy(),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    out["infrastructure_twh"] = out["it_twh"] * (out["pue"] - 1)
    out["total_twh"] = out["it_twh"] + out["infrastructure_twh"]
    return out


def project_demand(
    inputs: Inputs,
    case: str,
    years: list[int] | None = None,
    calibration: pd.DataFrame | None = None,
) -> DemandProjection:
    """Project demand for `case`; `calibration` replaces the workbook's calibrated values."""
    multipliers = calibration_multipliers(
        inputs["calibration"] if calibration is None else calibration, case
    )
    servers = project_servers(inputs, case, multipliers)
    by_component = servers.pivot_table(
        index="year", columns="component", values="energy_twh", aggfunc="sum"
    )
    by_component = by_component.reindex(
        columns=["conventional_servers", "ai_servers"], fill_value=0.0
    )
    by_component = by_component.join(project_equipment(inputs, case))
    it_by_group = pd.DataFrame(
        {
            "conventional": by_component[["conventional_servers", "storage", "network"]].sum(
                axis=1
            ),
            "ai": by_component["ai_servers"],
        }
    )
    spaces = project_space_types(inputs, case, it_by_group)
    by_component["infrastructure"] = spaces.groupby("year")["infrastructure_twh"].sum()
    us = _us_electricity(inputs, case)

    national = pd.DataFrame(index=pd.Index(MODEL_YEARS, name="year"))
    national["it_twh"] = by_component[
        ["conventional_servers", "ai_servers", "storage", "network"]
    ].sum(axis=1)
    national["infrastructure_twh"] = by_component["infrastructure"]
    national["total_twh"] = national["it_twh"] + national["infrastructure_twh"]
    national["ai_servers_twh"] = by_component["ai_servers"]
    national["conventional_servers_twh"] = by_component["conventional_servers"]
    national["national_pue"] = national["total_twh"] / national["it_twh"]
    national["infrastructure_share"] = national["infrastructure_twh"] / national["total_twh"]
    national["ai_share_of_server_energy"] = by_component["ai_servers"] / (
        by_component["ai_servers"] + by_component["conventional_servers"]
    )
    national["us_electricity_twh"] = us
    national["share_of_us_electricity"] = national["total_twh"] / us
    national["average_mw"] = twh_to_average_mw(national["total_twh"])

    keep = MODEL_YEARS if years is None else np.asarray(years)
    long = by_component.reset_index().melt(
        id_vars="year", var_name="component", value_name="energy_twh"
    )
    long["component"] = pd.Categorical(
        long["component"], categories=[*COMPONENTS, "total"], ordered=True
    )
    totals = national.reset_index()[["year", "total_twh", "share_of_us_electricity"]].rename(
        columns={"total_twh": "energy_twh"}
    )
    totals["component"] = "total"
    components = pd.concat([long, totals], ignore_index=True)
    components["component"] = pd.Categorical(
        components["component"], categories=[*COMPONENTS, "total"], ordered=True
    )
    components["average_mw"] = twh_to_average_mw(components["energy_twh"])
    components = (
        components[components["year"].isin(keep)]
        .sort_values(["year", "component"])
        .reset_index(drop=True)
    )
    components = components[
        ["year", "component", "energy_twh", "average_mw", "share_of_us_electricity"]
    ]
    components["component"] = components["component"].astype(str)
    return DemandProjection(
        case=case,
        components=components,
        national=national.loc[national.index.isin(keep)],
        servers=servers[servers["year"].isin(keep)].reset_index(drop=True),
        space_types=spaces[spaces["year"].isin(keep)].reset_index(drop=True),
    )


def _us_electricity(inputs: Inputs, case: str) -> np.ndarray:
    table = inputs["us_electricity"].assign(_all="us")
    return case_series(table, case, ["_all"], "us_electricity_twh", MODEL_YEARS)["us"].to_numpy()
