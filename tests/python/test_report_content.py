"""What the forwarded report says (scripts/report): scenario titles, descriptions and sources
and the batch title when the file records them (the scenario keys `title`, `description`,
`references`), the names otherwise; the swept values; inputs by readable label with the key path
on hover; and distributions, not fans, for a final-quarter file."""
import html
import re
import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def sweep(sim, tmp_path_factory):
    out = tmp_path_factory.mktemp("content") / "sweep.h5"
    sim("run", ROOT / "scenarios/batches/volcano-price-sweep.toml", "--paths", 64, "--record",
        "final", "-o", out, "-q", check=True)
    return out


def report(path, out):
    run = subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(path), "-o", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return out.read_text()


def test_a_sweep_report_shows_the_swept_values_labels_and_distributions(sweep, tmp_path):
    page = report(sweep, tmp_path / "sweep.html")
    scenarios = page[page.index("<h2>Scenarios</h2>"):page.index("<h2>Outcome")]
    key = 'providers.&quot;Volcano Engine&quot;.price_index'
    assert f"<abbr title='{key}'>Volcano Engine: price index</abbr>" in scenarios
    # The label the baseline gives the input (recorded in the file) wins over a derived one.
    assert "Multi-cloud spread by imitation (Bass q)</abbr>" in scenarios
    with h5py.File(sweep, "r") as f:
        values = f["sweep_value"][...]
    assert f"<td>{values[0, 0]:.3g}</td><td>—</td>" in scenarios, "discount/1: 0.8, imitation not swept"
    assert f"<td>{values[5, 1]:.3g} per year</td>" in scenarios
    assert "the chance goes from" in page, "the summary says what the one-key sweep does"
    assert "share by provider in 2030Q4" in page and "Shares over time" not in page
    assert "at each sweep point" in page
    # The batch file's own title and description, recorded by sim run, head the page.
    with h5py.File(sweep, "r") as f:
        title = f.attrs["batch_title"]
    assert f"<h1>{html.escape(title)}</h1>" in page
    assert "What the planners argue about" in scenarios
    # The points share their base scenario's title, description and sources: said once, and
    # each point named by its own name.
    assert scenarios.count("What-if: Volcano Engine chases") == 1
    assert scenarios.count("<li>../shared/market-facts.md") == 1
    assert "<td class='text'>discount/1</td>" in scenarios


def test_recorded_titles_descriptions_and_sources_are_shown(sweep, tmp_path):
    titled = tmp_path / "titled.h5"
    titled.write_bytes(sweep.read_bytes())
    with h5py.File(titled, "r+") as f:
        n = f["scenario"].shape[0]
        for name, texts in (("scenario_title", [f"Price point {k}" for k in range(n)]),
                            ("scenario_description", ["Deep discount." if k == 0 else ""
                                                      for k in range(n)]),
                            ("scenario_references", ["Analyst note 2024-03." if k == 0 else ""
                                                     for k in range(n)])):
            if name in f:  # the sweep's own (its base scenario's title for every point)
                del f[name]
            data = f.create_dataset(name, data=np.array(texts, dtype=object),
                                    dtype=h5py.string_dtype())
            data.dims[0].attach_scale(f["scenario"])
        f.attrs["batch_title"] = "Volcano Engine's price, swept"
    page = report(titled, tmp_path / "titled.html")
    assert "<h1>Volcano Engine&#x27;s price, swept</h1>" in page
    assert "Price point 0 <span class='muted'>(discount/1)</span>" in page
    assert "Deep discount." in page and "<li>Analyst note 2024-03.</li>" in page
    summary = page[page.index("<div class='summary'>"):page.index("<h2>Scenarios</h2>")]
    assert "Price point" in summary and "discount/1" not in summary
    # A scenario without a description names its file instead.
    assert re.search(r"Price point 1 <span class='muted'>\(discount/2\)</span></td><td "
                     r"class='text'><span class='muted'>from [^<]*bytedance-multicloud-capture",
                     page)
