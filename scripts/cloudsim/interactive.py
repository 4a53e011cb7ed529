"""Interactive charts for the HTML report (plotly, Debian's python3-plotly): hover shows each
value and zoom lets a reader look into a band, which a PNG cannot. Each function returns a
plotly Figure of a fixed size that fits one A4 landscape page (the report's print size), with
every axis titled with its unit and the legend outside the plotting area, so it hides no band.
The page embeds plotly.js once (report.plotly_script)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import weighted
from .conditioned import last_observed_quarter, matching, period_end, period_middle
from .results import period_coordinate, period_dimension, share

WIDTH = 1000          # px: the printable width of A4 landscape at 12 mm margins is ~1030 px
MAX_HEIGHT = 560      # px: its printable height is ~700 px, less the title and caption
BAND = "59,110,165"   # the toolkit's band colour (charts.BAND_COLOR) as r,g,b
OBSERVED = "#c0392b"
# Below this range (in the chart's unit) a panel's axis is widened so that noise on an empty or
# constant series does not fill it: 1 percentage point for shares.
MIN_SPAN = {"share": 1.0}


def _layout(fig, title: str, height: int):
    """Size, margins and the legend below the x axis title (placed in pixels: a legend given in
    fractions of the plot lands on the axis title of a short chart)."""
    height = min(height, MAX_HEIGHT)
    top, bottom = 60, 110
    fig.update_layout(title=dict(text=title, x=0, xanchor="left", font=dict(size=14)),
                      width=WIDTH, height=height, template="plotly_white",
                      margin=dict(l=70, r=20, t=top, b=bottom), hovermode="closest",
                      legend=dict(orientation="h", yanchor="top", x=0, xanchor="left",
                                  y=-62 / max(height - top - bottom, 1)),
                      font=dict(size=11))
    return fig


def period_times(ds) -> list[pd.Timestamp]:
    """The middle day of each recorded period, from its label (not from a time coordinate)."""
    return [period_middle(str(label)) for label in ds[period_coordinate(ds)].values]


def _span_range(low: float, high: float, minimum: float, floor: float | None = 0.0):
    """A y range that shows [low, high] and is at least `minimum` wide, starting at `floor` when
    the data allow (shares start at 0 so panels compare)."""
    low = min(low, floor) if floor is not None else low
    if not np.isfinite(low) or not np.isfinite(high):
        return [0, minimum]
    if high - low < minimum:
        high = low + minimum
    pad = 0.05 * (high - low)
    return [low - (pad if floor is None or low < floor else 0), high + pad]


def _band(fig, row, col, x, low, high, opacity: float, cover: str, ends, labels, provider: str,
          showlegend: bool):
    """A filled band between two quantile lines: an invisible upper line, then the lower one
    filled up to it, hovering both ends."""
    fig.add_trace(go.Scatter(x=x, y=high, mode="lines", line=dict(width=0), hoverinfo="skip",
                             showlegend=False, legendgroup=cover), row, col)
    fig.add_trace(go.Scatter(x=x, y=low, mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor=f"rgba({BAND},{opacity})", name=f"{cover}% of paths",
                             legendgroup=cover, showlegend=showlegend,
                             customdata=np.c_[labels, high],
                             hovertemplate=f"%{{customdata[0]}}: {ends[0]} %{{y:.2f}}, {ends[1]} "
                             "%{customdata[1]:.2f} %<extra>" + provider + "</extra>"), row, col)


def fan_figure(ds, segment: str, scenario: str, title: str, quantity: str = "share",
               providers=None):
    """Median and 50%/90% bands over paths of each provider's share of `segment` (one panel per
    provider) in one scenario, with the observations of a conditioned result (95% error bars,
    divided by their scale) and a dashed line at the end of the last observed quarter."""
    providers = list(providers) if providers is not None else [str(p) for p in ds.provider.values]
    dim = period_dimension(ds)
    data = share(ds, segment).sel(scenario=scenario)
    bands = weighted.quantiles(data, [0.05, 0.25, 0.5, 0.75, 0.95])
    x = period_times(ds)
    labels = [str(v) for v in ds[period_coordinate(ds)].values]
    columns = min(4, len(providers))
    rows = int(np.ceil(len(providers) / columns))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=providers, shared_xaxes=True,
                        horizontal_spacing=0.06, vertical_spacing=0.14)
    last = last_observed_quarter(ds, scenario)
    for k, provider in enumerate(providers):
        row, col = k // columns + 1, k % columns + 1
        b = bands.sel(provider=provider).transpose("quantile", dim).values * 100
        first = k == 0
        for low, high, opacity, cover, ends in ((0, 4, 0.2, "90", ("5%", "95%")),
                                                (1, 3, 0.45, "50", ("25%", "75%"))):
            _band(fig, row, col, x, b[low], b[high], opacity, cover, ends, labels, provider,
                  showlegend=first)
        fig.add_trace(go.Scatter(x=x, y=b[2], mode="lines", line=dict(color=f"rgb({BAND})", width=2),
                                 name="median", legendgroup="median", showlegend=first,
                                 customdata=labels, hovertemplate="%{customdata}: median "
                                 "%{y:.2f} %<extra>" + provider + "</extra>"), row, col)
        rows_seen = matching(ds, quantity, segment, provider)
        high = float(np.nanmax(b[4])) if np.isfinite(b[4]).any() else 0.0
        if len(rows_seen):
            y = rows_seen["model_value"].to_numpy(float) * 100
            low_o = rows_seen["model_low"].to_numpy(float) * 100
            high_o = rows_seen["model_high"].to_numpy(float) * 100
            fig.add_trace(go.Scatter(
                x=rows_seen["time"], y=y, mode="markers", marker=dict(color=OBSERVED, size=6),
                error_y=dict(type="data", array=high_o - y, arrayminus=y - low_o, thickness=1),
                name="observed ÷ scale, 95% error", legendgroup="obs",
                showlegend=not any(t.legendgroup == "obs" for t in fig.data),
                customdata=rows_seen["period"], hovertemplate="observed %{customdata}: "
                "%{y:.2f} %<extra>" + provider + "</extra>"), row, col)
            high = max(high, float(np.nanmax(high_o)))
        if not float(abs(data.sel(provider=provider)).max()) > 0:  # say so, not an empty axis
            fig.add_annotation(text="0 on every path", showarrow=False, xref="x domain",
                               yref="y domain", x=0.5, y=0.75, font=dict(color="#666"),
                               bgcolor="white", row=row, col=col)
        low = float(np.nanmin(b[0])) if np.isfinite(b[0]).any() else 0.0
        fig.update_yaxes(range=_span_range(low, high, MIN_SPAN["share"]), row=row, col=col,
                         title_text="% of segment revenue" if col == 1 else None)
        if last:
            fig.add_vline(x=period_end(last), line=dict(color="#555", dash="dash", width=1),
                          row=row, col=col)
    fig.update_xaxes(title_text="year" if ds.attrs.get("record_level") == "annual" else "quarter",
                     row=rows)
    if last:  # the vertical lines are shapes: name them once in the legend
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"last observation ({last})",
                                 line=dict(color="#555", dash="dash", width=1)))
    return _layout(fig, title, 170 + 210 * rows)


def distribution_figure(ds, segment: str, scenario: str, title: str, providers=None):
    """Each provider's share of `segment` in the one recorded period of a final-quarter file,
    over paths of one scenario: a box (median, quartiles, 5–95% whiskers drawn as the box's
    fences) per provider. Weighted results use weighted quantiles."""
    providers = list(providers) if providers is not None else [str(p) for p in ds.provider.values]
    period = str(ds[period_coordinate(ds)].values[-1])
    data = share(ds, segment, period=period).sel(scenario=scenario)
    q = weighted.quantiles(data, [0.05, 0.25, 0.5, 0.75, 0.95]).transpose("quantile", "provider")
    q = q.sel(provider=providers).values * 100
    fig = go.Figure(go.Box(
        x=providers, q1=q[1], median=q[2], q3=q[3], lowerfence=q[0], upperfence=q[4],
        name=f"{period}: median, 50% box, 90% whiskers", marker_color=f"rgb({BAND})",
        showlegend=True, hoverinfo="x+y"))
    largest = abs(data).max("path").sel(provider=providers).values
    for provider, top in zip(providers, largest):
        if not top > 0:  # an empty box is easy to miss: say it
            fig.add_annotation(x=provider, y=0, yshift=14, text="0 on every path",
                               showarrow=False, font=dict(color="#666", size=10))
    fig.update_yaxes(title_text=f"% of {segment} revenue in {period}",
                     range=_span_range(float(np.nanmin(q[0])), float(np.nanmax(q[4])), 1.0))
    fig.update_xaxes(title_text="provider")
    return _layout(fig, title, 480)


def comparison_figure(outcome, reference: str, label: str, unit: str, scale: float,
                      names: dict[str, str], differences):
    """Left: the outcome's median, 50% and 90% ranges in each scenario. Right: each scenario's
    mean paired difference from `reference` (same paths) with its 95% interval."""
    from .questions import paired_difference

    scenarios = [str(s) for s in outcome.scenario.values]
    shown = [names.get(s, s) for s in scenarios]
    q = weighted.quantiles(outcome, [0.05, 0.25, 0.5, 0.75, 0.95]).transpose(
        "scenario", "quantile").values * scale
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[f"{label}: spread over paths",
                                        f"difference from {names.get(reference, reference)}, "
                                        "same paths"])
    fig.add_trace(go.Box(y=shown, q1=q[:, 1], median=q[:, 2], q3=q[:, 3], lowerfence=q[:, 0],
                         upperfence=q[:, 4], orientation="h", marker_color=f"rgb({BAND})",
                         name="median, 50% box, 90% whiskers", hoverinfo="y+x"), 1, 1)
    estimates = [paired_difference(outcome, s, reference) for s in scenarios] \
        if differences is None else differences
    means = np.array([e.value for e in estimates]) * scale
    low = np.array([e.low for e in estimates]) * scale
    high = np.array([e.high for e in estimates]) * scale
    fig.add_trace(go.Scatter(x=means, y=shown, mode="markers", marker=dict(color="#a53b3b", size=8),
                             error_x=dict(type="data", array=high - means, arrayminus=means - low),
                             name="mean difference, 95% interval",
                             customdata=np.c_[low, high],
                             hovertemplate="%{y}: %{x:.3g} (95%: %{customdata[0]:.3g} to "
                             "%{customdata[1]:.3g})<extra></extra>"), 1, 2)
    fig.add_vline(x=0, line=dict(color="black", width=1), row=1, col=2)
    if unit == "%":  # an outcome that hardly varies gets a 1 pp axis, not a magnified noise one
        fig.update_xaxes(range=_span_range(float(np.nanmin(q)), float(np.nanmax(q)),
                                           MIN_SPAN["share"], floor=None), row=1, col=1)
        reach = float(np.nanmax(np.abs(np.r_[low, high, 0.0])))
        if reach < MIN_SPAN["share"] / 2:
            fig.update_xaxes(range=[-MIN_SPAN["share"] / 2, MIN_SPAN["share"] / 2], row=1, col=2)
    fig.update_xaxes(title_text=f"{label} ({unit})", row=1, col=1)
    fig.update_xaxes(title_text=f"difference ({'percentage points' if unit == '%' else unit})",
                     row=1, col=2)
    fig.update_yaxes(autorange="reversed", title_text="scenario", row=1, col=1)
    return _layout(fig, "", 190 + 26 * len(scenarios))


def tornado_figure(table, labels: dict[str, str], title: str, top: int = 10):
    """Standardised regression coefficients (bars) and rank correlations (dots) of the inputs
    with the largest effect, largest on top; hover shows each input's key path."""
    rows = table.head(top)
    names = [labels.get(str(k), str(k)) for k in rows.index]
    keys = [str(k) for k in rows.index]
    src = rows["src"].to_numpy()
    fig = go.Figure()
    # Two bar traces so that the legend says what each colour means.
    for sign, colour, name in ((src >= 0, f"rgb({BAND})", "coefficient: higher input raises it"),
                               (src < 0, "#a53b3b", "coefficient: higher input lowers it")):
        fig.add_trace(go.Bar(x=np.where(sign, src, np.nan), y=names, orientation="h",
                             marker_color=colour, name=name, customdata=keys,
                             hovertemplate="%{y}<br>%{customdata}<br>standardised regression "
                             "coefficient %{x:.3f}<extra></extra>"))
    fig.update_layout(barmode="overlay")
    fig.add_trace(go.Scatter(x=rows["rank_correlation"], y=names, mode="markers",
                             marker=dict(color="black", size=7), name="rank correlation",
                             customdata=keys, hovertemplate="%{y}<br>%{customdata}<br>rank "
                             "correlation %{x:.3f}<extra></extra>"))
    fig.add_vline(x=0, line=dict(color="black", width=1))
    fig.update_yaxes(autorange="reversed", title_text="uncertain input")
    fig.update_xaxes(title_text="effect on the outcome (standard deviations per standard "
                     "deviation of the input; unitless)", range=[-1.05, 1.05])
    return _layout(fig, title, 180 + 32 * len(rows))


