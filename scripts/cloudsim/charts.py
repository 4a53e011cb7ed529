"""Charts with matplotlib (Agg: no display needed). Each function returns a Figure; save it with
fig.savefig("x.png", dpi=100) or embed it with report.figure_to_data_uri."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.font_manager  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

from . import weighted  # noqa: E402
from .conditioned import last_observed_quarter, matching, period_end  # noqa: E402
from .results import period_coordinate, period_dimension, share, simulated_quarters  # noqa: E402

# Money is in the file's currency unit, 亿元 by default: fall back to a CJK font when one is
# installed (DejaVu Sans has no CJK glyphs and would draw boxes).
_CJK = [f.name for f in matplotlib.font_manager.fontManager.ttflist
        if f.name in ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")]
if _CJK:
    plt.rcParams["font.family"] = ["DejaVu Sans", _CJK[0]]

BAND_COLOR = "#3b6ea5"
OBSERVATION_COLOR = "#c0392b"
LAST_OBSERVATION_COLOR = "#555555"


def draw_observations(ax, rows, scale: float = 1.0) -> bool:
    """The observations in `rows` (cloudsim.observations table rows) on the model's scale, each
    value divided by its row's scale, as points with 95% error bars (relative errors:
    value·exp(±1.96 s); absolute: value ± 1.96 s); `scale` converts to the chart's unit (100 for
    %). Returns whether anything was drawn."""
    if rows is None or len(rows) == 0:
        return False
    y = rows["model_value"].to_numpy(dtype=float) * scale
    low = rows["model_low"].to_numpy(dtype=float) * scale
    high = rows["model_high"].to_numpy(dtype=float) * scale
    ax.errorbar(rows["time"].to_numpy(), y, yerr=[y - low, high - y], fmt="o",
                color=OBSERVATION_COLOR, markersize=3.5, elinewidth=1, capsize=2, zorder=5,
                label="observed ÷ scale, 95% error")
    return True


def draw_last_observation(ax, label: str | None) -> bool:
    """A vertical line at the end of the last observed quarter, labelled "last observation"."""
    if not label:
        return False
    ax.axvline(period_end(label), color=LAST_OBSERVATION_COLOR, linestyle="--", linewidth=1,
               zorder=4, label=f"last observation ({label})")
    return True


def _bands(data, dim):
    """5/25/50/75/95% quantiles over paths (weighted on a weighted result), (quantile, time)."""
    return weighted.quantiles(data, [0.05, 0.25, 0.5, 0.75, 0.95]).transpose("quantile", dim, ...)


def fan_chart(ds: xr.Dataset, segment: str, scenario: str | None = None,
              quantity: str = "share", providers=None) -> plt.Figure:
    """Median and 50%/90% bands over paths of each provider's share (or revenue) in one segment,
    one small panel per provider, for one scenario (the first by default). On a weighted result
    the bands are weighted quantiles. On a conditioned result, the observations of that share
    (or revenue) of that segment and provider (cloudsim.observations.matching) are drawn over the
    bands as points with 95% error bars, divided by each observation's scale (so on the model's
    scale), and a dashed line marks the end of the scenario's last observed quarter."""
    scenario = scenario if scenario is not None else str(ds.scenario.values[0])
    data = share(ds, segment) if quantity == "share" else ds.revenue.sel(segment=segment)
    data = data.sel(scenario=scenario)
    providers = list(providers) if providers is not None else [str(p) for p in ds.provider.values]
    dim = period_dimension(ds)
    bands = weighted.quantiles(data, [0.05, 0.25, 0.5, 0.75, 0.95])
    time = ds["time"].values
    columns = min(4, len(providers))
    rows = int(np.ceil(len(providers) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 2.4 * rows), sharex=True,
                             squeeze=False)
    scale = 100.0 if quantity == "share" else 1.0
    last = last_observed_quarter(ds, scenario)
    observed = False
    for k, provider in enumerate(providers):
        ax = axes[k // columns][k % columns]
        b = bands.sel(provider=provider).transpose("quantile", dim).values * scale
        ax.fill_between(time, b[0], b[4], color=BAND_COLOR, alpha=0.2, linewidth=0, label="90%")
        ax.fill_between(time, b[1], b[3], color=BAND_COLOR, alpha=0.4, linewidth=0, label="50%")
        ax.plot(time, b[2], color=BAND_COLOR, linewidth=1.5, label="median")
        observed |= draw_observations(ax, matching(ds, quantity, segment, provider), scale)
        draw_last_observation(ax, last)
        ax.set_title(provider, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for k in range(len(providers), rows * columns):
        axes[k // columns][k % columns].set_visible(False)
    _legend(axes.ravel()[: len(providers)], "best" if observed else "upper left")
    unit = "% of segment revenue" if quantity == "share" else ds.revenue.attrs.get("units", "")
    weights = ", weighted" if weighted.WEIGHT in data.coords else ""
    fig.suptitle(f"{segment} {quantity} by provider, scenario {scenario} ({unit}; median, 50% "
                 f"and 90% of {ds.sizes['path']} paths{weights}"
                 + ("; observations ÷ their scale, with 95% error bars" if observed else "")
                 + ")", fontsize=10)
    fig.tight_layout()
    return fig


def _legend(axes, where: str):
    """One legend, in the first panel, naming every kind of mark drawn in any panel."""
    handles, labels = [], []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    axes[0].legend(handles, labels, fontsize=7, loc=where)


def quantity_fan_chart(ds: xr.Dataset, series: str, scenario: str | None = None) -> plt.Figure:
    """The fan (median, 50% and 90% bands over paths; weighted on a weighted result) of one
    outcome-language quantity without its period, e.g. "growth(IaaS+PaaS, all, 4)", at every
    recorded period of one scenario, with the observations of that quantity (its `series` in
    cloudsim.observations) as points with 95% error bars on the model's scale, and the last
    observed quarter marked. Periods where the quantity is undefined (growth before its first
    lag) are left blank."""
    from .outcome import names_of, parse_outcome, resolve

    scenario = scenario if scenario is not None else str(ds.scenario.values[0])
    dim = period_dimension(ds)
    names = names_of(ds)
    head = series.strip()[:-1]
    values = []
    for label in ds[period_coordinate(ds)].values:
        try:
            tree = resolve(parse_outcome(f"{head}, {label})"), names)
            values.append(_evaluated(tree, ds, scenario))
        except ValueError:
            values.append(None)
    template = next((v for v in values if v is not None), None)
    if template is None:
        raise ValueError(f"'{series}' cannot be evaluated at any period of the result")
    data = xr.concat([v if v is not None else template * np.nan for v in values], dim=dim)
    data = data.assign_coords({dim: ds[dim].values})
    data = data.drop_vars([c for c in data.coords if dim in data[c].dims and c != dim])
    percent = series.startswith("share(")
    scale = 100.0 if percent else 1.0
    rows = matching(ds, None, None, None, series=series)
    finite = data.notnull().all("path")
    b = np.full((5, data.sizes[dim]), np.nan)
    if bool(finite.any()):
        good = data.isel({dim: np.flatnonzero(finite.values)})
        b[:, finite.values] = _bands(good, dim).values * scale
    time = ds["time"].values
    fig, ax = plt.subplots(figsize=(9.5, 3.4))
    ax.fill_between(time, b[0], b[4], color=BAND_COLOR, alpha=0.2, linewidth=0, label="90%")
    ax.fill_between(time, b[1], b[3], color=BAND_COLOR, alpha=0.4, linewidth=0, label="50%")
    ax.plot(time, b[2], color=BAND_COLOR, linewidth=1.5, label="median")
    draw_observations(ax, rows, scale)
    draw_last_observation(ax, last_observed_quarter(ds, scenario))
    # Outside the axes: inside, "best" still lands on a band or an observation.
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.set_xlabel(period_coordinate(ds), fontsize=8)
    ax.set_ylabel("%" if percent else ("growth (ratio)" if series.startswith("growth(") else
                                       ds.revenue.attrs.get("units", "") if
                                       series.startswith(("revenue(", "demand(", "profit(",
                                                          "cumulative_profit("))
                                       else "value"), fontsize=8)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=7)
    weights = ", weighted" if weighted.WEIGHT in data.coords else ""
    ax.set_title(f"{series}{' in %' if percent else ''}, scenario {scenario}\n(median, 50% and "
                 f"90% of {ds.sizes['path']} paths{weights}; observations ÷ their scale, 95% "
                 "error bars)", fontsize=8)
    fig.tight_layout()
    return fig


def _evaluated(tree, ds, scenario):
    """The quantity on every path of one scenario, as (path,) floats keeping the weight
    coordinate (and the ESS one) but not the period's."""
    from .outcome import evaluate

    values = evaluate(tree, ds).sel(scenario=scenario).astype(float)
    keep = {weighted.WEIGHT, weighted.ESS}
    return values.reset_coords([c for c in values.coords if c not in keep and c != "path"],
                               drop=True)


def scenario_comparison_chart(outcome: xr.DataArray, reference: str, label: str) -> plt.Figure:
    """Left: the outcome's median and 50%/90% range in each scenario. Right: each scenario's
    mean paired difference from `reference` (same paths) with its 95% confidence interval."""
    from .questions import paired_difference

    scenarios = [str(s) for s in outcome.scenario.values]
    q = weighted.quantiles(outcome, [0.05, 0.25, 0.5, 0.75, 0.95]).transpose(
        "scenario", "quantile").values
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 0.5 * len(scenarios) + 1.8))
    y = np.arange(len(scenarios))[::-1]
    left.hlines(y, q[:, 0], q[:, 4], color=BAND_COLOR, alpha=0.35, linewidth=6, label="90%")
    left.hlines(y, q[:, 1], q[:, 3], color=BAND_COLOR, alpha=0.8, linewidth=6, label="50%")
    left.plot(q[:, 2], y, "k|", markersize=14, label="median")
    left.set_yticks(y, scenarios, fontsize=8)
    left.set_title(label, fontsize=9)
    left.legend(fontsize=7)
    left.grid(alpha=0.3, axis="x")
    estimates = [paired_difference(outcome, s, reference) for s in scenarios]
    means = np.array([e.value for e in estimates])
    errors = np.array([[e.value - e.low for e in estimates], [e.high - e.value for e in estimates]])
    right.errorbar(means, y, xerr=errors, fmt="o", color="#a53b3b", capsize=3)
    right.axvline(0, color="k", linewidth=0.8)
    right.set_yticks(y, scenarios, fontsize=8)
    right.set_title(f"paired difference from {reference} (mean, 95% CI)", fontsize=9)
    left.set_xlabel(label, fontsize=8)
    right.set_xlabel("difference from " + reference + (" (percentage points)" if "%" in label
                                                      else ""), fontsize=8)
    right.grid(alpha=0.3, axis="x")
    fig.tight_layout()
    return fig


