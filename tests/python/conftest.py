"""Shared fixtures: where the `sim` program is, and a scratch directory per test."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def sim_binary() -> pathlib.Path:
    configured = os.environ.get("CLOUDSIM_SIM")
    candidates = [pathlib.Path(configured)] if configured else [
        ROOT / "build/check/sim/sim", ROOT / "build/release/sim/sim"]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    pytest.fail(f"sim program not found at {candidates}; build it with scripts/build check")


@pytest.fixture(scope="session")
def sim():
    binary = sim_binary()

    def run(*args, check=False, timeout=300):
        result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                                timeout=timeout, cwd=ROOT)
        if check and result.returncode != 0:
            raise AssertionError(f"sim {' '.join(map(str, args))} exited {result.returncode}:\n"
                                 f"{result.stderr}")
        return result

    run.binary = binary
    return run


@pytest.fixture()
def baseline():
    return ROOT / "scenarios/baseline.toml"


def observations_impossible_for_baseline(folder: pathlib.Path) -> pathlib.Path:
    """The shipped observations plus one no baseline path can produce: Kuaishou's IaaS share in
    2030Q4, with a relative error, is 0 on every baseline path (it sells PaaS only there) and
    positive in kuaishou-paas-first. Written into `folder`; returns its path."""
    observations = folder / "impossible-for-baseline.toml"
    shipped = ROOT / "scenarios/observations/china-cloud-2021-2023.toml"
    observations.write_text(shipped.read_text(encoding="utf-8") + """
[[observation]]
id = "kuaishou-iaas-share"
quantity = "share(IaaS, Kuaishou StreamLake, 2030Q4)"
value = 0.01
error = { relative = 0.5 }
source = "test: Kuaishou sells no IaaS in the baseline"
scope = "test"
""", encoding="utf-8")
    return observations


ALLOCATION_SHIM_SOURCE = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
/* Allocations of at least FAIL_ALLOC_BYTES (and at most FAIL_ALLOC_MAX_BYTES, if set) fail in the
   process whose rank (OMPI_COMM_WORLD_RANK, 0 outside mpirun) is FAIL_ALLOC_RANK, after the first
   FAIL_ALLOC_SKIP of them (0 if unset) have been let through. */
static size_t limit(void) {
  const char* rank = getenv("OMPI_COMM_WORLD_RANK");
  const char* target = getenv("FAIL_ALLOC_RANK");
  const char* bytes = getenv("FAIL_ALLOC_BYTES");
  if (!target || !bytes || strcmp(rank ? rank : "0", target) != 0) return (size_t)-1;
  return (size_t)strtoull(bytes, 0, 10);
}
static int fails(size_t n) {
  static unsigned long long let_through = 0;
  if (n < limit()) return 0;
  const char* most = getenv("FAIL_ALLOC_MAX_BYTES");
  if (most && n > (size_t)strtoull(most, 0, 10)) return 0;
  const char* skip = getenv("FAIL_ALLOC_SKIP");
  if (__atomic_fetch_add(&let_through, 1, __ATOMIC_SEQ_CST) < strtoull(skip ? skip : "0", 0, 10))
    return 0;
  errno = ENOMEM;
  return 1;
}
extern void* __libc_malloc(size_t);
extern void* __libc_calloc(size_t, size_t);
void* malloc(size_t n) {
  if (fails(n)) return 0;
  return __libc_malloc(n);
}
void* calloc(size_t k, size_t n) {
  if (fails(k * n)) return 0;
  return __libc_calloc(k, n);
}
void* mmap(void* at, size_t n, int protection, int flags, int fd, off_t offset) {
  if ((flags & MAP_ANONYMOUS) && fails(n)) return MAP_FAILED;
  void* (*real)(void*, size_t, int, int, int, off_t) =
      (void* (*)(void*, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
  return real(at, n, protection, flags, fd, offset);
}
void* mmap64(void* at, size_t n, int protection, int flags, int fd, off_t offset) {
  return mmap(at, n, protection, flags, fd, offset);
}
"""


@pytest.fixture(scope="session")
def allocation_shim(tmp_path_factory):
    """An LD_PRELOAD library that makes a process run out of memory: in the rank named by
    FAIL_ALLOC_RANK (0 for a single process), every allocation of FAIL_ALLOC_BYTES or more fails
    (malloc, calloc and anonymous mmap, which large buffers come from), but the first
    FAIL_ALLOC_SKIP of them; with FAIL_ALLOC_MAX_BYTES, only those of at most that size."""
    source = tmp_path_factory.mktemp("allocation-shim") / "allocation_shim.c"
    source.write_text(ALLOCATION_SHIM_SOURCE)
    library = source.with_suffix(".so")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source), "-ldl"],
                   check=True)
    return library
