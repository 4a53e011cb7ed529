"""The `sim` program as a user meets it: exit codes, messages, and files left behind."""
import os
import re
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

from conftest import ROOT
from signals import wait_until_catching


def test_version_and_help(sim):
    version = sim("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("sim (cloudsim) ")
    for args in (["--help"], ["run", "--help"], ["validate", "--help"]):
        result = sim(*args)
        assert result.returncode == 0, args
        assert "usage" in result.stdout.lower() or "options" in result.stdout, args


def test_help_command(sim):
    listing = sim("help")
    assert listing.returncode == 0
    assert listing.stdout == sim("--help").stdout
    assert "sim help COMMAND" in listing.stdout
    commands = re.findall(r"^  ([a-z]+) ", listing.stdout.split("commands:")[1].split("\n\n")[0],
                          re.MULTILINE)
    assert {"run", "validate", "show", "info", "score", "help"} <= set(commands)
    for command in commands:
        if command == "help":
            continue
        via_help, via_option = sim("help", command), sim(command, "--help")
        assert via_help.returncode == 0, command
        assert via_help.stdout == via_option.stdout, command
        assert via_help.stdout.strip(), command
    unknown = sim("help", "rnu")
    assert unknown.returncode == 2
    assert "unknown command 'rnu'" in unknown.stderr
    assert "did you mean 'run'?" in unknown.stderr
    assert sim("help", "run", "extra").returncode == 2
    assert sim("help", "--paths").returncode == 2


def test_usage_errors_exit_2(sim, baseline, tmp_path):
    assert sim().returncode == 2
    unknown = sim("rnu")
    assert unknown.returncode == 2
    assert "did you mean 'run'?" in unknown.stderr
    assert sim("run").returncode == 2
    assert sim("run", baseline, "--paths", "0", "-o", tmp_path / "x.h5").returncode == 2
    assert sim("run", baseline, "--bogus-option").returncode == 2
    assert sim("run", baseline, "--threads", "-3").returncode == 2
    assert not (tmp_path / "x.h5").exists()


def test_file_names_that_are_not_utf8_are_refused_before_anything_is_written(sim, baseline,
                                                                             tmp_path):
    # The result file records names as UTF-8 strings that h5py, xarray and JSON must read.
    scenario = tmp_path / os.fsdecode(b"sc\xff.toml")
    scenario.write_text(f'extends = "{baseline}"\n')
    output = tmp_path / os.fsdecode(b"out\xff.h5")
    for arguments in ((scenario, "-o", tmp_path / "x.h5"), (baseline, "-o", output)):
        run = sim("run", *arguments, "--paths", "10", "-q")
        assert run.returncode == 2 and "is not valid UTF-8" in run.stderr, run.stderr
        assert "\\xFF" in run.stderr  # the byte escaped: the message itself stays UTF-8
    assert sorted(p.name for p in tmp_path.iterdir()) == [scenario.name]


def test_validate_reports_position_and_exits_2(sim, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[simulation]\nstart_quarter = "2021Q1"\nquarters = 8\nseed = 1\npahts = 10\n')
    result = sim("validate", bad)
    assert result.returncode == 2
    assert f"{bad}:5:1: error: simulation.pahts: unknown key, did you mean 'paths'?" in result.stderr
    # Every problem in one pass: the missing [segments] and [providers] tables too.
    assert "segments: missing required key" in result.stderr
    assert "providers: missing required key" in result.stderr
    assert result.stdout == ""


def test_validate_accepts_the_baseline(sim, baseline):
    result = sim("validate", baseline)
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_missing_scenario_is_an_input_error(sim, tmp_path):
    result = sim("run", tmp_path / "nope.toml", "-o", tmp_path / "out.h5")
    assert result.returncode == 2
    assert "no such scenario file" in result.stderr
    assert not (tmp_path / "out.h5").exists()


def test_existing_output_is_kept_unless_forced(sim, baseline, tmp_path):
    out = tmp_path / "result.h5"
    out.write_bytes(b"precious")
    refused = sim("run", baseline, "--paths", "20", "-o", out)
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    assert out.read_bytes() == b"precious"
    forced = sim("run", baseline, "--paths", "20", "-o", out, "--force", "-q")
    assert forced.returncode == 2 and "not an HDF5 file" in forced.stderr, forced.stderr
    assert out.read_bytes() == b"precious", "--force replaces only result (HDF5) files"
    h5py.File(out, "w").close()
    sim("run", baseline, "--paths", "20", "-o", out, "--force", "-q", check=True)
    assert out.read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.h5"], "no temporary left behind"


def test_same_seed_gives_identical_files_whatever_the_threads(sim, baseline, tmp_path):
    files = {}
    for name, extra in {
        "t1": ["--threads", "1"],
        "t2": ["--threads", "2"],
        "t2b": ["--threads", "2", "--block-size", "13"],
        "again": ["--threads", "2"],
        "seed": ["--threads", "2", "--seed", "7"],
    }.items():
        files[name] = tmp_path / f"{name}.h5"
        sim("run", baseline, "--paths", "300", "-o", files[name], "-q", *extra, check=True)
    reference = files["t1"].read_bytes()
    assert files["t2"].read_bytes() == reference
    assert files["t2b"].read_bytes() == reference
    assert files["again"].read_bytes() == reference
    assert files["seed"].read_bytes() != reference
    h5diff = subprocess.run(["h5diff", files["t1"], files["t2b"]], capture_output=True, text=True)
    assert h5diff.returncode == 0, h5diff.stdout


def test_a_chip_programme_gives_the_same_file_whatever_the_block_size(sim, tmp_path):
    """A chip programme lowers its provider's unit cost on the paths where it runs; that saving
    used to carry over into the next path a stepper simulated, so the file depended on the block
    size (0.8.0)."""
    scenario = ROOT / "tests/scenarios/chip_programme.toml"
    files = []
    for extra in (["--block-size", "1", "--threads", "1"], ["--block-size", "7", "--threads", "2"],
                  ["--threads", "1"]):
        files.append(tmp_path / f"{len(files)}.h5")
        sim("run", scenario, "--paths", "200", "-o", files[-1], "-q", *extra, check=True)
    assert files[1].read_bytes() == files[0].read_bytes()
    assert files[2].read_bytes() == files[0].read_bytes()
    with h5py.File(files[0]) as result:
        events = [name.decode() for name in result["event"][:]]
        started = result["event_quarter"][0, :, events.index(
            "Volcano Engine: chips (chip_programme) starts")]
    assert (started >= 0).sum() > 20, "the programme runs on enough paths to matter"


@pytest.mark.parametrize("case", ["core", "core-with-exits", "grouped-with-regimes",
                                  "grouped-with-caps", "baseline", "baseline-conditioned"])
def test_path_by_path_stepping_writes_the_same_file(sim, tmp_path, case):
    """--path-by-path steps every path alone with the reference stepper; by default a model the
    four-paths-at-once stepper covers (bench/core.toml; bench/grouped.toml, with customer groups,
    here with growth regimes and drawn inputs too) runs in lanes, a path leaving them when a
    provider exits; baseline.toml's strategies, customer groups, captive books and migrations run
    in lanes too. Both must write the same file byte for byte. Conditioned, the histories the SMC simulates go
    four at a time in lanes, or each alone with the switch."""
    scenario = ROOT / {"baseline": "scenarios/baseline.toml",
                       "baseline-conditioned": "scenarios/baseline.toml",
                       "grouped-with-regimes": "bench/grouped.toml",
                       "grouped-with-caps": "bench/grouped.toml"}.get(case, "bench/core.toml")
    extra = []
    if case == "grouped-with-regimes":
        # Regimes that move often, one of their probabilities drawn per path.
        extra = ["--set", 'growth_regimes.slowdown_probability={distribution="uniform",low=0.1,high=0.4}',
                 "--set", "growth_regimes.recovery_probability=0.3",
                 "--set", "growth_regimes.slowdown_penalty=0.25"]
    if case == "grouped-with-caps":
        # Caps (one with a planned site and its fixed cost; Alibaba's binds on about a third of
        # the paths), the second cloud's share and the Bass q drawn per path: stepped in lanes
        # since 0.8.1.
        extra = ["--set", "providers.Alibaba.capacity=150",
                 "--set", "providers.Alibaba.capacity_growth=0.3",
                 "--set", "providers.Alibaba.capacity_fixed_cost=0.05",
                 "--set", 'providers.Alibaba.capacity_additions.north={quarter="2023Q3",amount=20.0}',
                 "--set", "providers.Tencent.capacity=30",
                 "--set", 'multi_cloud.second_cloud_spend_share={distribution="uniform",low=0.2,high=0.4}',
                 "--set", 'multi_cloud.imitation={distribution="uniform",low=0.2,high=0.6}']
    if case == "baseline-conditioned":
        extra = ["--observations", ROOT / "scenarios/observations/china-cloud-2021-2023.toml"]
    if case == "core-with-exits":
        # Baidu loses money until its book has grown; the noise decides whether it exits first
        # (in 18 of these 203 paths, at quarters 2 to 5).
        extra = ["--set", "providers.Baidu.gross_margin=0.2",
                 "--set", "providers.Baidu.fixed_cost=4.5",
                 "--set", "providers.Baidu.loss_limit=4"]
    files = {}
    for name, switch in {"lanes": [], "alone": ["--path-by-path"]}.items():
        files[name] = tmp_path / f"{name}.h5"
        sim("run", scenario, "--paths", "203", "--threads", "2", "--block-size", "50", "-o",
            files[name], "-q", *extra, *switch, check=True)
    assert files["lanes"].read_bytes() == files["alone"].read_bytes()
    if case == "grouped-with-regimes":
        with h5py.File(files["lanes"]) as f:
            assert "group_revenue" in f
            regime = f["regime"][()]
        assert 0 < (regime > 0).sum() < regime.size, "paths in both regimes"
    if case == "grouped-with-caps":
        with h5py.File(files["lanes"]) as f:
            providers = [n.decode() if isinstance(n, bytes) else n for n in f["provider"][()]]
            alibaba = f["revenue"][0, :, :, :, providers.index("Alibaba")].sum(axis=2)
        quarters = np.arange(alibaba.shape[1])
        cap = 150 * 1.3 ** (quarters / 4) + 20 * (quarters >= 10)
        at_cap = (np.abs(alibaba - cap) <= 1e-9 * cap).any(axis=1)
        assert 0 < at_cap.sum() < len(at_cap), "Alibaba's cap binds on some paths, not all"
    if case == "core-with-exits":
        with h5py.File(files["lanes"]) as f:
            names = [n.decode() if isinstance(n, bytes) else n for n in f["event"][()]]
            exits = f["event_quarter"][0, :, names.index("Baidu: exits")]
        assert 0 < (exits >= 0).sum() < len(exits), "some paths, not all, must leave the lanes"
        assert len(set(exits[exits >= 0].tolist())) >= 3, "exits at several quarters"


def test_interrupted_run_keeps_the_previous_result_and_a_partial_that_resumes(
        sim, baseline, tmp_path):
    """Signals never touch the final name; SIGINT and SIGTERM keep the completed paths in a
    partial file, which --resume completes to exactly the uninterrupted result."""
    arguments = [str(baseline), "--paths", "150000", "--record", "final", "-q"]
    for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        out = tmp_path / f"interrupted-{stop_signal.name}.h5"
        h5py.File(out, "w").close()  # a previous result: --force replaces only HDF5 files
        previous = out.read_bytes()
        process = subprocess.Popen(
            [str(sim.binary), "run", *arguments, "-o", str(out), "--force"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_until_catching(process)  # SIGINT, SIGTERM and SIGHUP are caught together
        time.sleep(0.7)
        assert process.poll() is None, "the run finished before it could be interrupted"
        process.send_signal(stop_signal)
        _, stderr = process.communicate(timeout=120)
        assert out.read_bytes() == previous, stop_signal
        if stop_signal != signal.SIGKILL:
            assert process.returncode == 128 + stop_signal
            assert f"interrupted ({stop_signal.name}) after" in stderr
            assert f"sim run --resume {tmp_path}/interrupted-{stop_signal.name}.partial.h5" in stderr
            leftovers = [p.name for p in tmp_path.iterdir() if ".incomplete-" in p.name]
            assert leftovers == [], f"{stop_signal.name} cleans up its temporary file"
        else:
            # SIGKILL cannot be caught: only a hidden temporary may remain, never the final name.
            for leftover in tmp_path.iterdir():
                if leftover.name.startswith("."):
                    assert leftover.name.startswith(f".{out.name}.incomplete-")
                    leftover.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"interrupted-{s.name}.h5" for s in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)] +
        [f"interrupted-{s.name}.partial.h5" for s in (signal.SIGINT, signal.SIGTERM)])

    partial = tmp_path / "interrupted-SIGINT.partial.h5"
    with h5py.File(partial, "r") as f:
        kept = int(f.attrs["paths_completed"])
        assert f.attrs["status"] == "partial" and f.attrs["stop_reason"] == "interrupted"
        assert 0 < kept < 150000 and f.attrs["paths_requested"] == 150000
    info = sim("info", partial)
    assert f"paths      {kept} of 150000 (PARTIAL; interrupted)" in info.stdout
    reference = tmp_path / "reference.h5"
    sim("run", *arguments, "-o", reference, check=True)
    final = tmp_path / "interrupted-SIGINT.h5"
    refused = sim("run", "--resume", partial, "-q")
    assert refused.returncode == 2 and "already exists" in refused.stderr, "--force is needed"
    sim("run", "--resume", partial, "--force", "--threads", "1", "--block-size", "500", "-q",
        check=True)
    assert final.read_bytes() == reference.read_bytes()
    assert not partial.exists(), "the partial file is superseded by the complete result"


def test_info_describes_a_result_and_refuses_other_files(sim, baseline, tmp_path):
    out = tmp_path / "r.h5"
    sim("run", baseline, "--paths", "30", "-o", out, "-q", check=True)
    info = sim("info", out)
    assert info.returncode == 0, info.stderr
    assert "cloudsim result, format 3.0" in info.stdout
    assert "paths      30 of 30 (complete; path count)" in info.stdout
    assert "scenarios  1: baseline" in info.stdout
    assert "quarters   40: 2021Q1 … 2030Q4" in info.stdout
    assert "seed 20210101" in info.stdout
    not_hdf5 = tmp_path / "x.h5"
    not_hdf5.write_text("hello")
    refused = sim("info", not_hdf5)
    assert refused.returncode == 2 and "not an HDF5 file" in refused.stderr
    assert sim("info", tmp_path / "absent.h5").returncode == 2
    assert sim("info").returncode == 2


def test_progress_lines_go_to_stderr_unless_quiet(sim, baseline, tmp_path):
    loud = sim("run", baseline, "--paths", "600", "--block-size", "100", "-o", tmp_path / "a.h5",
               "--progress-interval", "0")
    assert loud.returncode == 0
    lines = [l for l in loud.stderr.splitlines() if l.startswith("progress: ")]
    assert len(lines) == 6, loud.stderr
    assert lines[-1].startswith("progress: 600 / 600 paths (100%)")
    quiet = sim("run", baseline, "--paths", "600", "-o", tmp_path / "b.h5", "-q",
                "--progress-interval", "0")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_size_estimate_is_close_and_refuses_what_cannot_fit(sim, baseline, tmp_path):
    import re
    for paths in (10, 1500, 5000):
        out = tmp_path / f"e{paths}.h5"
        run = sim("run", baseline, "--paths", paths, "-o", out, "--progress-interval", "1000")
        assert run.returncode == 0, run.stderr
        estimate = float(re.search(r"estimated ([0-9.]+) MB", run.stdout).group(1))
        actual = out.stat().st_size / 1e6
        assert abs(estimate - actual) <= 0.10 * actual, (paths, estimate, actual)
    refused = sim("run", baseline, "--paths", "1000000000", "-o", tmp_path / "huge.h5")
    assert refused.returncode == 2
    assert "--ignore-disk-space" in refused.stderr
    assert not (tmp_path / "huge.h5").exists()


def test_a_full_disk_gives_a_clear_message_and_leaves_nothing(sim, baseline, tmp_path):
    """On a 3 MB file system (tmpfs; needs root to mount, skipped otherwise) a larger result is
    refused before any work, and with --ignore-disk-space fails cleanly when the disk fills."""
    disk = tmp_path / "small"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root?)")
    try:
        out = disk / "r.h5"
        refused = sim("run", baseline, "--paths", 2000, "-o", out, "-q")
        assert refused.returncode == 2
        estimate = re.search(r"would take about ([0-9.]+) MB", refused.stderr)
        assert estimate and float(estimate.group(1)) > 3.0 and "MB are free" in refused.stderr
        failed = sim("run", baseline, "--paths", 2000, "-o", out, "-q", "--ignore-disk-space")
        assert failed.returncode == 1, failed.stderr
        assert "writing the result failed, nothing was written under the output name" in failed.stderr
        assert "No space left on device" in failed.stderr
        assert list(disk.iterdir()) == [], "no final file and no temporary left behind"
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def _minimal_scenario(paths):
    return ('[simulation]\nstart_quarter = "2021Q1"\nquarters = 8\n'
            f"paths = {paths}\nseed = 1\n"
            "[segments.IaaS]\ninitial_demand = 100.0\ngrowth_initial = 0.3\n"
            "growth_long_run = 0.1\ngrowth_decay_quarters = 8.0\nvolatility = 0.1\n"
            "price_sensitivity = 1.0\ncapability_sensitivity = 1.0\necosystem_sensitivity = 1.0\n"
            "[providers.Alpha.segments.IaaS]\ninitial_share = 1.0\nchurn_rate = 0.1\n")


