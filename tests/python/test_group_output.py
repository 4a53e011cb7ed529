"""Customer groups through the toolkit: group_revenue and group_demand load with a `group`
dimension, add up to revenue and demand, and give shares of a group's demand in [0, 1]."""
import sys
import warnings

import h5py
import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import cloudsim  # noqa: E402

SIX_GROUPS = ROOT / "tests/scenarios/six-groups.toml"
GROUPS = ["pan_internet", "government_soe", "finance", "retail_consumer",
          "manufacturing_automotive", "other", "government_private"]
PLAIN = ROOT / "tests/scenarios/no-groups.toml"


@pytest.fixture(scope="module")
def files(sim, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("groups")
    out = {}
    for level in ("full", "annual"):
        out[level] = scratch / f"{level}.h5"
        sim("run", SIX_GROUPS, "--paths", 200, "--record", level, "-o", out[level], "-q",
            check=True)
    out["plain"] = scratch / "plain.h5"
    sim("run", PLAIN, "--paths", 50, "-o", out["plain"], "-q",
        check=True)
    return out


@pytest.mark.parametrize("level", ["full", "annual"])
def test_group_books_add_up_to_the_segment_books(files, level):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = cloudsim.load(files[level])
    assert list(ds.group.values) == GROUPS
    assert ds.group_revenue.dims == ("scenario", "path", ds.revenue.dims[2], "group", "segment",
                                     "provider")
    assert ds.group_demand.dims == ("scenario", "path", ds.demand.dims[2], "group", "segment")
    revenue = ds.revenue.values
    summed = ds.group_revenue.sum("group").values
    assert revenue.sum() > 0
    # Captive books (a non-contestable migration onto a provider: here ByteDance's own workloads
    # onto Volcano Engine IaaS) are in no group: revenue = Σ_g group_revenue + captive, and
    # captive = 0 everywhere else.
    captive = ds.revenue - ds.group_revenue.sum("group")
    scale = ds.demand.max().item()
    holder = dict(segment="IaaS", provider="Volcano Engine")
    assert float(captive.sel(**holder).max()) > 0.0
    assert float(captive.min()) >= -1e-12 * scale
    others = captive.where(~((captive.segment == "IaaS") & (captive.provider == "Volcano Engine")))
    assert float(abs(others).max()) <= 1e-12 * scale
    # Σ_g D_{s,g} + Σ_i C_{i,s} = D_s.
    np.testing.assert_allclose(ds.group_demand.sum("group").values + captive.sum("provider").values,
                               ds.demand.values, rtol=1e-12, atol=0)
    if level == "full":
        # The model sums its books in group order and adds the captive book last: so summed, the
        # identity is exact.
        ordered = ds.group_revenue.cumsum("group").isel(group=-1).values
        book = ordered + captive.values
        exact = (captive.values == 0)
        assert np.array_equal(ordered[exact], revenue[exact])
        np.testing.assert_allclose(book, revenue, rtol=1e-12)
    unit = ds.attrs["currency_unit"] + (" per quarter" if level == "full" else " per year")
    assert ds.group_revenue.attrs["units_note"] == unit
    assert ds.group_revenue.attrs["units"] == ds.revenue.attrs["units"]
    ds.close()


def test_group_shares_are_fractions_and_private_groups_exclude_public_only_providers(files):
    ds = cloudsim.load(files["full"])
    shares = cloudsim.group_share(ds)
    assert shares.dims == ds.group_revenue.dims
    assert float(shares.min()) >= 0.0 and float(shares.max()) <= 1.0 + 1e-12
    # Σ_i share = 1 wherever the group has demand.
    total = shares.sum("provider").where(ds.group_demand > 0)
    np.testing.assert_allclose(total.values[~np.isnan(total.values)], 1.0, rtol=1e-12)
    one = cloudsim.share(ds, "IaaS", "Alibaba", "2025Q4", group="finance")
    assert one.dims == ("scenario", "path")
    expected = cloudsim.at_period((ds.group_revenue / ds.group_demand).sel(
        segment="IaaS", provider="Alibaba", group="finance"), "2025Q4")
    np.testing.assert_array_equal(one.values, expected.values)
    # Neither Volcano Engine nor Kuaishou is full-stack: nothing of the private/hybrid group, ever.
    private = ds.group_revenue.sel(group="government_private",
                                   provider=["Volcano Engine", "Kuaishou StreamLake"])
    assert float(abs(private).max()) == 0.0
    assert float(ds.group_demand.sel(group="government_private").min()) > 0.0
    ds.close()


def test_a_run_without_groups_has_no_group_datasets(files):
    with h5py.File(files["plain"]) as f:
        assert not {"group", "group_revenue", "group_demand"} & set(f)
        assert list(f.attrs["format_version"]) == [3, 0]
    ds = cloudsim.load(files["plain"])
    assert "group" not in ds.dims and "group_revenue" not in ds
    with pytest.raises(ValueError, match="no customer groups"):
        cloudsim.group_share(ds)
    ds.close()


def test_a_batch_mixing_groups_and_none_is_refused(sim, tmp_path):
    batch = tmp_path / "mixed.toml"
    batch.write_text(f'[batch]\n[scenarios]\nplain = "{PLAIN}"\n'
                     f'grouped = "{SIX_GROUPS}"\n')
    run = sim("run", batch, "--paths", 10, "-o", tmp_path / "x.h5", "-q")
    assert run.returncode == 2, run.stderr
    assert "'grouped'" in run.stderr and "'plain'" in run.stderr
    assert "customer groups [pan_internet" in run.stderr
    assert not (tmp_path / "x.h5").exists()
