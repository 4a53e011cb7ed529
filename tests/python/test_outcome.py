"""The outcome language in Python (scripts/cloudsim/outcome.py) against the table of examples the
C++ parser is tested against (tests/outcome/examples.toml), and its evaluation on a result file
against the stored revenue, demand and profit."""
import math
import pathlib
import sys
import tomllib

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from cloudsim import outcome  # noqa: E402

TABLE = tomllib.loads((ROOT / "tests/outcome/examples.toml").read_text(encoding="utf-8"))
PARSERS = {"condition": outcome.parse_condition, "outcome": outcome.parse_outcome,
           "target": outcome.parse_target}


def names(table):
    return outcome.Names(table["segments"], table["providers"], table["scenarios"],
                         table["periods"])


@pytest.mark.parametrize("example", TABLE["example"], ids=lambda e: f"{e['parse']}:{e['text']}")
def test_every_example_reads_as_the_table_says(example):
    parse = PARSERS[example["parse"]]
    run = names(TABLE["trigger_names" if example.get("names") == "trigger" else "names"])
    if "ast" in example:
        assert outcome.canonical(parse(example["text"])) == example["ast"]
    for stage in ("error", "resolve_error"):
        if stage in example:
            with pytest.raises(outcome.OutcomeError) as error:
                outcome.resolve(parse(example["text"]), run)
            assert (error.value.offset, error.value.reason) == (example[stage]["offset"],
                                                                example[stage]["message"])
    if "error" not in example and "resolve_error" not in example:
        outcome.resolve(parse(example["text"]), run)


def test_the_table_covers_every_quantity_and_form():
    asts = " ".join(e.get("ast", "") for e in TABLE["example"])
    for kind in outcome.QUANTITIES:
        assert f'"kind":"{kind}"' in asts, kind
    for form in ('"probability"', '"difference"', '"goal"', '"segment":"all"'):
        assert form in asts, form
    assert sum("error" in e for e in TABLE["example"]) >= 20


@pytest.mark.parametrize("value", [0.08, 2.5e6, 1e-05, 0.001, -120.0, 1e22, 123456.789, 5e-324,
                                   1.7976931348623157e308, 0.1 + 0.2, 100.0, 1e16, 12345678.0])
def test_numbers_print_as_cpp_to_chars_does(value):
    text = outcome.canonical_number(value)
    assert float(text) == value
    # std::to_chars' rule, built here from NumPy's shortest digits: the shorter of fixed and
    # scientific notation, fixed on a tie.
    fixed = np.format_float_positional(abs(value), trim="-")
    scientific = np.format_float_scientific(abs(value), trim="-", exp_digits=2)
    expected = fixed if len(fixed) <= len(scientific) else scientific
    assert text == ("-" if value < 0 else "") + expected


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "tests/python"))
    from conftest import sim_binary
    import subprocess
    out = tmp_path_factory.mktemp("outcome") / "r.h5"
    subprocess.run([str(sim_binary()), "run", str(ROOT / "scenarios/baseline.toml"),
                    str(ROOT / "scenarios/bytedance-multicloud-capture.toml"), "--paths", "64",
                    "-o", str(out), "-q"], check=True, cwd=ROOT)
    return out


def test_evaluation_reads_the_stored_values(result):
    import cloudsim
    with cloudsim.load(result) as ds:
        q = cloudsim.by_label(ds)  # the labels as the time dimension
        volcano = outcome.evaluate(outcome.parse_outcome("share(IaaS, Volcano Engine, 2025Q4)"), ds)
        np.testing.assert_array_equal(volcano, cloudsim.share(ds, "IaaS", "Volcano Engine",
                                                              "2025Q4"))
        last = str(ds.quarter.values[-1])
        total = outcome.evaluate(outcome.parse_outcome("share(all, Alibaba)"), ds)
        revenue = q.revenue.sel(quarter=last, provider="Alibaba").sum("segment")
        np.testing.assert_array_equal(total, revenue / q.demand.sel(quarter=last).sum("segment"))
        growth = outcome.evaluate(outcome.parse_outcome("growth(PaaS, Alibaba, 4, 2026Q2)"), ds)
        r = q.revenue.sel(segment="PaaS", provider="Alibaba")
        np.testing.assert_array_equal(growth, r.sel(quarter="2026Q2") / r.sel(quarter="2025Q2") - 1)
        reached = outcome.evaluate(outcome.parse_outcome(
            "P(cumulative_profit(Volcano Engine, 2030Q4) > 0)[bytedance-multicloud-capture - "
            "baseline]"), ds)
        c = q.cumulative_profit.sel(quarter="2030Q4", provider="Volcano Engine") > 0
        np.testing.assert_array_equal(reached, c.sel(scenario="bytedance-multicloud-capture")
                                      .astype(float) - c.sel(scenario="baseline").astype(float))
        with pytest.raises(outcome.OutcomeError, match="not recorded"):
            outcome.evaluate(outcome.parse_outcome("price(Alibaba)"), ds)
        # Shares of a segment add up to one: demand is what its providers' revenue adds up to.
        shares = sum(outcome.evaluate(outcome.parse_outcome(f"share(IaaS, {p})"), ds)
                     for p in ds.provider.values)
        np.testing.assert_allclose(shares, 1.0, rtol=1e-12)
        assert not math.isnan(float(growth.mean()))


def test_sets_market_totals_and_years_on_quarters(result):
    import cloudsim
    with cloudsim.load(result) as ds:
        q = cloudsim.by_label(ds)  # the labels as the time dimension
        def value(text):
            return outcome.evaluate(outcome.parse_outcome(text), ds)
        year = [f"2022Q{q}" for q in range(1, 5)]
        before = [f"2021Q{q}" for q in range(1, 5)]
        demand = q.demand.sel(segment=["IaaS", "PaaS"]).sum("segment")
        alibaba = q.revenue.sel(segment=["IaaS", "PaaS"], provider="Alibaba").sum("segment")
        np.testing.assert_allclose(value("revenue(IaaS+PaaS, all, 2022)"),
                                   demand.sel(quarter=year).sum("quarter"), rtol=1e-14)
        np.testing.assert_allclose(value("share(IaaS+PaaS, Alibaba, 2022)"),
                                   alibaba.sel(quarter=year).sum("quarter")
                                   / demand.sel(quarter=year).sum("quarter"), rtol=1e-14)
        np.testing.assert_allclose(value("growth(IaaS+PaaS, all, 4, 2022)"),
                                   demand.sel(quarter=year).sum("quarter")
                                   / demand.sel(quarter=before).sum("quarter") - 1, rtol=1e-12)
        np.testing.assert_array_equal(value("revenue(IaaS, all, 2023Q2)"),
                                      q.demand.sel(segment="IaaS", quarter="2023Q2"))
        np.testing.assert_array_equal(value("cumulative_profit(Huawei, 2022)"),
                                      q.cumulative_profit.sel(provider="Huawei", quarter="2022Q4"))
        # A quarter still reads that quarter, exactly as before.
        np.testing.assert_array_equal(value("share(IaaS, Alibaba, 2022Q3)"),
                                      cloudsim.share(ds, "IaaS", "Alibaba", "2022Q3"))
