"""The HTML report of a result file (`scripts/report RESULT.h5`): one self-contained page a planner
can forward — a summary in words, the scenarios, the outcome with its intervals, interactive
charts (cloudsim.interactive) and the analyses behind them — readable on screen and printed
(docs/report.md)."""
from __future__ import annotations

import argparse
import base64
import datetime
import html
import io
import pathlib
import sys
import warnings

import numpy as np
import pandas as pd

from . import charts, interactive, weighted
from .conditioned import conditioning, last_observed_quarter, observations
from .labels import input_label, input_unit
from .page import Page
from .summary import Answer, percent, summary_paragraphs, wilson
from .discovery import classification_tree, prim
from .questions import paired_difference, probability, sensitivity
from .outcome import (Condition, Name, Outcome, Quantity, describe, evaluate, names_of,
                      parse_outcome, resolve)
from .results import load, period_coordinate, period_dimension, share, simulated_quarters
from .validation import PartialResultWarning


def figure_to_data_uri(fig) -> str:
    """The figure as an embeddable PNG (data: URI), 100 dpi; closes the figure."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    charts.plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def read_outcome(text: str, ds):
    """The --outcome text (docs/outcomes.md) resolved against the file's names: a quantity or
    P(condition) without [A - B] (the report pairs every scenario with the first itself)."""
    try:
        tree = resolve(parse_outcome(text), names_of(ds))
        if tree.difference:
            raise ValueError("the report compares every scenario with the first path by path "
                             "itself: leave out [A - B]")
        if tree.quantity.kind == "price":
            raise ValueError("price(…) is not recorded in result files")
    except ValueError as error:
        raise ValueError(f"--outcome '{text}': {error}") from None
    return tree


def default_outcome(ds):
    """The first segment's provider whose median final share differs most between scenarios
    (with one scenario: whose share varies most over paths), at the last period."""
    period = str(ds[period_coordinate(ds)].values[-1])
    segment = str(ds.segment.values[0])
    final = share(ds, segment, period=period)
    if weighted.WEIGHT in final.coords:  # weighted medians and standard deviations
        medians = weighted.median(final)
        w = weighted.weights_of(final)
        w = w / w.sum("path")
        deviation = np.sqrt((w * (final - (w * final).sum("path")) ** 2).sum("path"))
    else:
        medians, deviation = final.median("path"), final.std("path")
    spread = medians.max("scenario") - medians.min("scenario") \
        if ds.sizes["scenario"] > 1 else deviation.isel(scenario=0)
    provider = str(spread.idxmax("provider").values)
    tree = Quantity("share", 0, Name(segment, 0), Name(provider, 0), period=Name(period, 0))
    return resolve(Outcome(tree), names_of(ds))


def table_html(frame: pd.DataFrame, floatfmt="{:.3f}") -> str:
    """One header row: the index's name goes in the corner cell, not a row of its own."""
    frame = frame.copy()
    frame.columns.name, frame.index.name = frame.index.name, None
    return frame.to_html(float_format=lambda v: floatfmt.format(v), border=0, classes="t")


def partial_banner(path, ds) -> str:
    """The notice at the top of a partial file's report: how many paths it rests on and how to
    complete the run; empty for a complete file."""
    if ds.attrs.get("status") != "partial":
        return ""
    completed, requested = int(ds.attrs["paths_completed"]), int(ds.attrs["paths_requested"])
    return ("<div class='partial' role='alert'><b>Partial result.</b> The run was interrupted "
            f"after {completed:,} of {requested:,} paths; everything below uses only those "
            f"{completed:,} completed paths (its Monte Carlo errors are those of "
            f"{completed:,} paths). Complete the run with <code>"
            + html.escape(f"sim run --resume {path}") + "</code> and report on the result it "
            "writes.</div>")


