"""Result files are untrusted input to the analyst toolkit. cloudsim.load never averages paths that
were not simulated: on a partial file (an interrupted run) it keeps only the completed paths and
says so; it refuses damaged or edited files with a BadResultError naming the file and the dataset
or attribute at fault. scripts/report puts a banner on a partial file's page and refuses a bad
file with exit code 2 and one line on stderr."""
import re
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import ROOT
from signals import wait_until_catching

sys.path.insert(0, str(ROOT / "scripts"))
import cloudsim  # noqa: E402

REQUESTED = 200000
STRING = h5py.string_dtype()


def interrupted_run(sim, scenario, out, paths=REQUESTED, after=1.0):
    """Starts `sim run SCENARIO --paths PATHS --record final -o OUT`, sends SIGINT after `after`
    seconds (as Ctrl-C would) and returns the partial file it leaves, OUT with .partial.h5."""
    process = subprocess.Popen([str(sim.binary), "run", str(scenario), "--paths", str(paths),
                                "--record", "final", "-o", str(out), "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_catching(process)
    time.sleep(after)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    partial = out.with_name(out.stem + ".partial.h5")
    assert partial.exists() and not out.exists(), stderr
    return partial


@pytest.fixture(scope="module")
def partial(sim, tmp_path_factory):
    return interrupted_run(sim, ROOT / "scenarios/baseline.toml",
                           tmp_path_factory.mktemp("partial") / "run.h5")


@pytest.fixture(scope="module")
def completed(partial):
    with h5py.File(partial, "r") as f:
        assert f.attrs["status"] == "partial" and f.attrs["paths_requested"] == REQUESTED
        kept = int(f.attrs["paths_completed"])
    assert 0 < kept < REQUESTED
    return kept


@pytest.fixture(scope="module")
def complete_run(sim, completed, tmp_path_factory):
    """The same scenario run to completion with exactly the partial file's completed paths: path
    k's random numbers depend only on (seed, k), so these are the same paths."""
    out = tmp_path_factory.mktemp("complete") / "complete.h5"
    sim("run", ROOT / "scenarios/baseline.toml", "--paths", completed, "--record", "final",
        "-o", out, "-q", check=True)
    return out


@pytest.fixture(scope="module")
def small(sim, tmp_path_factory):
    out = tmp_path_factory.mktemp("small") / "small.h5"
    sim("run", ROOT / "scenarios/baseline.toml", "--paths", 50, "--record", "final", "-o", out,
        "-q", check=True)
    return out


def alibaba_iaas(ds):
    return cloudsim.share(ds, "IaaS", "Alibaba").isel(scenario=0, time=-1)


def test_a_partial_file_gives_only_its_completed_paths_and_says_so(partial, completed,
                                                                   complete_run):
    with pytest.warns(cloudsim.PartialResultWarning) as warned:
        ds = cloudsim.load(partial)
    message = str(warned[0].message)
    assert str(partial) in message and f"{completed} of {REQUESTED} paths" in message
    assert f"sim run --resume {partial}" in message
    assert ds.sizes["path"] == completed
    assert ds.attrs["status"] == "partial" and ds.attrs["stop_reason"] == "interrupted"
    assert ds.attrs["paths_completed"] == completed and ds.attrs["paths_requested"] == REQUESTED
    with cloudsim.load(complete_run) as reference:
        assert reference.sizes["path"] == completed
        # The same paths, so the same numbers, to the bit.
        for name in ("revenue", "demand", "parameters", "event_quarter"):
            np.testing.assert_array_equal(ds[name].values, reference[name].values, err_msg=name)
        share, expected = float(alibaba_iaas(ds).mean()), float(alibaba_iaas(reference).mean())
        assert share == expected
        # The stored summaries cover the completed paths (the same as the complete run's), and
        # say that they come from a partial file.
        np.testing.assert_array_equal(ds.summary_share.values, reference.summary_share.values)
        assert ds.summary_share.attrs["paths"] == completed
        assert "partial result" in ds.summary_share.attrs["coverage"]
        assert "coverage" not in reference.summary_share.attrs
        stored_mean = float(ds.summary_share.sel(segment="IaaS", provider="Alibaba",
                                                 statistic="mean").squeeze())
        assert stored_mean == pytest.approx(share, rel=1e-12)
    # What reading every row would give: the unwritten paths are masked (their _FillValue, NaN),
    # and a share computed over them as if they had no demand (0) drags the mean down.
    with xr.open_dataset(partial, engine="h5netcdf") as raw:
        naive = float(alibaba_iaas(raw).mean())
        assert raw.demand.isel(path=slice(completed, None)).isnull().all()
        assert raw.demand.isel(path=slice(0, completed)).notnull().all()
    assert naive < 0.5 * share
    print(f"\npartial file: {completed} of {REQUESTED} paths; mean Alibaba IaaS share: load "
          f"{share:.6f}, complete run of the same paths {expected:.6f}, every row {naive:.6f}")
    ds.close()


def test_a_partial_file_with_no_completed_path_is_refused(small, tmp_path):
    empty = tmp_path / "empty.partial.h5"
    shutil.copy(small, empty)
    with h5py.File(empty, "r+") as f:
        f.attrs["status"] = "partial"
        f.attrs["stop_reason"] = "interrupted"
        f.attrs["paths_completed"] = np.uint64(0)
    with pytest.raises(ValueError, match=re.escape(f"{empty}: partial result with no completed "
                                                   "path")) as error:
        cloudsim.load(empty)
    assert f"sim run --resume {empty}" in str(error.value)


def test_the_report_of_a_partial_file_says_so_at_the_top_and_uses_the_completed_paths(
        partial, completed, complete_run, tmp_path):
    pages = {}
    for name, result in (("partial", partial), ("complete", complete_run)):
        out = tmp_path / f"{name}.html"
        run = subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(result), "-o",
                              str(out), "--outcome", "share(IaaS, Alibaba)", "--threshold",
                              "0.36"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        pages[name] = out.read_text()
        if name == "partial":
            assert run.stderr.splitlines() == [
                f"report: warning: {partial} is a partial result (interrupted): {completed} of "
                f"{REQUESTED} paths were completed, and only those are used. Complete the run "
                f"with: sim run --resume {partial}"]
        else:
            assert run.stderr == ""
    page = pages["partial"]
    banner = page.index("<div class='partial'")
    assert banner < page.index("<h2>"), "the banner comes before every section"
    notice = page[banner:page.index("</div>", banner)]
    assert f"{completed:,} of {REQUESTED:,} paths" in notice
    assert f"<code>sim run --resume {partial}</code>" in notice
    assert "<div class='partial'" not in pages["complete"]

    def outcome_section(text):
        start = text.index("<h2>Outcome")
        return text[start:text.index("<h2>", start + 1)]

    # The same numbers as the report of a complete run of the same paths.
    assert outcome_section(page) == outcome_section(pages["complete"])


# Damaged or edited files: each edit of a small complete result, and what the error must name.

def replace(f, name, data, dtype=None):
    del f[name]
    f.create_dataset(name, data=data, dtype=dtype)


def users_of(f, scale):
    """(dataset, axis) of every axis labelled by the dimension scale `scale`."""
    found = []
    for name, item in f.items():
        if isinstance(item, h5py.Dataset) and name != scale:
            for axis in range(item.ndim):
                if [s.name for s in item.dims[axis].values()] == [f"/{scale}"]:
                    found.append((item, axis))
    return found


def replace_scale(f, name, values):
    """Replaces a dimension scale by `values` and attaches it wherever the old one was: a
    careful forgery, which xarray alone would open."""
    users = users_of(f, name)
    for dataset, axis in users:
        dataset.dims[axis].detach_scale(f[name])
    replace(f, name, values, STRING)
    f[name].make_scale(name)
    for dataset, axis in users:
        dataset.dims[axis].attach_scale(f[name])


def replace_keeping_scales(f, name, data, dtype=None):
    scales = [list(f[name].dims[axis].values()) for axis in range(f[name].ndim)]
    for axis, attached in enumerate(scales):
        for scale in attached:
            f[name].dims[axis].detach_scale(scale)
    replace(f, name, data, dtype)
    for axis, attached in enumerate(scales):
        for scale in attached:
            f[name].dims[axis].attach_scale(scale)


def add_precision(f, targets, entries):
    f.create_dataset("precision_target", data=[f"se(share(IaaS, Alibaba)) < 0.{k + 1}"
                                               for k in range(targets)], dtype=STRING)
    f["precision_target"].make_scale("precision_target")
    for name, values in (("precision_goal", [0.1] * entries),
                         ("precision_standard_error", [0.05] * entries),
                         ("precision_met", np.ones(entries, np.int32))):
        f.create_dataset(name, data=values)
        f[name].dims[0].attach_scale(f["precision_target"])


def set_attribute(f, name, value):
    f.attrs[name] = value  # a new attribute of value's type (attrs.modify would keep the old type)


def set_path(f, position, value):
    f["path"][position] = value


BAD_FILES = {
    # The reproducers.
    "provider replaced by its first 3 names": (
        lambda f: replace(f, "provider", f["provider"].asstr()[:3], STRING), "'provider'"),
    "segment replaced by its first name": (
        lambda f: replace(f, "segment", f["segment"].asstr()[:1], STRING), "'segment'"),
    "scenario_file replaced by an empty string array": (
        lambda f: replace(f, "scenario_file", np.array([], dtype=object), STRING),
        "'scenario_file'"),
    "3 precision targets, 1-element goal, error and met": (
        lambda f: add_precision(f, 3, 1), "'precision_goal'"),
    "paths_completed larger than paths_requested": (
        lambda f: set_attribute(f, "paths_completed", np.uint64(10 ** 6)), "'paths_completed'"),
    "status banana": (lambda f: set_attribute(f, "status", "banana"), "'status'"),
    "float dataset replaced by strings": (
        lambda f: replace(f, "multi_cloud_adoption",
                          np.full(f["multi_cloud_adoption"].shape, "0.5", dtype=object), STRING),
        "'multi_cloud_adoption'"),
    # Careful forgeries that keep every dimension scale attached (xarray alone opens them).
    "provider replaced by 3 names, still a dimension scale": (
        lambda f: replace_scale(f, "provider", f["provider"].asstr()[:3]), "'provider'"),
    "float dataset replaced by strings, scales kept": (
        lambda f: replace_keeping_scales(f, "demand", np.full(f["demand"].shape, "1",
                                                              dtype=object), STRING), "'demand'"),
    "3 precision targets, precision_met of 1 element": (
        lambda f: [add_precision(f, 3, 3), replace_keeping_scales(
            f, "precision_met", np.ones(1, np.int32))], "'precision_met'"),
    # Attributes.
    "seed a float": (lambda f: set_attribute(f, "seed", 20210101.5), "'seed'"),
    "seed a string": (lambda f: set_attribute(f, "seed", "20210101"), "'seed'"),
    "seed missing": (lambda f: f.attrs.__delitem__("seed"), "'seed'"),
    "paths_completed a string": (lambda f: set_attribute(f, "paths_completed", "50"),
                                 "'paths_completed'"),
    "complete with paths missing": (
        lambda f: set_attribute(f, "paths_completed", np.uint64(49)), "'paths_completed'"),
    "record_level weekly": (lambda f: set_attribute(f, "record_level", "weekly"), "'record_level'"),
    "format_version a string": (lambda f: set_attribute(f, "format_version", "2.0"),
                                "'format_version'"),
    "format_version 4": (lambda f: set_attribute(f, "format_version", np.array([4, 0], np.int32)),
                         "format version 4.0"),
    # Datasets.
    "revenue missing": (lambda f: f.__delitem__("revenue"), "'revenue'"),
    "paths_requested larger than the path dimension": (
        lambda f: [set_attribute(f, "paths_requested", np.uint64(60)),
                   set_attribute(f, "paths_completed", np.uint64(60))], "'path'"),
    "path numbers out of order": (lambda f: set_path(f, 3, 7), "'path'"),
    "a provider named twice": (
        lambda f: replace_scale(f, "provider", ["Alibaba"] * 8), "'provider'"),
    "a quarter label that is not a quarter": (
        lambda f: replace_keeping_scales(f, "quarter", ["2030Q5"], STRING), "'quarter'"),
    "a quarter the scenario does not end in": (
        lambda f: replace_keeping_scales(f, "quarter", ["2029Q4"], STRING), "'quarter'"),
    "event_quarter as floats": (
        lambda f: replace_keeping_scales(f, "event_quarter", f["event_quarter"][...] * 1.0),
        "'event_quarter'"),
    "summary_share with a statistic missing": (
        lambda f: replace_keeping_scales(f, "summary_share", f["summary_share"][..., :6]),
        "'summary_share'"),
}


@pytest.fixture(params=list(BAD_FILES), scope="module")
def bad_file(request, small, tmp_path_factory):
    edit, named = BAD_FILES[request.param]
    out = tmp_path_factory.mktemp("bad") / "edited.h5"
    shutil.copy(small, out)
    with h5py.File(out, "r+") as f:
        edit(f)
    return out, named


def test_the_unedited_file_loads(small):
    with cloudsim.load(small) as ds:
        assert ds.sizes["path"] == 50 and ds.attrs["status"] == "complete"


def test_a_bad_file_is_refused_naming_the_file_and_what_is_wrong(bad_file):
    path, named = bad_file
    with pytest.raises(cloudsim.BadResultError) as error:
        cloudsim.load(path)
    assert isinstance(error.value, ValueError)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and named in message, message
    assert "\n" not in message


def test_the_report_refuses_a_bad_file_in_one_line(bad_file, tmp_path):
    path, named = bad_file
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, str(ROOT / "scripts/report"), str(path), "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"report: {path}: ") and named in lines[0], \
        run.stderr
    assert not out.exists() and run.stdout == ""


def test_a_file_that_is_not_hdf5_is_refused(tmp_path):
    text = tmp_path / "notes.h5"
    text.write_text("not a result")
    with pytest.raises(cloudsim.BadResultError, match=re.escape(f"{text}: not an HDF5 file")):
        cloudsim.load(text)
    with pytest.raises(FileNotFoundError):
        cloudsim.load(tmp_path / "missing.h5")
