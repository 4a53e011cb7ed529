"""The analyst toolkit (scripts/cloudsim) on a small real run: every number against a direct
h5py/NumPy computation, the discovery algorithms on planted structure, charts rendered to PNG,
and the HTML report."""
import html
import json
import re
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import cloudsim  # noqa: E402
from cloudsim import charts  # noqa: E402
from cloudsim.summary import percent  # noqa: E402

PATHS = 600
PROVIDERS = ["Alibaba", "Huawei", "Tencent", "Baidu", "China Telecom", "Volcano Engine",
             "Kuaishou StreamLake", "Others"]


@pytest.fixture(scope="module")
def result(sim, tmp_path_factory):
    out = tmp_path_factory.mktemp("analysis") / "batch.h5"
    sim("run", ROOT / "scenarios/baseline.toml", ROOT / "scenarios/bytedance-multicloud-capture.toml",
        "--paths", PATHS, "-o", out, "-q", check=True)
    return out


@pytest.fixture(scope="module")
def ds(result):
    data = cloudsim.load(result)
    yield data
    data.close()


@pytest.fixture(scope="module")
def raw(result):
    with h5py.File(result, "r") as f:
        return {"revenue": f["revenue"][...], "demand": f["demand"][...],
                "parameters": f["parameters"][...],
                "parameter": list(f["parameter"].asstr()[...]),
                "quarter": list(f["quarter"].asstr()[...])}


def volcano_share(raw, quarter="2025Q4"):
    t = raw["quarter"].index(quarter)
    return raw["revenue"][:, :, t, 0, 5] / raw["demand"][:, :, t, 0]  # (scenario, path)


def test_load_names_every_dimension_and_refuses_other_files(ds, tmp_path):
    assert ds.revenue.dims == ("scenario", "path", "time", "segment", "provider")
    assert list(ds.scenario.values) == ["baseline", "bytedance-multicloud-capture"]
    assert str(ds.quarter.values[0]) == "2021Q1" and ds.quarter.dims == ("time",)
    assert str(ds.time.values[0])[:10] == "2021-02-15", "the middle of 2021Q1 (day 45 of 90)"
    assert ds.sel(time="2025").sizes["time"] == 4
    assert ds.attrs["seed"] == 20210101
    not_ours = tmp_path / "other.h5"
    with h5py.File(not_ours, "w") as f:
        f["x"] = np.zeros(3)
    with pytest.raises(ValueError, match="not a cloudsim result"):
        cloudsim.load(not_ours)


def test_shares_annual_revenue_and_tidy_tables_match_the_file(ds, raw):
    share = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")
    np.testing.assert_allclose(share.values, volcano_share(raw), rtol=1e-15)
    annual = cloudsim.annual_revenue(ds).sel(year="2023", segment="PaaS", provider="Alibaba")
    quarters = [k for k, q in enumerate(raw["quarter"]) if q.startswith("2023")]
    np.testing.assert_allclose(annual.values, raw["revenue"][:, :, quarters, 1, 0].sum(axis=2),
                               rtol=1e-13)
    table = cloudsim.tidy(share.sel(scenario="baseline"), "share")
    assert list(table.columns) == ["path", "share"] and len(table) == PATHS
    np.testing.assert_array_equal(table["share"].to_numpy(), volcano_share(raw)[0])


def test_probability_is_counting_with_the_binomial_standard_error(ds, raw):
    share = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")
    # A threshold inside the capture scenario's distribution (its median), so that neither 0 nor 1
    # hits hide the interval check below whatever the calibration.
    threshold = float(np.median(volcano_share(raw)[1]))
    table = cloudsim.probability(share >= threshold)
    hits = volcano_share(raw) >= threshold
    for k, scenario in enumerate(["baseline", "bytedance-multicloud-capture"]):
        p = hits[k].mean()
        assert table.loc[scenario, "value"] == p
        assert table.loc[scenario, "standard_error"] == pytest.approx(
            np.sqrt(p * (1 - p) / (PATHS - 1)), rel=1e-12)
    single = cloudsim.probability((share >= threshold).sel(scenario="bytedance-multicloud-capture"))
    assert single.value == hits[1].mean() and single.paths == PATHS
    assert single.low < single.value < single.high


