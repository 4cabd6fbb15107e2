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


def sweep_report(folder: Path, name: str, tables: dict[str, pd.DataFrame], samples: int) -> float:
    """sweep_report.pdf: the sweep's section of the report (figures and tables)."""
    import time

    from energy.atomic import atomic_path
    from energy.report import figures
    from energy.report.pdf import Story, title_page

    started = time.perf_counter()
    story = Story(f"energy sweep: {name}")
    title_page(story, "Uncertainty sweep", [f"Sweep: {name}", f"Samples: {samples}"])
    national = tables["national_summary"]
    story.heading("National served energy and the national ceiling")
    lines = []
    for row in national.itertuples():
        text = (
            f"{row.year}: served {row.served_twh_p50:,.1f} TWh (5-95%: {row.served_twh_p05:,.1f}-"
            f"{row.served_twh_p95:,.1f})"
        )
        if hasattr(row, "ceiling_twh_p50"):
            text += (
                f"; ceiling {row.ceiling_twh_p50:,.1f} TWh ({row.ceiling_twh_p05:,.1f}-"
                f"{row.ceiling_twh_p95:,.1f})"
            )
        lines.append(text + f"; {row.samples} samples.")
    story.bullets(lines)
    story.figure(
        figures.sweep_fan(national),
        "National data-center energy served and the national ceiling across samples: median "
        "(line) and 5-95% range (band), TWh per year.",
    )
    story.heading("Where limits bind")
    story.figure(
        figures.binding_probability(tables["region_summary"]),
        "Probability that data-center load is held back (relocated away or unserved) by the "
        "region's limits, by region and model year (share of samples).",
    )
    regional = tables["region_summary"]
    shown = regional[regional["displaced_twh_mean"] > 0.05][
        [
            "region",
            "year",
            "p_load_held_back",
            "p_binds_large_load_interconnection",
            "displaced_twh_p50",
            "displaced_twh_p95",
            "unserved_twh_p95",
        ]
    ]
    if len(shown):
        story.table(
            shown,
            "Regions and years with displaced data-center load: probability that load is held "
            "back and that the interconnection limit binds; median and 95th percentile of "
            "displaced load and 95th percentile of unserved load (TWh).",
        )
    with atomic_path(Path(folder) / "sweep_report.pdf") as tmp:
        story.write(tmp, f"sweep {name}")
    return time.perf_counter() - started
