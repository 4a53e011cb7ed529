#!/usr/bin/env python3
"""Checks every #include "module/…" under sim/ against the modules that module may use.

The table is the module graph of docs/architecture.md; CMake enforces the same graph through the
per-module include directories (sim/CMakeLists.txt), and this check names the offending line when
a change would need a new edge. A new module, or a new edge, is added here and in the docs.
usage: check_layering.py [REPOSITORY]     exit 0 when every include is allowed, 1 otherwise
"""
import pathlib
import re
import sys

# module: the other modules whose headers it may include ("cloudsim" is the generated version).
ALLOWED = {
    "numeric": set(),
    "text": set(),
    "parallel": set(),
    "outcome": {"text"},
    "model": {"numeric", "outcome"},
    "uncertainty": {"model"},
    "engine": {"model", "uncertainty", "numeric", "outcome"},
    "conditioning": {"engine", "model", "uncertainty", "outcome"},
    "output": {"engine", "model", "parallel"},
    "summary": {"engine", "model", "output", "numeric", "text", "outcome"},
    "scenario": {"model", "uncertainty", "text", "outcome"},
    "observe": {"outcome", "scenario", "uncertainty", "model", "text"},
    "run": {"outcome", "observe", "conditioning", "scenario", "output", "summary", "engine", "model", "uncertainty", "parallel", "text",
            "cloudsim"},
    "export": {"output", "engine", "model", "parallel"},
    "cli": {"outcome", "observe", "conditioning", "run", "scenario", "output", "summary", "engine", "model", "parallel", "text",
            "export", "cloudsim"},
    "bench": {"run", "scenario", "output", "engine", "model", "numeric", "cloudsim"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"/]+)/[^"]+"', re.MULTILINE)


def violations(root: pathlib.Path):
    sim = root / "sim"
    for source in sorted(sim.rglob("*")):
        if source.suffix not in {".cpp", ".hpp"}:
            continue
        module = source.relative_to(sim).parts[0]
        if module not in ALLOWED:
            yield f"{source.relative_to(root)}: module '{module}' is not in the table"
            continue
        text = source.read_text(encoding="utf-8")
        for match in INCLUDE.finditer(text):
            used = match.group(1)
            if used != module and used not in ALLOWED[module]:
                line = text.count("\n", 0, match.start()) + 1
                yield (f"{source.relative_to(root)}:{line}: {module} may not include {used} "
                       f"(allowed: {', '.join(sorted(ALLOWED[module])) or 'nothing'})")


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1])
    found = list(violations(root))
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