def conditioning_sections(ds, reference: str, page: Page) -> list[str]:
    """For a conditioned result: per scenario its effective sample size, prior ESS, distinct
    histories, stages, move acceptance and least diverse input; the observations it was
    conditioned on; and a fan of each observed quantity in `reference` with the observations
    over it. Nothing for a result that is not conditioned."""
    table = conditioning(ds)
    rows = observations(ds)
    if table.empty and rows.empty:
        return []
    out = []
    names = {"paths": "paths", "last_observed_quarter": "last observed quarter",
             "effective_sample_size": "effective sample size",
             "prior_effective_sample_size": "prior effective sample size",
             "weights_effective_sample_size": "ESS of the weights",
             "distinct_histories": "distinct histories", "conditioning_stages": "stages",
             "move_acceptance": "move acceptance",
             "min_distinct_input_values": "fewest distinct values of an input",
             "least_diverse_input": "that input"}
    if not table.empty:
        shown = table.rename(columns=names)
        method = table.attrs.get("method")
        out.append("<h2>Conditioning on observations</h2><p>Each scenario's paths represent the "
                   "distribution given the observations below"
                   + (f" (method: {html.escape(method)})" if method else "")
                   + ". The effective sample size counts paths whose histories are copies of "
                   "each other once (below 100 the run warns; docs/conditioning.md); "
                   "standard errors here are inflated by the square root of paths over it. "
                   "The prior's is what plain importance weighting of "
                   "unconditioned paths would have kept; distinct histories and the fewest "
                   "distinct values of an uncertain input show whether conditioning kept the "
                   "paths diverse.</p>" + shown.to_html(
                       border=0, classes="t", float_format=lambda v: f"{v:.4g}"))
    if not rows.empty:
        listed = rows[["id", "quantity", "period", "value", "error", "error_kind", "scale",
                       "source"]].copy()
        listed["error"] = [f"{e:.3g} ({k})" for e, k in zip(rows["error"], rows["error_kind"])]
        listed = listed.drop(columns="error_kind").set_index("id")
        out.append(f"<h3>Observations ({len(rows)})</h3><p>Errors are one standard deviation: "
                   "relative ones on the log scale, absolute ones in the value's unit. Model "
                   "quantity × scale is what the source measures.</p>"
                   + listed.to_html(border=0, classes="t", float_format=lambda v: f"{v:.4g}"))
        for series in list(dict.fromkeys(rows["series"]))[:12]:
            try:
                figure = charts.quantity_fan_chart(ds, series, reference)
            except ValueError as error:
                out.append(f"<p>{html.escape(series)}: not drawn ({html.escape(str(error))}).</p>")
                continue
            out.append(page.figure(
                f"{series}, {reference}: forecast and observations",
                "the line is the median path, the bands hold 50% and 90% of paths; red dots are "
                "the observations (divided by their scale) with 95% error bars; the dashed line "
                "is the last observed quarter.", png_uri=figure_to_data_uri(figure),
                alt=f"observed {series}"))
    return out


def _strings(ds, name: str) -> dict[str, str] | None:
    """A per-scenario text dataset (scenario_title, …) as {scenario: text}, None if absent."""
    if name not in ds.variables:
        return None
    values = [v.decode() if isinstance(v, bytes) else str(v) for v in ds[name].values]
    return dict(zip((str(s) for s in ds.scenario.values), values))


def scenario_names(ds) -> dict[str, str]:
    """Each scenario's readable name: its `title` when the file records one that no other
    scenario shares, else its name (a sweep's points share their base scenario's title, and
    charts and tables need names that tell them apart)."""
    titles = {s: t.strip() for s, t in (_strings(ds, "scenario_title") or {}).items()}
    count = pd.Series(list(titles.values())).value_counts() if titles else pd.Series(dtype=int)
    return {str(s): titles[str(s)] if titles.get(str(s)) and count[titles[str(s)]] == 1
            else str(s) for s in ds.scenario.values}


def chart_names(names: dict[str, str], longest: int = 32) -> dict[str, str]:
    """Names short enough for a chart's axis: a long title gives way to the scenario's own name
    (the tables and captions beside the chart carry the titles)."""
    return {s: n if len(n) <= longest else s for s, n in names.items()}


def swept_values(ds) -> pd.DataFrame:
    """scenario × swept key (NaN where a key was not swept); empty without sweeps."""
    if "sweep_value" not in ds or ds.sizes.get("sweep_key", 0) == 0:
        return pd.DataFrame()
    frame = ds.sweep_value.to_pandas()
    frame.columns = [str(c) for c in frame.columns]
    frame.index = [str(i) for i in frame.index]
    return frame


