#!/usr/bin/python3
"""Writes the COMMANDS section of sim's man page for help2man's --include (run at build time by
CMake): every command's `sim help COMMAND` text verbatim, one subsection each, so that the man
page says what the program says.

usage: sim_man_commands.py SIM OUTPUT.h2m"""
from __future__ import annotations

import sys

import sim_help


def roff(text: str) -> str:
    """Verbatim text for a .nf block: backslashes escaped, no line read as a request, other
    than ASCII as groff's named Unicode characters (rendered as the nearest ASCII where the
    terminal has no UTF-8)."""
    lines = []
    for line in text.rstrip().splitlines():
        line = line.replace("\\", "\\e")
        line = "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in line)
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def include(sim: str) -> str:
    _, found = sim_help.commands(sim)
    out = ["[COMMANDS]",
           "Each command's options, as `sim help COMMAND` (or `sim COMMAND --help`) prints them."]
    for command in found:
        out += [f'.SS "sim {command.name}"', ".nf", roff(command.text), ".fi"]
    out += ["[SEE ALSO]",
            "README.md and docs/*.md in share/doc/cloudsim under the installation prefix: the "
            "scenario format, the output format, the model, reliability."]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(sim_help.generate(include, __doc__.strip().splitlines()[-1], sys.argv))
