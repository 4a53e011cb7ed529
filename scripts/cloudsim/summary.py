"""The report's summary in words, written from the computed numbers: the question, each
scenario's answer with its 95% interval, the median and 90% band of the outcome, what drives it
and when the likeliest event happens. Nothing in it is canned: every figure is an argument."""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

Z95 = 1.959963984540054


def wilson(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion p observed on n (effective) paths: unlike the
    normal interval it stays inside [0, 1] and is not empty at p = 0 or 1."""
    if not n or n <= 0 or not math.isfinite(p):
        return (float("nan"), float("nan"))
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class Answer:
    """One scenario's answer: its readable name, P(condition) with a 95% interval, and the
    outcome's median and 90% band (already formatted in the outcome's unit)."""
    name: str
    probability: float
    low: float
    high: float
    median: str
    band: tuple[str, str]


def percent(p: float) -> str:
    """A probability as a planner reads it: whole percent, one decimal within 1% of 0 or 1."""
    if 0 < p < 0.01 or 0.99 < p < 1:  # one decimal near the edges: "99.4%", not "99%"
        return f"{p:.1%}"
    return f"{p:.0%}"


def summary_paragraphs(question: str, answers: list[Answer], drivers: list[tuple[str, float]],
                       focus: str, event: tuple[str, float, str] | None,
                       sweep_note: str | None = None, shown: int = 6) -> list[str]:
    """HTML paragraphs (escaped): `question` is the condition in words; `drivers` the top inputs
    of the sensitivity analysis as (label, standardised coefficient) in scenario `focus`;
    `event` the likeliest event there as (name, probability, median quarter)."""
    e = html.escape
    out = [f"<b>Question.</b> {e(question)}"]
    ranked = sorted(answers, key=lambda a: -a.probability)
    if len(answers) <= shown:
        parts = [f"<li>under <b>{e(a.name)}</b>: {percent(a.probability)} (95% interval "
                 f"{percent(a.low)} to {percent(a.high)}); median outcome {e(a.median)}, 90% "
                 f"of paths between {e(a.band[0])} and {e(a.band[1])}</li>" for a in answers]
        out.append("<b>Answer.</b> The chance is</p><ul>" + "".join(parts) + "</ul><p>")
    else:
        top, bottom = ranked[0], ranked[-1]
        out.append(f"<b>Answer.</b> Across the {len(answers)} scenarios the chance runs from "
                   f"{percent(bottom.probability)} under <b>{e(bottom.name)}</b> (95% interval "
                   f"{percent(bottom.low)} to {percent(bottom.high)}; median outcome "
                   f"{e(bottom.median)}) to {percent(top.probability)} under "
                   f"<b>{e(top.name)}</b> ({percent(top.low)} to {percent(top.high)}; median "
                   f"outcome {e(top.median)}). The outcome table below gives every scenario.")
    if sweep_note:
        out.append(e(sweep_note))
    if drivers:
        said = [f"{e(label)} ({'higher raises it' if coefficient > 0 else 'higher lowers it'})"
                for label, coefficient in drivers]
        out.append(f"<b>What drives it.</b> In <b>{e(focus)}</b>, the uncertain inputs that "
                   "move the outcome most are " + ", ".join(said[:-1])
                   + (" and " if len(said) > 1 else "") + said[-1] + ".")
    if event:
        name, chance, quarter = event
        out.append(f"<b>When.</b> In <b>{e(focus)}</b> the likeliest event, “{e(name)}”, happens "
                   f"on {percent(chance)} of paths, typically (median) in {e(quarter)}.")
    return [f"<p>{p}</p>".replace("<p></p>", "") for p in out]
