#!/usr/bin/python3
"""Writes the bash completion of `sim` from its own help text (run at build time by CMake):
commands, each command's options, the values of options with a fixed set, and .toml / .h5
files where the command's usage line or the option asks for them.

usage: sim_completion.py SIM OUTPUT"""
from __future__ import annotations

import shlex
import sys

import sim_help

# What an option's value is, where the help text says it only in words. Options that are not in
# sim's help are ignored; a choice the option's help no longer mentions is dropped.
VALUES = {"--output": "files h5", "--resume": "files h5", "--observations": "files toml",
          "--record": ["full", "annual", "final"], "--format": ["csv", "xlsx"]}


def positional_extensions(usage: str) -> list[str]:
    return sorted({ext for ext in ("toml", "h5") if f".{ext}" in usage})


def value_case(command: sim_help.Command) -> list[str]:
    lines = []
    free = []
    for option in command.options:
        if not option.takes_value:
            continue
        kind = next((VALUES[n] for n in option.names if n in VALUES), None)
        pattern = "|".join(option.names)
        if isinstance(kind, list):
            choices = [c for c in kind if c in option.description]
            lines.append(f"        {pattern}) COMPREPLY=($(compgen -W {shlex.quote(' '.join(choices))}"
                         f' -- "$cur")); return ;;')
        elif kind:
            lines.append(f"        {pattern}) _sim_{kind}; return ;;")
        else:
            free.append(pattern)
    if free:
        lines.append(f"        {'|'.join(free)}) return ;;  # a value of the user's own")
    return lines


def script(sim: str) -> str:
    _, found = sim_help.commands(sim)
    names = [c.name for c in found] + ["help"]
    out = [
        "# bash completion for sim (cloudsim). Generated from `sim --help` and `sim help COMMAND`",
        "# by scripts/packaging/sim_completion.py at build time; do not edit.",
        "",
        "_sim_files() {  # files with one of the extensions given, and folders",
        "    local f ext",
        "    compopt -o filenames 2>/dev/null",
        "    while IFS= read -r f; do",
        "        [[ -n $f ]] || continue",
        "        if [[ -d $f ]]; then COMPREPLY+=(\"$f\"); continue; fi",
        "        for ext in \"$@\"; do",
        "            if [[ $f == *.\"$ext\" ]]; then COMPREPLY+=(\"$f\"); break; fi",
        "        done",
        "    done < <(compgen -f -- \"$cur\")",
        "}",
        "",
        "_sim() {",
        "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command= i",
        "    COMPREPLY=()",
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        "        case ${COMP_WORDS[i]} in -*) ;; *) command=${COMP_WORDS[i]}; break ;; esac",
        "    done",
        "    case $command in",
        f"        '') COMPREPLY=($(compgen -W {shlex.quote(' '.join(names + ['--help', '--version']))}"
        ' -- "$cur")) ;;',
        f"        help) [[ $prev == help ]] && COMPREPLY=($(compgen -W "
        f"{shlex.quote(' '.join(names[:-1]))} -- \"$cur\")) ;;",
    ]
    for command in found:
        options = " ".join(n for o in command.options for n in o.names)
        extensions = positional_extensions(command.usage)
        out.append(f"        {command.name})")
        cases = value_case(command)
        if cases:
            out += ["            case $prev in", *["    " + c for c in cases], "            esac"]
        positional = f"_sim_files {' '.join(extensions)}" if extensions else ":"
        out.append(f'            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '
                   f'{shlex.quote(options)} -- "$cur")); else {positional}; fi ;;')
    out += ["    esac", "}", "complete -F _sim sim", ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(sim_help.generate(script, __doc__.strip().splitlines()[-1], sys.argv))
