"""The corpus of malformed scenarios in tests/scenarios/bad: each must be refused by `sim validate`
and `sim run` with exit code 2, a message naming file, line and column where there is one, the
expected fragment, and no output file."""
import pathlib
import tomllib

import pytest

from conftest import ROOT

BAD = ROOT / "tests/scenarios/bad"
CASES = tomllib.loads((BAD / "cases.toml").read_text())["case"]
MARK = "# <- error"


def marked_line(path: pathlib.Path):
    try:
        lines = path.read_text().splitlines()
    except UnicodeDecodeError:
        return None
    for number, line in enumerate(lines, start=1):
        if MARK in line:
            return number
    return None


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len({case["file"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_malformed_scenario_is_refused_precisely(sim, tmp_path, case):
    scenario = BAD.relative_to(ROOT) / case["file"]
    error_file = BAD.relative_to(ROOT) / case.get("error_file", case["file"])
    line = marked_line(ROOT / error_file)

    result = sim("validate", scenario)
    assert result.returncode == 2, result.stderr
    assert case["message"] in result.stderr, result.stderr
    assert result.stdout == ""
    if line is not None:
        assert f"{error_file}:{line}:" in result.stderr, result.stderr
        column = result.stderr.split(f"{error_file}:{line}:", 1)[1].split(":", 1)[0]
        assert column.isdigit() and int(column) >= 1, result.stderr

    out = tmp_path / "out.h5"
    run = sim("run", scenario, "-o", out)
    assert run.returncode == 2, run.stderr
    assert case["message"] in run.stderr
    assert list(tmp_path.iterdir()) == [], "a refused run writes nothing"


def test_runaway_and_missing_files_are_refused(sim, tmp_path):
    huge = tmp_path / "huge.toml"
    huge.write_text("# padding\n" * 200_000)
    result = sim("validate", huge)
    assert result.returncode == 2
    assert "the limit is 1048576" in result.stderr

    missing = sim("validate", tmp_path / "absent.toml")
    assert missing.returncode == 2
    assert "no such scenario file" in missing.stderr

    directory = sim("validate", tmp_path)
    assert directory.returncode == 2
    assert "is a directory" in directory.stderr


def test_every_problem_is_reported_in_one_pass(sim, tmp_path):
    scenario = tmp_path / "many.toml"
    scenario.write_text(
        f'extends = "{ROOT}/scenarios/baseline.toml"\n'
        "[simulation]\nquarters = 0\n"
        "[segments.IaaS]\nvolatility = -1\n"
        "[providers.Alibaba]\nprice_indx = 1\n"
        "[providers.Alibaba.segments.IaaS]\nchurn_rate = 2\n")
    result = sim("validate", scenario)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 4, result.stderr
    assert [e.split(":")[1] for e in errors] == ["3", "5", "7", "9"], "in file order"


def test_input_nested_beyond_the_parser_is_refused_not_a_crash(sim, tmp_path):
    # 40,000 dotted parts overflowed the parser's stack (a crash); 100,000 nested arrays and
    # inline tables multiplying dotted keys are refused the same way, before parsing.
    cases = {
        "key.toml": "[simulation]\n" + ".".join(["a"] * 40_000) + " = 1\n",
        "header.toml": "[" + ".".join(["a"] * 40_000) + "]\n",
        "arrays.toml": "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "inline.toml": "x = " + "{ a.a.a.a.a.a.a.a = " * 250 + "1" + "}" * 250 + "\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        result = sim("validate", path)
        assert result.returncode == 2, (name, result.returncode, result.stderr[-300:])
        assert f"{path}:" in result.stderr and "expected at most 64" in result.stderr, name
    for name, line in (("key.toml", 2), ("arrays.toml", 1)):  # the same through extends and --set
        child = tmp_path / f"child-{name}"
        child.write_text(f'extends = "{name}"\n')
        result = sim("validate", child)
        assert result.returncode == 2 and f"{tmp_path / name}:{line}:" in result.stderr
    deep_set = sim("validate", ROOT / "scenarios/baseline.toml", "--set",
                   "simulation.x=" + "[" * 30_000 + "]" * 30_000)  # an argument is < 128 KiB
    assert deep_set.returncode == 2 and "expected at most 64" in deep_set.stderr
