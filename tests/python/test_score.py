"""`sim score` and cloudsim.score end to end: a small baseline run scored against actuals written
from its own paths. An actual at the ensemble's median has PIT 0.5 and lies in both bands; an
absurd one has PIT 0 or 1 and lies outside; sim's bands, PIT and CRPS match NumPy's (Hazen
quantiles for equal weights, the O(n²) CRPS); rows a result cannot answer are not scorable."""
import math
import pathlib
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import cloudsim  # noqa: E402
from cloudsim import outcome  # noqa: E402

PATHS = 400


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from conftest import sim_binary
    import subprocess
    folder = tmp_path_factory.mktemp("score")
    for record in ("full", "annual"):
        subprocess.run([str(sim_binary()), "run", str(ROOT / "scenarios/baseline.toml"),
                        "--paths", str(PATHS), "--record", record, "-o",
                        str(folder / f"{record}.h5"), "-q"], check=True, cwd=ROOT)
    return folder


def values_of(path, text):
    with cloudsim.load(path) as ds:
        return outcome.evaluate(outcome.parse_outcome(text), ds).sel(scenario="baseline").values


def actuals(folder, rows):
    text = '[observations]\ntitle = "test actuals"\n'
    for id_, quantity, value, error in rows:
        text += (f'[[observation]]\nid = "{id_}"\nquantity = "{quantity}"\nvalue = {value!r}\n'
                 f'error = {{ {error} }}\nsource = "test"\nscope = "test"\n')
    path = folder / "actuals.toml"
    path.write_text(text, encoding="utf-8")
    return path


def crps_by_definition(x, y):
    x = np.asarray(x, dtype=float)
    return np.mean(np.abs(x - y)) - 0.5 * np.mean(np.abs(x[:, None] - x[None, :]))


def test_scores_match_numpy_and_flag_the_bands(runs):
    full = runs / "full.h5"
    share = values_of(full, "share(IaaS+PaaS, Alibaba, 2022Q4)")
    market = values_of(full, "revenue(IaaS+PaaS, all, 2021)")
    median = float(np.quantile(share, 0.5, method="hazen"))
    path = actuals(runs, [("at-median", "share(IaaS+PaaS, Alibaba, 2022Q4)", median,
                           "absolute = 0.03"),
                          ("absurd-high", "revenue(IaaS+PaaS, all, 2021)", 1e8, "relative = 0.1"),
                          ("absurd-low", "share(IaaS+PaaS, Alibaba, 2022Q4)", 1e-6,
                           "absolute = 0.03"),
                          ("market", "revenue(IaaS+PaaS, all, 2021)", 1800.0, "relative = 0.1")])
    rows, overall = cloudsim.score(full, path)
    rows = rows.set_index("id")
    assert list(rows.scenario.unique()) == ["baseline"]
    at = rows.loc["at-median"]
    assert at.scorable and at.paths == PATHS
    # 400 values: the Hazen median is halfway between the 200th and 201st, so 200 lie below.
    assert at.pit == pytest.approx(0.5, abs=1e-12)
    assert at.in50 and at.in90
    for column, q in (("median", 0.5), ("low50", 0.25), ("high50", 0.75), ("low90", 0.05),
                      ("high90", 0.95)):
        assert at[column] == pytest.approx(np.quantile(share, q, method="hazen"), rel=1e-12)
    assert at.crps == pytest.approx(crps_by_definition(share, median), rel=1e-9)
    high, low = rows.loc["absurd-high"], rows.loc["absurd-low"]
    assert high.pit == pytest.approx(1.0) and low.pit == 0.0
    assert not (high.in50 or high.in90 or low.in50 or low.in90)
    m = rows.loc["market"]
    assert m.pit == pytest.approx(np.mean(market < 1800.0), abs=1e-12)
    assert m.crps == pytest.approx(crps_by_definition(market, 1800.0), rel=1e-9)
    assert m.crps_relative == pytest.approx(m.crps / 1800.0)
    summary = overall["baseline"]
    assert summary["scored"] == 4 and summary["not_scorable"] == 0
    assert summary["in90"] == int(rows.in90.sum())
    assert summary["coverage90"] == pytest.approx(rows.in90.mean())
    assert summary["mean_crps"] == pytest.approx(rows.crps.mean())


def test_years_score_alike_on_full_and_annual_records_and_quarters_need_full(runs):
    path = actuals(runs, [("year", "growth(IaaS+PaaS, all, 4, 2022)", 0.3, "absolute = 0.05"),
                          ("quarter", "share(IaaS, Alibaba, 2022Q4)", 0.3, "absolute = 0.05"),
                          ("later", "share(IaaS, Alibaba, 2035Q1)", 0.3, "absolute = 0.05")])
    full, _ = cloudsim.score(runs / "full.h5", path)
    annual, overall = cloudsim.score(runs / "annual.h5", path)
    full, annual = full.set_index("id"), annual.set_index("id")
    for column in ("median", "low90", "high90", "pit", "crps"):
        assert annual.loc["year", column] == pytest.approx(full.loc["year", column], rel=1e-12)
    assert full.loc["quarter"].scorable and not annual.loc["quarter"].scorable
    assert "full records" in annual.loc["quarter"].reason
    assert math.isnan(annual.loc["quarter", "median"])
    assert not full.loc["later"].scorable and "outside" in full.loc["later"].reason
    assert overall["baseline"]["not_scorable"] == 2


def test_text_table_and_input_errors(runs, sim):
    path = actuals(runs, [("year", "demand(IaaS, 2022)", 100.0, "relative = 0.1")])
    text = sim("score", runs / "full.h5", path, check=True).stdout
    assert "scenario baseline" in text and "year" in text and "overall: 1 scored" in text
    bad = runs / "bad.toml"
    bad.write_text('[observations]\ntitle = "t"\n[[observation]]\nid = "x"\n'
                   'quantity = "demand(IaaS, 2022)"\nvalue = 1\nerror = { relatve = 0.1 }\n'
                   'source = "s"\nscope = "s"\n', encoding="utf-8")
    refused = sim("score", runs / "full.h5", bad)
    assert refused.returncode == 2
    assert "bad.toml:7:" in refused.stderr and "did you mean 'relative'" in refused.stderr
    with pytest.raises(cloudsim.ScoreError) as error:
        cloudsim.score(runs / "full.h5", path, scenario="basline")
    assert error.value.exit_code == 2 and "did you mean 'baseline'" in str(error.value)
