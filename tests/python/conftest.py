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