def format_input(value: float, unit: str, quarters: list[str]) -> str:
    """An input's value as a planner reads it: quarter inputs (stored as quarter indices) as
    their labels, others to three significant figures with their unit."""
    if not np.isfinite(value):
        return "—"
    if unit == "quarter" and quarters:
        return quarters[int(np.clip(round(value), 0, len(quarters) - 1))]
    text = f"{value:.3g}"
    return f"{text} {unit}" if unit and unit not in ("1 = market average", "relative") else text


def labelled(ds, key: str) -> str:
    """The input's readable label, with its key path on hover."""
    return f"<abbr title='{html.escape(key)}'>{html.escape(input_label(ds, key))}</abbr>"


def _shared(texts: dict[str, str]) -> str:
    """The text every scenario has in common ("" when they differ or have none)."""
    values = {t.strip() for t in texts.values()}
    return values.pop() if len(values) == 1 else ""


def scenarios_section(ds, names: dict[str, str], sweeps: pd.DataFrame) -> str:
    """What each scenario is: its title and description (when the file records them; said once
    when every scenario shares them, as a sweep's points do), the file it came from and, for
    sweep points, the values the sweep set; then the sources the scenarios cite, each once."""
    titles = _strings(ds, "scenario_title") or {}
    descriptions = _strings(ds, "scenario_description") or {}
    references = _strings(ds, "scenario_references") or {}
    files = _strings(ds, "scenario_file") or {}
    quarters = simulated_quarters(ds)
    common_title = _shared(titles) if len(titles) > 1 else ""
    common_description = _shared(descriptions) if len(descriptions) > 1 else ""
    header = "<tr><th class='text'>scenario</th><th class='text'>description</th>" + "".join(
        f"<th>{labelled(ds, k)}</th>" for k in sweeps.columns) + "</tr>"
    rows = []
    for s in (str(v) for v in ds.scenario.values):
        description = "" if common_description else (descriptions.get(s) or "").strip()
        shown = html.escape(description) if description else \
            f"<span class='muted'>from {html.escape(pathlib.PurePath(files.get(s, '')).name)}</span>"
        name = html.escape(names[s]) + (f" <span class='muted'>({html.escape(s)})</span>"
                                        if names[s] != s else "")
        cells = "".join(f"<td>{html.escape(format_input(sweeps.loc[s, k], input_unit(ds, k), quarters))}"
                        "</td>" for k in sweeps.columns)
        rows.append(f"<tr><td class='text'>{name}</td><td class='text'>{shown}</td>{cells}</tr>")
    intro = html.escape(str(ds.attrs.get("batch_description", "")).strip())
    common = ""
    if common_title or common_description:
        common = ("<p>Every scenario here is " + (f"<b>{html.escape(common_title)}</b>"
                                                    if common_title else "from one description")
                  + (f": {html.escape(common_description)}" if common_description else ".")
                  + "</p>")
    cited = []
    for s in (str(v) for v in ds.scenario.values):
        for line in (references.get(s) or "").splitlines():
            if line.strip() and line.strip() not in cited:
                cited.append(line.strip())
    sources = ("<p class='muted'>Sources the scenarios cite:</p><ul class='sources muted'>"
               + "".join(f"<li>{html.escape(c)}</li>" for c in cited) + "</ul>") if cited else ""
    return ("<h2>Scenarios</h2>" + (f"<p>{intro}</p>" if intro else "") + common
            + ("<p>The sweeps varied the inputs in the right-hand columns; every other input is "
               "the scenario file's.</p>" if len(sweeps.columns) else "")
            + f"<table class='t'>{header}{''.join(rows)}</table>" + sources)


def sensitivity_table(ds, table: pd.DataFrame, top: int = 12) -> str:
    rows = "".join(f"<tr><td class='text'>{labelled(ds, str(k))}</td>"
                   f"<td>{r['rank_correlation']:.2f}</td><td>{r['src']:.2f}</td></tr>"
                   for k, r in table.head(top).iterrows())
    return ("<table class='t'><tr><th class='text'>uncertain input (hover: key path)</th>"
            "<th>rank correlation</th><th>standardised coefficient</th></tr>" + rows + "</table>")


