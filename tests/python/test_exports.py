"""Scenario titles, descriptions, references and input labels, recorded in the result file;
`sim info --json` and `sim export` (docs/exports.md) checked against h5py's reading of the same
file: every number equal, not close."""
import csv
import json
import math
import shutil
import signal
import subprocess
import time
import tomllib
import zipfile

import h5py
import numpy as np
import openpyxl
import pytest

from conftest import ROOT
from signals import wait_until, wait_until_catching

BASELINE = ROOT / "scenarios/baseline.toml"
STATISTICS = ["mean", "standard_error", "q05", "q25", "q50", "q75", "q95"]


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


@pytest.fixture(scope="module")
def described(tmp_path_factory):
    """A parent scenario with title, description, references and a label, a child that extends
    it, and a batch file with its own title over both."""
    folder = tmp_path_factory.mktemp("described")
    (folder / "parent.toml").write_text(f'''extends = "{BASELINE}"
title = "Parent: baseline, relabelled"
description = """Two lines, with a comma, a "quote"
and 亿元."""
references = ["p1: a source", "shared: both cite it"]
[segments.IaaS]
growth_long_run = {{ distribution = "uniform", low = 0.10, high = 0.20, label = "IaaS long-run growth" }}
''')
    (folder / "child.toml").write_text('''extends = "parent.toml"
title = "Child"
references = ["shared: both cite it", "c1: the child's own"]
''')
    (folder / "batch.toml").write_text('''title = "Does relabelling change anything?"
description = "It should not: same model, same numbers."
[batch]
paths = 300
[scenarios]
parent = "parent.toml"
child = "child.toml"
''')
    return folder


def shown(sim, path):
    return tomllib.loads(sim("show", path, check=True).stdout)


def test_title_and_description_are_not_inherited_references_are(sim, described, tmp_path):
    base = shown(sim, BASELINE).get("references", [])
    parent = shown(sim, described / "parent.toml")
    child = shown(sim, described / "child.toml")
    assert parent["title"] == "Parent: baseline, relabelled"
    assert "description" in parent
    assert child["title"] == "Child"
    assert "description" not in child  # the parent's does not describe the child
    assert parent["references"] == base + ["p1: a source", "shared: both cite it"]
    assert child["references"] == base + ["p1: a source", "shared: both cite it",
                                          "c1: the child's own"]
    assert child["segments"]["IaaS"]["growth_long_run"]["label"] == "IaaS long-run growth"
    # The resolved text reproduces the scenario: shown again, it is the same.
    resolved = tmp_path / "resolved.toml"
    resolved.write_text(sim("show", described / "child.toml", check=True).stdout)
    assert shown(sim, resolved) == child


def test_a_bad_reference_in_a_parent_is_reported_where_it_is_written(sim, tmp_path):
    (tmp_path / "parent.toml").write_text(f'extends = "{BASELINE}"\nreferences = ["ok", ""]\n')
    (tmp_path / "child.toml").write_text('extends = "parent.toml"\nreferences = ["mine"]\n')
    run = sim("validate", tmp_path / "child.toml")
    assert run.returncode == 2
    assert "parent.toml:2:21: error: references[1]: expected some text" in run.stderr


@pytest.fixture(scope="module")
def result(sim, described, tmp_path_factory):
    out = tmp_path_factory.mktemp("result") / "batch.h5"
    sim("run", described / "batch.toml", "-o", out, "-q", check=True)
    return out


def test_the_result_file_records_titles_references_and_labels(result):
    with h5py.File(result, "r") as f:
        assert [text(t) for t in f["scenario_title"][:]] == ["Parent: baseline, relabelled",
                                                           "Child"]
        assert text(f["scenario_description"][1]) == ""
        references = text(f["scenario_references"][1]).split("\n")
        assert references[-3:] == ["p1: a source", "shared: both cite it", "c1: the child's own"]
        keys = [text(k) for k in f["parameter"][:]]
        labels = dict(zip(keys, (text(v) for v in f["parameter_label"][:])))
        assert labels["segments.IaaS.growth_long_run"] == "IaaS long-run growth"
        assert f.attrs["batch_title"] == "Does relabelling change anything?"
        assert f.attrs["batch_description"] == "It should not: same model, same numbers."


