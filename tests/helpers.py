"""Test helpers: a tiny hand-checkable system and writing tables to a CSV folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def tiny_tables() -> dict[str, pd.DataFrame]:
    """A system small enough to project on paper (see test_demand.py for the arithmetic).

    One volume-server class (200 W max, idle 0.5, utilization 0.5 -> 150 W; life 4 years with a
    near-step survival curve; 100 thousand shipped every year -> 400 thousand operating), one AI
    class (1,000 W max, idle 0, draw 0.8; life 2 years; 10 thousand shipped in 2020 only),
    1 million disks at 10 W, 0.5 million ports at 4 W, PUE 1.5 (conventional) and 1.2 (AI).
    """
    years = range(2014, 2036)
    src = {"status": "assumption", "source_id": "s1"}
    frame = pd.DataFrame
    return {
        "sources": frame(
            [
                {
                    "source_id": "s1",
                    "citation": "hand-made test system",
                    "used_for": "tests",
                    "status": "assumption",
                    "note": "",
                }
            ]
        ),
        "cases": frame([{"case_id": "base", "description": "test", "source_id": "s1"}]),
        "server_classes": frame(
            [
                {
                    "class_id": "vol",
                    "component": "conventional_servers",
                    "description": "v",
                    "shipments_scope": "us",
                    "accelerators_per_server": 0,
                    "max_power_w": 200,
                    "idle_power_fraction": 0.5,
                    "lifetime_years": 4,
                    "survival_shape": 50,
                    **src,
                    "note": "",
                },
                {
                    "class_id": "acc",
                    "component": "ai_servers",
                    "description": "a",
                    "shipments_scope": "us",
                    "accelerators_per_server": 8,
                    "max_power_w": 1000,
                    "idle_power_fraction": 0.0,
                    "lifetime_years": 2,
                    "survival_shape": 50,
                    **src,
                    "note": "",
                },
            ]
        ),
        "shipments": frame(
            [
                {
                    "case": "all",
                    "class_id": "vol",
                    "year": y,
                    "shipments_thousand": 100,
                    **src,
                    "note": "",
                }
                for y in years
            ]
            + [
                {
                    "case": "all",
                    "class_id": "acc",
                    "year": y,
                    "shipments_thousand": 10 if y == 2020 else 0,
                    **src,
                    "note": "",
                }
                for y in years
            ]
        ),
        "utilization": frame(
            [
                {
                    "case": "all",
                    "class_id": "vol",
                    "year": 2014,
                    "utilization": 0.5,
                    **src,
                    "note": "",
                },
                {
                    "case": "all",
                    "class_id": "acc",
                    "year": 2014,
                    "utilization": 0.8,
                    **src,
                    "note": "",
                },
            ]
        ),
        "equipment": frame(
            [
                {
                    "equipment_id": "disk",
                    "component": "storage",
                    "description": "d",
                    "source_id": "s1",
                },
                {
                    "equipment_id": "port",
                    "component": "network",
                    "description": "p",
                    "source_id": "s1",
                },
            ]
        ),
        "equipment_stock": frame(
            [
                {
                    "case": "all",
                    "equipment_id": "disk",
                    "year": 2014,
                    "installed_million_units": 1.0,
                    "power_w_per_unit": 10,
                    **src,
                    "note": "",
                },
                {
                    "case": "all",
                    "equipment_id": "port",
                    "year": 2014,
                    "installed_million_units": 0.5,
                    "power_w_per_unit": 4,
                    **src,
                    "note": "",
                },
            ]
        ),
        "space_types": frame(
            [
                {"space_type_id": "hall", "description": "h", "source_id": "s1"},
                {"space_type_id": "gpu_hall", "description": "g", "source_id": "s1"},
            ]
        ),
        "space_type_shares": frame(
            [
                {
                    "case": "all",
                    "it_group": "conventional",
                    "space_type_id": "hall",
                    "year": 2014,
                    "share": 1.0,
                    **src,
                    "note": "",
                },
                {
                    "case": "all",
                    "it_group": "conventional",
                    "space_type_id": "gpu_hall",
                    "year": 2014,
                    "share": 0.0,
                    **src,
                    "note": "",
                },
                {
                    "case": "all",
                    "it_group": "ai",
                    "space_type_id": "hall",
                    "year": 2014,
                    "share": 0.0,
                    **src,
                    "note": "",
                },
                {
                    "case": "all",
                    "it_group": "ai",
                    "space_type_id": "gpu_hall",
                    "year": 2014,
                    "share": 1.0,
                    **src,
                    "note": "",
                },
            ]
        ),
        "pue": frame(
            [
                {
                    "case": "all",
                    "space_type_id": "hall",
                    "year": 2014,
                    "pue": 1.5,
                    **src,
                    "note": "",
                },
                {
                    "case": "all",
                    "space_type_id": "gpu_hall",
                    "year": 2014,
                    "pue": 1.2,
                    **src,
                    "note": "",
                },
            ]
        ),
        "us_electricity": frame(
            [{"case": "all", "year": 2014, "us_electricity_twh": 4000, **src, "note": ""}]
        ),
        "anchors": frame(
            [
                {
                    "anchor_id": "t2014",
                    "case": "all",
                    "year": 2014,
                    "metric": "total_twh",
                    "value": 1.0,
                    "tolerance": 0.01,
                    "tolerance_kind": "relative",
                    "bound": "eq",
                    "role": "regression",
                    "source_id": "s1",
                    "note": "",
                }
            ]
        ),
        "calibration": frame(
            columns=[
                "parameter",
                "case",
                "first_year",
                "last_year",
                "target_anchor_id",
                "value",
                "status",
                "note",
            ]
        ),
    }


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False)
    return folder