def tornado_chart(table, title: str, top: int = 12) -> plt.Figure:
    """Standardised regression coefficients (bars) and rank correlations (dots) of the inputs
    with the largest effect, largest on top (a `sensitivity` table)."""
    rows = table.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(rows) + 1.4))
    y = np.arange(len(rows))
    ax.barh(y, rows["src"], color=np.where(rows["src"] >= 0, BAND_COLOR, "#a53b3b"), alpha=0.8,
            label="standardised regression coefficient")
    ax.plot(rows["rank_correlation"], y, "ko", markersize=4, label="rank correlation")
    ax.axvline(0, color="k", linewidth=0.8)
    ax.set_yticks(y, [str(name) for name in rows.index], fontsize=7)
    ax.set_xlabel("standard deviations of the outcome per standard deviation of the input",
                  fontsize=8)
    r2 = table.attrs.get("r_squared")
    ax.set_title(title + (f" (linear R² = {r2:.2f})" if r2 is not None else ""), fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    fig.tight_layout()
    return fig


def event_timing_chart(ds: xr.Dataset, scenario: str | None = None) -> plt.Figure:
    """For each event that can happen, the share of paths on which it happens in each quarter
    (bars) and in total by the last quarter (in the title)."""
    scenario = scenario if scenario is not None else str(ds.scenario.values[0])
    quarters = ds.event_quarter.sel(scenario=scenario)
    events = [str(e) for e in ds.event.values if (quarters.sel(event=e) >= 0).any()]
    if not events:
        fig, ax = plt.subplots(figsize=(6, 1.5))
        ax.text(0.5, 0.5, f"no event happens on any path of {scenario}", ha="center", va="center")
        ax.axis("off")
        return fig
    fig, axes = plt.subplots(len(events), 1, figsize=(9, 1.6 * len(events) + 0.6), squeeze=False,
                             sharex=True)
    labels = simulated_quarters(ds)
    horizon = len(labels)
    w = weighted.weights_of(quarters)
    for ax, event in zip(axes[:, 0], events):
        q = quarters.sel(event=event).values
        if w is None:
            counts = np.bincount(q[q >= 0], minlength=horizon) / q.size
            happens = np.mean(q >= 0)
        else:  # weighted: the weight of the paths where it happens each quarter
            p = weighted.normalised(w.sel(event=event).values)
            counts = np.bincount(q[q >= 0], weights=p[q >= 0], minlength=horizon)
            happens = p[q >= 0].sum()
        ax.bar(np.arange(horizon), counts * 100, color=BAND_COLOR)
        ax.set_title(f"{event}: {happens:.0%} of paths{' (weighted)' if w is not None else ''}",
                     fontsize=8)
        ax.set_ylabel("% of paths", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3, axis="y")
    ticks = np.arange(0, horizon, 4)
    axes[-1, 0].set_xticks(ticks, [labels[t] for t in ticks], fontsize=7, rotation=45)
    fig.suptitle(f"When events happen, scenario {scenario}", fontsize=10)
    fig.tight_layout()
    return fig