def info_json(sim, path):
    run = sim("info", "--json", path)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def check_against_file(document, path):
    with h5py.File(path, "r") as f:
        assert document["filetype"] == f.attrs["filetype"]
        assert document["format_version"] == list(f.attrs["format_version"])
        assert document["seed"] == int(f.attrs["seed"])
        assert document["paths_requested"] == int(f.attrs["paths_requested"])
        assert document["paths_completed"] == int(f.attrs["paths_completed"])
        assert document["status"] == f.attrs["status"]
        assert document["stop_reason"] == f.attrs["stop_reason"]
        assert document["record_level"] == f.attrs["record_level"]
        assert document["currency_unit"] == f.attrs["currency_unit"]
        assert document["time_dimension"] == "time"
        label = document["time_label"]
        assert label == ("year" if f.attrs["record_level"] == "annual" else "quarter")
        assert document["labels"]["period"] == [text(q) for q in f[label][:]]
        assert document["dimensions"]["time"] == len(f["time"])
        for name in ("segment", "provider"):
            assert document["labels"][name] == [text(x) for x in f[name][:]]
            assert document["dimensions"][name] == len(f[name])
        assert [s["name"] for s in document["scenarios"]] == [text(s) for s in f["scenario"][:]]
        periods = [text(p) for p in f["summary_period"][:]]
        assert document["labels"]["summary_period"] == periods
        scenarios = [text(s) for s in f["scenario"][:]]
        segments = [text(s) for s in f["segment"][:]]
        providers = [text(s) for s in f["provider"][:]]
        statistics = [text(s) for s in f["statistic"][:]]
        assert statistics == STATISTICS
        records = document["summaries"]
        shape = f["summary_share"].shape[:4]
        assert len(records) == 2 * int(np.prod(shape))
        for record in records:
            at = (scenarios.index(record["scenario"]), periods.index(record["period"]),
                  segments.index(record["segment"]), providers.index(record["provider"]))
            values = f["summary_" + record["quantity"]][at]
            for k, statistic in enumerate(STATISTICS):
                stored = float(values[k])
                assert record[statistic] == (None if math.isnan(stored) else stored)
            assert record["rank_error"] == float(f[f"summary_{record['quantity']}_rank_error"][at])


def test_info_json_matches_the_file_exactly(sim, result):
    document = info_json(sim, result)
    check_against_file(document, result)
    assert document["batch"]["title"] == "Does relabelling change anything?"
    assert document["scenarios"][1]["title"] == "Child"
    assert document["scenarios"][1]["references"][-1] == "c1: the child's own"
    integrity = document["integrity"]
    assert integrity["structure"] == "checked" and integrity["fingerprints"] == "verified"
    # It says what "verified" does not cover (an edited number in the paths or summaries).
    assert "not the path data or the summaries" in integrity["fingerprints_cover"]
    assert integrity["path_checksums"].startswith("not checked here")
    growth = next(p for p in document["parameters"] if p["key"] == "segments.IaaS.growth_long_run")
    assert growth["label"] == "IaaS long-run growth"
    assert set(growth["distribution"]) == {"parent", "child"}


def test_info_json_to_a_full_disk_fails_loudly(sim, result):
    with open("/dev/full", "w") as full:
        run = subprocess.run([str(sim.binary), "info", "--json", str(result)], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=60)
    assert run.returncode == 1 and "writing to standard output failed" in run.stderr


def test_info_json_help_works(sim):
    run = sim("info", "--json", "--help")
    assert run.returncode == 0 and "--json" in run.stdout


