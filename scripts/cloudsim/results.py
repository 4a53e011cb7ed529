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
    scenario, path, time, segment, provider, parameter, event, and, for a run with customer
    groups, group (of `group_revenue` and `group_demand`). `time` is the file's CF time
    coordinate (datetime64: each period's middle; `time_bnds` its first day and the first day
    after it), so `ds.sel(time="2025")` and `.plot()` work; the period labels ("2025Q4", or
    "2025" for annual records) are the coordinate `quarter` (or `year`) over `time`. Select by
    label with `at_period(ds, "2025Q4")`, or `by_label(ds).sel(quarter="2025Q4")` (the labels
    as the dimension). The labels carry no index of their own: xarray 2023.01 (Debian bookworm)
    cannot align two objects with two indexes over one dimension, so every arithmetic between
    variables would fail.

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
        # Unmasked: load keeps only written paths, whose values are never the fill values, and
        # masking would turn the integer datasets (event_quarter, regime) into floats.
        opened = xr.open_dataset(path, engine="h5netcdf", mask_and_scale=False)
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
    except BaseException:
        opened.close()
        raise
    if ds is not opened:
        ds.set_close(opened.close)  # isel and set_coords drop it; ds.close() closes the file
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
    """The time dimension: "time" at every record level (format 3.0)."""
    return "time"


def period_coordinate(ds) -> str:
    """The coordinate holding the period labels over `time`: "quarter" ("2025Q4"; full and final
    records) or "year" ("2025"; annual records): what `period=` arguments select on. Code that
    needs labels reads ds[period_coordinate(ds)]; code that reduces over time uses
    period_dimension(ds)."""
    return "year" if "year" in ds.coords else "quarter"


def by_label(obj):
    """`obj` (a Dataset or DataArray of a result) with the period labels ("quarter" or "year") as
    its time dimension instead of `time`, for code that selects and reduces by label:
    `by_label(ds).revenue.sel(quarter="2025Q4")`, `.sum("quarter")`."""
    return obj.swap_dims({period_dimension(obj): period_coordinate(obj)})


def at_period(obj, period):
    """`obj` at one period label ("2025Q4", "2025") or a list of them, selected along `time`.
    Raises KeyError naming the labels the result has when one is not among them."""
    labels = [str(v) for v in obj[period_coordinate(obj)].values]
    wanted = [period] if isinstance(period, str) else [str(p) for p in period]
    missing = [p for p in wanted if p not in labels]
    if missing:
        raise KeyError(f"no period {missing[0]!r} in the result (it has {labels[0]} … "
                       f"{labels[-1]})")
    positions = [labels.index(p) for p in wanted]
    return obj.isel({period_dimension(obj): positions[0] if isinstance(period, str)
                     else positions})


def _select(da, ds, segment=None, provider=None, period=None, group=None):
    """`da` at the given labels, each applied only where `da` has that dimension (demand has no
    provider), so that numerators and denominators are cut down before any arithmetic."""
    selection = {"group": group, "segment": segment, "provider": provider}
    selection = {key: value for key, value in selection.items()
                 if value is not None and key in da.coords}
    da = da.sel(selection) if selection else da
    return at_period(da, period) if period is not None else da


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
    if period_coordinate(ds) == "year":
        return ds.revenue
    if ds.attrs.get("record_level") == "final":
        raise ValueError("a final-quarter record has no annual revenue; run with --record full "
                         "or annual")
    time = period_dimension(ds)
    years = xr.DataArray([str(q)[:4] for q in ds.quarter.values], dims=time)
    annual = ds.revenue.drop_vars(["quarter", time]).groupby(years.rename("year")).sum(time)
    # Money per quarter summed over a year is money per year: a quarter of the rate's scale.
    scale = ds.revenue.attrs.get("units", "").split(" ")[0]  # "4e8" of "4e8 year-1"
    mantissa, _, exponent = scale.partition("e")
    units = (f"{int(mantissa) // 4}e{exponent} year-1" if exponent else
             f"{int(mantissa) // 4} year-1") if mantissa in ("4",) else "1"
    annual.attrs = dict(ds.revenue.attrs, units=units,
                        units_note=ds.attrs["currency_unit"] + " per year")
    return annual


def tidy(da: xr.DataArray, name: str | None = None) -> pd.DataFrame:
    """A long-format table, one row per value, one column per dimension: what seaborn, plotnine
    and pandas' groupby want."""
    name = name or da.name or "value"
    return da.rename(name).to_dataframe().reset_index()[[*da.dims, name]]
