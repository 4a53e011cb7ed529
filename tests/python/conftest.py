"""Shared fixtures: where the `sim` program is, and a scratch directory per test."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def sim_binary() -> pathlib.Path:
    configured = os.environ.get("CLOUDSIM_SIM")
    candidates = [pathlib.Path(configured)] if configured else [
        ROOT / "build/check/sim/sim", ROOT / "build/release/sim/sim"]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    pytest.fail(f"sim program not found at {candidates}; build it with scripts/build check")


@pytest.fixture(scope="session")
def sim():
    binary = sim_binary()

    def run(*args, check=False, timeout=300):
        result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                                timeout=timeout, cwd=ROOT)
        if check and result.returncode != 0:
            raise AssertionError(f"sim {' '.join(map(str, args))} exited {result.returncode}:\n"
                                 f"{result.stderr}")
        return result

    run.binary = binary
    return run


@pytest.fixture()
def baseline():
    return ROOT / "scenarios/baseline.toml"


def observations_impossible_for_baseline(folder: pathlib.Path) -> pathlib.Path:
    """The shipped observations plus one no baseline path can produce: Kuaishou's IaaS share in
    2030Q4, with a relative error, is 0 on every baseline path (it sells PaaS only there) and
    positive in kuaishou-paas-first. Written into `folder`; returns its path."""
    observations = folder / "impossible-for-baseline.toml"
    shipped = ROOT / "scenarios/observations/china-cloud-2021-2023.toml"
    observations.write_text(shipped.read_text(encoding="utf-8") + """
[[observation]]
id = "kuaishou-iaas-share"
quantity = "share(IaaS, Kuaishou StreamLake, 2030Q4)"
value = 0.01
error = { relative = 0.5 }
source = "test: Kuaishou sells no IaaS in the baseline"
scope = "test"
""", encoding="utf-8")
    return observations
