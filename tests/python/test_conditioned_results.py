"""The toolkit on conditioned result files (format 2.3): a real run of sim with the datasets of a
conditioned run added (conditioned_files.py). Weighted results use their weights in every
statistic, resampled ones inflate their standard errors by √(paths / ESS), fan charts draw the
observations and the last observed quarter, the report states the conditioning, and a result
without these datasets gives what it gave before."""
import json
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest

import conditioned_files
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import cloudsim  # noqa: E402
from cloudsim import charts, weighted  # noqa: E402

PATHS = 300
SCENARIOS = ["baseline", "bytedance-multicloud-capture"]


@pytest.fixture(scope="module")
def files(sim, tmp_path_factory):
    """plain: as sim wrote it; resampled: conditioned, equally weighted, ESS 75 and 150;
    weighted: importance weights (the same for both scenarios, as for paths conditioned on a
    shared history); unequal: different weights per scenario."""
    folder = tmp_path_factory.mktemp("conditioned")
    plain = folder / "plain.h5"
    sim("run", ROOT / "scenarios/baseline.toml",
        ROOT / "scenarios/bytedance-multicloud-capture.toml", "--paths", PATHS, "-o", plain, "-q",
        check=True)
    out = {"plain": plain}
    rng = np.random.default_rng(17)
    shared = rng.exponential(size=PATHS) ** 2
    for name, options in {"resampled": {"ess": [75.0, 150.0]},
                          "weighted": {"weights": np.tile(shared, (2, 1))},
                          "unequal": {"weights": rng.exponential(size=(2, PATHS))},
                          "observed_only": {"ess": float(PATHS)}}.items():
        out[name] = folder / f"{name}.h5"
        shutil.copy(plain, out[name])
        conditioned_files.condition(out[name], **options)
    return out


@pytest.fixture(scope="module")
def opened(files):
    sets = {name: cloudsim.load(path) for name, path in files.items()}
    yield sets
    for ds in sets.values():
        ds.close()


def raw_share(path, quarter="2025Q4", provider="Volcano Engine"):
    with h5py.File(path, "r") as f:
        t = list(f["quarter"].asstr()[...]).index(quarter)
        p = list(f["provider"].asstr()[...]).index(provider)
        weights = f["weight"][...] if "weight" in f else None
        return f["revenue"][:, :, t, 0, p] / f["demand"][:, :, t, 0], weights


def test_observations_and_conditioning_tables(opened):
    ds = opened["weighted"]
    table = cloudsim.observations(ds)
    rows = conditioned_files.OBSERVATIONS
    assert list(table["id"]) == [r[0] for r in rows]
    assert list(table["quantity"]) == [r[1] for r in rows]
    assert list(table["source"]) == [r[7] for r in rows]
    np.testing.assert_array_equal(table["value"], [r[3] for r in rows])
    first = table.iloc[0]  # absolute error 0.03 on 0.36
    assert (first["kind"], first["segment"], first["provider"], first["series"]) == \
        ("share", "IaaS", "Alibaba", "share(IaaS, Alibaba)")
    assert first["low"] == pytest.approx(0.36 - 1.959963984540054 * 0.03, rel=1e-14)
    second = table.iloc[1]  # relative error 0.2 on 0.05
    assert second["high"] == pytest.approx(0.05 * np.exp(1.959963984540054 * 0.2), rel=1e-14)
    revenue = table.set_index("id").loc["alibaba-iaas-revenue-2022q1"]
    assert revenue["model_value"] == pytest.approx(80.0 / 1.25, rel=1e-15)
    growth = table.set_index("id").loc["market-growth-2023q4"]
    assert growth["quarters"] == 4 and growth["series"] == "growth(IaaS, Alibaba, 4)"
    assert str(table.iloc[0]["time"])[:10] == "2022-11-15"

    diagnostics = cloudsim.conditioning(ds)
    assert list(diagnostics.index) == SCENARIOS
    assert list(diagnostics["last_observed_quarter"]) == ["2023Q4", "2023Q4"]
    for column in ("effective_sample_size", "prior_effective_sample_size", "distinct_histories",
                   "conditioning_stages", "move_acceptance", "min_distinct_input_values"):
        assert column in diagnostics.columns, column
    assert diagnostics.attrs["method"].startswith("test fixture")
    assert diagnostics.attrs["distinct_input_values"].shape == (2, ds.sizes["parameter"])
    assert cloudsim.observations(opened["plain"]).empty
    assert cloudsim.conditioning(opened["plain"]).empty