def intervals(p: pd.DataFrame, s: str, n: float) -> tuple[float, float]:
    """P's 95% interval: the toolkit's own when `probability` gives Wilson intervals (a
    `method` column), else Wilson's on the (effective) number of paths."""
    if "method" in p and str(p.loc[s, "method"]).lower() == "wilson":
        return float(p.loc[s, "low"]), float(p.loc[s, "high"])
    return wilson(float(p.loc[s, "value"]), n)


def attribute_text(ds, name: str) -> str:
    value = ds.attrs.get(name, "")
    return (value.decode() if isinstance(value, bytes) else str(value)).strip()


def sweep_sentence(ds, sweeps: pd.DataFrame, p: pd.DataFrame, names: dict[str, str]) -> str:
    """One sentence per sweep: how the chance moves from its lowest to its highest swept value
    (a one-key sweep), or its range over the points (several keys)."""
    said = []
    for sweep in dict.fromkeys(s.split("/")[0] for s in sweeps.index if "/" in s):
        points = [s for s in sweeps.index if s.startswith(sweep + "/")]
        keys = [k for k in sweeps.columns if sweeps.loc[points, k].notna().all()]
        chances = p.loc[points, "value"]
        if len(keys) == 1:
            values = sweeps.loc[points, keys[0]]
            first, last = values.idxmin(), values.idxmax()
            said.append(f"In the sweep “{sweep}”, as {input_label(ds, keys[0])} goes from "
                        f"{values[first]:.3g} to {values[last]:.3g}, the chance goes from "
                        f"{percent(chances[first])} to {percent(chances[last])}.")
        elif keys:
            said.append(f"In the sweep “{sweep}” ({len(points)} points over "
                        + " and ".join(input_label(ds, k) for k in keys)
                        + f"), the chance runs from {percent(chances.min())} to "
                        f"{percent(chances.max())}.")
    return " ".join(said) or None


def discovery_section(ds, reached, focus: str, names: dict[str, str], symbol: str,
                      threshold: str) -> str:
    """PRIM's box as a list of input ranges with readable labels and units, and the
    classification tree's leaves, in the focus scenario."""
    inputs = ds.parameters.sel(scenario=focus).to_pandas()
    inputs = inputs.loc[:, inputs.notna().all() & (inputs.std() > 0)]
    hit = reached.sel(scenario=focus).values
    path_weights = weighted.weights_of(reached.sel(scenario=focus))
    path_weights = None if path_weights is None else path_weights.values
    if not (0 < hit.mean() < 1 and inputs.shape[1] > 0):
        return (f"<h2>Scenario discovery</h2><p>In {html.escape(names[focus])} the outcome "
                "happens on every path or on none; there is nothing to discover.</p>")
    quarters = simulated_quarters(ds)
    result = prim(inputs, hit, weights=path_weights)
    box = result.chosen()
    tree = classification_tree(inputs, hit, weights=path_weights)

    def rule(key, low, high):
        unit = input_unit(ds, key)
        return (f"<li>{labelled(ds, key)} between {html.escape(format_input(low, unit, quarters))}"
                f" and {html.escape(format_input(high, unit, quarters))} <span class='muted'>(in "
                f"the run: {html.escape(format_input(inputs[key].min(), unit, quarters))} to "
                f"{html.escape(format_input(inputs[key].max(), unit, quarters))})</span></li>")
    limits = "".join(rule(k, lo, hi) for k, (lo, hi) in box.limits.items())
    leaves = "".join(
        "<li>" + " and ".join(f"{labelled(ds, k)} {html.escape(format_input(lo, input_unit(ds, k), quarters))}"
                              f" to {html.escape(format_input(hi, input_unit(ds, k), quarters))}"
                              for k, (lo, hi) in b.limits.items())
        + f": {b.density:.0%} of its {b.paths} paths reach it</li>" for b in tree[:5])
    return (f"<h2>When it happens: scenario discovery in {html.escape(names[focus])}</h2>"
            f"<p>Of all paths, {result.base_density:.0%} reach {symbol} {html.escape(threshold)}. "
            f"PRIM finds the box of inputs where it is most concentrated while still holding at "
            f"least half of those paths: inside it, {box.density:.0%} of paths reach it, and it "
            f"holds {box.coverage:.0%} of all the paths that do ({box.paths} paths, "
            f"{box.support:.0%} of the run). The box:</p><ul>"
            + (limits or "<li>every path (no input narrows it)</li>") + "</ul>"
            + "<p>A classification tree's leaves where most paths reach it:</p><ul>"
            + (leaves or "<li>none</li>") + "</ul>")


