"""Requested load beside published forecasts (sheet dc_forecasts): is the siting rule credible?

The siting rule places the national projection in the regions (energy.siting.requested); here
each published forecast for a region and year is set beside the load the rule requests there
(average MW: data centers draw flat in the model, so this is also their contribution to the
peak). A forecast for a year the run does not model is shown without a model value.
"""

from __future__ import annotations

import pandas as pd


def requested_check(siting: pd.DataFrame, forecasts: pd.DataFrame) -> pd.DataFrame:
    """One row per published forecast: the forecast, the requested load, their ratio and the
    part of the rule that placed it (its utilities' book, or its 2023 share)."""
    by = siting.set_index(["region", "year"])
    key = pd.MultiIndex.from_arrays([forecasts["region_id"], forecasts["year"].astype(int)])
    requested = by["requested_mw"].reindex(key).to_numpy()
    # a region with a book is placed by it in every year of growth
    has_book = siting.groupby("region")["booked_mw"].max() > 0
    booked = forecasts["region_id"].map(has_book).fillna(False).to_numpy()
    table = pd.DataFrame(
        {
            "region": forecasts["region_id"].to_numpy(),
            "year": forecasts["year"].astype(int).to_numpy(),
            "forecaster": forecasts["forecaster"].to_numpy(),
            "measure": forecasts["measure"].to_numpy(),
            "forecast_mw": forecasts["forecast_mw"].to_numpy(dtype=float),
            "requested_mw": requested,
            "requested_over_forecast": requested / forecasts["forecast_mw"].to_numpy(dtype=float),
            "placed_by": ["its utilities' book" if b else "its 2023 share" for b in booked],
            "source_id": forecasts["source_id"].to_numpy(),
        }
    )
    table.loc[pd.isna(requested), "placed_by"] = "(year not modeled)"
    return table.sort_values(["region", "year", "forecaster"], kind="mergesort").reset_index(
        drop=True
    )
