"""Uncertainty sweeps: Latin hypercube samples of uncertain inputs, each solved by re-solving a
model built once per worker, run serially, in local processes or on a Dask cluster."""
