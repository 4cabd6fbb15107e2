"""What a sweep says: per region and year the probability that each limit binds and the
distribution of unserved and displaced load; per year the distribution of national served
energy and of the national ceiling. Plus a report section (PDF)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

QUANTILES = (0.05, 0.5, 0.95)


def _distribution(table: pd.DataFrame, by: list[str], column: str) -> pd.DataFrame:
    grouped = table.groupby(by)[column]
    out = grouped.mean().rename(f"{column}_mean").to_frame()
    for q in QUANTILES:
        out[f"{column}_p{int(q * 100):02d}"] = grouped.quantile(q)
    return out


def summarize(samples: pd.DataFrame) -> dict[str, pd.DataFrame]:
    ok = samples[samples["status"] == "ok"]
    regional = ok[ok["region"] != "US"]
    binds = [c for c in regional.columns if c.startswith("binds_") and regional[c].notna().any()]
    probability = (
        regional.groupby(["region", "year"])[binds].mean().rename(columns=lambda c: "p_" + c)
    )
    probability["p_any_limit_binds"] = (
        regional.assign(any=regional[binds].any(axis=1)).groupby(["region", "year"])["any"].mean()
    )
    probability["p_load_held_back"] = (
        regional.assign(held=regional["displaced_twh"] > 0.01)
        .groupby(["region", "year"])["held"]
        .mean()
    )
    region_table = probability.join(
        _distribution(regional, ["region", "year"], "unserved_twh")
    ).join(_distribution(regional, ["region", "year"], "displaced_twh"))
    national = ok[ok["region"] == "US"]
    columns = ["served_twh", "unserved_twh", "displaced_twh"]
    if "ceiling_twh" in national and national["ceiling_twh"].notna().any():
        columns.append("ceiling_twh")
    national_table = pd.concat([_distribution(national, ["year"], c) for c in columns], axis=1)
    national_table["samples"] = national.groupby("year")["sample_id"].nunique()
    failed = samples[samples["status"] == "failed"].drop_duplicates("sample_id")
    return {
        "region_summary": region_table.reset_index(),
        "national_summary": national_table.reset_index(),
        "failures": failed[["sample_id", "reason"]].reset_index(drop=True),
    }


def write_summary(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    for name, table in tables.items():
        table.to_csv(Path(folder) / f"{name}.csv", index=False, float_format="%.6g")


def write_sweep_outputs(folder: Path, name: str, samples: pd.DataFrame) -> tuple[dict, float]:
    """Summaries (CSV) and sweep_report.pdf of a sweep's samples; the tables and report seconds."""
    from energy.report.sweep import sweep_report

    tables = summarize(samples)
    write_summary(folder, tables)
    seconds = sweep_report(folder, name, tables, samples["sample_id"].nunique())
    return tables, seconds