def sweep_figure(outcome, sweep_values: pd.DataFrame, labels: dict[str, str], label: str,
                 unit: str, scale: float, units: dict[str, str] | None = None):
    """For each swept key: the outcome's median (dot) and 90% range (whisker) at every sweep
    point against the value that point set; one panel per key."""
    keys = list(sweep_values.columns)
    fig = make_subplots(rows=1, cols=len(keys), shared_yaxes=True, horizontal_spacing=0.05,
                        subplot_titles=[labels.get(k, k) for k in keys])
    q = weighted.quantiles(outcome, [0.05, 0.5, 0.95]).transpose("scenario", "quantile")
    q = pd.DataFrame(q.values * scale, index=[str(s) for s in q.scenario.values],
                     columns=["low", "median", "high"])
    for k, key in enumerate(keys):
        points = sweep_values[key].dropna()
        cell = q.loc[points.index]
        fig.add_trace(go.Scatter(
            x=points.values, y=cell["median"], mode="markers",
            marker=dict(color=f"rgb({BAND})", size=8),
            error_y=dict(type="data", array=cell["high"] - cell["median"],
                         arrayminus=cell["median"] - cell["low"], thickness=1),
            name="median, 90% of paths", showlegend=k == 0, customdata=np.c_[points.index],
            hovertemplate="%{customdata[0]}: " + key.replace("%", "%%")
            + " = %{x:.3g}<br>median %{y:.3g}<extra></extra>"), 1, k + 1)
        key_unit = (units or {}).get(key, "")
        fig.update_xaxes(title_text=labels.get(key, key) + (f" ({key_unit})" if key_unit else ""),
                         row=1, col=k + 1)
    fig.update_yaxes(title_text=f"{label} ({unit})", row=1, col=1)
    return _layout(fig, "", 460)


