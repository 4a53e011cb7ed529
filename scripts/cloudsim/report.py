"""The HTML report of a result file (`scripts/report RESULT.h5`): one self-contained page, charts
embedded, for a planner who does not code."""
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

from . import charts, weighted
from .conditioned import conditioning, last_observed_quarter, observations
from .discovery import classification_tree, prim
from .questions import paired_difference, probability, sensitivity
from .outcome import (Condition, Name, Outcome, Quantity, describe, evaluate, names_of,
                      parse_outcome, resolve)
from .results import load, period_coordinate, share, simulated_quarters
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


def conditioning_sections(ds, reference: str) -> list[str]:
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
            out.append(f"<img alt='observed {html.escape(series)}' src='"
                       + figure_to_data_uri(figure) + "'>")
    return out


def build_report(path, outcome_text: str | None = None, threshold: float | None = None) -> str:
    ds = load(path)
    banner = partial_banner(path, ds)
    scenarios = [str(s) for s in ds.scenario.values]
    reference = scenarios[0]
    tree = read_outcome(outcome_text, ds) if outcome_text else default_outcome(ds)
    quantity = tree.quantity
    outcome = evaluate(quantity, ds)
    if isinstance(tree.measure, Condition):
        if threshold is not None:
            raise ValueError("--threshold and a condition in --outcome exclude each other")
        condition = tree.measure
        reached = evaluate(condition, ds)
        threshold = condition.threshold
    else:
        if threshold is None:
            threshold = float(weighted.median(outcome.sel(scenario=reference)))
        condition = Condition(quantity, ">=", threshold)
        reached = outcome >= threshold
    label = describe(quantity)
    percent = quantity.kind == "share"
    scale, unit = (100, "%") if percent else (1, "")
    shown = (lambda v: f"{v:.1%}") if percent else (lambda v: f"{v:.4g}")
    symbol = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[condition.comparison]
    segment = quantity.segment.text if quantity.segment and quantity.segment.text != "all" \
        else str(ds.segment.values[0])
    sections = []

    # Summary.
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
        facts.append(("weights", "importance-weighted paths: every figure below is weighted "
                                 "(means, probabilities, quantiles; standard errors from Kish's "
                                 "effective sample size)"))
    elif weighted.ESS in ds.variables:
        facts.append(("weights", "equally weighted conditioned paths: standard errors are "
                                 "inflated by √(paths / effective sample size)"))
    if "precision_target" in ds:
        for target in ds.precision_target.values:
            facts.append(("precision target", f"{target}: standard error "
                          f"{float(ds.precision_standard_error.sel(precision_target=target)):.4g}"))
    sections.append("<h2>Run</h2><table class='t'>" + "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts) + "</table>")

    # The question.
    p = probability(reached)
    p = p if isinstance(p, pd.DataFrame) else pd.DataFrame([vars(p)], index=[reference])
    q = weighted.quantiles(outcome, [0.05, 0.5, 0.95]).transpose("scenario", "quantile").values
    summary = pd.DataFrame({"median": q[:, 1] * scale, "5%": q[:, 0] * scale,
                            "95%": q[:, 2] * scale,
                            f"P({symbol} {shown(threshold)})": p["value"].values,
                            "standard error": p["standard_error"].values}, index=scenarios)
    if "effective_sample_size" in p:
        summary["effective sample size"] = p["effective_sample_size"].values
    summary.index.name = "scenario"
    units = "Shares in %" if percent else f"Values in {ds.attrs.get('currency_unit', 'money')}" \
        if quantity.kind in ("revenue", "profit", "cumulative_profit", "demand") else \
        "Growth as a ratio"
    sections.append(f"<h2>Outcome: {html.escape(label)}</h2><p>{html.escape(units)}; the "
                    f"probability of {symbol} {shown(threshold)} with its Monte Carlo standard "
                    "error.</p>" + table_html(summary))

    # Conditioning: what the run learnt from, and how well.
    sections.extend(conditioning_sections(ds, reference))

    # Fan charts.
    sections.append(f"<h2>Shares over time, {html.escape(segment)}, scenario "
                    f"{html.escape(reference)}</h2><img alt='fan chart' src='"
                    + figure_to_data_uri(charts.fan_chart(ds, segment, reference)) + "'>")

    # Comparison against the first scenario.
    if len(scenarios) > 1:
        rows = []
        for s in scenarios[1:]:
            d = paired_difference(outcome, s, reference)
            dp = paired_difference(reached.astype(float), s, reference)
            rows.append({"scenario": s, ("share difference (pp)" if percent else "difference"):
                         d.value * scale, "95% CI low": d.low * scale,
                         "95% CI high": d.high * scale,
                         "P difference": dp.value, "P standard error": dp.standard_error})
        comparison = pd.DataFrame(rows).set_index("scenario")
        sections.append(f"<h2>Against {html.escape(reference)}, path by path</h2><p>Every "
                        "scenario ran on the same random numbers, so each path's difference is due "
                        "to the scenario alone (paired differences).</p>" + table_html(comparison)
                        + "<img alt='scenario comparison' src='" + figure_to_data_uri(
                            charts.scenario_comparison_chart(outcome * scale, reference,
                                                          label + (", %" if percent else "")))
                        + "'>")

    # Sensitivity and discovery in the scenario where the outcome is least certain.
    chance = p["value"]
    focus = str((chance - 0.5).abs().idxmin())
    table = sensitivity(ds, outcome, focus)
    sections.append(f"<h2>What drives it: sensitivity in scenario {html.escape(focus)}</h2>"
                    f"<p>Scenario chosen because its probability of reaching the threshold is "
                    f"closest to one half ({chance[focus]:.2f}).</p>"
                    + table_html(table.head(12)) + "<img alt='tornado' src='"
                    + figure_to_data_uri(charts.tornado_chart(table, label + ", " + focus)) + "'>")
    inputs = ds.parameters.sel(scenario=focus).to_pandas()
    inputs = inputs.loc[:, inputs.notna().all() & (inputs.std() > 0)]
    hit = reached.sel(scenario=focus).values
    path_weights = weighted.weights_of(reached.sel(scenario=focus))
    path_weights = None if path_weights is None else path_weights.values
    if 0 < hit.mean() < 1 and inputs.shape[1] > 0:
        result = prim(inputs, hit, weights=path_weights)
        box = result.chosen()
        tree = classification_tree(inputs, hit, weights=path_weights)
        limits = pd.DataFrame([{"input": k, "low": lo, "high": hi,
                                "range in the run": f"{inputs[k].min():.4g} to {inputs[k].max():.4g}"}
                               for k, (lo, hi) in box.limits.items()])
        discovery = (f"<h2>When it happens: scenario discovery in {html.escape(focus)}</h2>"
                     f"<p>Of all paths, {result.base_density:.0%} reach the threshold. PRIM's box "
                     f"(densest with coverage ≥ 50%): <b>{html.escape(box.describe())}</b>.</p>"
                     + (table_html(limits.set_index("input"), "{:.4g}") if len(limits) else "")
                     + "<p>PRIM's peeling trajectory (each row a smaller box):</p>"
                     + table_html(result.trajectory.iloc[:: max(1, len(result.trajectory) // 10)])
                     + "<p>Classification tree leaves where most paths reach it:</p><ul>"
                     + "".join(f"<li>{html.escape(b.describe())}</li>" for b in tree[:5])
                     + "</ul>")
    else:
        discovery = (f"<h2>Scenario discovery</h2><p>In {html.escape(focus)} the outcome happens "
                     "on every path or on none; there is nothing to discover.</p>")
    sections.append(discovery)

    # Events.
    labels = simulated_quarters(ds)
    rows = []
    for event in ds.event.values:
        for s in scenarios:
            cell = ds.event_quarter.sel(event=event, scenario=s)
            q = cell.values
            if (q >= 0).any():
                w = weighted.weights_of(cell)
                if w is None:
                    chance, median = float((q >= 0).mean()), np.median(q[q >= 0])
                else:  # weighted: the weight of the paths where it happens, weighted median
                    w = weighted.normalised(w.values)
                    chance = float(w[q >= 0].sum())
                    median = weighted.quantile(q[q >= 0], w[q >= 0], 0.5) \
                        if w[q >= 0].sum() > 0 else np.median(q[q >= 0])
                rows.append({"event": str(event), "scenario": s, "P(happens)": chance,
                             "median quarter": labels[int(median)]})
    events = pd.DataFrame(rows)
    sections.append("<h2>Events</h2>" + (table_html(events.set_index(["event", "scenario"]))
                                          if len(events) else "<p>No event happens.</p>")
                    + "<img alt='event timing' src='" + figure_to_data_uri(
                        charts.event_timing_chart(ds, focus)) + "'>")
    ds.close()
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "table.t{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}"
             "table.t td,table.t th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}"
             "img{max-width:100%;display:block;margin:1em 0}"
             ".partial{background:#fff3cd;border:2px solid #c77700;padding:0.8em 1em;margin:1em 0}")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>cloudsim report: "
            + html.escape(pathlib.Path(str(path)).name) + f"</title><style>{style}</style></head><body>"
            + f"<h1>cloudsim report: {html.escape(pathlib.Path(str(path)).name)}</h1>" + banner
            + f"<p>Generated {datetime.date.today().isoformat()} by scripts/report.</p>"
            + "".join(sections) + "</body></html>")


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