def _migration(level, index):
    return (f"[migrations.m_{level}_{index}]\nsegment = \"IaaS\"\nfrom = \"Alpha\"\n"
            f"to = \"self_build\"\namount = {level}.{index}\nstart = \"2021Q3\"\n")


def test_a_diamond_of_extends_is_read_once_per_file(sim, tmp_path):
    # 4 files a level, 15 levels, each extending all 4 of the next: 4^15 paths through the graph,
    # hours if each path were loaded. Every file adds a migration and sets simulation.paths.
    levels, width = 15, 4
    for level in range(levels, 0, -1):
        for index in range(width):
            paths = 1000 + 10 * level + index
            if level == levels:
                text = _minimal_scenario(paths) if index == 0 else f"[simulation]\npaths = {paths}\n"
            else:
                parents = ", ".join(f'"l{level + 1}_{j}.toml"' for j in range(width))
                text = f"extends = [{parents}]\n[simulation]\npaths = {paths}\n"
            (tmp_path / f"l{level}_{index}.toml").write_text(text + _migration(level, index))
    top = tmp_path / "top.toml"
    top.write_text("extends = [" + ", ".join(f'"l1_{j}.toml"' for j in range(width)) + "]\n")

    result = sim("validate", top, timeout=60)  # a hang guard, not a performance assertion
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout

    # The same scenario written flat, in the order the diamond defines things: the deepest files
    # first, and the last parent's own paths win.
    flat = tmp_path / "flat.toml"
    flat.write_text(_minimal_scenario(1013) + "".join(
        _migration(level, index) for level in range(levels, 0, -1) for index in range(width)))
    shown = sim("show", top, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == sim("show", flat, check=True).stdout


def test_a_huge_parent_is_refused_by_its_size_before_it_is_read(sim, tmp_path):
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as f:  # sparse: no disk space used
        f.truncate(1 << 30)
    child = tmp_path / "child.toml"
    child.write_text('# a scenario\nextends = "huge.toml"\n')
    result = sim("validate", child, timeout=60)
    assert result.returncode == 2, result.stderr
    assert (f"{child}:2:11: error: extends: the parent scenario {huge} is 1073741824 bytes; "
            "the limit is 1048576") in result.stderr


@pytest.mark.parametrize("option", ["--seed", "--paths", "--max-paths"])
def test_negative_counts_are_refused_not_wrapped(sim, baseline, tmp_path, option):
    # program_options read "-1" as 2^64 - 1 for an unsigned option.
    out = tmp_path / "x.h5"
    for value in ("-1", "1e3", "12abc", ""):
        result = sim("run", baseline, option, value, "-o", out)
        assert result.returncode == 2, (value, result.stderr)
        assert f"sim: {option} must be a whole number from " in result.stderr, result.stderr
        assert f"not '{value}'" in result.stderr
    assert not out.exists()


def test_set_takes_one_key_path_and_one_value(sim, baseline):
    smuggled = sim("validate", baseline, "--set", "simulation.currency_unit=1\nsimulation.seed=2")
    assert smuggled.returncode == 2
    assert "holds more than one assignment" in smuggled.stderr
    assert "\\nsimulation.seed=2" in smuggled.stderr, "the line break is printed escaped"
    junk_key = sim("validate", baseline, "--set", "simulation.seed\n[x]\ny=1")
    assert junk_key.returncode == 2
    assert "'simulation.seed\\n[x]\\ny' is not a key path: found a line break" in junk_key.stderr
    spaced = sim("validate", baseline, "--set", "simulation.pa ths=2")
    assert spaced.returncode == 2 and "found 't' at character 15" in spaced.stderr
    fine = sim("validate", baseline, "--set", 'providers."Volcano Engine".price_index = 1.1',
               "--set", "simulation.currency_unit=USD bn")
    assert fine.returncode == 0, fine.stderr


def test_the_extremes_of_every_range_give_finite_numbers(sim, tmp_path):
    out = tmp_path / "extreme.h5"
    sim("run", "tests/scenarios/extreme_ranges.toml", "-o", out, "-q", check=True)
    with h5py.File(out) as f:
        for name, dataset in f.items():
            if isinstance(dataset, h5py.Dataset) and dataset.dtype.kind == "f":
                assert np.isfinite(dataset[...]).all(), name
