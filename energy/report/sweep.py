"""The sweep's report pages (sweep_report.pdf): national fan chart, where limits bind, and the
regions with displaced load, from a sweep's summary tables."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from energy.atomic import atomic_path
from energy.report import figures
from energy.report.pdf import Story, title_page


def sweep_report(folder: Path, name: str, tables: dict[str, pd.DataFrame], samples: int) -> float:
    """sweep_report.pdf: the sweep's section of the report (figures and tables)."""
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
