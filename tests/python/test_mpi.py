"""The MPI build (scripts/build mpi) under mpirun: the same file as a single process for 1, 2 and
3 ranks, and errors reported once with every rank stopped. Skipped when the MPI build or mpirun
is missing (scripts/test builds it: setup installs OpenMPI and HDF5's OpenMPI flavour)."""
import os
import pathlib
import re
import shutil
import signal
import subprocess

import pytest

from conftest import ROOT

MPI_SIM = pathlib.Path(os.environ.get("CLOUDSIM_MPI_SIM", ROOT / "build/mpi/sim/sim"))
BASELINE = ROOT / "scenarios/baseline.toml"
CAPTURE = ROOT / "scenarios/bytedance-multicloud-capture.toml"

pytestmark = pytest.mark.skipif(not MPI_SIM.exists() or shutil.which("mpirun") is None,
                                reason="no MPI build (scripts/build mpi) or no mpirun")


def mpirun(ranks, *args, timeout=300, mca=(), environment=None):
    """`mpirun -n RANKS sim ARGS` (or an MPMD command line when ARGS contain ':'); `mca` holds
    (parameter, value) pairs for OpenMPI, `environment` variables for every rank."""
    command = ["mpirun", "-q", "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")  # CI runs as root
    for parameter, value in mca:
        command += ["--mca", parameter, value]
    for name, value in (environment or {}).items():
        command += ["-x", f"{name}={value}"]
    command += ["-n", str(ranks), str(MPI_SIM), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def h5diff(a, b):
    result = subprocess.run(["h5diff", str(a), str(b)], capture_output=True, text=True)
    return result.returncode, result.stdout


def test_one_two_and_three_ranks_write_what_one_process_writes(sim, tmp_path):
    """2,500 paths are three blocks (1,024, 1,024, 452), dealt unevenly to 2 ranks and one each
    to 3; two scenarios; every quarter recorded; summaries included."""
    arguments = [BASELINE, CAPTURE, "--paths", 2500, "-q"]
    reference = tmp_path / "single.h5"
    sim("run", *arguments, "-o", reference, check=True)
    for ranks in (1, 2, 3):
        out = tmp_path / f"ranks{ranks}.h5"
        run = mpirun(ranks, "run", *arguments, "-o", out, "--threads", 1)
        assert run.returncode == 0, run.stderr
        code, report = h5diff(reference, out)
        assert code == 0, f"{ranks} ranks: h5diff found differences:\n{report[-2000:]}"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert (tmp_path / "ranks1.h5").read_bytes() == reference.read_bytes(), \
        "one rank runs the single-process path: the same bytes"


def test_ranks_take_whole_blocks_as_they_ask_and_the_report_says_how_many_paths_each_ran(
        tmp_path):
    """Blocks of 1,024 paths go to the ranks as they ask (docs/distributed.md): every block once,
    block 0 to rank 0 (its summaries set their grids from it)."""
    out = tmp_path / "dealt.h5"
    run = mpirun(3, "run", ROOT / "bench/core.toml", "--paths", 5000, "-o", out, "--threads", 1)
    assert run.returncode == 0, run.stderr
    found = re.search(r"on each of 3 MPI ranks \(blocks as the ranks asked; "
                      r"paths simulated per rank: ([0-9, ]+)\)", run.stdout)
    assert found, run.stdout
    counts = [int(c) for c in found.group(1).split(",")]
    assert len(counts) == 3 and sum(counts) == 5000, counts
    assert counts[0] >= 1024, counts
    assert sorted(c % 1024 for c in counts) == [0, 0, 5000 % 1024], \
        f"whole blocks, one of them the last, partial one: {counts}"


def test_without_a_shared_counter_blocks_are_dealt_in_turn_and_the_file_is_the_same(sim, tmp_path):
    """Over TCP without UCX, OpenMPI 4's one-sided component (osc/pt2pt) refuses
    MPI_THREAD_MULTIPLE, so the ranks cannot share a block counter: they agree on that and deal
    the blocks in turn (block b to rank b mod K) instead of aborting."""
    arguments = [ROOT / "bench/core.toml", "--paths", 3000]
    reference = tmp_path / "single.h5"
    sim("run", *arguments, "-q", "-o", reference, check=True)
    out = tmp_path / "dealt-in-turn.h5"
    run = mpirun(2, "run", *arguments, "-o", out, "--threads", 1,
                 mca=[("btl", "tcp,self"), ("pml", "ob1"), ("osc", "^sm,ucx")])
    assert run.returncode == 0, run.stderr
    assert "(blocks dealt in turn; paths simulated per rank: 1976, 1024)" in run.stdout, run.stdout
    code, report = h5diff(reference, out)
    assert code == 0, f"h5diff found differences:\n{report[-2000:]}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dealt-in-turn.h5", "single.h5"]


