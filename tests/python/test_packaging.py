"""The toolkit as a package: `pip install --no-build-isolation scripts/` into a fresh virtual
environment (made with --system-site-packages, so Debian's numpy, xarray, h5py... serve), offline,
then used from a folder outside the repository. Needs python3-venv and python3-pip
(scripts/setup --test)."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def result_file(sim, tmp_path_factory):
    out = tmp_path_factory.mktemp("packaging") / "small.h5"
    sim("run", ROOT / "scenarios/baseline.toml", "--paths", "16", "--record", "annual", "-o", out,
        "-q", check=True)
    return out


def test_toolkit_installs_offline_into_a_fresh_venv(result_file, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, capture_output=True, timeout=120)
    python = venv / "bin/python"
    # --no-index: nothing may come from a package index; PIP_* settings of this machine are
    # dropped so that a configured index or wheel folder cannot stand in for one.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    environment.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INPUT="1")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", str(ROOT / "scripts")],
        capture_output=True, text=True, timeout=300, env=environment, cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    # From a folder outside the repository, without the checkout on sys.path: the installed copy
    # (not the /usr/bin/python3 .pth's) must be the one imported, data file included.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    program = (
        "import sys, cloudsim\n"
        "print(cloudsim.__file__)\n"
        "ds = cloudsim.load(sys.argv[1])\n"
        "volcano = cloudsim.share(ds, 'IaaS', 'Volcano Engine', '2025')\n"
        "print(ds.sizes['path'], float(volcano.mean()))\n"
        "print(float(cloudsim.probability(volcano >= 0.0)['value'].iloc[0]))\n")
    used = subprocess.run([str(python), "-c", program, str(result_file)], capture_output=True,
                          text=True, timeout=300, cwd=elsewhere,
                          env={k: v for k, v in environment.items() if k != "PYTHONPATH"})
    assert used.returncode == 0, used.stderr
    where, sizes, probability = used.stdout.splitlines()
    assert pathlib.Path(where).is_relative_to(venv), where
    paths, mean_share = sizes.split()
    assert int(paths) == 16
    assert 0.0 < float(mean_share) < 1.0
    assert float(probability) == 1.0
    report = venv / "bin/cloudsim-report"
    assert report.exists()
    shown = subprocess.run([str(report), "--help"], capture_output=True, text=True, timeout=120,
                           cwd=elsewhere)
    assert shown.returncode == 0 and "usage:" in shown.stdout, shown.stderr
    # The build leaves nothing in scripts/ (its build folder is the build script's name).
    assert not (ROOT / "scripts/cloudsim.egg-info").exists()
    assert (ROOT / "scripts/build").is_file()