def event_figure(ds, scenario: str, quarter_labels: list[str], top: int = 8):
    """The share of paths on which each of the `top` likeliest events has happened by each
    quarter (cumulative), in one scenario; weighted on a weighted result."""
    quarters = ds.event_quarter.sel(scenario=scenario)
    w = weighted.weights_of(quarters)
    horizon = len(quarter_labels)
    curves = []
    for event in ds.event.values:
        q = quarters.sel(event=event).values
        p = np.full(q.size, 1.0 / q.size) if w is None else \
            weighted.normalised(w.sel(event=event).values)
        if not (q >= 0).any():
            continue
        by = np.bincount(q[q >= 0], weights=p[q >= 0], minlength=horizon)[:horizon].cumsum()
        curves.append((float(by[-1]), str(event), by))
    curves.sort(key=lambda c: -c[0])
    fig = go.Figure()
    for total, event, by in curves[:top]:
        fig.add_trace(go.Scatter(x=quarter_labels, y=by * 100, mode="lines", name=event,
                                 line_shape="hv",
                                 hovertemplate="%{x}: %{y:.1f}% of paths<extra>" + event
                                 + "</extra>"))
    fig.update_xaxes(title_text="quarter", type="category", nticks=12)
    fig.update_yaxes(title_text="% of paths on which it has happened", range=[0, 101])
    fig.update_layout(legend=dict(y=-0.25))
    return _layout(fig, "", 560), len(curves)