def test_paired_differences_and_quantile_bands(ds, raw):
    share = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")
    itself = cloudsim.paired_difference(share, "baseline", "baseline")
    assert itself.value == 0.0 and itself.standard_error == 0.0
    estimate = cloudsim.paired_difference(share, "bytedance-multicloud-capture", "baseline")
    difference = volcano_share(raw)[1] - volcano_share(raw)[0]
    assert estimate.value == pytest.approx(difference.mean(), rel=1e-12)
    se = difference.std(ddof=1) / np.sqrt(PATHS)
    assert estimate.standard_error == pytest.approx(se, rel=1e-12)
    t = stats.t.ppf(0.975, PATHS - 1)
    assert estimate.high == pytest.approx(difference.mean() + t * se, rel=1e-12)
    bands = cloudsim.quantile_bands(share, (0.05, 0.5, 0.95))
    np.testing.assert_allclose(bands.sel(scenario="baseline").values,
                               np.quantile(volcano_share(raw)[0], [0.05, 0.5, 0.95]), rtol=1e-12)


def test_sensitivity_matches_a_direct_regression(ds, raw):
    share = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")
    table = cloudsim.sensitivity(ds, share, "bytedance-multicloud-capture")
    x = pd.DataFrame(raw["parameters"][1], columns=raw["parameter"])
    x = x.loc[:, x.notna().all() & (x.std() > 0)]
    y = volcano_share(raw)[1]
    assert set(table.index) == set(x.columns)
    for name in x.columns[:3]:
        assert table.loc[name, "rank_correlation"] == pytest.approx(
            stats.spearmanr(x[name], y)[0], rel=1e-10)
    z = (x - x.mean()) / x.std(ddof=0)
    beta, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(y)), z]), (y - y.mean()) / y.std(),
                               rcond=None)
    np.testing.assert_allclose(table.loc[list(x.columns), "src"].to_numpy(), beta[1:], rtol=1e-8,
                               atol=1e-12)
    assert list(table.index) == list(table["src"].abs().sort_values(ascending=False).index)
    assert 0.0 <= table.attrs["r_squared"] <= 1.0


def test_convergence_ends_at_the_full_estimate(ds, raw):
    share = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4").sel(scenario="baseline")
    table = cloudsim.convergence(share, points=10)
    assert table["paths"].iloc[-1] == PATHS and table["paths"].is_monotonic_increasing
    assert table["estimate"].iloc[-1] == pytest.approx(volcano_share(raw)[0].mean(), rel=1e-12)
    first = table["paths"].iloc[0]
    assert table["estimate"].iloc[0] == pytest.approx(volcano_share(raw)[0][:first].mean(), rel=1e-12)


