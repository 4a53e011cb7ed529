"""The MPI build (scripts/build mpi) under mpirun: the same file as a single process for 1, 2 and
3 ranks, and errors reported once with every rank stopped. Skipped when the MPI build or mpirun
is missing (scripts/test builds it: setup installs OpenMPI and HDF5's OpenMPI flavour)."""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import time

import pytest

from conftest import ROOT, observations_impossible_for_baseline

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


@pytest.mark.parametrize("ranks, paths, dealt", [(2, 3000, "1976, 1024"),
                                                  (4, 5000, "1928, 1024, 1024, 1024")])
def test_without_a_shared_counter_blocks_are_dealt_in_turn_and_the_file_is_the_same(
        sim, tmp_path, ranks, paths, dealt):
    """Over TCP without UCX, OpenMPI 4's one-sided component (osc/pt2pt) refuses
    MPI_THREAD_MULTIPLE, so the ranks cannot share a block counter: they agree on that and deal
    the blocks in turn (block b to rank b mod K) instead of aborting. With four ranks every rank
    has a block, and the histogram counts reach rank 0 along a tree of messages
    (parallel::sum_to_root: rank 3's through rank 2), so a count lost on the way would change the
    quantiles, which h5diff compares."""
    arguments = [ROOT / "bench/core.toml", "--paths", paths]
    reference = tmp_path / "single.h5"
    sim("run", *arguments, "-q", "-o", reference, check=True)
    out = tmp_path / "dealt-in-turn.h5"
    run = mpirun(ranks, "run", *arguments, "-o", out, "--threads", 1,
                 mca=[("btl", "tcp,self"), ("pml", "ob1"), ("osc", "^sm,ucx")])
    assert run.returncode == 0, run.stderr
    assert f"(blocks dealt in turn; paths simulated per rank: {dealt})" in run.stdout, run.stdout
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


STOPPED_CONDITIONING = ("sim: interrupted (SIGTERM) while conditioning on the observations; "
                        "nothing was written")
OBSERVATIONS = ROOT / "scenarios/observations/china-cloud-2021-2023.toml"


def signal_while_conditioning(out, signalled, scenarios=(BASELINE,), observations=OBSERVATIONS):
    """A conditioned run of 2 ranks writing `out`, SIGTERM to the ranks in `signalled` as soon
    as rank 0 says it is conditioning the first scenario (which takes about 2 s). Returns (exit
    code, stderr)."""
    command = ["mpirun", "-q", "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    command += ["-n", "2", str(MPI_SIM), "run", *map(str, scenarios), "--observations",
                str(observations), "--paths", "1500", "-o", str(out), "--threads", "1"]
    launcher = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        first_line = launcher.stderr.readline()
        assert f"conditioning {pathlib.Path(scenarios[0]).stem}" in first_line, first_line
        ranks = rank_processes(launcher)
        assert sorted(ranks) == [0, 1], ranks
        for rank in signalled:
            os.kill(ranks[rank], signal.SIGTERM)
        _, rest = launcher.communicate(timeout=300)
    finally:
        if launcher.poll() is None:
            launcher.kill()
    return launcher.returncode, first_line + rest


def test_a_signal_while_conditioning_ends_the_run_with_nothing_written(tmp_path):
    """SIGTERM to every rank while they condition: they stop conditioning at once, take no block
    and end the run as interrupted, exit 143, with no file and no temporary. The signal used to
    be forgotten after conditioning, and the run went on to write a complete file with exit 0;
    later it was acted on only once conditioning had ended."""
    code, stderr = signal_while_conditioning(tmp_path / "signalled.h5", signalled=[0, 1])
    assert code == 128 + signal.SIGTERM, stderr
    assert "conditioned in" not in stderr, f"conditioning was not interrupted: {stderr}"
    assert STOPPED_CONDITIONING in stderr, stderr
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


@pytest.mark.parametrize("signalled", [0, 1])
def test_a_signal_to_one_rank_ends_every_rank_with_that_signals_code(tmp_path, signalled):
    """SIGTERM to one rank only, while it conditions: it stops conditioning, the other finishes
    its own, and then every rank ends the run as interrupted with exit 143 (the rank no signal
    reached used to exit 130, and mpirun passed on whichever code it heard first). Nothing is
    written."""
    code, stderr = signal_while_conditioning(tmp_path / "signalled.h5", signalled=[signalled])
    assert code == 128 + signal.SIGTERM, stderr
    # Rank 0 reports: it finished conditioning unless it was the one signalled.
    assert ("baseline conditioned in" in stderr) == (signalled != 0), stderr
    assert stderr.count(STOPPED_CONDITIONING) == 1, stderr
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


