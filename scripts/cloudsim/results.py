"""Result files into xarray and pandas: named dimensions, real period labels, shares."""
from __future__ import annotations

import re
import warnings

import pandas as pd
import xarray as xr

from .weighted import ESS, WEIGHT
from .validation import (FORMAT_MAJOR, BadResultError, PartialResultWarning,  # noqa: F401
                         check_result_file)


def load(path) -> xr.Dataset:
    """Opens a result file (docs/output-format.md) as an xarray.Dataset with dimensions
    scenario, path, quarter (or year), segment, provider, parameter, event, and, for a run with
    customer groups, group (of `group_revenue` and `group_demand`); the period labels
    ("2025Q4", or "2025" for annual records) are the time coordinate and `time` holds each
    period's middle day, for plotting.

    The file is untrusted input: its attributes, datasets, shapes, types and labels are checked
    first (cloudsim.validation), and anything that is not a result file this toolkit reads raises
    BadResultError (a ValueError) naming the file and the attribute or dataset at fault.

    A partial file (status "partial": an interrupted run; paths from paths_completed on were never
    written) gives only its completed paths: the path dimension has paths_completed entries, the
    attributes still say status "partial", paths_completed and paths_requested, a
    PartialResultWarning says so and how to complete the run (`sim run --resume FILE`), and the
    stored summaries and precision figures (which cover the completed paths) carry a `paths` and a
    `coverage` attribute saying so. A partial file with no completed path raises ValueError.

    A conditioned result (format 2.3) keeps its `weight` (scenario, path), if any, and its
    per-scenario `effective_sample_size` as coordinates: every quantity computed from the
    Dataset carries them, and the toolkit's statistics (questions, charts, report) use them
    (cloudsim.weighted says how). `observations(ds)` and `conditioning(ds)` give the
    observations it was conditioned on and what conditioning did."""
    facts = check_result_file(path)
    name = str(path)
    resume = f"sim run --resume {name}"
    if facts.status == "partial" and facts.paths_completed == 0:
        raise ValueError(f"{name}: partial result with no completed path (0 of "
                         f"{facts.paths_requested}); nothing to analyse. Run the paths with: "
                         f"{resume}")
    try:
        opened = xr.open_dataset(path, engine="h5netcdf")
    except (ValueError, KeyError, IndexError, TypeError, OSError) as error:
        raise BadResultError(f"{name}: xarray (h5netcdf) cannot open it: {error} (format "
                             f"{facts.format_version}, written by sim {facts.program_version})"
                             ) from None
    try:
        for variable, dims in facts.variables.items():
            if variable not in opened.variables or opened[variable].dims != dims:
                found = opened[variable].dims if variable in opened.variables else "absent"
                raise BadResultError(f"{name}: dataset '{variable}' reads as {found} in xarray, "
                                     f"expected dimensions {dims}")
        ds = opened
        if facts.paths_completed < facts.paths_requested:
            ds = ds.isel(path=slice(0, facts.paths_completed))
        if facts.status == "partial":
            coverage = (f"over the {facts.paths_completed} completed paths of a partial result "
                        f"({facts.paths_requested} requested; complete it with: {resume})")
            for variable in ds.data_vars:
                if variable.startswith(("summary_", "precision_")):
                    ds[variable].attrs.update(paths=facts.paths_completed, coverage=coverage)
            warnings.warn(f"{name} is a partial result ({facts.stop_reason}): "
                          f"{facts.paths_completed} of {facts.paths_requested} paths were "
                          f"completed, and only those are used. Complete the run with: {resume}",
                          PartialResultWarning, stacklevel=2)
        # Weights travel with every quantity computed from the Dataset as coordinates, so that
        # the toolkit's statistics use them (cloudsim.weighted).
        carried = [name for name in (WEIGHT, ESS) if name in ds.data_vars]
        if carried:
            ds = ds.set_coords(carried)
        dim = facts.time_dimension
        periods = pd.PeriodIndex([str(label) for label in ds[dim].values],
                                 freq="Q" if dim == "quarter" else "Y")
        starts = periods.to_timestamp(how="start")
        middles = starts + (periods.to_timestamp(how="end") - starts) / 2
        ds = ds.assign_coords(time=(dim, middles.normalize()))
    except BaseException:
        opened.close()
        raise
    ds.set_close(opened.close)  # isel and assign_coords drop it; ds.close() closes the file
    return ds


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


def period_coordinate(ds) -> str:
    """The coordinate holding the period labels ("2025Q4", or "2025" for annual records): what
    `period=` arguments select on. Code that needs labels reads ds[period_coordinate(ds)]; code
    that reduces over time uses period_dimension(ds); the two may differ."""
    return period_dimension(ds)


def _select(da, ds, segment=None, provider=None, period=None, group=None):
    """`da` at the given labels, each applied only where `da` has that dimension (demand has no
    provider), so that numerators and denominators are cut down before any arithmetic."""
    selection = {"group": group, "segment": segment, "provider": provider,
                 period_coordinate(ds): period}
    selection = {key: value for key, value in selection.items()
                 if value is not None and key in da.coords}
    return da.sel(selection) if selection else da


def share(ds, segment=None, provider=None, period=None, group=None) -> xr.DataArray:
    """Each provider's share of its segment's revenue (a fraction; 0 where the segment has no
    demand), optionally at one segment, provider and period label. With `group` (a customer
    group's name): the provider's share of that group's demand in the segment instead,
    group_revenue / group_demand (group_share gives every group at once)."""
    if group is not None:
        return group_share(ds, segment, provider, period, group)
    # Selecting before dividing: dividing the whole revenue array first cost 1.3–2.4 s and
    # 340 MB on a 10,240-path annual batch to answer for one provider, segment and year.
    revenue_ = _select(ds.revenue, ds, segment, provider, period)
    demand = _select(ds.demand, ds, segment, provider, period)
    fraction = (revenue_ / demand).where(demand > 0, 0.0)
    fraction.name = "share"
    fraction.attrs = {"units": "1", "long_name": "share of segment revenue"}
    return fraction


def group_share(ds, segment=None, provider=None, period=None, group=None) -> xr.DataArray:
    """Each provider's share of each customer group's demand in each segment (a fraction; 0
    where the group has no demand there), optionally at one segment, provider, period label and
    group. Needs a run with customer groups (datasets group_revenue and group_demand)."""
    if "group_revenue" not in ds:
        raise ValueError("the result has no customer groups (no group_revenue dataset): the "
                         "scenario defines no [customer_groups.<name>]")
    revenue_ = _select(ds.group_revenue, ds, segment, provider, period, group)
    demand = _select(ds.group_demand, ds, segment, provider, period, group)
    fraction = (revenue_ / demand).where(demand > 0, 0.0)
    fraction.name = "group_share"
    fraction.attrs = {"units": "1", "long_name": "share of the customer group's demand"}
    return fraction


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
