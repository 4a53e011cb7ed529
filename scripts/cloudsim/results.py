"""Result files into xarray and pandas: named dimensions, real period labels, shares."""
from __future__ import annotations

import re

import h5py
import numpy as np
import pandas as pd
import xarray as xr

FORMAT_MAJOR = 2


def load(path) -> xr.Dataset:
    """Opens a result file (docs/output-format.md) as an xarray.Dataset with dimensions
    scenario, path, quarter (or year), segment, provider, parameter, event; the period labels
    ("2025Q4", or "2025" for annual records) are the time coordinate and `time` holds each
    period's middle day, for plotting. Refuses files that are not cloudsim results of a format this
    toolkit reads."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("filetype") != "cloudsim-result":
            raise ValueError(f"{path}: not a cloudsim result file")
        major = int(np.asarray(f.attrs["format_version"])[0])
    if major != FORMAT_MAJOR:
        raise ValueError(f"{path}: format version {major}, this toolkit reads {FORMAT_MAJOR}.x")
    ds = xr.open_dataset(path, engine="h5netcdf")
    dim = period_dimension(ds)
    labels = [str(label) for label in ds[dim].values]
    frequency = "Q" if dim == "quarter" else "Y"
    periods = pd.PeriodIndex(labels, freq=frequency)
    starts = periods.to_timestamp(how="start")
    middles = starts + (periods.to_timestamp(how="end") - starts) / 2
    return ds.assign_coords(time=(dim, middles.normalize()))


def simulated_quarters(ds) -> list[str]:
    """Labels of every simulated quarter, t = 0, 1, … (what `event_quarter` indexes), whatever the
    record level: read from the scenario's [simulation] start_quarter and quarters."""
    text = str(ds.scenario_text.values[0])
    start = re.search(r'start_quarter\s*=\s*"(\d{4})Q([1-4])"', text)
    quarters = re.search(r"^quarters\s*=\s*(\d+)", text, re.MULTILINE)
    year, quarter = int(start.group(1)), int(start.group(2)) - 1
    return [f"{year + (quarter + t) // 4}Q{(quarter + t) % 4 + 1}"
            for t in range(int(quarters.group(1)))]


def period_dimension(ds) -> str:
    """The time dimension: "quarter" (full and final records) or "year" (annual records)."""
    return "year" if "year" in ds.dims else "quarter"


def _select(da, ds, segment=None, provider=None, period=None):
    selection = {}
    if segment is not None:
        selection["segment"] = segment
    if provider is not None:
        selection["provider"] = provider
    if period is not None:
        selection[period_dimension(ds)] = period
    return da.sel(selection) if selection else da


def share(ds, segment=None, provider=None, period=None) -> xr.DataArray:
    """Each provider's share of its segment's revenue (a fraction; 0 where the segment has no
    demand), optionally at one segment, provider and period label."""
    demand = ds.demand
    fraction = (ds.revenue / demand).where(demand > 0, 0.0)
    fraction.name = "share"
    fraction.attrs = {"units": "1", "long_name": "share of segment revenue"}
    return _select(fraction, ds, segment, provider, period)


def revenue(ds, segment=None, provider=None, period=None) -> xr.DataArray:
    """Revenue as recorded (money per quarter, or per year for annual records)."""
    return _select(ds.revenue, ds, segment, provider, period)


def annual_revenue(ds) -> xr.DataArray:
    """Revenue per calendar year, (scenario, path, year, segment, provider): the quarters of each
    year summed for full records, as recorded for annual ones."""
    if period_dimension(ds) == "year":
        return ds.revenue
    if ds.attrs.get("record_level") == "final":
        raise ValueError("a final-quarter record has no annual revenue; run with --record full "
                         "or annual")
    years = xr.DataArray([str(q)[:4] for q in ds.quarter.values], dims="quarter")
    annual = ds.revenue.groupby(years.rename("year")).sum("quarter")
    annual.attrs = dict(ds.revenue.attrs, units=ds.attrs["currency_unit"] + " per year")
    return annual


def tidy(da: xr.DataArray, name: str | None = None) -> pd.DataFrame:
    """A long-format table, one row per value, one column per dimension: what seaborn, plotnine
    and pandas' groupby want."""
    name = name or da.name or "value"
    return da.rename(name).to_dataframe().reset_index()[[*da.dims, name]]
