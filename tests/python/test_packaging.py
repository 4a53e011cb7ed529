"""The toolkit as a package: `pip install --no-build-isolation scripts/` into a fresh virtual
environment (made with --system-site-packages, so Debian's numpy, xarray, h5py... serve), offline,
then used from a folder outside the repository. Needs python3-venv and python3-pip
(scripts/setup --test)."""
import os
import pathlib
import shlex
import subprocess

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


def _build_dir(sim) -> pathlib.Path:
    """The CMake build the tested sim comes from (…/build/check/sim/sim → …/build/check)."""
    build = sim.binary.resolve().parents[1]
    assert (build / "CMakeCache.txt").exists(), f"{sim.binary} is not in a CMake build folder"
    return build


def test_cmake_install_tree(sim, tmp_path):
    build = _build_dir(sim)
    prefix = tmp_path / "prefix"
    done = subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    expected = ["bin/sim", "share/man/man1/sim.1", "share/bash-completion/completions/sim",
                "share/cloudsim/python/cloudsim/__init__.py",
                "share/cloudsim/python/cloudsim/recorded_quantities.json",
                "share/doc/cloudsim/README.md", "share/doc/cloudsim/CHANGELOG.md",
                "share/doc/cloudsim/LICENSE", "share/doc/cloudsim/docs/output-format.md"]
    missing = [p for p in expected if not (prefix / p).is_file()]
    assert not missing, f"not installed: {missing} (help2man missing? scripts/setup --test)"
    assert not list(prefix.rglob("__pycache__"))
    version = subprocess.run([str(prefix / "bin/sim"), "--version"], capture_output=True,
                             text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("sim (cloudsim) ")
    # The installed toolkit imports from PYTHONPATH alone, away from the checkout.
    imported = subprocess.run(
        ["/usr/bin/python3", "-S", "-c",
         "import sys; sys.path.append('/usr/lib/python3/dist-packages'); import cloudsim; "
         "print(cloudsim.__file__)"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(prefix / "share/cloudsim/python")})
    assert imported.returncode == 0, imported.stderr
    assert pathlib.Path(imported.stdout.strip()).is_relative_to(prefix)


def test_man_page_has_every_command(sim):
    page = _build_dir(sim) / "packaging/sim.1"
    assert page.is_file(), f"{page} not built (help2man missing? scripts/setup --test)"
    shown = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "MANPAGER": "cat", "PAGER": "cat",
                                "MANWIDTH": "100", "LANG": "C.UTF-8"})
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert "sim - Monte Carlo scenario simulator" in text
    for command in ("run", "validate", "show", "info", "score"):
        assert f"sim {command}" in text, command
    # Every option of `sim help run`, verbatim in the page.
    for line in sim("help", "run", check=True).stdout.splitlines():
        option = line.strip().split("  ")[0]
        if option.startswith("-"):
            assert option in text, option


def _complete(script: pathlib.Path, words: list[str], cwd: pathlib.Path) -> list[str]:
    """The candidates the completion function offers for `words` (the last one being typed)."""
    program = (f"source {shlex.quote(str(script))}\n"
               f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
               f"COMP_CWORD={len(words) - 1}\n"
               "_sim\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], cwd=cwd,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return sorted(line for line in done.stdout.splitlines() if line)


def test_bash_completion(sim, tmp_path):
    script = _build_dir(sim) / "packaging/sim.bash"
    assert script.is_file()
    registered = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                                 f"source {shlex.quote(str(script))}; complete -p sim"],
                                capture_output=True, text=True, timeout=60)
    assert registered.stdout.strip() == "complete -F _sim sim", registered.stderr
    for name in ("a.toml", "b.h5", "c.txt"):
        (tmp_path / name).write_text("")
    (tmp_path / "folder").mkdir()
    assert _complete(script, ["sim", ""], tmp_path) == sorted(
        ["run", "validate", "show", "info", "export", "score", "help", "--help", "--version"])
    assert _complete(script, ["sim", "sc"], tmp_path) == ["score"]
    assert _complete(script, ["sim", "help", "v"], tmp_path) == ["validate"]
    assert _complete(script, ["sim", "run", "--re"], tmp_path) == ["--record", "--resume"]
    assert _complete(script, ["sim", "run", "--record", ""], tmp_path) == [
        "annual", "final", "full"]
    assert _complete(script, ["sim", "run", ""], tmp_path) == ["a.toml", "folder"]
    assert _complete(script, ["sim", "run", "a.toml", "-o", ""], tmp_path) == ["b.h5", "folder"]
    assert _complete(script, ["sim", "run", "--paths", ""], tmp_path) == []
    assert _complete(script, ["sim", "info", ""], tmp_path) == ["b.h5", "folder"]
    assert _complete(script, ["sim", "export", ""], tmp_path) == ["b.h5", "folder"]
    assert _complete(script, ["sim", "export", "b.h5", "--format", ""], tmp_path) == [
        "csv", "xlsx"]
    assert _complete(script, ["sim", "score", ""], tmp_path) == ["a.toml", "b.h5", "folder"]
    assert _complete(script, ["sim", "score", "--"], tmp_path) == [
        "--help", "--json", "--scenario"]


def _setup_lists() -> dict[str, list[str]]:
    program = ('eval "$(sed -n "/^demo_packages=(/,/^)/p;/^test_packages=(/,/^)/p" '
               f'{shlex.quote(str(ROOT / "scripts/setup"))})"; '
               'echo "${demo_packages[*]}"; echo "${test_packages[*]}"')
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    demo, tests = done.stdout.splitlines()
    return {"demo": demo.split(), "test": tests.split()}


def test_setup_lists_and_usage():
    lists = _setup_lists()
    for name, packages in lists.items():
        assert packages, name
        duplicates = {p for p in packages if packages.count(p) > 1}
        assert not duplicates, f"{name} list repeats {duplicates}"
    assert not set(lists["demo"]) & set(lists["test"])
    # Where the key packages belong: the demo builds, runs and analyses; the tests add the rest.
    assert {"cmake", "libhdf5-dev", "python3-xarray", "python3-h5netcdf"} <= set(lists["demo"])
    assert {"python3-pytest", "clang", "help2man", "r-cran-ncdf4", "python3-venv"} <= set(
        lists["test"])
    # A wrong argument is refused before anything is checked or installed.
    bad = subprocess.run([str(ROOT / "scripts/setup"), "--tests"], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 2
    assert "did you mean '--test'?" in bad.stderr
    assert "usage: scripts/setup [--test]" in bad.stderr