def test_a_conditioned_run_is_the_same_for_two_ranks(sim, tmp_path):
    """Every rank conditions the whole batch identically (docs/conditioning.md), then simulates
    its own paths: the file equals the single process's."""
    arguments = [BASELINE, "--observations",
                 ROOT / "scenarios/observations/china-cloud-2021-2023.toml", "--paths", 1500, "-q"]
    reference = tmp_path / "single.h5"
    sim("run", *arguments, "-o", reference, check=True)
    out = tmp_path / "ranks2.h5"
    run = mpirun(2, "run", *arguments, "-o", out, "--threads", 1)
    assert run.returncode == 0, run.stderr
    code, report = h5diff(reference, out)
    assert code == 0, f"h5diff found differences:\n{report[-2000:]}"


def test_a_signal_while_conditioning_ends_the_run_with_nothing_written(tmp_path):
    """SIGTERM to every rank while they condition: they stop conditioning at once, take no block
    and end the run as interrupted, exit 143, with no file and no temporary. The signal used to
    be forgotten after conditioning, and the run went on to write a complete file with exit 0;
    later it was acted on only once conditioning had ended."""
    out = tmp_path / "signalled.h5"
    command = ["mpirun", "-q", "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    command += ["-n", "2", str(MPI_SIM), "run", str(BASELINE), "--observations",
                str(ROOT / "scenarios/observations/china-cloud-2021-2023.toml"),
                "--paths", "1500", "-o", str(out), "--threads", "1"]
    launcher = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        first_line = launcher.stderr.readline()  # rank 0 says so as it starts conditioning
        assert "conditioning baseline" in first_line, first_line
        ranks = subprocess.run(["pgrep", "-P", str(launcher.pid)], capture_output=True,
                               text=True).stdout.split()
        assert len(ranks) == 2, ranks
        for rank in ranks:
            os.kill(int(rank), signal.SIGTERM)
        _, rest = launcher.communicate(timeout=300)
    finally:
        if launcher.poll() is None:
            launcher.kill()
    assert launcher.returncode == 128 + signal.SIGTERM, first_line + rest
    assert "conditioned in" not in rest, f"conditioning was not interrupted: {rest}"
    assert "interrupted; " in rest and "was not written" in rest, rest
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


def rank_processes(launcher):
    """{rank: pid} of mpirun's children, from the rank OpenMPI puts in each one's environment."""
    pids = subprocess.run(["pgrep", "-P", str(launcher.pid)], capture_output=True,
                          text=True).stdout.split()
    ranks = {}
    for pid in pids:
        environment = pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        for entry in environment:
            if entry.startswith(b"OMPI_COMM_WORLD_RANK="):
                ranks[int(entry.split(b"=", 1)[1])] = int(pid)
    return ranks


@pytest.mark.parametrize("signalled", [0, 1])
def test_a_signal_to_one_rank_ends_every_rank_with_that_signals_code(tmp_path, signalled):
    """SIGTERM to one rank only, while it conditions: it stops conditioning, the other finishes
    its own, and then every rank ends the run as interrupted with exit 143 (the rank no signal
    reached used to exit 130, and mpirun passed on whichever code it heard first). Nothing is
    written."""
    out = tmp_path / "signalled.h5"
    command = ["mpirun", "-q", "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    command += ["-n", "2", str(MPI_SIM), "run", str(BASELINE), "--observations",
                str(ROOT / "scenarios/observations/china-cloud-2021-2023.toml"),
                "--paths", "1500", "-o", str(out), "--threads", "1"]
    launcher = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        first_line = launcher.stderr.readline()
        assert "conditioning baseline" in first_line, first_line
        ranks = rank_processes(launcher)
        assert sorted(ranks) == [0, 1], ranks
        os.kill(ranks[signalled], signal.SIGTERM)
        _, rest = launcher.communicate(timeout=300)
    finally:
        if launcher.poll() is None:
            launcher.kill()
    assert launcher.returncode == 128 + signal.SIGTERM, first_line + rest
    # Rank 0 reports: it finished conditioning unless it was the one signalled.
    assert ("baseline conditioned in" in rest) == (signalled != 0), rest
    assert rest.count("interrupted; ") == 1 and "was not written" in rest, rest
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


