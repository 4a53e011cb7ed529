"""Scoring a result's forecasts against what happened (docs/observations.md, "Scoring"): runs
`sim score RESULT ACTUALS --json` and returns its rows as a DataFrame and its per-scenario
summary as a dict. The numbers are sim's (one implementation of the weighted quantiles, PIT and
CRPS), so the toolkit and the command line never disagree.

    rows, overall = cloudsim.score("outputs/baseline.h5", "actuals-2024.toml")
    rows[["scenario", "id", "period", "actual", "median", "in90", "pit", "crps"]]
    overall["baseline"]["coverage90"]
"""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[2]


class ScoreError(RuntimeError):
    """sim score refused the input (exit code 2: a bad actuals file, an unknown scenario) or
    failed (1: an unreadable result); the message is sim's."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def sim_program() -> pathlib.Path:
    """The `sim` program: $CLOUDSIM_SIM, else this checkout's build (release, then check), else
    `sim` on the PATH."""
    configured = os.environ.get("CLOUDSIM_SIM")
    if configured:
        return pathlib.Path(configured)
    for candidate in (ROOT / "build/release/sim/sim", ROOT / "build/check/sim/sim"):
        if candidate.exists():
            return candidate
    found = shutil.which("sim")
    if found:
        return pathlib.Path(found)
    raise FileNotFoundError("sim not found: set CLOUDSIM_SIM or build it with scripts/build")


def score(result_path, actuals_path, scenario: str | None = None):
    """Scores every actual against every scenario of the result (or only `scenario`).

    Returns (rows, overall): rows a DataFrame with one row per actual and scenario (columns
    scenario, id, quantity, period, actual, scale, scorable, reason, paths, undefined_paths,
    effective_sample_size, median, low50, high50, low90, high90, in50, in90, pit, crps,
    crps_relative; NaN where a row is not scorable), overall a dict per scenario (scored,
    not_scorable, in50, in90, coverage50, coverage90, mean_crps, mean_crps_relative, mean_pit)."""
    command = [str(sim_program()), "score", str(result_path), str(actuals_path), "--json"]
    if scenario is not None:
        command += ["--scenario", scenario]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise ScoreError(done.stderr.strip(), done.returncode)
    found = json.loads(done.stdout)
    rows = pd.DataFrame(found["rows"])
    for column in ("median", "low50", "high50", "low90", "high90", "pit", "crps", "crps_relative",
                   "effective_sample_size"):
        if column in rows:
            rows[column] = rows[column].astype(float)  # null → NaN
    overall = {name: {key: (float("nan") if value is None else value)
                      for key, value in summary.items()}
               for name, summary in found["overall"].items()}
    return rows, overall