def event_table(ds, scenarios: list[str], names: dict[str, str], labels: list[str],
                focus: str):
    """Events × scenarios: P(happens) and median quarter; and the focus scenario's likeliest
    event whose timing varies (else its likeliest) as (name, probability, median quarter)."""
    cells, candidates, chances = {}, [], {}
    for event in ds.event.values:
        for s in scenarios:
            cell = ds.event_quarter.sel(event=event, scenario=s)
            q = cell.values
            if not (q >= 0).any():
                continue
            w = weighted.weights_of(cell)
            if w is None:
                chance, median = float((q >= 0).mean()), np.median(q[q >= 0])
            else:  # weighted: the weight of the paths where it happens, weighted median
                w = weighted.normalised(w.values)
                chance = float(w[q >= 0].sum())
                median = weighted.quantile(q[q >= 0], w[q >= 0], 0.5) \
                    if w[q >= 0].sum() > 0 else np.median(q[q >= 0])
            quarter = labels[int(round(float(median)))]
            cells[(str(event), s)] = f"{chance:.0%} ({quarter})"
            chances.setdefault(str(event), []).append(chance)
            if s == focus:
                candidates.append((len(set(q[q >= 0])) > 1, chance, str(event), quarter))
    if not cells:
        return "<p>No event happens on any path.</p>", None
    events = list(dict.fromkeys(e for e, _ in cells))
    # Many scenarios (a sweep) do not fit across a page: the first, the focus and the range.
    columns = scenarios if len(scenarios) <= 8 else list(dict.fromkeys([scenarios[0], focus]))
    spread = len(columns) < len(scenarios)
    header = "<tr><th class='text'>event</th>" + "".join(
        f"<th>{html.escape(names[s])}</th>" for s in columns) + (
        f"<th>P over all {len(scenarios)} scenarios</th>" if spread else "") + "</tr>"

    def span(e):
        values = chances[e] + [0.0] * (len(scenarios) - len(chances[e]))
        return f"<td>{min(values):.0%} to {max(values):.0%}</td>" if spread else ""
    rows = "".join(f"<tr><td class='text'>{html.escape(e)}</td>" + "".join(
        f"<td>{cells.get((e, s), '—')}</td>" for s in columns) + span(e) + "</tr>"
        for e in events)
    likeliest = max(candidates) if candidates else None
    return (f"<table class='t'>{header}{rows}</table>",
            None if likeliest is None else (likeliest[2], likeliest[1], likeliest[3]))


def run_facts(path, ds, scenarios: list[str]) -> str:
    attrs = ds.attrs
    facts = [("file", str(path)), ("scenarios", ", ".join(scenarios)),
             ("paths", f"{int(attrs['paths_completed'])} of {int(attrs['paths_requested'])} "
                       f"({attrs['status']}; {attrs['stop_reason']})"),
             ("seed", str(int(attrs["seed"]))), ("record level", str(attrs["record_level"])),
             ("written by", f"sim {attrs['program_version']}, format "
                            f"{'.'.join(str(v) for v in np.asarray(attrs['format_version']))}")]
    last = {s: last_observed_quarter(ds, s) for s in scenarios}
    if any(last.values()):
        facts.append(("last observed quarter", ", ".join(
            f"{s}: {q or 'not conditioned'}" for s, q in last.items())
            if len(set(last.values())) > 1 else next(iter(last.values()))))
    if weighted.WEIGHT in ds.variables:
        facts.append(("weights", "importance-weighted paths: every figure above is weighted "
                                 "(means, probabilities, quantiles; standard errors from Kish's "
                                 "effective sample size)"))
    elif weighted.ESS in ds.variables:
        facts.append(("weights", "equally weighted conditioned paths: standard errors are "
                                 "inflated by √(paths / effective sample size)"))
    if "precision_target" in ds:
        for target in ds.precision_target.values:
            facts.append(("precision target", f"{target}: standard error "
                          f"{float(ds.precision_standard_error.sel(precision_target=target)):.4g}"))
    return ("<h2>Run</h2><table class='t'>" + "".join(
        f"<tr><th class='text'>{html.escape(k)}</th><td class='text'>{html.escape(v)}</td></tr>"
        for k, v in facts) + "</table>")