@pytest.fixture(scope="module")
def failing_chunk_open(tmp_path_factory):
    """An LD_PRELOAD library that makes open(…, O_WRONLY) fail with EACCES in the rank named by
    FAIL_OPEN_RANK: the rank's own way into the result file for its chunks (RawChunkFile; HDF5
    and MPI-IO open files read-write)."""
    source = tmp_path_factory.mktemp("shim") / "fail_open.c"
    source.write_text(r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
static int should_fail(int flags) {
  const char* rank = getenv("OMPI_COMM_WORLD_RANK");
  const char* target = getenv("FAIL_OPEN_RANK");
  return rank && target && strcmp(rank, target) == 0 && (flags & O_ACCMODE) == O_WRONLY;
}
#define WRAP(name) \
  int name(const char* path, int flags, ...) { \
    va_list ap; va_start(ap, flags); int mode = va_arg(ap, int); va_end(ap); \
    if (should_fail(flags)) { errno = EACCES; return -1; } \
    int (*real)(const char*, int, ...) = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, #name); \
    return real(path, flags, mode); \
  }
WRAP(open)
WRAP(open64)
""")
    library = source.with_suffix(".so")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source), "-ldl"],
                   check=True)
    return library


@pytest.mark.parametrize("failing", [0, 1])
def test_a_rank_that_cannot_open_the_file_for_its_chunks_stops_every_rank(
        tmp_path, failing_chunk_open, failing):
    """One rank cannot open the result file to write its chunks (permissions, no descriptor
    left): it says so once, every rank exits with its code, and nothing is left. It used to
    fail after the collective open of the HDF5 file, and the other rank waited for ever with the
    temporary file on disk."""
    out = tmp_path / "x.h5"
    run = mpirun(2, "run", ROOT / "bench/core.toml", "--paths", 3000, "-o", out, "--threads", 1,
                 "-q", timeout=120,
                 mca=[], environment={"LD_PRELOAD": failing_chunk_open,
                                      "FAIL_OPEN_RANK": failing})
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("cannot open for writing chunks") == 1, run.stderr
    assert "Permission denied" in run.stderr and "nothing was written" in run.stderr, run.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


def test_an_input_error_on_one_rank_stops_every_rank_with_one_message(tmp_path):
    out = tmp_path / "r.h5"
    bad = ROOT / "tests/scenarios/bad/typo_provider_segment_key.toml"
    # MPMD: rank 0 gets a good scenario, rank 1 a bad one.
    run = mpirun(1, "run", BASELINE, "--paths", 3000, "-o", out, "-q", ":", "-n", 1, MPI_SIM,
                 "run", bad, "--paths", 3000, "-o", out, "-q")
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("unknown key, did you mean 'churn_rate'?") == 1, run.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


def test_usage_problems_are_reported_once(tmp_path):
    existing = tmp_path / "exists.h5"
    existing.write_bytes(b"keep me")
    run = mpirun(2, "run", BASELINE, "--paths", 2000, "-o", existing, "-q")
    assert run.returncode == 2 and run.stderr.count("already exists") == 1, run.stderr
    assert existing.read_bytes() == b"keep me"
    run = mpirun(2, "run", BASELINE, "-o", tmp_path / "p.h5", "-q",
                 "--precision", "se(share(IaaS, Alibaba)) < 0.01")
    assert run.returncode == 2 and run.stderr.count("under mpirun give a path count") == 1
    assert not (tmp_path / "p.h5").exists()
