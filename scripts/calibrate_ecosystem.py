#!/usr/bin/python3
"""Solves the baseline's ecosystem scores E (and states the multi-cloud affinities A) so that the
calibration in scenarios/baseline.toml is reproducible.

Long run. With no attraction noise and multi-cloud adoption m fixed, the books of a market row
converge to x*_i = (π_i / k_i) / Σ_j (π_j / k_j) (docs/model.md, step 4), where
π_i = (1 − φm) π¹_i + φm π²_i mixes the single-cloud logit π¹_i = w_i / Σ_j w_j (w = e^u) and the
v2 second-cloud choice (docs/model.md, step 3; the baseline's `second_cloud_rule`, default
"excludes_primary"): π²_i = Σ_{j≠i} π¹_j v_i / Σ_{k≠j} v_k with v = w e^A — a multi-cloud
customer's second cloud is never its primary. (A primary j with no other provider to choose keeps
that spend, as in the simulator.) m is at its ceiling, φ at its mode; drawn inputs enter at their
mode (triangular) or midpoint (uniform).

Customer groups ([customer_groups.<name>], docs/model.md "Customer groups"). Every segment s is
split into rows (s, g). In row g provider i has utility u_{i,s} + β_eco,s ΔE_{i,g} (ΔE = the
group's `stronghold`), churn min(1, k_{i,s} c_g) (c_g = `churn_multiplier`), and may serve the row
only if the group is `public` or the provider is `full_stack` (default true); a provider that may
not serve it has π = 0 and is left out of x*. The long-run share of i in s is the demand-weighted
sum Σ_g w_{s,g} x*_{i,s,g}, with the closed-form weights
w_{s,g} ∝ share_{s,g} (1 + o_g)^{t/4} taken at the MIDDLE of the horizon (t = quarters / 2,
2026Q1 for the baseline): the mix keeps moving with the growth offsets, and the long-run pull acts
over the whole run, so the weights of its middle quarter stand for it better than those of t = 0.
Without [customer_groups] there is one row per segment (weight 1, ΔE = 0, c = 1).

Shares are of the contested spend: captive books (spend moved onto a provider by a migration with
`contestable = false`) sit outside the rows, never churn, and come on top; migrations, capacity and
phases are not part of the long-run solve.

E: given assumed long-run shares (scenarios/calibration/long-run-shares.toml), one E_{i,s} per
provider and segment is found by the fixed point E ← E + ln(target / actual) / β_eco,s, then every
E of a segment is shifted so that the anchor provider keeps its E (the logit, in every row, is
unchanged by a common shift).

A: the multi-cloud motive is to avoid depending on one vendor (001), so a customer's second cloud
is a different vendor from its first. Read as "the second cloud is drawn among the other vendors
in proportion to their shares", i's share of second clouds is s²_i = Σ_{j≠i} s_j s_i / (1 − s_j).
Under v2 with A = 0 (v = w, so v_i / Σ_{k≠j} v_k = π¹_i / (1 − π¹_j)) the model's π²_i is exactly
Σ_{j≠i} π¹_j π¹_i / (1 − π¹_j): the same formula. So the reading gives A_i = 0 for every provider;
the v1 derivation A_i = ln(s²_i / s_i) (for a rule that did not exclude the primary) would count
the exclusion twice. Any A ≠ 0 would be a preference for or against a provider as second cloud
beyond the exclusion, which no seed reports (ASSUMPTION: none). (v2 also excludes "Others" as its
own customers' second cloud although it is many vendors; the model cannot express that, and no
affinity is used to patch it.) --check also fails when a baseline affinity is not 0.

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


def choice(u, affinity, weight, rule):
    """π for one row: u maps the providers that may serve it to their utilities."""
    top = max(u.values())
    w = {i: math.exp(u[i] - top) for i in u}
    total = sum(w.values())
    p1 = {i: w[i] / total for i in u}
    v = {i: w[i] * math.exp(affinity[i]) for i in u}
    if rule == "independent":  # v1, sim ≤ 0.4.0
        vt = sum(v.values())
        p2 = {i: v[i] / vt for i in u}
    else:  # v2: the second cloud is never the primary
        vt = sum(v.values())
        p2 = {i: 0.0 for i in u}
        for j in u:
            d = vt - v[j]
            if d <= 0:  # no other provider to choose: the spend stays on j
                p2[j] += p1[j]
                continue
            for i in u:
                if i != j:
                    p2[i] += p1[j] * v[i] / d
    return {i: (1 - weight) * p1[i] + weight * p2[i] for i in u}


def long_run_row(u, churn, affinity, weight, rule):
    """x* of one row (providers that may serve it)."""
    pi = choice(u, affinity, weight, rule)
    r = {i: pi[i] / churn[i] for i in u}
    total = sum(r.values())
    return {i: r[i] / total for i in u}


def groups_of(scenario, segments):
    """[(name, weight per segment, churn multiplier, public, stronghold)], weights at mid-horizon."""
    table = scenario.get("customer_groups")
    if not table:
        return [("(all)", {s: 1.0 for s in segments}, 1.0, True, {})]
    t = scenario["simulation"]["quarters"] / 2
    raw = {}
    for name, g in table.items():
        share = g["share"]
        share = ({s: central(share[s]) for s in segments} if isinstance(share, dict)
                 and "distribution" not in share else {s: central(share) for s in segments})
        growth = (1 + central(g.get("growth_offset", 0.0))) ** (t / 4)
        raw[name] = {s: share[s] * growth for s in segments}
    rows = []
    for name, g in table.items():
        weights = {s: raw[name][s] / sum(raw[h][s] for h in raw) for s in segments}
        rows.append((name, weights, central(g.get("churn_multiplier", 1.0)),
                     g.get("deployment", "public") == "public",
                     {p: central(d) for p, d in g.get("stronghold", {}).items()}))
    return rows


def aggregate(base_u, b_eco, churn, aff, weight, rule, rows, segment, providers):
    """Σ_g w_{s,g} x*_{i,s,g} with per-group utility, churn and eligibility."""
    total = {p: 0.0 for p in base_u}
    for _, weights, multiplier, public, stronghold in rows:
        if weights[segment] == 0:
            continue
        able = [p for p in base_u if public or providers[p].get("full_stack", True)]
        u = {p: base_u[p] + b_eco * stronghold.get(p, 0.0) for p in able}
        k = {p: min(1.0, churn[p] * multiplier) for p in able}
        x = long_run_row(u, k, aff, weight, rule)
        for p in able:
            total[p] += weights[segment] * x[p]
    return total


def solve(scenario, targets):
    providers = scenario["providers"]
    mc = scenario["multi_cloud"]
    weight = central(mc["second_cloud_spend_share"]) * central(mc["ceiling"])
    rule = mc.get("second_cloud_rule", "excludes_primary")
    anchor = targets["anchor"]
    rows = groups_of(scenario, list(scenario["segments"]))
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
        rest = {}  # u without the ecosystem term
        for p in present:
            price = central(providers[p].get("price_index", 1.0))
            cap = central(providers[p]["segments"][segment].get("capability", 0.0))
            rest[p] = -b_price * math.log(price) + b_cap * cap
        eco = {p: math.log(goal[p] * churn[p]) / b_eco for p in present}
        for _ in range(100000):
            u = {p: rest[p] + b_eco * eco[p] for p in present}
            x = aggregate(u, b_eco, churn, aff, weight, rule, rows, segment, providers)
            error = max(abs(math.log(goal[p] / x[p])) for p in present)
            if error < 1e-12:
                break
            eco = {p: eco[p] + math.log(goal[p] / x[p]) / b_eco for p in present}
        else:
            raise SystemExit(f"{segment}: no convergence (error {error:.2e})")
        shift = anchor["ecosystem"][segment] - eco[anchor["provider"]]
        eco = {p: eco[p] + shift for p in present}
        u = {p: rest[p] + b_eco * eco[p] for p in present}
        per_group = {}
        for row in rows:
            if row[1][segment] == 0:
                continue
            part = aggregate(u, b_eco, churn, aff, weight, rule,
                             [(row[0], {segment: 1.0}) + row[2:]], segment, providers)
            per_group[row[0]] = (row[1][segment], part)
        result[segment] = (eco, per_group)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    scenario = tomllib.loads(BASELINE.read_text())
    targets = tomllib.loads(TARGETS.read_text())
    worst = 0.0
    print("multi_cloud_affinity (solved | in baseline.toml):")
    for p, c in scenario["providers"].items():
        have = central(c.get("multi_cloud_affinity", 0.0))
        worst = max(worst, abs(have))
        print(f"  {p:22s} {0.0:+.2f} | {have:+.2f}")
    for segment, (eco, per_group) in solve(scenario, targets).items():
        print(f"ecosystem, {segment} (solved | in baseline.toml):")
        for p, e in eco.items():
            have = central(scenario["providers"][p]["segments"][segment].get("ecosystem", 0.0))
            worst = max(worst, abs(have - e))
            print(f"  {p:22s} {e:+.2f} | {have:+.2f}   long-run share "
                  f"{targets['shares'][segment][p]:.2f}")
        if len(per_group) > 1:
            print(f"  long-run shares per group (weight at mid-horizon): "
                  + ", ".join(f"{g} {w:.3f}" for g, (w, _) in per_group.items()))
            for p in eco:
                print(f"    {p:22s} " + " ".join(f"{part.get(p, 0.0):.3f}"
                                               for _, part in per_group.values()))
    if args.check and worst > 0.005:
        print(f"baseline.toml differs from the solution by up to {worst:.3f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
