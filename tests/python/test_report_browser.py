"""The report as a reader sees it: scripts/report pages of the demo's runs rendered in Debian's
headless Chromium by tests/browser/check_report.mjs (puppeteer-core), which fails on console or
page errors, any network request (the page must work offline), empty charts, a PDF page count out
of range or a figure split across printed pages. Screenshots and PDFs are kept in
build/browser-screenshots/ to look at.

Needs `chromium`, `node` and `npm` (scripts/setup installs them with the test packages). Without
them the test skips, except in CI (CI set), where it fails."""
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import conditioned_files
from conftest import ROOT

BROWSER = ROOT / "tests/browser"
SHOTS = ROOT / "build/browser-screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def checker():
    missing = [what for what, present in (("chromium", os.path.exists(CHROMIUM)),
                                          ("node", shutil.which("node")),
                                          ("npm", shutil.which("npm"))) if not present]
    if missing:
        message = f"{', '.join(missing)} not installed (scripts/setup installs the test packages)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not (BROWSER / "node_modules/puppeteer-core/package.json").exists():
        install = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER,
                                 capture_output=True, text=True, timeout=600,
                                 env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
        assert install.returncode == 0, f"npm ci in tests/browser failed:\n{install.stderr}"
    SHOTS.mkdir(parents=True, exist_ok=True)

    def check(report, name):
        run = subprocess.run(["node", str(BROWSER / "check_report.mjs"), str(report), str(SHOTS),
                              name], capture_output=True, text=True, timeout=600,
                             env={**os.environ, "CHROMIUM": CHROMIUM})
        assert run.returncode == 0, f"browser check of {name}:\n{run.stdout}{run.stderr}"
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000
        return run.stdout
    return check


def report(result, out, *options):
    run = subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(result), "-o",
                          str(out), *options], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return out


def test_the_strategies_report_renders_offline_and_prints_whole_figures(sim, checker, tmp_path):
    result = tmp_path / "strategies.h5"
    sim("run", ROOT / "scenarios/batches/strategies.toml", "--max-paths", 512, "--record",
        "annual", "-o", result, "-q", check=True, timeout=600)
    printed = checker(report(result, tmp_path / "strategies.html", "--outcome",  # as scripts/demo
                             "share(IaaS, Volcano Engine, 2025)", "--threshold", "0.10"),
                      "strategies")
    assert "4 figures (plotly, plotly, plotly, plotly)" in printed


def test_the_sweep_report_of_final_quarter_records_draws_distributions(sim, checker, tmp_path):
    result = tmp_path / "sweep.h5"
    sim("run", ROOT / "scenarios/batches/volcano-price-sweep.toml", "--paths", 128, "--record",
        "final", "-o", result, "-q", check=True, timeout=600)
    page = report(result, tmp_path / "sweep.html", "--threshold", "0.10")  # as scripts/demo
    text = page.read_text()
    assert "share by provider in 2030Q4" in text and "at each sweep point" in text
    checker(page, "sweep")


def test_a_conditioned_report_draws_observations_on_the_fan(sim, checker, tmp_path):
    result = tmp_path / "conditioned.h5"
    sim("run", ROOT / "scenarios/baseline.toml", ROOT / "scenarios/bytedance-multicloud-capture.toml",
        "--paths", 200, "-o", result, "-q", check=True)
    weights = np.random.default_rng(5).exponential(size=200) ** 2
    conditioned_files.condition(result, weights=np.tile(weights, (2, 1)))
    printed = checker(report(result, tmp_path / "conditioned.html", "--outcome",
                             "share(IaaS, Volcano Engine, 2025Q4)", "--threshold", "0.08"),
                      "conditioned")
    assert "image" in printed and "plotly" in printed


def test_the_browser_check_fails_on_what_it_is_for(checker, tmp_path):
    """A page with a console error, a request off the machine's files, an empty chart and a
    figure taller than a printed page: the check must name each."""
    pixel = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
             "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><style>@page{size:A4 landscape;margin:12mm}"
        "figure.chart{break-inside:avoid}</style></head><body><h1>bad</h1>"
        "<figure class='chart' id='figure-1'><h3>Figure 1. empty</h3>"
        "<div class='js-plotly-plot'></div><figcaption>How to read figure 1: x</figcaption></figure>"
        "<figure class='chart' id='figure-2'><h3>Figure 2. tall</h3>"
        f"<img src='{pixel}' style='width:100px;height:1500px'>"
        "<figcaption>How to read figure 2: x</figcaption></figure>"
        "<img src='http://127.0.0.1:9/offline.png'>"
        "<script>console.error('broken'); document.body.dataset.charts = 'drawn';</script>"
        "</body></html>")
    run = subprocess.run(["node", str(BROWSER / "check_report.mjs"), str(page), str(tmp_path),
                          "bad"], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "CHROMIUM": CHROMIUM})
    assert run.returncode == 1, run.stdout + run.stderr
    for message in ("console error: broken", "network request (the page must work offline): "
                    "http://127.0.0.1:9/offline.png", "Figure 1. empty: empty chart",
                    "Figure 2. tall: 15", "figure 2 is split across PDF pages"):
        assert message in run.stderr, (message, run.stderr)
