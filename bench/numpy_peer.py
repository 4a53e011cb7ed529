#!/usr/bin/python3
"""The honest peer for scripts/bench: model sections 1, 3 and 4 (correlated demand, logit
attraction with AR(1) noise, churn and re-allocation) as a competent analyst would write them in
NumPy, vectorised over paths, for the same scenario file the C++ engine runs (bench/core.toml).
It keeps every quarter's demand and revenue, as the engine's blocks do, in chunks of paths so
memory stays bounded. Prints path-steps per second.

usage: bench/numpy_peer.py SCENARIO.toml [--paths N] [--chunk N]
"""
import argparse
import sys
import time
import tomllib

import numpy as np


def load(path):
    with open(path, "rb") as f:
        sc = tomllib.load(f)
    segments = list(sc["segments"])  # TOML tables keep file order in Python
    providers = list(sc["providers"])
    S, P = len(segments), len(providers)
    seg = [sc["segments"][s] for s in segments]
    corr = sc.get("segment_correlation")
    C = np.eye(S)
    if corr:
        order = [segments.index(s) for s in corr["segments"]]
        M = np.array(corr["matrix"], dtype=float)
        C[np.ix_(order, order)] = M
    T = sc["simulation"]["quarters"] - 1
    t = np.arange(T)[:, None]
    g0 = np.array([s["growth_initial"] for s in seg])
    ginf = np.array([s["growth_long_run"] for s in seg])
    tau = np.array([s["growth_decay_quarters"] for s in seg])
    vol = np.array([s["volatility"] for s in seg]) / 2.0
    growth = ginf + (g0 - ginf) * np.exp(-t / tau)
    drift = np.log1p(growth) / 4.0 - 0.5 * vol**2
    present = np.zeros((S, P), bool)
    share = np.zeros((S, P))
    churn = np.ones((S, P))
    base = np.zeros((S, P))
    affinity = np.zeros(P)
    for i, name in enumerate(providers):
        prov = sc["providers"][name]
        affinity[i] = prov.get("multi_cloud_affinity", 0.0)
        for j, s in enumerate(segments):
            cell = prov.get("segments", {}).get(s)
            if cell is None:
                continue
            present[j, i] = True
            share[j, i] = cell["initial_share"]
            churn[j, i] = cell["churn_rate"]
            base[j, i] = (-seg[j]["price_sensitivity"] * np.log(prov.get("price_index", 1.0))
                          + seg[j]["capability_sensitivity"] * cell.get("capability", 0.0)
                          + seg[j]["ecosystem_sensitivity"] * cell.get("ecosystem", 0.0))
    mc = sc.get("multi_cloud", {})
    noise = sc.get("attraction_noise", {})
    return dict(S=S, P=P, T=T, L=np.linalg.cholesky(C), drift=drift, vol=vol,
                D0=np.array([s["initial_demand"] for s in seg]), share=share, churn=churn,
                present=present, base=np.where(present, base, -np.inf),
                affinity_weight=np.exp(affinity - affinity.max()),
                second=mc.get("second_cloud_spend_share", 0.0) * mc.get("initial_adoption", 0.0),
                sigma_u=noise.get("volatility", 0.0), rho=noise.get("persistence", 0.0))


def simulate_chunk(m, n, rng):
    S, P, T = m["S"], m["P"], m["T"]
    demand = np.empty((n, T + 1, S))
    revenue = np.empty((n, T + 1, S, P))
    D = np.broadcast_to(m["D0"], (n, S)).copy()
    R = D[:, :, None] * (m["share"] / m["share"].sum(axis=1, keepdims=True))
    eta = m["sigma_u"] * rng.standard_normal((n, S, P))
    demand[:, 0], revenue[:, 0] = D, R
    keep = 1.0 - m["churn"]
    innovation = m["sigma_u"] * np.sqrt(1.0 - m["rho"] ** 2)
    for t in range(T):
        u = m["base"] + eta
        w = np.exp(u - u.max(axis=2, keepdims=True))
        wa = w * m["affinity_weight"]
        pi = (1.0 - m["second"]) * w / w.sum(axis=2, keepdims=True) + \
            m["second"] * wa / wa.sum(axis=2, keepdims=True)
        z = rng.standard_normal((n, S)) @ m["L"].T
        D_next = D * np.exp(m["drift"][t] + m["vol"] * z)
        kept = keep * R * (D_next / D)[:, :, None]
        R = kept + pi * (D_next - kept.sum(axis=2))[:, :, None]
        D = D_next
        eta = m["rho"] * eta + innovation * rng.standard_normal((n, S, P))
        demand[:, t + 1], revenue[:, t + 1] = D, R
    return demand, revenue


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    args = parser.parse_args()
    m = load(args.scenario)
    rng = np.random.default_rng(7)
    demand, revenue = simulate_chunk(m, 100, rng)
    # The engine's identity, as a correctness check of the peer itself (outside the timing).
    assert np.allclose(revenue.sum(axis=3), demand, rtol=1e-10)
    start = time.perf_counter()
    done = 0
    while done < args.paths:
        n = min(args.chunk, args.paths - done)
        simulate_chunk(m, n, rng)
        done += n
    seconds = time.perf_counter() - start
    steps = args.paths * m["T"]
    print(f"numpy peer: {args.paths} paths x {m['T']} steps in {seconds:.3f} s, "
          f"{steps / seconds:.0f} path-steps/s (numpy {np.__version__}, 1 process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
