"""Every interruption leaves a usable state, and two runs never silently replace each other.

A signal (SIGINT, SIGTERM, SIGHUP) at any moment of `sim run` ends in one of: the complete result,
identical to an uninterrupted run's; a partial file that `--resume` completes to that same file;
or, when the signal came before the output file was begun, nothing written at all. The exit code
is 128 + the signal's number whenever a signal arrived."""
import os
import signal
import subprocess
import time

import h5py
import pytest

from conftest import ROOT
from signals import wait_until_catching
from test_damaged_results import forge_fingerprints

PATHS = 20000
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Seconds after the start: before main(), before the scenario is read, while it is read, at the first blocks,
# mid-run, near the end, and after the last path (writing summaries, closing, renaming).
DELAYS = (0.0, 0.002, 0.005, 0.01, 0.02, 0.04, 0.07, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0,
          1.3, 1.7, 2.2)


def arguments(out):
    return ["run", str(ROOT / "scenarios/baseline.toml"), "--paths", str(PATHS), "--record",
            "final", "--threads", "2", "-o", str(out), "-q"]


@pytest.fixture(scope="module")
def reference(sim, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "reference.h5"
    start = time.monotonic()
    sim(*arguments(out), check=True)
    print(f"an uninterrupted run takes {time.monotonic() - start:.2f} s")
    return out.read_bytes()


def leftovers(folder):
    return [p.name for p in folder.iterdir() if ".incomplete-" in p.name]


def interrupt(sim, out, delay, signals):
    process = subprocess.Popen([str(sim.binary), *arguments(out)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    for stop_signal in signals:
        if process.poll() is None:
            process.send_signal(stop_signal)
        time.sleep(0.001)
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr


@pytest.mark.parametrize("delay", DELAYS)
def test_a_signal_at_any_moment_leaves_the_result_or_a_partial_that_resumes(
        sim, reference, tmp_path, delay):
    stop_signal = SIGNALS[DELAYS.index(delay) % len(SIGNALS)]
    out = tmp_path / "result.h5"
    code, stderr = interrupt(sim, out, delay, [stop_signal])
    if code == -stop_signal:
        # Before main() (the dynamic loader's milliseconds) the default action still applies:
        # the shell reports 128 + the signal all the same, and nothing can have been written.
        assert list(tmp_path.iterdir()) == [] and stderr == ""
        return
    assert code in (0, 128 + stop_signal), (code, stderr)
    assert "Sanitizer" not in stderr and "terminate called" not in stderr, stderr
    assert leftovers(tmp_path) == []
    partial = tmp_path / "result.partial.h5"
    if out.exists():
        assert out.read_bytes() == reference, "a complete result is the uninterrupted one"
        assert not partial.exists()
        if code != 0:
            assert "the complete result was written" in stderr, stderr
    elif partial.exists():
        with h5py.File(partial, "r") as f:
            assert f.attrs["status"] == "partial"
            assert 0 <= f.attrs["paths_completed"] < PATHS
        assert f"sim run --resume {partial}" in stderr
        sim("run", "--resume", partial, "-q", check=True)
        assert out.read_bytes() == reference
        assert not partial.exists()
    else:
        assert code == 128 + stop_signal and "nothing was written" in stderr, stderr
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("delay", (0.05, 0.3, 0.9))
def test_a_second_signal_while_the_partial_is_written_changes_nothing(
        sim, reference, tmp_path, delay):
    out = tmp_path / "result.h5"
    code, stderr = interrupt(sim, out, delay, [signal.SIGINT, signal.SIGINT, signal.SIGTERM])
    if code in (-signal.SIGINT, -signal.SIGTERM):  # before main(): nothing can have been written
        assert list(tmp_path.iterdir()) == []
        return
    assert code in (0, 130, 143), (code, stderr)  # the first signal that reached the run decides
    assert leftovers(tmp_path) == []
    partial = tmp_path / "result.partial.h5"
    if partial.exists():
        sim("run", "--resume", partial, "-q", check=True)
    assert out.read_bytes() == reference


def test_a_resume_interrupted_again_keeps_every_path(sim, reference, tmp_path):
    out = tmp_path / "result.h5"
    code, _ = interrupt(sim, out, 0.3, [signal.SIGINT])
    partial = tmp_path / "result.partial.h5"
    assert code == 130 and partial.exists()
    with h5py.File(partial, "r") as f:
        first = int(f.attrs["paths_completed"])
    process = subprocess.Popen([str(sim.binary), "run", "--resume", str(partial), "-q"],
                               stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=300)
    if process.returncode == 143 and partial.exists():
        with h5py.File(partial, "r") as f:
            assert int(f.attrs["paths_completed"]) >= first
        sim("run", "--resume", partial, "-q", check=True)
    assert out.read_bytes() == reference, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.h5"]


def test_the_temporary_of_a_killed_run_is_removed_by_the_next_run(sim, reference, tmp_path):
    out = tmp_path / "result.h5"
    process = subprocess.Popen([str(sim.binary), *arguments(out)])
    time.sleep(0.4)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert len(leftovers(tmp_path)) == 1, "SIGKILL cannot be caught: its temporary remains"
    again = sim(*arguments(out))
    assert again.returncode == 0, again.stderr
    assert "the temporary file of a run that was killed" in again.stderr
    assert leftovers(tmp_path) == []
    assert out.read_bytes() == reference


def test_running_out_of_memory_says_so_and_leaves_the_output_as_it_was(
        sim, reference, tmp_path, allocation_shim):
    """Allocations of 8 MB or more fail: the engine cannot size its first block (on a worker
    thread, with the file already created). Exit 1, a message that says what happened (it said
    "internal error: std::bad_alloc"), the result being replaced left as it was and no
    temporary."""
    megabytes = 8
    out = tmp_path / "result.h5"
    out.write_bytes(reference)
    starved = dict(os.environ, LD_PRELOAD=str(allocation_shim), FAIL_ALLOC_RANK="0",
                   FAIL_ALLOC_BYTES=str(megabytes << 20))
    run = subprocess.run([str(sim.binary), *arguments(out), "--force"], capture_output=True,
                         text=True, env=starved, timeout=300)
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("sim: out of memory: a buffer could not be allocated") == 1, run.stderr
    assert out.read_bytes() == reference
    assert leftovers(tmp_path) == []


def test_a_closed_progress_pipe_does_not_kill_the_run(sim, reference, tmp_path):
    """`sim run … 2>&1 | head -1`: the reader goes away, the run goes on."""
    out = tmp_path / "result.h5"
    command = [str(sim.binary), *arguments(out)[:-1], "--progress-interval", "0.01"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    process.stderr.readline()
    process.stderr.close()
    assert process.wait(timeout=300) == 0
    assert out.read_bytes() == reference


def test_two_runs_on_one_name_never_silently_replace_each_other(sim, reference, tmp_path):
    out = tmp_path / "result.h5"
    processes = [subprocess.Popen([str(sim.binary), *arguments(out)], stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 2], outcomes
    loser = next(text for code, text in outcomes if code == 2)
    assert "already exists" in loser or "appeared while this run was working" in loser, loser
    assert out.read_bytes() == reference
    kept = [p for p in tmp_path.iterdir() if p.name != "result.h5"]
    assert all(p.name.startswith("result.conflict-") for p in kept), kept
    for p in kept:
        assert p.read_bytes() == reference, "the second run's result is kept, not lost"


def test_force_never_replaces_inputs_devices_or_folders_and_never_creates_folders(
        sim, baseline, tmp_path):
    scenario = tmp_path / "scenario.toml"
    scenario.write_text(baseline.read_text())
    before = scenario.read_bytes()
    short = ["--paths", "20", "-q", "--force"]
    refused = {
        "the scenario itself": sim("run", scenario, "-o", scenario, *short),
        "a device": sim("run", scenario, "-o", "/dev/null", *short),
        "a folder": sim("run", scenario, "-o", tmp_path, *short),
        "a missing folder": sim("run", scenario, "-o", tmp_path / "missing" / "r.h5", *short),
        "an empty name": sim("run", scenario, "-o", "", *short),
    }
    for what, result in refused.items():
        assert result.returncode == 2, (what, result.stderr)
        assert result.stderr.startswith("sim: ") and result.stderr.count("\n") == 1, result.stderr
    assert scenario.read_bytes() == before
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")
    assert not (tmp_path / "missing").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.toml"]


def test_resume_writes_beside_the_partial_unless_told_otherwise(sim, reference, tmp_path):
    """The partial file's `final_output` only suggests a file name: no folder elsewhere is
    created or written without -o, even when a forger recomputes the fingerprints."""
    out = tmp_path / "result.h5"
    code, _ = interrupt(sim, out, 0.3, [signal.SIGINT])
    partial = tmp_path / "result.partial.h5"
    assert code == 130 and partial.exists()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    moved = tmp_path / "moved"
    moved.mkdir()
    partial = partial.rename(moved / "p.partial.h5")
    with h5py.File(partial, "r+") as f:
        f.attrs["final_output"] = str(elsewhere / "deep" / "x.h5")
    assert sim("info", partial).returncode == 2, "an edited final_output is refused"
    with h5py.File(partial, "r+") as f:
        forge_fingerprints(f)  # and even a forged one only suggests a file name
    info = sim("info", partial)
    assert f"result goes to {moved / 'x.h5'}" in info.stdout, info.stdout
    sim("run", "--resume", partial, "-q", check=True)
    assert (moved / "x.h5").read_bytes() == reference
    assert not elsewhere.exists()
    assert not out.exists()


def test_a_precision_run_checks_its_output_name_before_the_path_search(sim, baseline, tmp_path):
    existing = tmp_path / "taken.h5"
    h5py.File(existing, "w").close()
    before = existing.read_bytes()
    target = "se(share(IaaS, Alibaba, 2025Q4)) < 0.00001"  # would search up to the cap
    for out in (existing, tmp_path / "missing" / "r.h5"):
        refused = sim("run", baseline, "--precision", target, "--max-paths", "1000000", "-o", out,
                      timeout=60)
        assert refused.returncode == 2, refused.stderr
        assert "adding paths" not in refused.stderr, "refused before any path was simulated"
    assert existing.read_bytes() == before


def test_names_at_the_length_limit_and_names_of_temporaries(sim, baseline, tmp_path):
    too_long = tmp_path / ("c" * 253 + ".h5")  # 256 bytes: refused before any path is simulated
    refused = sim("run", baseline, "--paths", 500, "--record", "final", "-o", too_long, "-q")
    assert refused.returncode == 2 and "at most 255" in refused.stderr, refused.stderr
    temporary = tmp_path / ".A.h5.incomplete-host-1"  # a live run's file is not an output
    refused = sim("run", baseline, "--paths", 20, "-o", temporary, "--force", "-q")
    assert refused.returncode == 2 and "temporary file of a run" in refused.stderr
    # 248 bytes: the run works, and an interruption keeps a partial under a shortened name.
    long_name = tmp_path / ("e" * 245 + ".h5")
    process = subprocess.Popen([str(sim.binary), *arguments(long_name)], stderr=subprocess.PIPE,
                               text=True)
    wait_until_catching(process)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode in (0, 130), stderr
    if process.returncode == 130:
        partials = [p for p in tmp_path.iterdir() if p.name.endswith(".partial.h5")]
        assert len(partials) == 1 and len(partials[0].name) <= 255, stderr
    assert leftovers(tmp_path) == []


def test_the_printed_resume_command_works_when_pasted_into_a_shell(sim, reference, tmp_path):
    out = tmp_path / "sp ace's.h5"
    code, stderr = interrupt(sim, out, 0.3, [signal.SIGINT])
    assert code == 130, stderr
    command = stderr.split("finish them with: ", 1)[1].strip()
    assert command.startswith("sim run --resume '"), command
    done = subprocess.run(command.replace("sim", str(sim.binary), 1) + " -q", shell=True,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == reference
