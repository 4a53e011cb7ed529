#!/usr/bin/python3
"""Solves the baseline's ecosystem scores E (and derives the multi-cloud affinities A) so that the
calibration in scenarios/baseline.toml is reproducible.

E: with no attraction noise and multi-cloud adoption m fixed, the allocation converges to the
long-run shares x*_i = (π_i / k_i) / Σ_j (π_j / k_j) (docs/model.md, step 4), where
π_i = (1 − φm) π¹_i + φm π²_i mixes the single-cloud logit π¹ ∝ exp(u_i) and the second-cloud
logit π² ∝ exp(u_i + A_i). Given assumed long-run shares (scenarios/calibration/long-run-shares.toml)
the script finds the utilities u by the fixed-point step u ← u + ln(x_target / x*(u)), then
E_i = (u_i + β_price ln P_i − β_cap K_i) / β_eco, shifted so that the anchor provider keeps its E
(the logit is unchanged by a common shift). Drawn inputs enter at their mode (triangular) or
midpoint (uniform).

A: the multi-cloud motive is to avoid depending on one vendor (001), so a customer's second cloud
is a different vendor from its first. If first clouds follow the IaaS shares s and the second is
drawn among the others in proportion to s, provider i's share of second clouds is
s²_i = s_i Σ_{j≠i} s_j / (1 − s_j); in the second-cloud logit s²_i / s_i ∝ e^{A_i}, so
A_i = ln(s²_i / s_i), shifted so that A averages 0 over the providers (only differences of A
matter). "Others" (many small vendors) excludes nothing.

usage: scripts/calibrate_ecosystem.py [--check]   (--check: exit 1 when baseline.toml differs by
more than 0.005 from the solution)
"""
import argparse
import math
import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios/baseline.toml"
TARGETS = ROOT / "scenarios/calibration/long-run-shares.toml"


def central(value):
    """A number, or the mode / midpoint of a drawn input."""
    if not isinstance(value, dict):
        return float(value)
    kind = value["distribution"]
    if kind == "triangular":
        return float(value["mode"])
    if kind == "uniform":
        return (float(value["low"]) + float(value["high"])) / 2
    raise SystemExit(f"no central value for a {kind} distribution")


def affinities(shares, aggregates=("Others",)):
    """A_i from first-cloud shares (dict provider → share) as described in the module text. An
    aggregate of many small vendors ("Others") is not one vendor: its customers' second cloud may
    be another of its vendors, so it excludes nothing."""
    excluded = {j: 0.0 if j in aggregates else s_j for j, s_j in shares.items()}
    # In a multinomial logit with weights e^A, second-cloud share / first-cloud share ∝ e^{A_i};
    # ratio_i = Σ_{j≠i} s_j / (1 − s_j) (+ s_i for an aggregate), also for a provider with no share.
    ratio = {i: sum(s_j / (1 - excluded[j]) for j, s_j in shares.items() if j != i)
             + (shares[i] if i in aggregates else 0.0) for i in shares}
    raw = {i: math.log(ratio[i]) for i in shares}
    mean = sum(raw.values()) / len(raw)
    return {i: raw[i] - mean for i in raw}


def long_run(u, churn, affinity, weight):
    """x*(u): long-run shares with the second-cloud slot weighted by φm."""
    top = max(u.values())
    w1 = {i: math.exp(u[i] - top) for i in u}
    w2 = {i: w1[i] * math.exp(affinity[i]) for i in u}
    s1, s2 = sum(w1.values()), sum(w2.values())
    pi = {i: (1 - weight) * w1[i] / s1 + weight * w2[i] / s2 for i in u}
    r = {i: pi[i] / churn[i] for i in u}
    total = sum(r.values())
    return {i: r[i] / total for i in u}


def solve(scenario, targets):
    providers = scenario["providers"]
    mc = scenario["multi_cloud"]
    weight = central(mc["second_cloud_spend_share"]) * central(mc["ceiling"])
    anchor = targets["anchor"]
    result = {}
    for segment, goal in targets["shares"].items():
        seg = scenario["segments"][segment]
        b_price, b_cap, b_eco = (central(seg[k]) for k in
                                 ("price_sensitivity", "capability_sensitivity",
                                  "ecosystem_sensitivity"))
        present = [p for p in providers if segment in providers[p].get("segments", {})]
        if sorted(present) != sorted(goal):
            raise SystemExit(f"{segment}: long-run shares name {sorted(goal)}, "
                             f"baseline has {sorted(present)}")
        churn = {p: central(providers[p]["segments"][segment]["churn_rate"]) for p in present}
        aff = {p: central(providers[p].get("multi_cloud_affinity", 0.0)) for p in present}
        u = {p: math.log(goal[p] * churn[p]) for p in present}
        for _ in range(10000):
            x = long_run(u, churn, aff, weight)
            error = max(abs(math.log(goal[p] / x[p])) for p in present)
            u = {p: u[p] + math.log(goal[p] / x[p]) for p in present}
            if error < 1e-12:
                break
        else:
            raise SystemExit(f"{segment}: no convergence")
        eco = {}
        for p in present:
            cfg = providers[p]
            price = central(cfg.get("price_index", 1.0))
            cap = central(cfg["segments"][segment].get("capability", 0.0))
            eco[p] = (u[p] + b_price * math.log(price) - b_cap * cap) / b_eco
        shift = anchor["ecosystem"][segment] - eco[anchor["provider"]]
        result[segment] = {p: eco[p] + shift for p in present}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    scenario = tomllib.loads(BASELINE.read_text())
    targets = tomllib.loads(TARGETS.read_text())
    iaas = {p: central(c["segments"]["IaaS"]["initial_share"]) if "IaaS" in c["segments"] else 0.0
            for p, c in scenario["providers"].items()}
    print("multi_cloud_affinity (from the 2021Q1 IaaS shares):")
    for p, a in affinities(iaas).items():
        print(f"  {p:22s} {a:+.2f}")
    worst = 0.0
    for segment, eco in solve(scenario, targets).items():
        print(f"ecosystem, {segment} (solved | in baseline.toml):")
        for p, e in eco.items():
            have = central(scenario["providers"][p]["segments"][segment].get("ecosystem", 0.0))
            worst = max(worst, abs(have - e))
            print(f"  {p:22s} {e:+.2f} | {have:+.2f}   long-run share "
                  f"{targets['shares'][segment][p]:.2f}")
    if args.check and worst > 0.005:
        print(f"baseline.toml differs from the solution by up to {worst:.3f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
