"""Simulation-based calibration of conditioned runs (Talts, Betancourt, Simpson, Vehtari and
Gelman 2018, "Validating Bayesian inference algorithms with simulation-based calibration").

If the conditioning engine returns the posterior, then a truth drawn from the prior, observed
with the stated noise, lies in the posterior's central q band with probability exactly q
(averaged over truths), and its rank among the posterior's draws is uniform. Replication r:

1. the truth is path r of one unconditioned run of the scenario (seed `truth_seed`, R paths);
2. its first K quarters are observed with noise drawn from the rows' own error model
   (relative: y = h·exp(s ε), absolute: y = h + s ε, ε ~ N(0, 1) from a fixed NumPy seed);
3. `sim run --observations` conditions N paths on them with seed `seed_offset + r` (independent
   of the truth's streams);
4. we record whether the truth's later quantities (and its unobserved latent values at the last
   observed quarter) lie in the conditioned paths' central 50% and 90% bands, and the rank of
   each of its drawn uncertain inputs (`parameters`) among the conditioned paths' values.

Coverage is tested against the binomial standard error of the nominal rate, ranks by a
chi-square test of uniformity over bins (with the bins' exact probabilities for N + 1 ranks).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import math
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
from scipy import stats

from . import outcome
from .results import load
from .score import sim_program

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_SCENARIO = ROOT / "tests/scenarios/sbc-small.toml"
LEVELS = (0.5, 0.9)


# ----------------------------------------------------------------------------------------------
# What is observed and what is checked, built from the scenario's own names.

def observation_rows(segments, providers, quarters, k):
    """(id, quantity, kind, s) rows over the first k quarters (indices 0..k-1): the first
    segment's demand every other quarter up to the last observed one (relative 5%), the second
    segment's demand there (relative 8%), a provider's share of the first segment at mid-way and
    at the end (±1 point), a third provider's share of all segments (±1.5 points) and the
    market's year-on-year growth (±3 points) at the last observed quarter."""
    last = k - 1
    s0 = segments[0]
    every = "+".join(segments)
    p1 = providers[1 % len(providers)]
    p2 = providers[2 % len(providers)]
    rows = []
    for q in sorted(set(range(last, 0, -2))):
        rows.append((f"demand-{s0}-{quarters[q]}", f"demand({s0}, {quarters[q]})", "relative",
                     0.05))
    if len(segments) > 1:
        s1 = segments[1]
        rows.append((f"demand-{s1}-{quarters[last]}", f"demand({s1}, {quarters[last]})",
                     "relative", 0.08))
    for q in sorted({max(1, k // 2 - 1), last}):
        rows.append((f"share-{s0}-{p1}-{quarters[q]}", f"share({s0}, {p1}, {quarters[q]})",
                     "absolute", 0.01))
    rows.append((f"share-all-{p2}-{quarters[last]}", f"share({every}, {p2}, {quarters[last]})",
                 "absolute", 0.015))
    if last >= 4:
        rows.append((f"growth-all-{quarters[last]}", f"growth({every}, all, 4, {quarters[last]})",
                     "absolute", 0.03))
    return [(id_.replace(" ", "_"), quantity, kind, s) for id_, quantity, kind, s in rows]


def target_quantities(segments, providers, quarters, k):
    """The truth's quantities whose posterior bands are checked: latent values at the last
    observed quarter, four quarters later, and at the final quarter."""
    last, final = k - 1, len(quarters) - 1
    ahead = min(last + 4, final)
    s0 = segments[0]
    s1 = segments[1 % len(segments)]
    every = "+".join(segments)
    p1 = providers[1 % len(providers)]
    p2 = providers[2 % len(providers)]
    texts = [f"demand({s0}, {quarters[last]})",
             f"share({s1}, {p1}, {quarters[last]})",
             f"demand({s0}, {quarters[ahead]})",
             f"share({s0}, {p1}, {quarters[ahead]})",
             f"demand({s0}, {quarters[final]})",
             f"demand({s1}, {quarters[final]})",
             f"share({s0}, {p1}, {quarters[final]})",
             f"share({every}, {p2}, {quarters[final]})",
             f"growth({every}, all, 4, {quarters[final]})"]
    return list(dict.fromkeys(texts))


def observations_toml(rows, values, title):
    text = f'[observations]\ntitle = "{title}"\n'
    for (id_, quantity, kind, s), value in zip(rows, values):
        text += (f'\n[[observation]]\nid = "{id_}"\nquantity = "{quantity}"\nvalue = {value!r}\n'
                 f'error = {{ {kind} = {s!r} }}\n'
                 f'source = "scripts/sbc: a path drawn from the prior"\n'
                 f'scope = "the scenario\'s own"\n')
    return text


def noisy(truth, kind, s, eps):
    return float(truth * math.exp(s * eps)) if kind == "relative" else float(truth + s * eps)


# ----------------------------------------------------------------------------------------------
# Statistics.

def rank_of(truth, draws, rng):
    """The number of draws below the truth, ties broken at random: uniform on 0..N when the
    truth and the N draws are exchangeable."""
    below = int(np.sum(draws < truth))
    ties = int(np.sum(draws == truth))
    return below + (int(rng.integers(0, ties + 1)) if ties else 0)


def rank_test(ranks, n, bins):
    """Counts of ranks (0..n) in `bins` bins, their expected counts and the chi-square p-value."""
    ranks = np.asarray(ranks)
    bin_of = (np.arange(n + 1) * bins) // (n + 1)
    probabilities = np.bincount(bin_of, minlength=bins) / (n + 1)
    counts = np.bincount(bin_of[ranks], minlength=bins)
    expected = probabilities * len(ranks)
    chi2 = float(np.sum((counts - expected) ** 2 / expected))
    return counts.tolist(), expected.tolist(), chi2, float(stats.chi2.sf(chi2, bins - 1))


def coverage_summary(hits, nominal):
    """Coverage over replications with the binomial SE of the nominal rate and the 4-SE check."""
    hits = np.asarray(hits, dtype=float)
    r = len(hits)
    rate = float(hits.mean())
    se = math.sqrt(nominal * (1.0 - nominal) / r)
    return {"nominal": nominal, "coverage": rate, "hits": int(hits.sum()), "replications": r,
            "se": se, "z": (rate - nominal) / se,
            "within_4se": bool(abs(rate - nominal) <= 4.0 * se)}


# ----------------------------------------------------------------------------------------------
# Running sim.

def run_sim(args, timeout=3600):
    started = time.perf_counter()
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                            timeout=timeout, cwd=ROOT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} exited {result.returncode}:\n"
                           f"{result.stderr}")
    return result, seconds


def evaluate(path, texts, scenario=None):
    """{text: values over paths} and the drawn inputs (paths × inputs) of one result file."""
    with load(path) as ds:
        name = scenario or str(ds.scenario.values[0])
        values = {text: outcome.evaluate(outcome.parse_outcome(text), ds).sel(scenario=name).values
                  for text in texts}
        inputs = [str(p) for p in ds.parameter.values]
        drawn = ds.parameters.sel(scenario=name).values
    return values, inputs, drawn


def conditioning_diagnostics(path):
    with h5py.File(path, "r") as f:
        return {"effective_sample_size": float(f["effective_sample_size"][0]),
                "prior_effective_sample_size": float(f["prior_effective_sample_size"][0]),
                "distinct_histories": int(f["distinct_histories"][0]),
                "conditioning_stages": int(f["conditioning_stages"][0]),
                "move_acceptance": float(f["move_acceptance"][0]),
                "min_distinct_input_values": int(np.min(f["distinct_input_values"][0]))
                if f["distinct_input_values"].size else None}


def names_of(path):
    with load(path) as ds:
        return ([str(s) for s in ds.segment.values], [str(p) for p in ds.provider.values],
                [str(q) for q in ds.quarter.values])


# ----------------------------------------------------------------------------------------------

def calibrate(scenario=DEFAULT_SCENARIO, replications=200, paths=500, observed_quarters=8,
              truth_seed=20181031, seed_offset=1000, noise_seed=2018, rank_seed=7, bins=None,
              noise_factor=1.0,
              jobs=1, threads=1, sim=None, workdir=None, log=None):
    """Runs the calibration and returns the report as a dict (see module docstring)."""
    sim = pathlib.Path(sim) if sim else sim_program()
    if seed_offset < truth_seed < seed_offset + replications + 1:
        raise ValueError("the truth seed must differ from every conditioning seed")
    started = time.perf_counter()
    owned = tempfile.TemporaryDirectory(prefix="sbc-") if workdir is None else None
    folder = pathlib.Path(owned.name if owned else workdir)
    folder.mkdir(parents=True, exist_ok=True)
    say = log or (lambda message: None)
    try:
        truth_file = folder / "truth.h5"
        run_sim([sim, "run", scenario, "--paths", replications, "--seed", truth_seed,
                 "--threads", threads, "-o", truth_file, "--force", "-q"])
        segments, providers, quarters = names_of(truth_file)
        k = observed_quarters
        if not 2 <= k < len(quarters):
            raise ValueError(f"--observed-quarters must be in 2..{len(quarters) - 1}")
        rows = observation_rows(segments, providers, quarters, k)
        targets = target_quantities(segments, providers, quarters, k)
        truth_values, inputs, truth_inputs = evaluate(
            truth_file, [q for _, q, _, _ in rows] + targets)
        eps = np.random.default_rng(noise_seed).standard_normal((replications, len(rows)))

        def replicate(r):
            obs_file = folder / f"obs-{r}.toml"
            # noise_factor ≠ 1 draws the noise wider than the rows state: a deliberately
            # wrong likelihood, to show that the calibration detects it.
            values = [noisy(truth_values[q][r], kind, s, noise_factor * eps[r, j])
                      for j, (_, q, kind, s) in enumerate(rows)]
            obs_file.write_text(observations_toml(rows, values, f"SBC replication {r}"),
                                encoding="utf-8")
            out = folder / f"posterior-{r}.h5"
            result, seconds = run_sim([sim, "run", scenario, "--observations", obs_file,
                                       "--paths", paths, "--seed", seed_offset + 1 + r,
                                       "--threads", threads, "-o", out, "--force", "-q"])
            # The bands are sim score's (the ones a planner would read), of the truth's values
            # written as actuals.
            actuals = folder / f"truth-{r}.toml"
            actuals.write_text(observations_toml(
                [(f"target-{t}", text, "absolute", 1.0) for t, text in enumerate(targets)],
                [float(truth_values[text][r]) for text in targets], f"SBC truth {r}"),
                encoding="utf-8")
            scored = json.loads(run_sim([sim, "score", out, actuals, "--json"])[0].stdout)
            by_id = {row["id"]: row for row in scored["rows"]}
            record = {"replication": r, "seed": seed_offset + 1 + r, "seconds": seconds,
                      "warnings": [line for line in result.stderr.splitlines()
                                   if "warning" in line],
                      **conditioning_diagnostics(out)}
            record["in_band"] = {text: {"0.5": bool(by_id[f"target-{t}"]["in50"]),
                                        "0.9": bool(by_id[f"target-{t}"]["in90"])}
                                 for t, text in enumerate(targets)}
            record["pit"] = {text: by_id[f"target-{t}"]["pit"] for t, text in enumerate(targets)}
            with h5py.File(out, "r") as f:
                drawn = f["parameters"][0]
            record["drawn"] = drawn
            out.unlink()
            actuals.unlink()
            return record

        records = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for record in pool.map(replicate, range(replications)):
                records.append(record)
                if len(records) % 10 == 0 or len(records) == replications:
                    say(f"sbc: {len(records)} / {replications} replications, "
                        f"{time.perf_counter() - started:.0f} s")

        rng = np.random.default_rng(rank_seed)
        ranks = np.array([[rank_of(truth_inputs[rec["replication"], i], rec["drawn"][:, i], rng)
                           for i in range(len(inputs))] for rec in records])
        bins = bins or max(4, min(20, replications // 10))
        rank_report = []
        for i, name in enumerate(inputs):
            counts, expected, chi2, p = rank_test(ranks[:, i], paths, bins)
            rank_report.append({"input": name, "counts": counts, "expected": expected,
                                "chi2": chi2, "dof": bins - 1, "p": p})
        smallest = min((entry["p"] for entry in rank_report), default=1.0)

        coverage = []
        for text in targets:
            for level in LEVELS:
                hits = [rec["in_band"][text][str(level)] for rec in records]
                coverage.append({"quantity": text, **coverage_summary(hits, level)})
        pit = []
        for text in targets:
            values = np.array([rec["pit"][text] for rec in records], dtype=float)
            counts = np.histogram(values, bins=bins, range=(0.0, 1.0))[0]
            expected = len(values) / bins
            chi2 = float(np.sum((counts - expected) ** 2 / expected))
            pit.append({"quantity": text, "counts": counts.tolist(), "chi2": chi2,
                        "dof": bins - 1, "p": float(stats.chi2.sf(chi2, bins - 1))})
        pooled = []
        for level in LEVELS:
            # Targets of one replication are correlated: the SE of the pooled rate comes from the
            # spread of the per-replication rates, not from the binomial.
            per = np.array([np.mean([rec["in_band"][t][str(level)] for t in targets])
                            for rec in records])
            se = float(per.std(ddof=1) / math.sqrt(len(per))) if len(per) > 1 else float("nan")
            pooled.append({"nominal": level, "coverage": float(per.mean()), "se": se,
                           "within_4se": bool(abs(per.mean() - level) <= 4.0 * se)})

        ess = np.array([rec["effective_sample_size"] for rec in records])
        prior_ess = np.array([rec["prior_effective_sample_size"] for rec in records])
        seconds = np.array([rec["seconds"] for rec in records])
        per_replication = [{key: value for key, value in rec.items()
                            if key not in ("drawn", "in_band", "pit")} for rec in records]
        return {
            "scenario": shown(scenario),
            "replications": replications, "paths": paths, "observed_quarters": k,
            "last_observed_quarter": quarters[k - 1], "truth_seed": truth_seed,
            "conditioning_seeds": f"{seed_offset + 1}..{seed_offset + replications}",
            "noise_seed": noise_seed, "noise_factor": noise_factor, "rank_seed": rank_seed,
            "bins": bins,
            "observations": [{"id": i, "quantity": q, "error": {kind: s}}
                             for i, q, kind, s in rows],
            "coverage": coverage, "pooled_coverage": pooled,
            "coverage_ok": bool(all(c["within_4se"] for c in coverage)),
            "pit": pit, "ranks": rank_report, "min_rank_p": smallest,
            "bonferroni_min_rank_p": min(1.0, smallest * len(inputs)),
            "ranks_ok": bool(min(1.0, smallest * len(inputs)) > 0.001),
            "ess": {"min": float(ess.min()), "median": float(np.median(ess)),
                    "max": float(ess.max())},
            "prior_ess": {"min": float(prior_ess.min()), "median": float(np.median(prior_ess)),
                          "max": float(prior_ess.max())},
            "seconds_per_replication": {"min": float(seconds.min()),
                                        "median": float(np.median(seconds)),
                                        "max": float(seconds.max())},
            "replications_with_warnings": sum(1 for rec in records if rec["warnings"]),
            "total_seconds": time.perf_counter() - started,
            "per_replication": per_replication,
            "sim": str(sim), "sim_version": run_sim([sim, "--version"])[0].stdout.strip(),
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": machine(), "jobs": jobs, "threads": threads,
        }
    finally:
        if owned:
            owned.cleanup()


def shown(path):
    """A path inside the checkout relative to it (as the docs name files), others as given."""
    path = pathlib.Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node()}: {cpu}, {os.cpu_count()} logical CPUs, {platform.system()} " \
           f"{platform.release()}"


def text_report(report):
    """The report as Markdown tables (the form docs/conditioning.md records)."""
    lines = [f"Scenario `{report['scenario']}`, {report['replications']} replications, "
             f"{report['paths']} conditioned paths each, first {report['observed_quarters']} "
             f"quarters observed (to {report['last_observed_quarter']}), "
             f"{len(report['observations'])} observation rows.", "",
             "| quantity | 50% band: coverage ± SE | within 4 SE | 90% band: coverage ± SE "
             "| within 4 SE |", "|---|---|---|---|---|"]
    by = {}
    for c in report["coverage"]:
        by.setdefault(c["quantity"], {})[c["nominal"]] = c
    for text, levels in by.items():
        cells = []
        for level in LEVELS:
            c = levels[level]
            cells += [f"{c['coverage']:.3f} ± {c['se']:.3f} (z = {c['z']:+.2f})",
                      "yes" if c["within_4se"] else "**no**"]
        lines.append(f"| `{text}` | " + " | ".join(cells) + " |")
    cells = []
    for p in report["pooled_coverage"]:
        cells += [f"{p['coverage']:.3f} ± {p['se']:.3f}", "yes" if p["within_4se"] else "**no**"]
    lines.append("| all of the above, pooled (SE from the per-replication rates) | "
                 + " | ".join(cells) + " |")
    lines += ["", f"PIT of the truth's values under the conditioned paths (`sim score`), in "
              f"{report['bins']} bins (uniform when calibrated):", "",
              "| quantity | counts per bin | χ² (dof) | p |", "|---|---|---|---|"]
    for entry in report["pit"]:
        lines.append(f"| `{entry['quantity']}` | {' '.join(map(str, entry['counts']))} | "
                     f"{entry['chi2']:.1f} ({entry['dof']}) | {entry['p']:.3f} |")
    lines += ["", f"Ranks of the truth's drawn inputs among the {report['paths']} conditioned "
              f"values, in {report['bins']} bins (expected ≈ "
              f"{report['replications'] / report['bins']:.1f} per bin):", "",
              "| input | counts per bin | χ² (dof) | p |", "|---|---|---|---|"]
    for entry in report["ranks"]:
        lines.append(f"| `{entry['input']}` | {' '.join(map(str, entry['counts']))} | "
                     f"{entry['chi2']:.1f} ({entry['dof']}) | {entry['p']:.3f} |")
    m = len(report["ranks"])
    lines += ["", f"Smallest rank p-value {report['min_rank_p']:.4f}; Bonferroni over {m} inputs: "
              f"{report['bonferroni_min_rank_p']:.4f} "
              f"({'not rejected' if report['ranks_ok'] else 'REJECTED'} at 0.001).",
              f"Effective sample size (min / median / max): {report['ess']['min']:.0f} / "
              f"{report['ess']['median']:.0f} / {report['ess']['max']:.0f}; the prior's: "
              f"{report['prior_ess']['min']:.1f} / {report['prior_ess']['median']:.1f} / "
              f"{report['prior_ess']['max']:.1f}. Replications with warnings: "
              f"{report['replications_with_warnings']}.",
              f"Run time per replication (sim run --observations, wall): "
              f"{report['seconds_per_replication']['min']:.2f} / "
              f"{report['seconds_per_replication']['median']:.2f} / "
              f"{report['seconds_per_replication']['max']:.2f} s; total "
              f"{report['total_seconds']:.0f} s ({report['jobs']} job(s) × {report['threads']} "
              f"thread(s)).",
              f"Coverage {'within' if report['coverage_ok'] else 'NOT within'} 4 SE of nominal "
              f"for every quantity."]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="scripts/sbc",
        description="Simulation-based calibration of conditioned runs (Talts et al. 2018): "
                    "draw truths from the prior, observe their first K quarters with noise, "
                    "condition N paths on them with sim run --observations, and check that the "
                    "truths' later quarters fall in the posterior 50%%/90%% bands at those rates "
                    "and that the ranks of their drawn inputs among the posterior's are uniform. "
                    "Exit 0 when both pass, 1 when either fails. See docs/conditioning.md.")
    parser.add_argument("--scenario", default=str(DEFAULT_SCENARIO),
                        help="scenario file (default: tests/scenarios/sbc-small.toml)")
    parser.add_argument("--replications", type=int, help="truths R (default 200; --quick 60)")
    parser.add_argument("--paths", type=int, help="conditioned paths N (default 1000; --quick 300)")
    parser.add_argument("--observed-quarters", type=int, default=8,
                        help="K: quarters 0..K-1 are observed (default 8)")
    parser.add_argument("--quick", action="store_true",
                        help="the small version the test runs: R = 60, N = 300")
    parser.add_argument("--json", metavar="OUT", help="also write the full report as JSON")
    parser.add_argument("--truth-seed", type=int, default=20181031,
                        help="seed of the run whose path r is replication r's truth")
    parser.add_argument("--seed-offset", type=int, default=1000,
                        help="replication r (0-based) conditions with seed OFFSET + 1 + r")
    parser.add_argument("--noise-seed", type=int, default=2018,
                        help="NumPy seed of the observation noise")
    parser.add_argument("--noise-factor", type=float, default=1.0,
                        help="draw the observation noise this many times wider than the rows "
                             "state (default 1; ≠ 1 makes the posterior wrong on purpose, to see "
                             "the calibration fail)")
    parser.add_argument("--bins", type=int, help="rank histogram bins (default R / 10, 4..20)")
    parser.add_argument("--jobs", type=int, default=1, help="sim runs at once (default 1)")
    parser.add_argument("--threads", type=int, default=1, help="threads per sim run (default 1)")
    parser.add_argument("--sim", help="the sim program (default $CLOUDSIM_SIM or this build)")
    parser.add_argument("--workdir", help="keep the truth and observation files here")
    args = parser.parse_args(argv)
    replications = args.replications or (60 if args.quick else 200)
    paths = args.paths or (300 if args.quick else 1000)
    report = calibrate(args.scenario, replications, paths, args.observed_quarters,
                       truth_seed=args.truth_seed, seed_offset=args.seed_offset,
                       noise_seed=args.noise_seed, noise_factor=args.noise_factor,
                       bins=args.bins, jobs=args.jobs,
                       threads=args.threads, sim=args.sim, workdir=args.workdir,
                       log=lambda message: print(message, file=sys.stderr, flush=True))
    report["command"] = " ".join(["scripts/sbc", *(argv if argv is not None else sys.argv[1:])])
    print(text_report(report))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if report["coverage_ok"] and report["ranks_ok"] else 1