def test_weighted_results_use_their_weights(files, opened):
    ds = opened["weighted"]
    values, w = raw_share(files["weighted"])
    share = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")
    threshold = float(np.median(values[1]))
    table = cloudsim.probability(share >= threshold)
    for k, scenario in enumerate(SCENARIOS):
        hit = (values[k] >= threshold).astype(float)
        p = float(np.sum(w[k] * hit))
        ess = 1.0 / np.sum(w[k] ** 2)
        assert table.loc[scenario, "value"] == pytest.approx(p, rel=1e-12)
        assert table.loc[scenario, "effective_sample_size"] == pytest.approx(ess, rel=1e-12)
        assert table.loc[scenario, "standard_error"] == pytest.approx(
            np.sqrt(p * (1 - p) / (ess - 1)), rel=1e-10)
        assert table.loc[scenario, "value"] != pytest.approx(hit.mean(), rel=1e-6), \
            "the weights must change the answer here"
    bands = cloudsim.quantile_bands(share, (0.05, 0.5, 0.95))
    for k, scenario in enumerate(SCENARIOS):
        np.testing.assert_array_equal(bands.sel(scenario=scenario).values,
                                      weighted.quantile(values[k], w[k], [0.05, 0.5, 0.95]))
    # The same weights in both scenarios: the weighted mean of the paired differences.
    difference = cloudsim.paired_difference(share, SCENARIOS[1], SCENARIOS[0])
    d = values[1] - values[0]
    assert difference.value == pytest.approx(np.sum(w[0] * d), rel=1e-12)
    assert difference.standard_error == pytest.approx(weighted.standard_error(d, w[0]), rel=1e-12)
    # Different weights: the difference of the weighted means.
    unequal_values, uw = raw_share(files["unequal"])
    unequal = cloudsim.paired_difference(
        cloudsim.share(opened["unequal"], "IaaS", "Volcano Engine", "2025Q4"),
        SCENARIOS[1], SCENARIOS[0])
    assert unequal.value == pytest.approx(np.sum(uw[1] * unequal_values[1])
                                          - np.sum(uw[0] * unequal_values[0]), rel=1e-12)
    assert np.isfinite(unequal.standard_error) and unequal.standard_error > 0


def test_resampled_results_inflate_standard_errors(opened):
    plain = cloudsim.probability(
        cloudsim.share(opened["plain"], "IaaS", "Volcano Engine", "2025Q4") >= 0.08)
    resampled = cloudsim.probability(
        cloudsim.share(opened["resampled"], "IaaS", "Volcano Engine", "2025Q4") >= 0.08)
    np.testing.assert_array_equal(resampled["value"], plain["value"])
    factors = np.sqrt(PATHS / np.array([75.0, 150.0]))
    np.testing.assert_allclose(resampled["standard_error"], plain["standard_error"] * factors,
                               rtol=1e-14)
    # ESS equal to the paths: exactly the unconditioned numbers.
    same = cloudsim.probability(
        cloudsim.share(opened["observed_only"], "IaaS", "Volcano Engine", "2025Q4") >= 0.08)
    pd.testing.assert_frame_equal(same.drop(columns="effective_sample_size"), plain)


def errorbar_points(ax):
    """(date, y, lower, upper) of each error bar drawn on an axes."""
    import matplotlib.dates

    def date(x):
        return matplotlib.dates.num2date(x).date() if isinstance(x, (float, np.floating)) \
            else pd.Timestamp(x).date()

    out = []
    for container in ax.containers:
        line, _, (bars,) = container
        xs, ys = line.get_data()
        out.extend((date(x), y, segment[0][1], segment[1][1])
                   for x, y, segment in zip(xs, ys, bars.get_segments()))
    return out


def vertical_lines(ax):
    return [line for line in ax.get_lines() if line.get_label().startswith("last observation")]


def test_fan_charts_draw_the_observations_of_their_quantity(opened):
    ds = opened["weighted"]
    figure = charts.fan_chart(ds, "IaaS")
    panels = {ax.get_title(): ax for ax in figure.axes if ax.get_visible()}
    alibaba = sorted(errorbar_points(panels["Alibaba"]))
    # The 2021 annual share at mid-2021 and the 2022Q4 share; not PaaS's 2022Q4 share.
    assert [(str(x), y) for x, y, _, _ in alibaba] == [("2021-07-02", pytest.approx(38.0)),
                                                       ("2022-11-15", pytest.approx(36.0))]
    assert alibaba[1][2] == pytest.approx(100 * (0.36 - 1.959963984540054 * 0.03))
    volcano = errorbar_points(panels["Volcano Engine"])
    assert len(volcano) == 1 and volcano[0][1] == pytest.approx(5.0)
    assert volcano[0][3] == pytest.approx(5.0 * np.exp(1.959963984540054 * 0.2))
    assert errorbar_points(panels["Huawei"]) == []
    for ax in panels.values():
        (line,) = vertical_lines(ax)
        assert line.get_label() == "last observation (2023Q4)"
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert sorted(legend) == sorted(["90%", "50%", "median", "observed ÷ scale, 95% error",
                                     "last observation (2023Q4)"]), legend
    charts.plt.close(figure)
    # Revenue: the 2022Q1 figure divided by its scale 1.25; the 2022 annual revenue is a year's
    # flow, four quarters' worth, and is not drawn on quarterly records.
    figure = charts.fan_chart(ds, "IaaS", quantity="revenue", providers=["Alibaba"])
    points = errorbar_points(figure.axes[0])
    assert [(str(x), y) for x, y, _, _ in points] == [("2022-02-14", pytest.approx(64.0))]
    charts.plt.close(figure)
    # Unconditioned: no observation, no line.
    figure = charts.fan_chart(opened["plain"], "IaaS")
    assert all(not ax.containers and not vertical_lines(ax) for ax in figure.axes)
    charts.plt.close(figure)


