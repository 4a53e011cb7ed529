"""Charts with matplotlib (Agg: no display needed). Each function returns a Figure; save it with
fig.savefig("x.png", dpi=100) or embed it with report.figure_to_data_uri."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

from .results import period_dimension, share, simulated_quarters  # noqa: E402

BAND_COLOR = "#3b6ea5"


def fan_chart(ds: xr.Dataset, segment: str, scenario: str | None = None,
              quantity: str = "share", providers=None) -> plt.Figure:
    """Median and 50%/90% bands over paths of each provider's share (or revenue) in one segment,
    one small panel per provider, for one scenario (the first by default)."""
    scenario = scenario if scenario is not None else str(ds.scenario.values[0])
    data = share(ds, segment) if quantity == "share" else ds.revenue.sel(segment=segment)
    data = data.sel(scenario=scenario)
    providers = list(providers) if providers is not None else [str(p) for p in ds.provider.values]
    dim = period_dimension(ds)
    bands = data.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="path")
    time = ds["time"].values
    columns = min(4, len(providers))
    rows = int(np.ceil(len(providers) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 2.4 * rows), sharex=True,
                             squeeze=False)
    scale = 100.0 if quantity == "share" else 1.0
    for k, provider in enumerate(providers):
        ax = axes[k // columns][k % columns]
        b = bands.sel(provider=provider).transpose("quantile", dim).values * scale
        ax.fill_between(time, b[0], b[4], color=BAND_COLOR, alpha=0.2, linewidth=0, label="90%")
        ax.fill_between(time, b[1], b[3], color=BAND_COLOR, alpha=0.4, linewidth=0, label="50%")
        ax.plot(time, b[2], color=BAND_COLOR, linewidth=1.5, label="median")
        ax.set_title(provider, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for k in range(len(providers), rows * columns):
        axes[k // columns][k % columns].set_visible(False)
    axes[0][0].legend(fontsize=7, loc="upper left")
    unit = "% of segment revenue" if quantity == "share" else ds.revenue.attrs.get("units", "")
    fig.suptitle(f"{segment} {quantity} by provider, scenario {scenario} ({unit}; median, 50% "
                 f"and 90% of {ds.sizes['path']} paths)", fontsize=10)
    fig.tight_layout()
    return fig


def scenario_comparison_chart(outcome: xr.DataArray, reference: str, label: str) -> plt.Figure:
    """Left: the outcome's median and 50%/90% range in each scenario. Right: each scenario's
    mean paired difference from `reference` (same paths) with its 95% confidence interval."""
    from .questions import paired_difference

    scenarios = [str(s) for s in outcome.scenario.values]
    q = outcome.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="path").transpose("scenario", "quantile").values
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
    for ax, event in zip(axes[:, 0], events):
        q = quarters.sel(event=event).values
        counts = np.bincount(q[q >= 0], minlength=horizon) / q.size
        ax.bar(np.arange(horizon), counts * 100, color=BAND_COLOR)
        ax.set_title(f"{event}: {np.mean(q >= 0):.0%} of paths", fontsize=8)
        ax.set_ylabel("% of paths", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3, axis="y")
    ticks = np.arange(0, horizon, 4)
    axes[-1, 0].set_xticks(ticks, [labels[t] for t in ticks], fontsize=7, rotation=45)
    fig.suptitle(f"When events happen, scenario {scenario}", fontsize=10)
    fig.tight_layout()
    return fig