@pytest.mark.parametrize("signalled", [0, 1])
def test_a_rank_failing_to_condition_while_another_was_stopped_ends_every_rank(tmp_path,
                                                                              signalled):
    """One rank is stopped while it conditions the first scenario of a batch; the other goes on
    to the second, which cannot be conditioned (an observed share that is 0 on every baseline
    path, with a relative error). The failure is reported once and every rank exits with its
    code (2: the observations are the user's to change); the stopped rank used to wait for ever
    at the agreement on the stop."""
    observations = observations_impossible_for_baseline(tmp_path)
    code, stderr = signal_while_conditioning(
        tmp_path / "out.h5", signalled=[signalled], observations=observations,
        scenarios=(ROOT / "scenarios/kuaishou-paas-first.toml", BASELINE))
    assert code == 2, stderr
    assert stderr.count("sim: the observations cannot be conditioned on: none of the 1500 "
                        "simulated histories can have produced the observations") == 1, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [observations.name], \
        "nothing written, no temporary left"


@pytest.fixture(scope="module")
def chunk_file_shim(tmp_path_factory):
    """An LD_PRELOAD library for the result file's raw chunk writes (RawChunkFile, the one
    open(…, O_WRONLY) of a rank: HDF5 and MPI-IO open files read-write). In the rank named by
    FAIL_OPEN_RANK that open fails with EACCES; in the rank named by SLOW_CHUNK_RANK the first
    write through it creates the file SLOW_CHUNK_MARKER and then takes 5 s."""
    source = tmp_path_factory.mktemp("shim") / "chunk_file_shim.c"
    source.write_text(r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
static int this_rank(const char* variable) {
  const char* rank = getenv("OMPI_COMM_WORLD_RANK");
  const char* target = getenv(variable);
  return rank && target && strcmp(rank, target) == 0;
}
static int chunk_fd = -1;
#define OPEN(name) \
  int name(const char* path, int flags, ...) { \
    va_list ap; va_start(ap, flags); int mode = va_arg(ap, int); va_end(ap); \
    int raw = (flags & O_ACCMODE) == O_WRONLY; \
    if (raw && this_rank("FAIL_OPEN_RANK")) { errno = EACCES; return -1; } \
    int (*real)(const char*, int, ...) = (int (*)(const char*, int, ...))dlsym(RTLD_NEXT, #name); \
    int fd = real(path, flags, mode); \
    if (raw && this_rank("SLOW_CHUNK_RANK")) chunk_fd = fd; \
    return fd; \
  }
OPEN(open)
OPEN(open64)
#define PWRITE(name) \
  ssize_t name(int fd, const void* data, size_t bytes, off_t offset) { \
    if (fd == chunk_fd && chunk_fd >= 0) { \
      chunk_fd = -1; \
      FILE* marker = fopen(getenv("SLOW_CHUNK_MARKER"), "w"); \
      if (marker) fclose(marker); \
      sleep(5); \
    } \
    ssize_t (*real)(int, const void*, size_t, off_t) = \
        (ssize_t (*)(int, const void*, size_t, off_t))dlsym(RTLD_NEXT, #name); \
    return real(fd, data, bytes, offset); \
  }
PWRITE(pwrite)
PWRITE(pwrite64)
""")
    library = source.with_suffix(".so")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source), "-ldl"],
                   check=True)
    return library


def test_a_signal_after_a_ranks_last_path_gives_the_complete_file_and_the_signals_code(
        sim, tmp_path, chunk_file_shim):
    """Rank 0's first chunk write takes 5 s; meanwhile rank 1 runs the other blocks and waits
    for it, and gets SIGTERM. The run is complete, as in one process: the file is written, and
    every rank exits 143 saying the signal came after the last path (it used to exit 0, the
    signal ignored)."""
    arguments = [ROOT / "bench/core.toml", "--paths", 3000, "-q"]
    reference = tmp_path / "single.h5"
    sim("run", *arguments, "-o", reference, check=True)
    out = tmp_path / "late.h5"
    marker = tmp_path / "rank0-writing"
    command = ["mpirun", "-q", "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    command += ["-x", f"LD_PRELOAD={chunk_file_shim}", "-x", "SLOW_CHUNK_RANK=0",
                "-x", f"SLOW_CHUNK_MARKER={marker}",
                "-n", "2", str(MPI_SIM), "run", *map(str, arguments), "-o", str(out),
                "--threads", "1"]
    launcher = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        for _ in range(600):
            if marker.exists() or launcher.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "rank 0 never wrote a chunk"
        time.sleep(3)  # rank 1's pilot and two blocks take about 0.2 s
        os.kill(rank_processes(launcher)[1], signal.SIGTERM)
        _, stderr = launcher.communicate(timeout=120)
    finally:
        if launcher.poll() is None:
            launcher.kill()
    assert launcher.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.count("sim: SIGTERM arrived after the last path; the complete result was "
                        f"written to {out}") == 1, stderr
    code, report = h5diff(reference, out)
    assert code == 0, f"h5diff found differences:\n{report[-2000:]}"


@pytest.mark.parametrize("failing", [0, 1])
def test_a_rank_that_cannot_open_the_file_for_its_chunks_stops_every_rank(
        tmp_path, chunk_file_shim, failing):
    """One rank cannot open the result file to write its chunks (permissions, no descriptor
    left): it says so once, every rank exits with its code, and nothing is left. It used to
    fail after the collective open of the HDF5 file, and the other rank waited for ever with the
    temporary file on disk."""
    out = tmp_path / "x.h5"
    run = mpirun(2, "run", ROOT / "bench/core.toml", "--paths", 3000, "-o", out, "--threads", 1,
                 "-q", timeout=120,
                 environment={"LD_PRELOAD": chunk_file_shim,
                                      "FAIL_OPEN_RANK": failing})
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("cannot open for writing chunks") == 1, run.stderr
    assert "Permission denied" in run.stderr and "nothing was written" in run.stderr, run.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


@pytest.mark.parametrize("failing", [0, 1])
def test_a_rank_out_of_memory_stops_every_rank_with_one_message(tmp_path, allocation_shim,
                                                                 failing):
    """One rank cannot allocate 10 MB or more: rank 1 first fails on its summaries' histograms,
    made between two agreements. Every rank exits 1 with one message and nothing is left. Rank 1
    used to print "internal error" and wait in MPI_Finalize while rank 0 waited for it in the
    next collective call, for ever, its temporary file on disk."""
    out = tmp_path / "x.h5"
    run = mpirun(2, "run", ROOT / "bench/core.toml", "--paths", 3000, "-o", out, "--threads", 1,
                 "-q", timeout=120,
                 environment={"LD_PRELOAD": allocation_shim, "FAIL_ALLOC_RANK": failing,
                              "FAIL_ALLOC_BYTES": 10 << 20})
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("sim: out of memory: a buffer could not be allocated") == 1, run.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written, no temporary left"


def test_a_rank_without_room_for_the_histograms_reduce_stops_every_rank_and_leaves_nothing(
        tmp_path, allocation_shim):
    """Rank 1 of 3 gets its two histogram tables but not the third mapping of their size
    (2.4 M counts each on core: 11,698,176 bytes with huge pages' alignment), the scratch table
    the counts' reduce receives into. It is made with the tables, inside their agreed step: every
    rank exits 1 with one message and nothing is left. Made at the reduce instead, the abort had
    left rank 0's temporary file behind (a reviewer's find)."""
    out = tmp_path / "x.h5"
    run = mpirun(3, "run", ROOT / "bench/core.toml", "--paths", 3000, "-o", out, "--threads", 1,
                 "-q", timeout=120,
                 environment={"LD_PRELOAD": allocation_shim, "FAIL_ALLOC_RANK": 1,
                              "FAIL_ALLOC_BYTES": 11_698_176,
                              "FAIL_ALLOC_MAX_BYTES": 11_698_176, "FAIL_ALLOC_SKIP": 2})
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("sim: out of memory: a buffer could not be allocated") == 1, run.stderr
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