@pytest.fixture(scope="module")
def partial(sim, tmp_path_factory):
    out = tmp_path_factory.mktemp("partial") / "run.h5"
    process = subprocess.Popen([str(sim.binary), "run", str(BASELINE), "--paths", "200000",
                                "--record", "final", "-o", str(out), "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_catching(process)
    time.sleep(1.0)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    partial = out.with_name(out.stem + ".partial.h5")
    assert partial.exists(), stderr
    return partial


def test_info_json_of_a_partial_file(sim, partial):
    document = info_json(sim, partial)
    assert document["status"] == "partial"
    assert 0 < document["paths_completed"] < document["paths_requested"]
    assert document["final_output"].endswith("run.h5")
    check_against_file(document, partial)


def test_a_damaged_or_edited_file_gives_the_info_error_and_nothing_on_stdout(sim, result,
                                                                            tmp_path):
    edited = tmp_path / "edited.h5"
    shutil.copy(result, edited)
    with h5py.File(edited, "r+") as f:
        f["scenario_title"][0] = "Not what was run"  # the fingerprint covers the titles
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(result.read_bytes()[:4096])
    for bad in (edited, truncated):
        plain = sim("info", bad)
        as_json = sim("info", "--json", bad)
        assert plain.returncode == 2 and as_json.returncode == 2, as_json.stderr
        assert as_json.stdout == ""
        assert as_json.stderr == plain.stderr
    assert "does not match its fingerprint" in sim("info", "--json", edited).stderr


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def number(cell):
    return None if cell in ("", None) else float(cell)


def test_export_csv_holds_the_files_numbers(sim, result, tmp_path):
    out = tmp_path / "tables"
    run = sim("export", result, "--format", "csv", "--paths", "-o", out)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["summaries.csv", "metadata.csv", "scenarios.csv", "inputs.csv", "path_outcomes.csv",
         "path_inputs.csv"])
    with h5py.File(result, "r") as f:
        scenarios = [text(s) for s in f["scenario"][:]]
        periods = [text(p) for p in f["summary_period"][:]]
        segments = [text(s) for s in f["segment"][:]]
        providers = [text(s) for s in f["provider"][:]]
        header, rows = read_csv(out / "summaries.csv")
        assert header[:6] == ["scenario", "period", "segment", "provider", "quantity", "units"]
        assert len(rows) == 2 * int(np.prod(f["summary_share"].shape[:4]))
        for row in rows:
            at = (scenarios.index(row[0]), periods.index(row[1]), segments.index(row[2]),
                  providers.index(row[3]))
            stored = f["summary_" + row[4]][at]
            assert [number(c) for c in row[6:13]] == [float(v) for v in stored]
            per = "year" if f.attrs["record_level"] == "annual" else "quarter"
            assert row[5] == ("1" if row[4] == "share" else
                              f"{f.attrs['currency_unit']} per {per}"), row
        # The description's comma, quotes, line break and 亿元 survive the quoting.
        header, rows = read_csv(out / "scenarios.csv")
        assert rows[0][header.index("description")] == text(f["scenario_description"][0])
        # Per path: share = revenue / demand (0 without demand), as cloudsim.share computes it.
        revenue, demand = f["revenue"][:], f["demand"][:]
        time = [text(q) for q in f[f.attrs["record_level"] == "annual" and "year" or "quarter"][:]]
        header, rows = read_csv(out / "path_outcomes.csv")
        assert len(rows) == revenue.size
        for row in rows[:: max(1, len(rows) // 5000)]:
            s, p = scenarios.index(row[0]), int(row[1])
            t, g, v = time.index(row[2]), segments.index(row[3]), providers.index(row[4])
            r, d = revenue[s, p, t, g, v], demand[s, p, t, g]
            assert number(row[6]) == float(r) and number(row[7]) == float(d)
            assert number(row[5]) == (float(r / d) if d > 0 else 0.0)
        parameters = [text(k) for k in f["parameter"][:]]
        drawn = f["parameters"][:]
        header, rows = read_csv(out / "path_inputs.csv")
        assert len(rows) == int(np.sum(~np.isnan(drawn)))
        for row in rows:
            stored = drawn[scenarios.index(row[0]), int(row[1]), parameters.index(row[2])]
            assert number(row[4]) == float(stored)


def test_export_xlsx_is_a_valid_workbook_with_every_cell_equal(sim, result, tmp_path):
    out = tmp_path / "tables.xlsx"
    run = sim("export", result, "--format", "xlsx", "--paths", "-o", out)
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None  # every entry's CRC-32 checks
    csv_folder = tmp_path / "csv"
    sim("export", result, "--format", "csv", "--paths", "-o", csv_folder, check=True)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["summaries", "metadata", "scenarios", "inputs", "path_outcomes",
                               "path_inputs"]
    for name in book.sheetnames:
        header, rows = read_csv(csv_folder / f"{name}.csv")
        sheet = list(book[name].iter_rows(values_only=True))
        assert list(sheet[0]) == header
        assert len(sheet) - 1 == len(rows)
        for got, expected in zip(sheet[1:], rows):
            for cell, field in zip(got, expected):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    assert float(cell) == float(field)  # the same double as the CSV's digits
                else:
                    assert (cell or "") == field


def test_export_refuses_without_touching_existing_output(sim, result, tmp_path):
    out = tmp_path / "tables.xlsx"
    out.write_bytes(b"earlier")
    run = sim("export", result, "--format", "xlsx", "-o", out)
    assert run.returncode == 2 and "already exists" in run.stderr and "--force" in run.stderr
    assert out.read_bytes() == b"earlier"
    sim("export", result, "--format", "xlsx", "-o", out, "--force", check=True)
    assert zipfile.is_zipfile(out)
    assert list(tmp_path.iterdir()) == [out]  # no temporary left beside it

    typo = sim("export", result, "--format", "xslx", "-o", tmp_path / "x")
    assert typo.returncode == 2 and "did you mean 'xlsx'" in typo.stderr

    big = sim("export", result, "--format", "csv", "--paths", "--max-rows", "10",
              "-o", tmp_path / "big")
    assert big.returncode == 2 and "--max-rows" in big.stderr
    assert not (tmp_path / "big").exists()
    for absurd in ("-1", "1e99", "ten", "18446744073709551616"):  # -1 once read as 2^64 - 1
        refused = sim("export", result, "--format", "csv", "--paths", "--max-rows", absurd,
                      "-o", tmp_path / "big")
        assert refused.returncode == 2 and "--max-rows must be a whole number" in refused.stderr
        assert not (tmp_path / "big").exists()

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    forced = sim("export", result, "--format", "csv", "-o", folder, "--force")
    assert forced.returncode == 2 and "not a folder of .csv files" in forced.stderr
    assert (folder / "mine.txt").read_text() == "keep me"


def test_an_interrupted_export_leaves_nothing_and_keeps_the_old_output(sim, tmp_path):
    result = tmp_path / "big.h5"
    sim("run", BASELINE, "--paths", 4000, "-o", result, "-q", check=True)  # ~4 s to export
    out = tmp_path / "tables"
    out.mkdir()
    (out / "summaries.csv").write_text("an earlier export\n")
    process = subprocess.Popen([str(sim.binary), "export", str(result), "--format", "csv",
                                "--paths", "--max-rows", "100000000", "-o", str(out), "--force"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Interrupt once the export is writing its temporary (not after a fixed delay: on a loaded
    # machine the program may not even have reached main by then).
    temporary = tmp_path / f".tables.exporting-{process.pid}"
    wait_until(process, temporary.exists, "it wrote its temporary (so, before it was interrupted)")
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "was not written" in stderr and stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.h5", "tables"]  # no temporary
    assert [p.name for p in out.iterdir()] == ["summaries.csv"]
    assert (out / "summaries.csv").read_text() == "an earlier export\n"
