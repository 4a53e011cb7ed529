#!/usr/bin/python3
"""Writes docs/scenarios.md from real runs of the seed scenarios: for each scenario, median and
90% interval of 2025 and 2030 shares by segment, annual revenue and cumulative profit per
provider, and the probability of each recorded event; the default scenarios conditioned on
2021–2023 (scenarios/batches/conditioned.toml) against the same batch unconditioned, with the
fit to the observations and a score against the 2024 figures; then checks the baseline against
reported figures and says where results look implausible. Nothing in the page is typed by hand.

usage: scripts/scenario_report.py [--paths N] [--sim PATH] [--out docs/scenarios.md]
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys
import tempfile
import time
import tomllib

import numpy as np
import xarray as xr

import cloudsim
from cloudsim.intervals import wilson

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCENARIOS = ["baseline", "bytedance-multicloud-capture", "kuaishou-paas-first",
             "incumbents-profit-focus", "all-strategies", "incumbents-price-war"]
# The incumbents' answer, compared path by path with the same strategies without it.
RESPONSE, WITHOUT_RESPONSE = "incumbents-price-war", "all-strategies"
YEARS = ["2025", "2030"]


def band(values, scale=1.0, digits=1):
    """'median [5%–95%]' of a sample."""
    lo, mid, hi = np.percentile(np.asarray(values) * scale, [5, 50, 95])
    return f"{mid:.{digits}f} [{lo:.{digits}f}–{hi:.{digits}f}]"


def proportion(p, n):
    """A probability over n paths with its 95% Wilson interval: unlike p ± its standard error,
    it says what no hit (or every hit) in n paths allows."""
    low, high = wilson(p, n)
    return f"{p:.3f} [{low:.3f}–{high:.3f}]"


def run(sim, scenario, paths, directory):
    out = directory / f"{scenario}.h5"
    subprocess.run([str(sim), "run", str(ROOT / "scenarios" / f"{scenario}.toml"), "--paths",
                    str(paths), "-o", str(out), "-q", "--force"], check=True)
    # Read by quarter label throughout: the labels as the time dimension (format 3.0).
    ds = xr.open_dataset(out, engine="h5netcdf", mask_and_scale=False).isel(scenario=0)
    return ds.swap_dims(time="quarter")


def annual(ds, variable, year):
    quarters = [q for q in ds.quarter.values if str(q).startswith(year)]
    return ds[variable].sel(quarter=quarters).sum("quarter")


def scenario_section(name, ds):
    lines = [f"## {name}", ""]
    share = ds.revenue / ds.demand
    for year in YEARS:
        q4 = f"{year}Q4"
        lines += [f"**Share of segment revenue in {q4}**, % (median [5%–95%] over paths):", "",
                  "| provider | " + " | ".join(map(str, ds.segment.values)) + " |",
                  "|---|" + "---|" * ds.sizes["segment"]]
        for provider in ds.provider.values:
            cells = [band(share.sel(quarter=q4, provider=provider, segment=s).values, 100)
                     for s in ds.segment.values]
            lines.append(f"| {provider} | " + " | ".join(cells) + " |")
        lines.append("")
    unit = ds.attrs["currency_unit"]
    lines += [f"**Revenue and cumulative profit per provider**, {unit} (median [5%–95%]):", "",
              "| provider | revenue 2025 | revenue 2030 | cumulative profit to 2025Q4 | "
              "cumulative profit to 2030Q4 |", "|---|---|---|---|---|"]
    for provider in ds.provider.values:
        cells = [band(annual(ds, "revenue", y).sum("segment").sel(provider=provider).values, 1, 0)
                 for y in YEARS]
        cells += [band(ds.cumulative_profit.sel(quarter=f"{y}Q4", provider=provider).values, 1, 0)
                  for y in YEARS]
        lines.append(f"| {provider} | " + " | ".join(cells) + " |")
    lines.append("")
    if ds.sizes["event"]:
        lines += ["**Events** (probability over paths [95% Wilson interval]; quarter as "
                  "median [5%–95%] of the paths where it happens):", "",
                  "| event | by 2023Q4 | by 2025Q4 | by 2030Q4 | when |", "|---|---|---|---|---|"]
        labels = list(map(str, ds.quarter.values))
        n = ds.sizes["path"]
        for event in ds.event.values:
            q = ds.event_quarter.sel(event=event).values
            cells = []
            for year in ["2023", "2025", "2030"]:
                limit = labels.index(f"{year}Q4")
                p = float(((q >= 0) & (q <= limit)).mean())
                cells.append(proportion(p, n))
            happened = q[q >= 0]
            if happened.size:
                lo, mid, hi = np.percentile(happened, [5, 50, 95]).round().astype(int)
                cells.append(f"{labels[mid]} [{labels[lo]}–{labels[hi]}]")
            else:
                cells.append("never")
            lines.append(f"| {event} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def headline(results):
    lines = ["## The planners' question", ""]
    for name, ds in results.items():
        share = (ds.revenue / ds.demand).sel(provider="Volcano Engine", segment="IaaS",
                                             quarter="2025Q4").values
        p = float((share >= 0.10).mean())
        line = (f"- **{name}**: P(Volcano Engine ≥ 10% of IaaS in 2025Q4) = "
                f"{proportion(p, share.size)} (95% Wilson interval); median share "
                f"{np.median(share) * 100:.1f}%")
        if "group_revenue" in ds:
            # Without ByteDance's own workloads (the captive book, in no customer group): the
            # share of the spend rivals can contest.
            pick = dict(provider="Volcano Engine", segment="IaaS", quarter="2025Q4")
            contested = (ds.group_revenue.sel(**pick).sum("group") /
                         ds.group_demand.sel(segment="IaaS", quarter="2025Q4").sum("group")).values
            pc = float((contested >= 0.10).mean())
            captive = 1 - ds.group_revenue.sel(**pick).sum("group").values / \
                ds.revenue.sel(**pick).values
            line += (f"; of contested IaaS (ByteDance's own workloads left out, median "
                     f"{np.median(captive) * 100:.0f}% of its IaaS revenue): P = "
                     f"{proportion(pc, contested.size)}, median share "
                     f"{np.median(contested) * 100:.1f}%")
        lines.append(line)
    lines.append("")
    return lines


def paired(with_values, without_values):
    """Mean of the paired difference and its standard error (common random numbers)."""
    difference = np.asarray(with_values, float) - np.asarray(without_values, float)
    return difference.mean(), difference.std(ddof=1) / np.sqrt(difference.size)


def groups_section(results):
    """Where the strategies live: shares per customer group (group_revenue / group_demand), and the
    capture strategy's effect per group, paired path by path against the baseline."""
    base = results["baseline"]
    if "group" not in base.dims:
        return []
    capture = results["bytedance-multicloud-capture"]
    groups = [str(g) for g in base.group.values]
    lines = ["## Customer groups: where the strategies live", "",
             "Each segment is split into the customer groups of `scenarios/baseline.toml` "
             "(`[customer_groups]`, docs/model.md \"Customer groups\"). Shares below are of the "
             "group's IaaS spend (`group_revenue / group_demand`), median [5%–95%] over paths; "
             "captive books (ByteDance's own workloads on Volcano Engine) are in no group.", ""]
    for year in ("2025", "2030"):
        q4 = f"{year}Q4"
        share = (base.group_revenue / base.group_demand).sel(quarter=q4, segment="IaaS")
        demand = base.group_demand.sel(quarter=q4, segment="IaaS")
        weight = (demand / demand.sum("group")).median("path")
        lines += [f"**Baseline, IaaS share by customer group in {q4}**, %:", "",
                  "| provider | " + " | ".join(f"{g} ({float(weight.sel(group=g)) * 100:.0f}% of "
                                              "grouped IaaS)" for g in groups) + " |",
                  "|---|" + "---|" * len(groups)]
        for provider in base.provider.values:
            cells = [band(share.sel(group=g, provider=provider).values, 100) for g in groups]
            lines.append(f"| {provider} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["**Capture's effect on Volcano Engine's IaaS share by customer group** (capture − "
              "baseline, paired on common random numbers; ± one standard error), percentage "
              "points:", "",
              "| group | 2025Q4 | 2030Q4 |", "|---|---|---|"]
    for g in groups:
        cells = []
        for q4 in ("2025Q4", "2030Q4"):
            pick = dict(quarter=q4, segment="IaaS", group=g)
            with_ = (capture.group_revenue.sel(provider="Volcano Engine", **pick) /
                     capture.group_demand.sel(**pick)).values
            without = (base.group_revenue.sel(provider="Volcano Engine", **pick) /
                       base.group_demand.sel(**pick)).values
            mean, se = paired(with_ * 100, without * 100)
            cells.append(f"{mean:+.2f} ± {se:.2f}")
        lines.append(f"| {g} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def event_quarters(ds, event):
    """Quarter labels at which `event` happened on each path, None where it never did."""
    quarters = ds.event_quarter.sel(event=event).values
    labels = ds.quarter.values
    return [str(labels[q]) if q >= 0 else None for q in quarters]


def response_section(results):
    """P(Volcano Engine ≥ 10%) with and without the incumbents' triggered price war, paired."""
    answer, without = results[RESPONSE], results[WITHOUT_RESPONSE]
    lines = ["## The incumbents' answer: a triggered price war", "",
             f"`{RESPONSE}` is `{WITHOUT_RESPONSE}` plus Alibaba's and Tencent's `price_response` "
             "phases, started when Volcano Engine's IaaS share passes a drawn threshold "
             "(docs/model.md, \"Triggered phases\"). Both ran on the same paths, so the "
             "differences below are paired path by path; ± is one standard error.", ""]

    def volcano(ds, quarter="2025Q4"):
        return (ds.revenue / ds.demand).sel(provider="Volcano Engine", segment="IaaS",
                                            quarter=quarter).values

    reach_with, reach_without = volcano(answer) >= 0.10, volcano(without) >= 0.10
    difference, se = paired(reach_with, reach_without)
    lines += ["| quantity | without the answer | with the answer | paired difference |",
              "|---|---|---|---|"]
    lines.append(f"| P(Volcano Engine ≥ 10% of IaaS in 2025Q4) | {reach_without.mean():.3f} | "
                 f"{reach_with.mean():.3f} | {difference:+.3f} ± {se:.3f} |")
    for year in ["2025Q4", "2030Q4"]:
        d, s = paired(volcano(answer, year), volcano(without, year))
        lines.append(f"| Volcano Engine's mean IaaS share {year}, % | "
                     f"{volcano(without, year).mean() * 100:.2f} | "
                     f"{volcano(answer, year).mean() * 100:.2f} | {d * 100:+.3f} ± {s * 100:.3f} |")
    for provider in ["Alibaba", "Tencent"]:
        share = lambda ds: (ds.revenue / ds.demand).sel(provider=provider, segment="IaaS",
                                                          quarter="2025Q4").values
        d, s = paired(share(answer), share(without))
        lines.append(f"| {provider}'s mean IaaS share 2025Q4, % | {share(without).mean() * 100:.2f} | "
                     f"{share(answer).mean() * 100:.2f} | {d * 100:+.3f} ± {s * 100:.3f} |")
        profit = lambda ds: ds.cumulative_profit.sel(provider=provider, quarter="2025Q4").values
        d, s = paired(profit(answer), profit(without))
        lines.append(f"| {provider}'s mean cumulative profit to 2025Q4, 亿元 | "
                     f"{profit(without).mean():.0f} | {profit(answer).mean():.0f} | "
                     f"{d:+.1f} ± {s:.1f} |")
    lines.append("")
    for provider in ["Alibaba", "Tencent"]:
        decided = event_quarters(answer, f"{provider}: price_war triggered")
        started = event_quarters(answer, f"{provider}: price_war (price_response) starts")
        fired = [q for q in decided if q is not None]
        by_2025 = np.mean([q is not None and q <= "2025Q4" for q in started])
        first = sorted(fired)[len(fired) // 2] if fired else "never"
        lines.append(f"- {provider}: the trigger holds on {len(fired) / len(decided):.1%} of "
                     f"paths (median decision quarter {first}); its price war has begun by 2025Q4 "
                     f"on {by_2025:.1%}.")
    lines.append("")
    return lines


BATCH = ROOT / "scenarios/batches/conditioned.toml"
ACTUALS = ROOT / "tests/observations/actuals-2024.toml"
# The planners' threshold and horizon of the conditioned section.
THRESHOLD, HORIZON = 0.10, "2026Q4"


def machine():
    """'N cores, CPU model' of this machine, for the timings."""
    model = ""
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores ({model or platform.processor() or 'unknown CPU'})"


def timed_run(sim, batch, paths, out):
    """Runs a batch and returns (wall seconds, sim's stderr)."""
    start = time.perf_counter()
    done = subprocess.run([str(sim), "run", str(batch), "--paths", str(paths), "-o", str(out),
                           "--force", "--progress-interval", "1000"],
                          check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stderr


def run_conditioned(sim, paths, directory):
    """Runs scenarios/batches/conditioned.toml, and the same scenarios with the same seed and
    paths but no observations (a copy of the batch without its `observations` key), timing both."""
    batch = tomllib.loads(BATCH.read_text())
    here = BATCH.parent
    plain = directory / "unconditioned.toml"
    scenarios = "\n".join(f'{name} = "{(here / file).resolve()}"'
                          for name, file in batch["scenarios"].items())
    plain.write_text(f"[batch]\nseed = {batch['batch']['seed']}\npaths = {paths}\n\n"
                     f"[scenarios]\n{scenarios}\n")
    conditioned_time, log = timed_run(sim, BATCH, paths, directory / "conditioned.h5")
    prior_time, _ = timed_run(sim, plain, paths, directory / "unconditioned.h5")
    return dict(batch=batch, conditioned_time=conditioned_time, prior_time=prior_time, log=log,
                conditioned=directory / "conditioned.h5", prior=directory / "unconditioned.h5",
                observations=(here / batch["batch"]["observations"]).resolve())


def estimate_text(e):
    return f"{e.value:.3f} ± {e.standard_error:.3f}"


def volcano_iaas(ds):
    return ds.revenue.sel(provider="Volcano Engine", segment="IaaS") / \
        ds.demand.sel(segment="IaaS")


def diagnostics_table(post, run):
    """ESS, distinct histories and the rest of what conditioning did, per scenario."""
    frame = cloudsim.conditioning(post)
    seconds = dict(re.findall(r"sim: (\S+) conditioned in ([0-9.]+) s", run["log"]))
    # The stored count, and a recount from the drawn values themselves of the inputs with a
    # continuous distribution (a discrete input has its few values by design).
    kinds = post.parameter_distribution.astype(str)
    lines = ["| scenario | effective sample size | prior's ESS | distinct histories | stages | "
             "moves accepted | fewest distinct values of an input (stored) | same, recounted "
             "from `parameters` (continuous inputs) | conditioning time |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, row in frame.iterrows():
        values = post.parameters.sel(scenario=name).values
        continuous = [i for i, text in enumerate(kinds.sel(scenario=name).values)
                      if text and not text.startswith("discrete")
                      and np.std(values[:, i]) > 0]
        recount = min(len(np.unique(values[:, i])) for i in continuous) if continuous else 0
        lines.append(f"| {name} | {row.effective_sample_size:.0f} of {row.paths} | "
                     f"{row.prior_effective_sample_size:.1f} | {row.distinct_histories} | "
                     f"{row.conditioning_stages} | {row.move_acceptance:.0%} | "
                     f"{row.min_distinct_input_values:.0f} ({row.least_diverse_input}) | "
                     f"{recount} | {seconds.get(name, '?')} s |")
    return lines


def reach_table(prior, post):
    """P(Volcano Engine ≥ 10% of IaaS) at the horizon and in any quarter up to it, prior vs
    conditioned, and the paired difference push_from_2024 − baseline."""
    def outcomes(ds):
        share = volcano_iaas(ds)
        quarters = [q for q in map(str, ds.quarter.values) if q <= HORIZON]
        return {f"in {HORIZON}": share.sel(quarter=HORIZON) >= THRESHOLD,
                f"in any quarter to {HORIZON}": (share.sel(quarter=quarters) >= THRESHOLD)
                .any("quarter")}

    before, after = outcomes(prior), outcomes(post)
    lines = ["| scenario | " + " | ".join(f"prior: {k} | conditioned: {k}" for k in before) + " |",
             "|---|" + "---|---|" * len(before)]
    estimates = {k: (cloudsim.probability(before[k]), cloudsim.probability(after[k]))
                 for k in before}
    for name in map(str, post.scenario.values):
        cells = []
        for k in before:
            p, c = (e.loc[name] for e in estimates[k])
            cells += [estimate_text(p), estimate_text(c)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    names = list(map(str, post.scenario.values))
    if "push_from_2024" in names and "baseline" in names:
        cells = []
        for k in before:
            cells += [estimate_text(cloudsim.paired_difference(d, "push_from_2024", "baseline"))
                      for d in (before[k], after[k])]
        lines.append("| push_from_2024 − baseline (paired) | " + " | ".join(cells) + " |")
    return lines


def market_line(prior, post, scenario="baseline"):
    """Why the baseline's probability moves: the IaaS market and Volcano Engine's IaaS revenue at
    the horizon, prior and conditioned (medians)."""
    def medians(ds):
        pick = dict(scenario=scenario, quarter=HORIZON, segment="IaaS")
        market = float(np.median(ds.demand.sel(**pick).values))
        volcano = float(np.median(ds.revenue.sel(provider="Volcano Engine", **pick).values))
        return market, volcano

    (m0, v0), (m1, v1) = medians(prior), medians(post)
    unit = post.attrs["currency_unit"]
    return (f"{scenario} in {HORIZON}, medians: the IaaS market {m0:.0f} {unit} a quarter prior, "
            f"{m1:.0f} conditioned ({m1 / m0 - 1:+.0%}); Volcano Engine's IaaS revenue {v0:.1f} "
            f"prior, {v1:.1f} conditioned ({v1 / v0 - 1:+.0%}).")


def shared_histories(post, first, second, last):
    """How many paths of two conditioned scenarios are identical, bit for bit, through `last`."""
    quarters = [q for q in map(str, post.quarter.values) if q <= last]
    same = np.ones(post.sizes["path"], bool)
    for variable in ("revenue", "demand"):
        a = post[variable].sel(scenario=first, quarter=quarters).values
        b = post[variable].sel(scenario=second, quarter=quarters).values
        same &= (a == b).reshape(a.shape[0], -1).all(axis=1)
    return int(same.sum())


def alibaba_table(prior, post):
    lines = ["| scenario | 2025Q4 prior | 2025Q4 conditioned | 2030Q4 prior | 2030Q4 conditioned |",
             "|---|---|---|---|---|"]
    for name in map(str, post.scenario.values):
        cells = []
        for quarter in ("2025Q4", "2030Q4"):
            for ds in (prior, post):
                share = (ds.revenue.sel(provider="Alibaba", segment="IaaS", scenario=name,
                                        quarter=quarter) /
                         ds.demand.sel(segment="IaaS", scenario=name, quarter=quarter))
                lo, mid, hi = cloudsim.quantile_bands(share, (0.05, 0.5, 0.95)).values * 100
                cells.append(f"{mid:.1f} [{lo:.1f}–{hi:.1f}]")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def inputs_table(prior, post, scenario="baseline", top=8):
    """The baseline's uncertain inputs ranked by how far conditioning moved their mean, in prior
    standard deviations."""
    a = prior.parameters.sel(scenario=scenario)
    b = post.parameters.sel(scenario=scenario)
    rows = []
    for name in map(str, a.parameter.values):
        x, y = a.sel(parameter=name).values, b.sel(parameter=name).values
        sd = x.std(ddof=1)
        if sd > 0:
            rows.append((abs(y.mean() - x.mean()) / sd, name, x, y, sd))
    rows.sort(key=lambda r: -r[0])
    lines = [f"| input of {scenario} | prior mean [5%–95%] | conditioned mean [5%–95%] | "
             "shift of the mean, prior sds | conditioned sd / prior sd |", "|---|---|---|---|---|"]

    def cell(v):
        lo, hi = np.percentile(v, [5, 95])
        return f"{v.mean():.4g} [{lo:.4g}–{hi:.4g}]"

    for shift, name, x, y, sd in rows[:top]:
        lines.append(f"| `{name}` | {cell(x)} | {cell(y)} | "
                     f"{np.sign(y.mean() - x.mean()) * shift:+.2f} | {y.std(ddof=1) / sd:.2f} |")
    return lines, len(rows)


def regime_lines(prior, post, scenario="baseline"):
    if "regime" not in post or "quarter" not in post.regime.dims:
        return []
    spans = [("2022", "2023"), ("2024", "2025"), ("2026", "2030")]
    lines = ["| share of quarters in a slowdown (`regime`) | " +
             " | ".join(f"{a}–{b}" for a, b in spans) + " |", "|---|" + "---|" * len(spans)]
    for label, ds in (("prior", prior), ("conditioned", post)):
        cells = []
        for a, b in spans:
            quarters = [q for q in map(str, ds.quarter.values) if a <= q[:4] <= b]
            r = ds.regime.sel(scenario=scenario, quarter=quarters).values.astype(float)
            per_path = r.mean(axis=1)
            inflation = 1.0 if label == "prior" else \
                np.sqrt(ds.sizes["path"] / float(ds.effective_sample_size.sel(scenario=scenario)))
            se = per_path.std(ddof=1) / np.sqrt(per_path.size) * inflation
            cells.append(f"{per_path.mean():.1%} ± {se:.1%}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def score_json(sim, result, actuals, scenario):
    done = subprocess.run([str(sim), "score", str(result), str(actuals), "--json", "--scenario",
                           scenario], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def fit_table(sim, run, scenario="baseline"):
    """Each observation, the prior's and the conditioned median of scale × quantity, and the
    standardized residual of the conditioned median (value − median over the stated error; for
    a relative error, log(value / median) over it)."""
    post = score_json(sim, run["conditioned"], run["observations"], scenario)
    prior = score_json(sim, run["prior"], run["observations"], scenario)
    kinds = {}
    for row in tomllib.loads(pathlib.Path(run["observations"]).read_text())["observation"]:
        kind, s = next(iter(row["error"].items()))
        kinds[row["id"]] = (kind, s if isinstance(s, (int, float)) else None)
    priors = {r["id"]: r for r in prior["rows"]}
    lines = ["| observation | quantity | value | prior median | conditioned median [90%] | "
             "conditioned PIT | standardized residual |", "|---|---|---|---|---|---|---|"]
    residuals = []
    for r in post["rows"]:
        if not r["scorable"]:
            lines.append(f"| {r['id']} | `{r['quantity']}` | {r['actual']:.4g} | | not scorable: "
                         f"{r['reason']} | | |")
            continue
        kind, s = kinds[r["id"]]
        y, m = r["actual"], r["median"]
        if s is None:
            z = float("nan")
        elif kind == "relative":
            z = np.log(y / m) / s if y > 0 and m > 0 else float("nan")
        else:
            z = (y - m) / s
        residuals.append(z)
        lines.append(f"| {r['id']} | `{r['quantity']}` | {y:.4g} | "
                     f"{priors[r['id']]['median']:.4g} | {m:.4g} [{r['low90']:.4g}–"
                     f"{r['high90']:.4g}] | {r['pit']:.2f} | {z:+.2f} |")
    z = np.array([v for v in residuals if np.isfinite(v)])
    summary = (f"{z.size} rows with a residual: root mean square {np.sqrt(np.mean(z ** 2)):.2f}; "
               f"{int(np.sum(np.abs(z) > 1))} beyond ±1, {int(np.sum(np.abs(z) > 2))} beyond ±2 "
               f"(independent errors of the stated size would put about "
               f"{0.317 * z.size:.0f} and {0.046 * z.size:.1f} there). The model's 90% band "
               f"holds the observed value for {post['overall'][scenario]['coverage90']:.0%} of "
               f"the rows conditioned, {prior['overall'][scenario]['coverage90']:.0%} prior; the "
               "band is of the model quantity and leaves the observation error out, so it need "
               "not hold 90% of noisy figures.")
    return lines, summary


def actuals_table(sim, run, scenario="baseline"):
    """Scores the prior and the conditioned scenario against the 2024 figures."""
    found = {label: score_json(sim, run[label], ACTUALS, scenario)
             for label in ("prior", "conditioned")}
    lines = ["| 2024 actual | value | prior median [90%] | PIT | CRPS | conditioned median [90%] "
             "| PIT | CRPS |", "|---|---|---|---|---|---|---|---|"]
    by_id = {label: {r["id"]: r for r in f["rows"]} for label, f in found.items()}
    for r in found["prior"]["rows"]:
        cells = []
        for label in ("prior", "conditioned"):
            s = by_id[label][r["id"]]
            if not s["scorable"]:
                cells += [f"not scorable: {s['reason']}", "", ""]
                continue
            cells += [f"{s['median']:.3g} [{s['low90']:.3g}–{s['high90']:.3g}]",
                      f"{s['pit']:.2f}", f"{s['crps']:.4f}"]
        lines.append(f"| {r['id']} ({r['period']}) | {r['actual']:.4g} | " + " | ".join(cells)
                     + " |")
    lines.append("")
    lines += ["| overall | scored | in 50% band | in 90% band | mean PIT | mean CRPS |",
              "|---|---|---|---|---|---|"]
    for label in ("prior", "conditioned"):
        o = found[label]["overall"][scenario]
        lines.append(f"| {label} | {o['scored']} | {o['in50']} ({o['coverage50']:.0%}) | "
                     f"{o['in90']} ({o['coverage90']:.0%}) | {o['mean_pit']:.2f} | "
                     f"{o['mean_crps']:.4f} |")
    before = found["prior"]["overall"][scenario]["mean_crps"]
    after = found["conditioned"]["overall"][scenario]["mean_crps"]
    change = "lower (better)" if after < before else "higher (worse)" if after > before else "equal"
    return lines, before, after, change


def conditioned_section(sim, paths, directory, version):
    run = run_conditioned(sim, paths, directory)
    # This report reads quarters by label: the labels as the time dimension.
    prior, post = (cloudsim.by_label(cloudsim.load(run[k])) for k in ("prior", "conditioned"))
    try:
        # A year's observation spans its quarters: 2021 starts in 2021Q1 and ends in 2021Q4.
        observed = [str(p) for p in post.observation_period.values]
        first = min(p if "Q" in p else f"{p}Q1" for p in observed)
        final = max(p if "Q" in p else f"{p}Q4" for p in observed)
        last = sorted(set(map(str, post.last_observed_quarter.values)))
        names = list(map(str, post.scenario.values))
        relative = os.path.relpath(BATCH, ROOT)
        lines = [
            "## Conditioned on 2021–2023: forecasts from 2024Q1", "",
            f"`sim run {relative} --paths {paths}` conditions {', '.join(names)} on the "
            f"{post.sizes['observation']} observations of `{os.path.relpath(run['observations'], ROOT)}` "
            f"({first} to {final}; last observed quarter {', '.join(last)}) and "
            "forecasts from the quarter after it (method and diagnostics: docs/conditioning.md; "
            f"recorded method: {post.attrs.get('conditioning_method', '?')}). *Prior* is the same "
            f"batch without observations: same scenarios, seed {post.attrs['seed']} and "
            f"{post.sizes['path']} paths. Conditioned standard errors are the plain ones times "
            "√(paths / effective sample size); ± is one standard error.", "",
            "**What conditioning did**:", ""]
        lines += diagnostics_table(post, run)
        lines += ["", f"Wall time of the whole batch ({len(names)} scenarios, {paths} paths each, "
                  f"full records, {version}, {machine()}): conditioned "
                  f"{run['conditioned_time']:.1f} s, unconditioned {run['prior_time']:.1f} s "
                  f"({run['conditioned_time'] / run['prior_time']:.1f}×); every scenario is "
                  "conditioned on its own, also when it shares its history with another "
                  "(docs/performance.md, \"Conditioned runs\").", ""]
        lines += [f"**P(Volcano Engine ≥ {THRESHOLD:.0%} of IaaS by {HORIZON[:4]})**, prior and "
                  "conditioned:", ""]
        lines += reach_table(prior, post)
        lines += ["", market_line(prior, post)]
        if "push_from_2024" in names and "baseline" in names:
            same = shared_histories(post, "push_from_2024", "baseline", max(last))
            lines += ["", f"push_from_2024 starts its capture in 2024Q1; conditioned, it and the "
                      f"baseline have the same history through {max(last)} on {same} of "
                      f"{post.sizes['path']} paths (revenue and demand compared bit for bit), so "
                      "their conditioned difference is the push alone."]
        lines += ["", "**Alibaba's IaaS share**, % (median [5%–95%]):", ""]
        lines += alibaba_table(prior, post)
        table, count = inputs_table(prior, post)
        lines += ["", f"**The uncertain inputs that moved most** (of the baseline's {count} "
                  "drawn inputs, ranked by |conditioned mean − prior mean| / prior standard "
                  "deviation):", ""]
        lines += table
        regimes = regime_lines(prior, post)
        if regimes:
            lines += ["", "**Growth regimes** (baseline; mean over paths of the share of the "
                      "span's quarters in a slowdown):", ""] + regimes
        table, summary = fit_table(sim, run)
        lines += ["", "**How well the fit matches the observations** (baseline; `sim score` of "
                  "each result against the observations file: medians of scale × quantity, with "
                  "an uncertain scale at its central value; standardized residual = (value − "
                  "conditioned median) / stated error, or log(value / median) / error for a "
                  "relative error):", ""]
        lines += table + ["", summary]
        table, before, after, change = actuals_table(sim, run)
        lines += ["", "**Out of sample: the 2024 figures** (`sim score RESULT "
                  f"{os.path.relpath(ACTUALS, ROOT)} --scenario baseline`; none of these figures "
                  "was used for conditioning):", ""]
        lines += table
        lines += ["", f"Conditioning made the mean CRPS {change}: {before:.4f} prior, "
                  f"{after:.4f} conditioned.", ""]
    finally:
        prior.close()
        post.close()
    return lines


FIGURES = ROOT / "scenarios/calibration/reported-figures.toml"


def year_quarters(ds, year):
    return [q for q in map(str, ds.quarter.values) if q.startswith(str(year))]


def model_quantity(ds, q):
    """One value per path of the quantity a reported figure is compared with (kinds: see
    scenarios/calibration/reported-figures.toml)."""
    kind = q["kind"]
    segments = q.get("segments", list(map(str, ds.segment.values)))
    revenue, demand = ds.revenue.sel(segment=segments), ds.demand.sel(segment=segments)

    def over(data, year=None, quarter=None):
        quarters = [quarter] if quarter else year_quarters(ds, year)
        return data.sel(quarter=quarters).sum(["quarter", "segment"])

    if kind == "market":
        value = over(demand, q.get("year"), q.get("quarter"))
    elif kind == "revenue":
        value = over(revenue.sel(provider=q["provider"]), q.get("year"), q.get("quarter"))
    elif kind == "share":
        value = (over(revenue.sel(provider=q["provider"]), q.get("year"), q.get("quarter"))
                 / over(demand, q.get("year"), q.get("quarter")))
    elif kind == "ratio":
        value = (over(revenue.sel(provider=q["provider"]), q["year"])
                 / over(revenue.sel(provider=q["provider2"]), q["year"]))
    elif kind == "growth":
        value = over(demand, quarter=q["to"]) / over(demand, quarter=q["from"]) - 1
    elif kind == "cagr":
        value = ((over(demand, q["year2"]) / over(demand, q["year"]))
                 ** (1 / (q["year2"] - q["year"])) - 1)
    else:
        raise SystemExit(f"{FIGURES}: unknown quantity kind {kind!r}")
    return np.asarray(value.values, float)


def formatted(value, unit):
    return f"{value * 100:.1f}%" if unit == "%" else f"{value:.3g}" if unit == "" else f"{value:.0f}"


def plausibility(ds):
    """Compares the baseline with every reported figure in scenarios/calibration/reported-figures.toml:
    the figure in the model's terms (a range when the scope or year mapping is uncertain), the
    model's median and 90% band, their ratio and a verdict computed from the numbers, including
    whether the gap exceeds the disagreement between sources for the same thing."""
    figures = tomllib.loads(FIGURES.read_text())["figure"]
    rows = []
    for f in figures:
        q = f["quantity"]
        unit = "%" if q["kind"] in ("share", "growth", "cagr") else "" if q["kind"] == "ratio" else "亿元"
        lo, hi = (f["reported"] * k for k in f["factor"])
        values = model_quantity(ds, q)
        p5, p50, p95 = np.percentile(values, [5, 50, 95])
        rows.append(dict(f=f, unit=unit, lo=lo, hi=hi, mid=(lo + hi) / 2, values=values,
                         p5=p5, p50=p50, p95=p95))
    # The sources' own disagreement: the largest ratio between the mapped figures of a group.
    spread = {}
    for r in rows:
        spread.setdefault(r["f"]["group"], []).append(r["mid"])
    spread = {g: max(v) / min(v) for g, v in spread.items()}
    counts = {g: sum(r["f"]["group"] == g for r in rows) for g in spread}

    lines = ["## How the baseline compares with reported figures", "",
             "Every seed figure the model can be compared with (data and mapping: "
             "`scenarios/calibration/reported-figures.toml`; the scope they are mapped onto is "
             "stated at the top of `scenarios/baseline.toml`). *In model terms* is the figure "
             "times its factor (scope, year and unit; a range where the mapping is uncertain); "
             "*ratio* is the model's median over the middle of that range; *source spread* is "
             "the largest ratio between figures of the same group after mapping. Verdicts are "
             "computed from these numbers.", "",
             "| figure | source | reported | factor (basis) | in model terms | model median "
             "[5%–95%] | ratio | source spread | verdict |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        f, unit = r["f"], r["unit"]
        band_text = (f"{formatted(r['p50'], unit)} [{formatted(r['p5'], unit)}–"
                     f"{formatted(r['p95'], unit)}]")
        term = (formatted(r["lo"], unit) if np.isclose(r["lo"], r["hi"]) else
                f"{formatted(r['lo'], unit)}–{formatted(r['hi'], unit)}")
        ratio = r["p50"] / r["mid"]
        factor_text = "–".join(f"{k:g}" for k in sorted(set(f["factor"])))
        group, n = f["group"], counts[f["group"]]
        s = spread[group]
        spread_text = f"{s:.2f}× ({n} figures)" if n > 1 else "one figure"
        if f.get("input"):
            verdict = "input: the model starts from it"
        elif f.get("bound") == "at_most":
            verdict = (f"optimistic case: the model is below it on "
                       f"{np.mean(r['values'] < r['hi']):.0%} of paths")
        elif r["hi"] >= r["p5"] and r["lo"] <= r["p95"]:
            verdict = "inside: the figure meets the model's 90% band"
        else:
            gap = max(ratio, 1 / ratio)
            verdict = f"outside: model {ratio:.2f}× the figure; "
            verdict += ("no second source to compare the gap with" if n == 1 else
                        "gap within the sources' spread" if gap <= s else
                        "gap exceeds the sources' spread")
        if f.get("note"):
            verdict += f" — {f['note']}"
        lines.append(f"| {f['name']} | {f['source']} | {f['reported']:g} {f['unit']} | "
                     f"{factor_text} ({f['basis']}) | {term} | "
                     f"{band_text} | {ratio:.2f} | {spread_text} | {verdict} |")
    lines.append("")
    share_2030 = (ds.revenue / ds.demand).sel(quarter="2030Q4").median("path")
    lines += ["Limits of this comparison, whatever the numbers:", "",
              "- Long-run shares follow the ecosystem scores calibrated in `scenarios/baseline.toml` "
              "to *assumed* long-run shares (`scripts/calibrate_ecosystem.py`); the 2030 medians "
              f"(Alibaba IaaS {float(share_2030.sel(provider='Alibaba', segment='IaaS')) * 100:.0f}%) "
              "therefore restate that assumption more than they forecast.",
              "- The 90% intervals cover demand shocks, attraction noise and the drawn inputs listed "
              "in each result file (the 2021 market level among them); they do not cover the "
              "structure of the model (for example that churn rates stay constant for ten years), "
              "so they are narrower than honest uncertainty about 2030.", ""]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=4000)
    parser.add_argument("--sim", default=str(ROOT / "build/release/sim/sim"))
    parser.add_argument("--out", default=str(ROOT / "docs/scenarios.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: run(args.sim, name, args.paths, pathlib.Path(tmp)) for name in SCENARIOS}
        version = subprocess.run([args.sim, "--version"], capture_output=True, text=True).stdout.strip()
        first = next(iter(results.values()))
        lines = ["# Seed scenarios: results", "",
                 f"Generated by `scripts/scenario_report.py --paths {args.paths}` with {version} on "
                 f"{datetime.date.today().isoformat()}, seed {first.attrs['seed']}, "
                 f"{args.paths} paths per scenario (every scenario on the same paths: common random "
                 "numbers). Do not edit by hand; rerun the script.", ""]
        lines += headline(results)
        lines += conditioned_section(args.sim, args.paths, pathlib.Path(tmp), version)
        lines += response_section(results)
        lines += plausibility(results["baseline"])
        lines += groups_section(results)
        for name, ds in results.items():
            lines += scenario_section(name, ds)
        for ds in results.values():
            ds.close()
    pathlib.Path(args.out).write_text("\n".join(lines))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
