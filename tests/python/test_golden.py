"""Golden regression figures of the seed scenarios: a model change that moves a headline figure is
seen in review, not discovered by a planner.

Each seed scenario and the strategies batch run 2,000 paths (seed 20210101, final-quarter records,
on common random numbers); the figures below are compared with tests/golden/seed_scenarios.json.
Runs are reproducible to the bit, so the tolerance is only for the last bits of a sum's order
(1e-9 relative). After an intended change, rewrite the file and review its diff:

    CLOUDSIM_UPDATE_GOLDEN=1 /usr/bin/python3 -m pytest tests/python/test_golden.py
"""
import json
import math
import os

import h5py
import numpy as np
import pytest

from conftest import ROOT

GOLDEN = ROOT / "tests/golden/seed_scenarios.json"
SCENARIOS = ["baseline", "bytedance-multicloud-capture", "kuaishou-paas-first",
             "incumbents-profit-focus", "all-strategies", "incumbents-price-war"]
PATHS = 2000


def figures(path):
    """Per scenario: mean final share of every (segment, provider), mean final revenue of every
    provider, P(Volcano Engine >= 10% of IaaS) and the probability of every event."""
    out = {}
    with h5py.File(path, "r") as f:
        segments = [s.decode() for s in f["segment"][()]]
        providers = [p.decode() for p in f["provider"][()]]
        events = [e.decode() for e in f["event"][()]]
        revenue = f["revenue"][:, :, -1]          # (scenario, path, segment, provider)
        demand = f["demand"][:, :, -1]            # (scenario, path, segment)
        event_quarter = f["event_quarter"][()]    # (scenario, path, event)
        for k, name in enumerate(s.decode() for s in f["scenario"][()]):
            share = revenue[k] / demand[k][:, :, None]
            entry = {}
            for g, segment in enumerate(segments):
                for p, provider in enumerate(providers):
                    entry[f"mean share {segment} {provider}"] = float(share[:, g, p].mean())
            for p, provider in enumerate(providers):
                entry[f"mean revenue {provider}"] = float(revenue[k][:, :, p].sum(axis=1).mean())
            volcano = share[:, segments.index("IaaS"), providers.index("Volcano Engine")]
            entry["P(Volcano Engine >= 10% of IaaS)"] = float(np.mean(volcano >= 0.10))
            for e, event in enumerate(events):
                entry[f"P({event})"] = float(np.mean(event_quarter[k][:, e] >= 0))
            out[name] = entry
    return out


def test_seed_scenarios_keep_their_golden_figures(sim, tmp_path):
    out = tmp_path / "golden.h5"
    sim("run", *[ROOT / f"scenarios/{name}.toml" for name in SCENARIOS], "--paths", PATHS,
        "--seed", 20210101, "--record", "final", "-o", out, "-q", check=True)
    computed = figures(out)
    if os.environ.get("CLOUDSIM_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(computed, indent=1, sort_keys=True) + "\n")
        pytest.skip(f"rewrote {GOLDEN}; review its diff")
    golden = json.loads(GOLDEN.read_text())
    assert sorted(golden) == sorted(computed)
    moved = []
    for scenario, entries in golden.items():
        assert sorted(entries) == sorted(computed[scenario]), scenario
        for key, value in entries.items():
            now = computed[scenario][key]
            if not math.isclose(now, value, rel_tol=1e-9, abs_tol=1e-12):
                moved.append(f"{scenario}: {key}: {value!r} -> {now!r}")
    assert not moved, ("golden figures moved (if intended, rerun with CLOUDSIM_UPDATE_GOLDEN=1 "
                       "and review the diff):\n" + "\n".join(moved[:40]))
