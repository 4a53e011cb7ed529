"""Every fenced code block in README.md and docs/*.md runs, against small versions of the demo's
files, so that the docs cannot drift from the program and the toolkit.

What runs, by the block's language (the word after the opening fence):

- python: with /usr/bin/python3, toolkit from this checkout's scripts/. The blocks of one file
  run in sequence in ONE interpreter session (a later block may use what an earlier one defined),
  so a failure may come from an earlier block of the same file; tracebacks give the Markdown
  file's own line numbers.
- sh, bash: each block with `bash -e`, `sim` on the PATH.
- toml: a whole scenario (`extends` or a [simulation] table) or batch file ([batch]) is checked
  with `sim validate`, placed where its first-line comment says (`# scenarios/x.toml`) among
  the repository's scenarios; a fragment (tables of a scenario, an observations file) must parse
  as TOML.
- r: with Rscript (R and r-cran-ncdf4: scripts/setup --test); the blocks of one file in one
  session, like python.
- text (or output): output shown for reading; never run.

Everything runs in a scratch folder that looks like the repository root (scenarios/, tests/,
scripts/, docs/ ... are links to it) with an outputs/ of its own holding strategies.h5,
volcano-price-sweep.h5 and conditioned.h5, made with the demo's commands (scripts/demo) but 256
paths, so the figures differ from the demo's but the shapes and names are the same.

A block that cannot run here (it installs, builds, takes minutes, needs a cluster, is a synopsis
or is C++ inside a larger program) is skipped only when the line before its opening fence is
exactly

    <!-- illustration -->

Any other block, including one with no language, fails the test with its file and line.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ILLUSTRATION = "<!-- illustration -->"
RUN = {"python", "sh", "bash", "toml", "r"}
NOT_CODE = {"text", "output"}
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)\s*$")


@dataclass
class Block:
    document: pathlib.Path
    line: int  # of the opening fence, 1-based
    language: str
    code: str
    illustration: bool

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"


def blocks_of(document: pathlib.Path, text: str | None = None) -> list[Block]:
    lines = (document.read_text() if text is None else text).splitlines()
    found, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence, language = opening.groups()
        previous = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        body, j = [], i + 1
        while j < len(lines) and lines[j].strip() != fence:
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        if j == len(lines):
            raise AssertionError(f"{document.relative_to(ROOT)}:{i + 1}: code block never closed")
        found.append(Block(document, i + 1, language.lower(), "\n".join(body) + "\n",
                           previous == ILLUSTRATION))
        i = j + 1
    return found


ALL_BLOCKS = [block for document in DOCUMENTS for block in blocks_of(document)]


def test_every_block_says_what_it_is():
    """A block runs, is output (text), or is marked as an illustration: nothing is skipped by
    accident."""
    unknown = [f"{b.where}: a ```{b.language or '(no language)'} block: give it a language that "
               f"runs ({', '.join(sorted(RUN))}), `text` for output, or put {ILLUSTRATION} on the "
               f"line before it" for b in ALL_BLOCKS
               if not b.illustration and b.language not in RUN | NOT_CODE]
    assert not unknown, "\n".join(unknown)
    assert any(b.language == "python" and not b.illustration for b in ALL_BLOCKS)


# ---------------------------------------------------------------------------------------------
# The scratch repository root and the demo's files.

@pytest.fixture(scope="session")
def workspace(sim, tmp_path_factory):
    root = tmp_path_factory.mktemp("docs-workspace")
    for entry in ROOT.iterdir():
        if entry.name not in {"outputs", "build", ".git"} and not entry.name.startswith("build"):
            (root / entry.name).symlink_to(entry)
    (root / "outputs").mkdir()
    bin_dir = root / ".bin"
    bin_dir.mkdir()
    (bin_dir / "sim").symlink_to(sim.binary.resolve())
    # scripts/demo's three runs, with 256 paths instead of its precision targets and path counts.
    runs = [
        ["scenarios/batches/strategies.toml", "--record", "annual", "--max-paths", "256",
         "-o", "outputs/strategies.h5"],
        ["scenarios/batches/volcano-price-sweep.toml", "--record", "final", "--paths", "256",
         "-o", "outputs/volcano-price-sweep.h5"],
        ["scenarios/batches/conditioned.toml", "--paths", "256", "-o", "outputs/conditioned.h5"],
    ]
    for arguments in runs:
        done = subprocess.run([str(sim.binary), "run", *arguments, "-q"], cwd=root,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"sim run {' '.join(arguments)}: {done.stderr}"
    environment = dict(os.environ)
    environment.update(PATH=f"{bin_dir}:{environment.get('PATH', '')}",
                       PYTHONPATH=str(ROOT / "scripts"), CLOUDSIM_SIM=str(sim.binary.resolve()),
                       MPLBACKEND="Agg")
    return root, environment


def _documents_with(languages: set[str]) -> list[pathlib.Path]:
    return [d for d in DOCUMENTS
            if any(b.document == d and b.language in languages and not b.illustration
                   for b in ALL_BLOCKS)]


def _ids(documents):
    return [str(d.relative_to(ROOT)) for d in documents]


# ---------------------------------------------------------------------------------------------
# Python: one interpreter session per document.

DRIVER = r"""
import json, sys, traceback
blocks = json.load(open(sys.argv[1]))
namespace = {"__name__": "__main__"}
for block in blocks:
    # Padded so that tracebacks give the Markdown file's own line numbers.
    code = compile("\n" * block["line"] + block["code"], block["document"], "exec")
    try:
        exec(code, namespace)
    except BaseException:
        traceback.print_exc()
        print(f"{block['document']}:{block['line']}: this python block failed "
              f"(blocks of a file share one session: an earlier block may be the cause)",
              file=sys.stderr)
        sys.exit(1)
