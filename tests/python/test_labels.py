"""Readable labels and units of scenario key paths (cloudsim.labels): derived from the key path,
or the scenario's own `label` when the result file records one; and the summary's Wilson interval."""
import sys

import numpy as np
import pytest
import xarray as xr

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from cloudsim.labels import derived_label, input_label, input_unit, split_key_path  # noqa: E402


@pytest.mark.parametrize("key, label", [
    ('providers."Volcano Engine".phases.capture.affinity', "Volcano Engine capture: affinity"),
    ("segments.IaaS.growth_initial", "IaaS: initial growth"),
    ('providers."Volcano Engine".price_index', "Volcano Engine: price index"),
    ("multi_cloud.imitation", "multi-cloud: imitation (Bass q)"),
    ("migrations.douyin_onto_volcano.amount", "migration douyin onto volcano: amount"),
    ('providers."Volcano Engine".phases.capture.capability.IaaS',
     "Volcano Engine capture: capability (IaaS)"),
    ("providers.Alibaba.segments.IaaS.churn_rate", "Alibaba in IaaS: churn rate"),
    ('providers."Volcano Engine".phases.launch.latest_entry',
     "Volcano Engine launch: latest entry"),
    ("growth_regimes.slowdown_penalty.SaaS", "growth regimes: slowdown penalty (SaaS)"),
    ("growth_regimes.chains.saas_budgets.recovery_probability",
     "growth regime saas budgets: recovery probability"),
    ("customer_groups.government.stronghold.Huawei", "government customers: stronghold (Huawei)"),
    ("attraction_noise.volatility", "attraction noise: volatility"),
    ("some_new_table.odd_field", "some new table: odd field"),
])
def test_labels_are_derived_from_key_paths(key, label):
    assert derived_label(key) == label
    assert input_label(None, key) == label


def test_quoted_parts_keep_their_dots_and_spaces():
    assert split_key_path('providers."A.B C".x') == ["providers", "A.B C", "x"]


def test_a_recorded_label_wins_and_an_empty_one_falls_back():
    keys = ['providers."Volcano Engine".phases.capture.affinity', "segments.IaaS.growth_initial"]
    ds = xr.Dataset({"parameter_label": ("parameter", np.array(["push strength", ""], dtype=object))},
                    coords={"parameter": keys})
    assert input_label(ds, keys[0]) == "push strength"
    assert input_label(ds, keys[1]) == "IaaS: initial growth"
    assert input_label(ds, "multi_cloud.imitation") == "multi-cloud: imitation (Bass q)"


@pytest.mark.parametrize("key, unit", [
    ("segments.IaaS.initial_demand", "亿元 per quarter"),
    ("segments.IaaS.growth_initial", "per year"),
    ('providers."Volcano Engine".phases.capture.capability.IaaS', "score"),
    ("providers.Alibaba.loss_limit", "亿元"),
    ("segments.IaaS.price_sensitivity", ""),
])
def test_units_come_from_the_field_and_the_files_currency(key, unit):
    ds = xr.Dataset(attrs={"currency_unit": "亿元"})
    assert input_unit(ds, key) == unit


def test_wilson_intervals_stay_inside_0_1_and_match_the_formula():
    from cloudsim.summary import percent, wilson
    low, high = wilson(0.0, 100)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(0.036993, abs=1e-6)  # z²/(n + z²)
    low, high = wilson(0.5, 400)
    assert (low, high) == pytest.approx((0.451, 0.549), abs=1e-3)
    assert wilson(1.0, 50)[1] == 1.0 and wilson(1.0, 50)[0] < 1.0
    assert percent(0.994) == "99.4%" and percent(0.5) == "50%" and percent(0.004) == "0.4%"
