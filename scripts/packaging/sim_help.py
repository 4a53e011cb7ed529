"""What `sim --help` and `sim help COMMAND` say, parsed: the commands, each command's usage line
and options (name, aliases, whether it takes a value, its description). Shared by the man page
and bash completion generators, which run at build time (CMake) so both follow the help text."""
from __future__ import annotations

import pathlib
import re
import subprocess
import sys
from dataclasses import dataclass, field

_COMMAND = re.compile(r"^  ([a-z][a-z-]*)\b")
_OPTION = re.compile(r"^  (?:(-\w) \[ (--[\w-]+) \]|(--[\w-]+))( arg)?(?: \(=[^)]*\))?\s*(.*)$")


@dataclass
class Option:
    names: list[str]
    takes_value: bool
    description: str


@dataclass
class Command:
    name: str
    text: str  # the whole `sim help NAME`
    usage: str = ""
    options: list[Option] = field(default_factory=list)


def run(sim: str, *arguments: str) -> str:
    done = subprocess.run([sim, *arguments], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise SystemExit(f"{sim} {' '.join(arguments)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def command_names(overview: str) -> list[str]:
    """The names under `commands:` in `sim --help`, in order."""
    names, inside = [], False
    for line in overview.splitlines():
        if line.strip() == "commands:":
            inside = True
        elif inside and not line.strip():
            break
        elif inside and (match := _COMMAND.match(line)):
            names.append(match.group(1))
    if not names:
        raise SystemExit("no commands found under 'commands:' in sim --help")
    return names


def parse_command(name: str, text: str) -> Command:
    command = Command(name, text, usage=text.splitlines()[0] if text.strip() else "")
    for line in text.splitlines():
        match = _OPTION.match(line)
        if match:
            short, long_with_short, long_only, value, description = match.groups()
            names = [n for n in (short, long_with_short or long_only) if n]
            command.options.append(Option(names, bool(value), description.strip()))
        elif command.options and line.startswith(" " * 10) and line.strip():
            # a wrapped description continues the last option's
            last = command.options[-1]
            last.description = f"{last.description} {line.strip()}"
    return command


def commands(sim: str) -> tuple[str, list[Command]]:
    """`sim --help` and every command but `help` itself, parsed."""
    overview = run(sim, "--help")
    found = [parse_command(name, run(sim, "help", name))
             for name in command_names(overview) if name != "help"]
    return overview, found


def generate(make, usage: str, argv: list[str]) -> int:
    """The generators' command line, `SCRIPT SIM TARGET`: writes make(SIM) to TARGET through a
    temporary, so that an interrupted build never leaves a half-written file behind."""
    if len(argv) != 3:
        print(usage, file=sys.stderr)
        return 2
    target = pathlib.Path(argv[2])
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(make(argv[1]))
    temporary.replace(target)
    return 0