def test_a_fan_of_any_observed_quantity(opened):
    ds = opened["weighted"]
    figure = charts.quantity_fan_chart(ds, "growth(IaaS, Alibaba, 4)")
    ax = figure.axes[0]
    assert [(str(x), y) for x, y, _, _ in errorbar_points(ax)] == [("2023-11-15",
                                                                   pytest.approx(0.1))]
    # The bands are the weighted quantiles of the growth at each quarter; none before 2022Q1.
    median = ax.get_lines()[0].get_ydata()
    assert np.isnan(median[:4]).all() and np.isfinite(median[4:]).all()
    growth = cloudsim.outcome.evaluate(cloudsim.outcome.parse_outcome(
        "growth(IaaS, Alibaba, 4, 2025Q4)"), ds).sel(scenario="baseline")
    assert median[19] == pytest.approx(float(weighted.median(growth)), rel=1e-12)
    charts.plt.close(figure)


def test_the_report_states_the_conditioning(files, tmp_path):
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(files["weighted"]),
                          "-o", str(out), "--outcome", "share(IaaS, Volcano Engine, 2025Q4)",
                          "--threshold", "0.08"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    page = out.read_text()
    assert "Conditioning on observations" in page and "last observed quarter" in page
    for header in ("effective sample size", "prior effective sample size", "distinct histories",
                   "stages", "move acceptance"):
        assert f"<th>{header}</th>" in page, header
    for row in conditioned_files.OBSERVATIONS:
        assert f"<th>{row[0]}</th>" in page, row[0]
    images = re.findall(r"<img alt='([^']+)' src='data:image/png;base64,", page)
    assert images[:5] == ["observed share(IaaS, Alibaba)", "observed share(IaaS, Volcano Engine)",
                          "observed revenue(IaaS, Alibaba)", "observed growth(IaaS, Alibaba, 4)",
                          "observed share(PaaS, Alibaba)"]
    titles = re.findall(r"<h3>Figure \d+\. ([^<]+)</h3>", page)
    assert any(t.startswith("IaaS share by provider, Baseline: China") for t in titles) and any(
        t.startswith("When events happen") for t in titles)
    # The interactive fan draws the observations of Volcano Engine's IaaS share over its bands.
    data = json.loads(re.search(r"<script type='application/json' id='chart-data'>(.*?)</script>",
                                page, re.S).group(1).replace("<\\/", "</"))
    observed = [trace for figure in data.values() for trace in figure["data"]
                if trace.get("name") == "observed ÷ scale, 95% error"]
    assert observed, "observations drawn on the fan"
    # The outcome table: weighted P(≥ 8%) with its ESS.
    values, w = raw_share(files["weighted"])
    p = float(np.sum(w[0] * (values[0] >= 0.08)))
    assert f"<td>{p:.3f}</td>" in page
    plain = tmp_path / "plain.html"
    subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(files["plain"]), "-o",
                    str(plain)], check=True, capture_output=True)
    assert "Conditioning" not in plain.read_text()


@pytest.mark.parametrize("damage, message", [
    (lambda f: f["weight"].__setitem__((0, 0), f["weight"][0, 0] + 0.5),
     "dataset 'weight' of scenario 'baseline' sums to"),
    (lambda f: f["weight"].__setitem__((1, 3), -0.1), "negative or non-finite weights"),
    (lambda f: f["observation_error_kind"].__setitem__(0, "percent"),
     "expected 'relative' or 'absolute'"),
    (lambda f: f["effective_sample_size"].__setitem__(0, 10 * PATHS), "outside (0, paths]"),
    (lambda f: f["last_observed_quarter"].__setitem__(1, "2023-12"), "expected YYYYQn"),
], ids=["weights-sum", "negative-weight", "error-kind", "ess", "quarter-label"])
def test_damaged_conditioning_datasets_are_refused(files, tmp_path, damage, message):
    broken = tmp_path / "broken.h5"
    shutil.copy(files["weighted"], broken)
    with h5py.File(broken, "r+") as f:
        damage(f)
    with pytest.raises(cloudsim.BadResultError, match=re.escape(message)):
        cloudsim.load(broken)