def planted(n=4000, seed=1):
    """Inputs a, b, c uniform on [0, 1]; the outcome happens when a > 0.7 and b < 0.4, plus 2%
    noise; c is irrelevant."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(n, 3)), columns=["a", "b", "c"])
    y = ((x["a"] > 0.7) & (x["b"] < 0.4)).to_numpy() ^ (rng.uniform(size=n) < 0.02)
    return x, y


def test_prim_finds_the_planted_box():
    x, y = planted()
    result = cloudsim.prim(x, y)
    box = result.chosen(min_coverage=0.8)
    assert {"a", "b"} <= set(box.limits), box.describe()
    # PRIM may also shave a sliver off an irrelevant input while chasing noise; never much.
    if "c" in box.limits:
        assert box.limits["c"][1] - box.limits["c"][0] > 0.85, box.describe()
    assert box.limits["a"][0] == pytest.approx(0.7, abs=0.05)
    assert box.limits["b"][1] == pytest.approx(0.4, abs=0.05)
    assert box.density > 0.85 and box.coverage >= 0.8
    inside = np.ones(len(x), dtype=bool)
    for name, (low, high) in box.limits.items():
        inside &= ((x[name] >= low) & (x[name] <= high)).to_numpy()
    assert box.coverage == pytest.approx(y[inside].sum() / y.sum())
    assert box.density == pytest.approx(y[inside].mean())
    assert result.trajectory["density"].is_monotonic_increasing


def test_classification_tree_finds_the_planted_box():
    x, y = planted()
    best = cloudsim.classification_tree(x, y, max_depth=2)[0]
    assert set(best.limits) == {"a", "b"}
    assert best.limits["a"][0] == pytest.approx(0.7, abs=0.03)
    assert best.limits["b"][1] == pytest.approx(0.4, abs=0.03)
    assert best.density > 0.9


def test_ema_export_has_one_row_per_scenario_and_path(ds, raw):
    share = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")
    experiments, outcomes = cloudsim.ema_export(ds, {"volcano_iaas": share,
                                                     "volcano_series": cloudsim.share(ds, "IaaS", "Volcano Engine")})
    assert len(experiments) == 2 * PATHS
    assert {"scenario", "policy", "model"} <= set(experiments.columns)
    assert list(experiments["policy"].unique()) == ["baseline", "bytedance-multicloud-capture"]
    np.testing.assert_array_equal(outcomes["volcano_iaas"], volcano_share(raw).reshape(-1))
    assert outcomes["volcano_series"].shape == (2 * PATHS, 40)
    name = raw["parameter"][0]
    np.testing.assert_array_equal(experiments[name].to_numpy(), raw["parameters"][:, :, 0].reshape(-1))


@pytest.mark.parametrize("make, size", [
    (lambda ds: charts.fan_chart(ds, "IaaS"), (1280, 480)),
    (lambda ds: charts.scenario_comparison_chart(
        cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4"), "baseline", "Volcano"), (1000, 280)),
    (lambda ds: charts.tornado_chart(cloudsim.sensitivity(
        ds, cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")), "tornado"), (800, None)),
    (lambda ds: charts.event_timing_chart(ds, "bytedance-multicloud-capture"), (900, None)),
], ids=["fan", "comparison", "tornado", "events"])
def test_charts_render_to_non_empty_images_of_the_expected_size(ds, tmp_path, make, size):
    import matplotlib.image
    figure = make(ds)
    path = tmp_path / "chart.png"
    figure.savefig(path, dpi=100)
    charts.plt.close(figure)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(path)
    height, width = image.shape[:2]
    assert width == size[0] and (size[1] is None or height == size[1]), (width, height)
    # Not blank: many distinct colours, and a fair share of the pixels are not background.
    pixels = image[..., :3].reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 20
    assert (pixels.min(axis=1) < 0.9).mean() > 0.02


def test_the_report_is_one_self_contained_page_with_every_chart(result, ds, tmp_path):
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(result), "-o", str(out),
                          "--outcome", "share(IaaS, Volcano Engine, 2025Q4)", "--threshold", "0.08"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(out)
    page = out.read_text()
    for heading in ("Run", "Outcome: Volcano Engine&#x27;s share of IaaS in 2025Q4",
                    "Shares over time", ", path by path</h2>", "What drives it",
                    "scenario discovery", "Events"):
        assert heading in page, heading
    # The reference scenario is named by its recorded title.
    assert "<h2>Against Baseline: China&#x27;s public cloud market" in page
    figures = re.findall(r"<h3>Figure (\d+)\. ([^<]+)</h3><div class='plot' id='chart-(\d+)'",
                         page)
    assert [(n, c) for n, _, c in figures] == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
    assert [t.split(",")[0].split(":")[0] for _, t, _ in figures] == [
        "Volcano Engine&#x27;s share of IaaS in 2025Q4", "IaaS share by provider",
        "What moves Volcano Engine&#x27;s share of IaaS in 2025Q4 in Baseline",
        "When events happen"]
    data = json.loads(re.search(r"<script type='application/json' id='chart-data'>(.*?)</script>",
                                page, re.S).group(1).replace("<\\/", "</"))
    assert sorted(data) == ["chart-1", "chart-2", "chart-3", "chart-4"]
    assert all(figure["data"] for figure in data.values())
    # The summary in words states the computed probability of each scenario.
    volcano = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025Q4")
    chance = cloudsim.probability(volcano >= 0.08)["value"]
    summary = page[page.index("<div class='summary'>"):page.index("<h2>Scenarios</h2>")]
    from cloudsim.report import scenario_names
    names = scenario_names(ds)  # the recorded titles (every shipped scenario has one)
    for scenario in ds.scenario.values:
        name = html.escape(names[str(scenario)])
        assert f"under <b>{name}</b>: {percent(chance[scenario])} (95% interval" in summary
    assert "What drives it." in summary and "When." in summary
    assert "http://" not in page and "https://" not in page, "self-contained (the browser test "\
        "checks that it makes no request)"
    bad = subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(result), "-o",
                          str(tmp_path / "x.html"), "--outcome", "share(IaaS, Volcano)"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "no provider 'Volcano'" in bad.stderr
    assert not (tmp_path / "x.html").exists()