def build_report(path, outcome_text: str | None = None, threshold: float | None = None) -> str:
    ds = load(path)
    banner = partial_banner(path, ds)
    scenarios = [str(s) for s in ds.scenario.values]
    names = scenario_names(ds)
    reference = scenarios[0]
    tree = read_outcome(outcome_text, ds) if outcome_text else default_outcome(ds)
    quantity = tree.quantity
    outcome = evaluate(quantity, ds)
    default_threshold = False
    if isinstance(tree.measure, Condition):
        if threshold is not None:
            raise ValueError("--threshold and a condition in --outcome exclude each other")
        condition = tree.measure
        reached = evaluate(condition, ds)
        threshold = condition.threshold
    else:
        if threshold is None:
            threshold = float(weighted.median(outcome.sel(scenario=reference)))
            default_threshold = True
        condition = Condition(quantity, ">=", threshold)
        reached = outcome >= threshold
    label = describe(quantity)
    percent = quantity.kind == "share"
    money = quantity.kind in ("revenue", "profit", "cumulative_profit", "demand")
    currency = str(ds.attrs.get("currency_unit", "money"))
    scale = 100 if percent else 1
    unit = "%" if percent else (currency + (" per year" if ds.attrs.get("record_level") == "annual"
                                            and quantity.kind in ("revenue", "profit", "demand")
                                            else "")) if money else "ratio"
    shown = (lambda v: f"{v:.1%}") if percent else (lambda v: f"{v:.3g}")
    in_unit = (lambda v: f"{v:.1f}%") if percent else (lambda v: f"{v:.3g}")
    symbol = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[condition.comparison]
    segment = quantity.segment.text if quantity.segment and quantity.segment.text != "all" \
        else str(ds.segment.values[0])
    sweeps = swept_values(ds)
    page = Page()
    sections = []

    # The outcome per scenario: P with its Wilson interval, median and 90% band.
    p = probability(reached)
    p = p if isinstance(p, pd.DataFrame) else pd.DataFrame([vars(p)], index=[reference])
    p.index = [str(i) for i in p.index]
    q = weighted.quantiles(outcome, [0.05, 0.5, 0.95]).transpose("scenario", "quantile").values
    answers, rows = [], []
    for k, s in enumerate(scenarios):
        n = float(p.loc[s, "effective_sample_size"]) if "effective_sample_size" in p \
            else float(p.loc[s, "paths"])
        value = float(p.loc[s, "value"])
        low, high = intervals(p, s, n)
        answers.append(Answer(names[s], value, low, high, in_unit(q[k, 1] * scale),
                              (in_unit(q[k, 0] * scale), in_unit(q[k, 2] * scale))))
        rows.append({"scenario": names[s], "median": q[k, 1] * scale, "5%": q[k, 0] * scale,
                     "95%": q[k, 2] * scale, f"P({symbol} {shown(threshold)})": value,
                     "95% interval (Wilson)": f"{low:.3f} to {high:.3f}",
                     "standard error": float(p.loc[s, "standard_error"]),
                     **({"effective sample size": n} if "effective_sample_size" in p else {})})
    summary = pd.DataFrame(rows).set_index("scenario")
    sections.append(f"<h2>Outcome: {html.escape(label)}</h2><p>Median and 5%/95% points in "
                    f"{html.escape(unit)}; the probability of {symbol} {shown(threshold)} with its "
                    "Wilson 95% interval and Monte Carlo standard error"
                    + (f" (the threshold is {html.escape(names[reference])}'s median)"
                       if default_threshold else "") + ".</p>" + table_html(summary))

    # Comparison of scenarios, path by path against the first.
    if len(scenarios) > 1:
        differences = [paired_difference(outcome, s, reference) for s in scenarios]
        chance = [paired_difference(reached.astype(float), s, reference) for s in scenarios[1:]]
        comparison = pd.DataFrame([{
            "scenario": names[s],
            ("share difference (pp)" if percent else f"difference ({unit})"): d.value * scale,
            "95% interval low": d.low * scale, "95% interval high": d.high * scale,
            "P difference": dp.value, "P standard error": dp.standard_error}
            for s, d, dp in zip(scenarios[1:], differences[1:], chance)]).set_index("scenario")
        sections.append(
            f"<h2>Against {html.escape(names[reference])}, path by path</h2><p>Every scenario "
            "ran on the same random numbers, so each path's difference is due to the scenario "
            "alone (paired differences).</p>" + table_html(comparison)
            + page.figure(f"{label}: each scenario, and its difference from "
                          f"{names[reference]}", "the left panel's box holds the middle half of "
                          "the paths, its whiskers 90% of them, the line in it is the median. "
                          "The right panel's dot is the mean difference from the first scenario "
                          "on the same paths, its bar the 95% interval: a bar that does not "
                          "cross zero is a real difference, not Monte Carlo noise.",
                          interactive.comparison_figure(outcome, reference, label, unit, scale,
                                                        chart_names(names), differences)))

    # Sweeps: the outcome against each swept value.
    sweep_note = None
    if len(sweeps.columns):
        labels = {k: input_label(ds, k) for k in sweeps.columns}
        sections.append("<h2>What the sweeps show</h2>" + page.figure(
            f"{label} at each sweep point", "each dot is one sweep point's median outcome, its "
            "bar the range of 90% of that point's paths, against the value the sweep set (one "
            "panel per swept input). A trend across dots is the input's effect.",
            interactive.sweep_figure(outcome, sweeps, labels, label, unit, scale,
                                     {k: input_unit(ds, k) for k in sweeps.columns})))
        sweep_note = sweep_sentence(ds, sweeps, p, names)

    # Conditioning: what the run learnt from, and how well.
    sections.extend(conditioning_sections(ds, reference, page))

    # Fans over time, or distributions for a final-quarter file.
    if ds.sizes[period_dimension(ds)] > 1:
        sections.append(f"<h2>Shares over time, {html.escape(segment)}</h2>" + page.figure(
            f"{segment} share by provider, {names[reference]}",
            "the dark line is the median path, the dark band holds 50% of paths and the light "
            "band 90%. Red dots are observed values with 95% error bars; the dashed line is the "
            "last observed quarter (conditioned results only). Hover for values; drag to zoom, "
            "double-click to reset.",
            interactive.fan_figure(ds, segment, reference,
                                   f"% of {segment} revenue, {len(ds.path)} paths"
                                   + (", weighted" if weighted.WEIGHT in ds.coords else ""))))
    else:
        period = str(ds[period_coordinate(ds)].values[-1])
        sections.append(f"<h2>Shares in {html.escape(period)}, {html.escape(segment)}</h2><p>The "
                        "file keeps only the final quarter (<code>--record final</code>), so "
                        "there is no path over time to draw: these are the distributions at "
                        "the end.</p>" + page.figure(
                            f"{segment} share by provider in {period}, {names[reference]}",
                            "the box holds the middle half of the paths, the whiskers 90%, the "
                            "line in the box is the median. Hover for the values.",
                            interactive.distribution_figure(
                                ds, segment, reference, f"% of {segment} revenue, "
                                f"{len(ds.path)} paths")))

    # Sensitivity and discovery in the scenario where the outcome is least certain.
    chance = p["value"]
    focus = str((chance - 0.5).abs().idxmin())
    table = sensitivity(ds, outcome, focus)
    input_labels = {str(k): input_label(ds, str(k)) for k in table.index}
    r2 = table.attrs.get("r_squared")
    sections.append(
        f"<h2>What drives it: sensitivity in {html.escape(names[focus])}</h2><p>Scenario "
        f"chosen because its probability of {symbol} {shown(threshold)} is closest to one half "
        f"({chance[focus]:.2f}). A linear model of the outcome on all inputs explains "
        f"{r2:.0%} of its variance over paths" + (" (low: the coefficients say little)"
                                                  if r2 is not None and r2 < 0.3 else "")
        + ".</p>" + sensitivity_table(ds, table)
        + page.figure(f"What moves {label} in {names[focus]}",
                      "bars are standardised regression coefficients: how many standard "
                      "deviations the outcome moves per standard deviation of the input, all "
                      "inputs together; dots are rank correlations. Blue raises the outcome, "
                      "red lowers it. Hover for each input's key path.",
                      interactive.tornado_figure(table, input_labels, "")))
    drivers = [(input_labels[str(k)], float(r["src"])) for k, r in table.head(3).iterrows()
               if abs(r["src"]) >= 0.05]
    sections.append(discovery_section(ds, reached, focus, names, symbol, shown(threshold)))

    # Events.
    labels = simulated_quarters(ds)
    events, likeliest = event_table(ds, scenarios, names, labels, focus)
    sections.append("<h2>Events</h2><p>Each cell: the share of paths on which the event "
                    "happens, and its median quarter where it does.</p>" + events)
    figure, happening = interactive.event_figure(ds, focus, labels)
    if happening:
        sections.append(page.figure(
            f"When events happen, {names[focus]}", "each line is the share of paths on which "
            "the event has happened by that quarter; the "
            f"{min(8, happening)} likeliest of {happening} events that happen are drawn. Hover "
            "for values; click a legend entry to hide its line.", figure))

    question = (f"How likely is {label} to be {symbol} {shown(threshold)}"
                + (f" ({names[reference]}'s median)" if default_threshold else "") + "?")
    words = summary_paragraphs(question, answers, drivers, names[focus], likeliest, sweep_note)
    facts = run_facts(path, ds, scenarios)
    described = scenarios_section(ds, names, sweeps)
    title = attribute_text(ds, "batch_title") or f"cloudsim report: {pathlib.Path(str(path)).name}"
    ds.close()
    body = (f"<h1>{html.escape(title)}</h1>" + banner
            + f"<p class='muted'>{html.escape(pathlib.Path(str(path)).name)}, generated "
            f"{datetime.date.today().isoformat()} by scripts/report.</p>"
            + "<div class='summary'><h2 style='border:0;margin-top:0.3em'>Summary</h2>"
            + "".join(words) + "</div>"
            + described + "".join(sections) + facts)
    return page.render(title, body)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/report", description=__doc__.splitlines()[0])
    parser.add_argument("result")
    parser.add_argument("-o", "--output", help="HTML file (default: outputs/<result>-report.html)")
    parser.add_argument("--outcome", help="an outcome (docs/outcomes.md), e.g. "
                        "'share(IaaS, Volcano Engine, 2025)', 'P(growth(IaaS, Alibaba, 4) < 0)' or "
                        "'cumulative_profit(Volcano Engine)' (default: the share of the provider "
                        "whose share differs most between scenarios)")
    parser.add_argument("--threshold", type=float, help="value to reach, e.g. 0.10 for a share "
                        "(default: the first scenario's median; a P(condition) outcome has its own)")
    args = parser.parse_args(argv)
    output = pathlib.Path(args.output or pathlib.Path("outputs") /
                          (pathlib.Path(args.result).stem + "-report.html"))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PartialResultWarning)
            page = build_report(args.result, args.outcome, args.threshold)
    except (ValueError, FileNotFoundError, OSError) as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    for warning in caught:
        if issubclass(warning.category, PartialResultWarning):
            print(f"report: warning: {warning.message}", file=sys.stderr)
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename,
                                 warning.lineno)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name("." + output.name + ".incomplete")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(output)
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