"""


@pytest.mark.parametrize("document", _documents_with({"python"}),
                         ids=_ids(_documents_with({"python"})))
def test_python_blocks_run(document, workspace, tmp_path):
    root, environment = workspace
    blocks = [{"document": str(b.document.relative_to(ROOT)), "line": b.line, "code": b.code}
              for b in ALL_BLOCKS
              if b.document == document and b.language == "python" and not b.illustration]
    (tmp_path / "blocks.json").write_text(json.dumps(blocks))
    (tmp_path / "driver.py").write_text(DRIVER)
    done = subprocess.run(["/usr/bin/python3", str(tmp_path / "driver.py"),
                           str(tmp_path / "blocks.json")], cwd=root, env=environment,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-6000:]


# ---------------------------------------------------------------------------------------------
# Shell: each block on its own.

SHELL_BLOCKS = [b for b in ALL_BLOCKS if b.language in {"sh", "bash"} and not b.illustration]


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=[b.where for b in SHELL_BLOCKS])
def test_shell_blocks_run(block, workspace):
    root, environment = workspace
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block.code], cwd=root,
                          env=environment, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (f"{block.where}: exit {done.returncode}\n"
                                  f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")


# ---------------------------------------------------------------------------------------------
# TOML: whole scenarios and batches through sim validate, fragments through a TOML parser.

TOML_BLOCKS = [b for b in ALL_BLOCKS if b.language == "toml" and not b.illustration]


@pytest.mark.parametrize("block", TOML_BLOCKS, ids=[b.where for b in TOML_BLOCKS])
def test_toml_blocks_are_valid(block, sim, tmp_path):
    try:
        table = tomllib.loads(block.code)
    except tomllib.TOMLDecodeError as error:
        pytest.fail(f"{block.where}: not valid TOML: {error}")
    if not ({"extends", "simulation", "batch"} & table.keys()):
        return  # a fragment: parsing is all that can be checked on its own
    # A copy of scenarios/ (links to its files) with the snippet where its comment places it.
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios, copy_function=os.symlink)
    named = re.match(r"#\s*(scenarios/[\w./-]+\.toml)", block.code)
    target = tmp_path / (named.group(1) if named else "scenarios/snippet.toml")
    if target.exists() or target.is_symlink():
        target.unlink()
    target.write_text(block.code)
    done = sim("validate", target)
    assert done.returncode == 0, f"{block.where}: sim validate failed:\n{done.stderr}"


# ---------------------------------------------------------------------------------------------
# R: one Rscript session per document.

@pytest.mark.parametrize("document", _documents_with({"r"}), ids=_ids(_documents_with({"r"})))
def test_r_blocks_run(document, workspace, tmp_path):
    root, environment = workspace
    rscript = shutil.which("Rscript")
    assert rscript, "Rscript not found: scripts/setup --test installs r-base-core and r-cran-ncdf4"
    parts = []
    for b in ALL_BLOCKS:
        if b.document == document and b.language == "r" and not b.illustration:
            parts.append(f"tryCatch({{\n{b.code}}}, error = function(e) {{\n"
                         f"  message('{b.where}: this R block failed: ', conditionMessage(e))\n"
                         f"  quit(status = 1)\n}})\n")
    script = tmp_path / "blocks.R"
    script.write_text("".join(parts))
    done = subprocess.run([rscript, "--vanilla", str(script)], cwd=root, env=environment,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-6000:]


def test_parser_finds_blocks_and_markers():
    """The extraction itself: languages, lines, markers, indented fences, unclosed fences."""
    text = ("intro\n\n```python\nx = 1\n```\n\n" + ILLUSTRATION + "\n```sh\nscripts/demo\n```\n"
            "- item\n\n  ```toml\n  a = 1\n  ```\n```\nplain\n```\n")
    blocks = blocks_of(ROOT / "probe.md", text)
    assert [(b.line, b.language, b.illustration) for b in blocks] == [
        (3, "python", False), (8, "sh", True), (13, "toml", False), (16, "", False)]
    assert blocks[2].code == "a = 1\n"
    assert blocks[0].where == "probe.md:3"
    with pytest.raises(AssertionError, match="probe.md:3: code block never closed"):
        blocks_of(ROOT / "probe.md", "intro\n\n```python\nx = 1\n")
