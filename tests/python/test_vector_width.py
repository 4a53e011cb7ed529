"""The vector kernels (Box-Muller, the logit's exp) do the same IEEE operations lane by lane on
every x86-64 machine: the sanitizer build, which compiles them for the x86-64 baseline only (no
AVX2 clones), writes byte-identical files to the tested build, which runs the AVX2 clones on a
machine that has AVX2. Skipped without the sanitizer build (scripts/build asan) or without AVX2."""
import os
import pathlib
import subprocess

import pytest

from conftest import ROOT

BASELINE_ISA_SIM = pathlib.Path(os.environ.get("CLOUDSIM_BASELINE_ISA_SIM",
                                               ROOT / "build/asan/sim/sim"))


def has_avx2():
    try:
        return " avx2" in pathlib.Path("/proc/cpuinfo").read_text()
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not BASELINE_ISA_SIM.exists(), reason="no sanitizer build (scripts/build asan)"),
    pytest.mark.skipif(not has_avx2(), reason="this machine has no AVX2: both builds run the same code"),
]


@pytest.mark.parametrize("scenario", ["bench/core.toml", "bench/grouped.toml",
                                      "scenarios/all-strategies.toml"])
def test_baseline_instructions_write_the_same_file_as_avx2(sim, tmp_path, scenario):
    arguments = [ROOT / scenario, "--paths", 1500, "--seed", 7, "-q"]
    vectorised = tmp_path / "avx2.h5"
    sim("run", *arguments, "-o", vectorised, check=True)
    baseline = tmp_path / "baseline.h5"
    result = subprocess.run([str(BASELINE_ISA_SIM), "run", *map(str, arguments), "-o",
                             str(baseline)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert vectorised.read_bytes() == baseline.read_bytes()
