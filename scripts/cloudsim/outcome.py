"""The outcome language (docs/outcomes.md), read exactly as sim reads it (sim/outcome): the same
grammar, the same tree, the same errors at the same characters; tests/outcome/examples.toml is
the table both are tested against. Evaluated here on a Dataset from cloudsim.load, path by path.

    tree = parse_outcome("P(share(IaaS, Volcano Engine, 2025) >= 0.1)")
    values = evaluate(tree, ds)            # (scenario, path): 1 where it holds, 0 elsewhere
"""
from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import xarray as xr

QUANTITIES = ("share", "revenue", "profit", "cumulative_profit", "growth", "price", "demand")
# What each function takes, in order; the last (PERIOD) may be left out.
SIGNATURES = {
    "share": ("share(SEGMENT, PROVIDER[, PERIOD])", ("segment", "provider", "period")),
    "revenue": ("revenue(SEGMENT, PROVIDER[, PERIOD])", ("segment", "provider", "period")),
    "profit": ("profit(PROVIDER[, PERIOD])", ("provider", "period")),
    "cumulative_profit": ("cumulative_profit(PROVIDER[, PERIOD])", ("provider", "period")),
    "growth": ("growth(SEGMENT, PROVIDER, QUARTERS[, PERIOD])",
               ("segment", "provider", "quarters", "period")),
    "price": ("price(PROVIDER[, PERIOD])", ("provider", "period")),
    "demand": ("demand(SEGMENT[, PERIOD])", ("segment", "period")),
}
ROLE_NAMES = {"segment": "a segment", "provider": "a provider", "quarters": "a number of quarters",
              "period": "a period"}
TARGET_FORM = ("expected se(OUTCOME) < STANDARD_ERROR, e.g. se(share(IaaS, Alibaba, 2025Q4)) "
               "< 0.002")


class OutcomeError(ValueError):
    """A text that does not read, or names what the run does not have; `offset` counts characters
    from 0, `reason` says what is wrong."""

    def __init__(self, offset: int, reason: str):
        super().__init__(f"at character {offset + 1}: {reason}")
        self.offset = offset
        self.reason = reason


@dataclasses.dataclass
class Name:
    text: str
    offset: int
    index: int | None = None  # set by resolve; ALL for `all`, SET for a segment set
    members: list = dataclasses.field(default_factory=list)  # a segment set's indices
    span: int = 1  # a period: how many periods it sums, ending at index (4: a year on quarters)


ALL = -1  # the segment `all` (every segment) or the provider `all` (the market total)
SET = -2  # a `+`-joined segment set such as IaaS+PaaS


@dataclasses.dataclass
class Quantity:
    kind: str
    offset: int
    segment: Name | None = None
    provider: Name | None = None
    quarters: int = 0
    period: Name | None = None  # None: the current (last) period


@dataclasses.dataclass
class Condition:
    quantity: Quantity
    comparison: str  # >=, <=, >, <
    threshold: float


@dataclasses.dataclass
class Outcome:
    measure: Quantity | Condition
    difference: tuple[Name, Name] | None = None

    @property
    def quantity(self) -> Quantity:
        return self.measure.quantity if isinstance(self.measure, Condition) else self.measure


@dataclasses.dataclass
class Target:
    outcome: Outcome
    inclusive: bool
    goal: float
    goal_offset: int


def _did_you_mean(word: str, candidates) -> str:
    match = closest_match(word, candidates)
    return f", did you mean '{match}'?" if match else ""


def closest_match(word: str, candidates):
    """sim's rule (sim/text/suggest.cpp): the closest candidate by case-insensitive optimal
    string alignment distance, if close enough to be a typo."""
    def distance(a, b):
        a, b = a.lower(), b.lower()
        d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(len(a) + 1):
            d[i][0] = i
        for j in range(len(b) + 1):
            d[0][j] = j
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                              d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
                if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        return d[len(a)][len(b)]
    best, best_distance = None, 0
    for candidate in candidates:
        dist = distance(word, candidate)
        if best is None or dist < best_distance:
            best, best_distance = candidate, dist
    if best is None or best == word:
        return None
    limit = max(2, len(word) // 3)
    prefix = 0
    while prefix < min(len(word), len(best)) and word[prefix] == best[prefix]:
        prefix += 1
    if best_distance > limit and prefix < max(5, len(best) * 2 // 3):
        return None
    return best


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.at = 0

    def fail(self, at: int, reason: str):
        raise OutcomeError(at, reason)

    def skip_spaces(self):
        while self.at < len(self.text) and self.text[self.at] in " \t":
            self.at += 1

    def at_end(self) -> bool:
        self.skip_spaces()
        return self.at == len(self.text)

    def accept(self, symbol: str) -> bool:
        self.skip_spaces()
        if not self.text.startswith(symbol, self.at):
            return False
        self.at += len(symbol)
        return True

    def expect(self, symbol: str, reason: str):
        if not self.accept(symbol):
            self.fail(self.at, reason)

    def word(self) -> str:
        self.skip_spaces()
        start = self.at
        while self.at < len(self.text) and (self.text[self.at].isascii()
                                             and (self.text[self.at].isalnum()
                                                  or self.text[self.at] == "_")):
            self.at += 1
        return self.text[start:self.at]

    def looking_at_call(self, expected: str) -> bool:
        saved = self.at
        found = self.word() == expected and self.accept("(")
        self.at = saved
        return found

    def quantity(self) -> Quantity:
        self.skip_spaces()
        start = self.at
        name = self.word()
        if name not in SIGNATURES:
            found = (f"'{name}'" if name else "the end of the text" if start == len(self.text)
                     else f"'{self.text[start:]}'")
            self.fail(start, "expected a quantity (share, revenue, profit, cumulative_profit, "
                      "growth, price or demand), found " + found
                      + _did_you_mean(name, QUANTITIES))
        self.expect("(", f"expected '(' after '{name}'")
        usage, roles = SIGNATURES[name]
        quantity = Quantity(name, start)
        arguments = self.argument_list(name)
        most = len(roles)
        if not most - 1 <= len(arguments) <= most:
            self.fail(start, f"{usage} takes {most - 1} or {most} arguments, found "
                             f"{len(arguments)}")
        for (text, at), role in zip(arguments, roles):
            if not text:
                self.fail(at, f"expected {ROLE_NAMES[role]} in {usage}")
            if role == "quarters":
                if not (text.isascii() and text.isdigit()) or int(text) < 1 or int(text) > 2**31 - 1:
                    self.fail(at, "expected a whole number of quarters (1 or more), found "
                                  f"'{text}'")
                quantity.quarters = int(text)
            else:
                setattr(quantity, role, Name(text, at))
        return quantity

    def argument_list(self, function: str):
        arguments, start = [], self.at
        while True:
            if self.at == len(self.text):
                self.fail(self.at, f"expected ')' to close '{function}('")
            c = self.text[self.at]
            if c in "([]":
                self.fail(self.at, f"unexpected '{c}' in the arguments of '{function}'")
            if c in ",)":
                first, last = start, self.at
                while first < last and self.text[first] in " \t":
                    first += 1
                while last > first and self.text[last - 1] in " \t":
                    last -= 1
                if not (c == ")" and not arguments and first == last):
                    arguments.append((self.text[first:last], first))
                self.at += 1
                if c == ")":
                    return arguments
                start = self.at
                continue
            self.at += 1

    def number(self, what: str) -> float:
        self.skip_spaces()
        start = k = self.at
        text = self.text

        def digits(k):
            j = k
            while j < len(text) and text[j].isascii() and text[j].isdigit():
                j += 1
            return j
        if k < len(text) and text[k] in "+-":
            k += 1
        j = digits(k)
        mantissa = j - k
        k = j
        if k < len(text) and text[k] == ".":
            j = digits(k + 1)
            mantissa += j - k - 1
            k = j
        if mantissa > 0 and k < len(text) and text[k] in "eE":
            e = k + 1
            if e < len(text) and text[e] in "+-":
                e += 1
            j = digits(e)
            if j > e:
                k = j
        if mantissa == 0:
            self.fail(start, f"expected {what}")
        token = text[start:k]
        value = float(token)
        significant = token.lower().split("e")[0].strip("+-").replace(".", "").strip("0")
        if not math.isfinite(value) or (value == 0.0 and significant):
            self.fail(start, f"'{token}' is out of range")
        self.at = k
        return value

    def condition(self) -> Condition:
        quantity = self.quantity()
        self.skip_spaces()
        for symbol in (">=", "<=", ">", "<"):
            if self.accept(symbol):
                break
        else:
            self.fail(self.at, "expected a comparison (>=, <=, > or <) after the quantity")
        return Condition(quantity, symbol, self.number("a number (the threshold)"))

    def outcome(self) -> Outcome:
        if self.looking_at_call("P"):
            self.word()
            self.accept("(")
            measure = self.condition()
            self.expect(")", "expected ')' to close 'P('")
        else:
            measure = self.quantity()
            self.skip_spaces()
            if self.at < len(self.text) and self.text[self.at] in "<>":
                self.fail(self.at, "a condition is not an outcome: write P(QUANTITY >= X) for "
                                   "its probability")
        outcome = Outcome(measure)
        self.skip_spaces()
        if self.at < len(self.text) and self.text[self.at] == "[":
            outcome.difference = self.difference()
        return outcome

    def difference(self):
        text, open_ = self.text, self.at
        self.at += 1
        close = text.find("]", self.at)
        if close < 0:
            self.fail(open_, "expected ']' to close '['")
        minus = None
        for k in range(self.at + 1, close - 1):
            if text[k] == "-" and text[k - 1] in " \t" and text[k + 1] in " \t":
                if minus is not None:
                    self.fail(k, "expected [A - B] with one minus between spaces")
                minus = k
        if minus is None:
            self.fail(open_ + 1, "expected [A - B]: two scenarios with spaces around the minus")

        def name(start, end, which):
            while start < end and text[start] in " \t":
                start += 1
            while end > start and text[end - 1] in " \t":
                end -= 1
            if start == end:
                self.fail(start, f"expected the {which} scenario's name in [A - B]")
            return Name(text[start:end], start)
        names = (name(self.at, minus, "first"), name(minus + 1, close, "second"))
        if names[0].text == names[1].text:
            self.fail(names[1].offset, "the difference of a scenario with itself is always zero")
        self.at = close + 1
        return names

    def target(self) -> Target:
        if not self.looking_at_call("se"):
            self.fail(self.at, TARGET_FORM)
        self.word()
        self.accept("(")
        outcome = self.outcome()
        self.expect(")", "expected ')' to close 'se('")
        inclusive = self.accept("<=")
        if not inclusive and not self.accept("<"):
            self.fail(self.at, "expected '<' and the standard error asked for after se(…)")
        self.skip_spaces()
        goal_offset = self.at
        goal = self.number("a number (the standard error asked for)")
        if not goal > 0:
            self.fail(goal_offset, "the standard error asked for must be positive")
        return Target(outcome, inclusive, goal, goal_offset)

    def finish(self, what: str):
        if not self.at_end():
            self.fail(self.at, f"unexpected '{self.text[self.at:]}' after the {what}")


def parse_condition(text: str) -> Condition:
    """QUANTITY CMP NUMBER: a strategy trigger's form, and what P(…) holds."""
    reader = _Reader(text)
    condition = reader.condition()
    reader.finish("condition")
    return condition


def parse_outcome(text: str) -> Outcome:
    """QUANTITY or P(CONDITION), optionally followed by [A - B]."""
    reader = _Reader(text)
    outcome = reader.outcome()
    reader.finish("outcome")
    return outcome


def parse_target(text: str) -> Target:
    """se(OUTCOME) < GOAL (or <=), GOAL > 0: a precision target."""
    reader = _Reader(text)
    target = reader.target()
    reader.finish("target")
    return target


# Canonical JSON (sim/outcome/canonical.hpp): the same text in both languages.

def canonical_number(value: float) -> str:
    """std::to_chars(double): the shorter of fixed and scientific (printf-style exponent, at least
    two digits), fixed on a tie, each with the fewest digits that read back exactly."""
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign = "-" if value < 0 else ""
    digits, exponent = _shortest_digits(abs(value))  # value = 0.DIGITS × 10^exponent
    n = len(digits)
    if exponent <= 0:
        fixed = "0." + "0" * -exponent + digits
    elif exponent < n:
        fixed = digits[:exponent] + "." + digits[exponent:]
    else:
        fixed = digits + "0" * (exponent - n)
    power = exponent - 1
    scientific = (digits[0] + ("." + digits[1:] if n > 1 else "") + "e"
                  + ("-" if power < 0 else "+") + f"{abs(power):02d}")
    return sign + (fixed if len(fixed) <= len(scientific) else scientific)


def _shortest_digits(value: float):
    mantissa, _, power = f"{value!r}".partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    exponent = len(whole) + (int(power) if power else 0) - (len(whole + fraction)
                                                             - len((whole + fraction).lstrip("0")))
    digits = digits.rstrip("0") or "0"
    return digits, exponent


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def canonical(tree) -> str:
    """The tree as sim's canonical JSON: keys in a fixed order, absent parts left out."""
    if isinstance(tree, Quantity):
        out = '{"kind":' + _quoted(tree.kind)
        if tree.segment:
            out += ',"segment":' + _quoted(tree.segment.text)
        if tree.provider:
            out += ',"provider":' + _quoted(tree.provider.text)
        if tree.kind == "growth":
            out += f',"quarters":{tree.quarters}'
        if tree.period:
            out += ',"period":' + _quoted(tree.period.text)
        return out + "}"
    if isinstance(tree, Condition):
        return ('{"quantity":' + canonical(tree.quantity) + ',"comparison":'
                + _quoted(tree.comparison) + ',"threshold":' + canonical_number(tree.threshold)
                + "}")
    if isinstance(tree, Outcome):
        out = ('{"probability":' if isinstance(tree.measure, Condition) else '{"quantity":') \
            + canonical(tree.measure)
        if tree.difference:
            out += (',"difference":[' + _quoted(tree.difference[0].text) + ","
                    + _quoted(tree.difference[1].text) + "]")
        return out + "}"
    if isinstance(tree, Target):
        return ('{"outcome":' + canonical(tree.outcome) + ',"comparison":'
                + _quoted("<=" if tree.inclusive else "<") + ',"goal":'
                + canonical_number(tree.goal) + "}")
    raise TypeError(f"not an outcome tree: {tree!r}")


# Names.

@dataclasses.dataclass
class Names:
    segments: list
    providers: list
    scenarios: list
    periods: list  # empty: read at the quarter being simulated (a trigger)
    period_word: str = "quarter"
    quarters_per_period: int = 1  # 4 for annual records


def names_of(ds) -> Names:
    """The names a result file's outcomes may use: its segments, providers, scenarios, and its
    periods (quarters, or years for annual records)."""
    annual = "year" in ds.coords  # the labels over the `time` dimension (format 3.0)
    dim = "year" if annual else "quarter"
    return Names([str(v) for v in ds.segment.values], [str(v) for v in ds.provider.values],
                 [str(v) for v in ds.scenario.values], [str(v) for v in ds[dim].values],
                 dim, 4 if annual else 1)


def _look_up(name: Name, names: list, what: str):
    if name.text in names:
        name.index = names.index(name.text)
        return
    known = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    raise OutcomeError(name.offset, f"no {what} '{name.text}'{_did_you_mean(name.text, names)} "
                                    f"(the run has {known})")


def _resolve_segment(segment: Name, names: Names):
    segment.members = []
    if segment.text == "all":
        segment.index = ALL
    elif segment.text not in names.segments and "+" in segment.text:
        start = 0
        while True:
            plus = segment.text.find("+", start)
            end = len(segment.text) if plus < 0 else plus
            first, last = start, end
            while first < last and segment.text[first] in " \t":
                first += 1
            while last > first and segment.text[last - 1] in " \t":
                last -= 1
            member = Name(segment.text[first:last], segment.offset + first)
            if not member.text:
                raise OutcomeError(member.offset, "expected a segment on each side of '+' in "
                                                  f"'{segment.text}'")
            _look_up(member, names.segments, "segment")
            if member.index in segment.members:
                raise OutcomeError(member.offset, f"segment '{member.text}' appears twice in "
                                                  f"'{segment.text}'")
            segment.members.append(member.index)
            if plus < 0:
                break
            start = plus + 1
        segment.index = SET
    else:
        _look_up(segment, names.segments, "segment")


def _resolve_provider(provider: Name, kind: str, names: Names):
    if provider.text != "all" or provider.text in names.providers:
        _look_up(provider, names.providers, "provider")
        return
    if kind not in ("revenue", "growth"):
        raise OutcomeError(provider.offset, "the provider 'all' (the market total) is read by "
                                            f"revenue and growth only, not by {kind}")
    provider.index = ALL


def _resolve_year(period: Name, names: Names):
    quarters = [f"{period.text}Q{q}" for q in range(1, 5)]
    first = names.periods.index(quarters[0]) if quarters[0] in names.periods else None
    if first is None or names.periods[first:first + 4] != quarters:
        raise OutcomeError(period.offset, f"the year {period.text} needs its quarters "
                                          f"{period.text}Q1 to {period.text}Q4; the run has "
                                          f"{names.periods[0]} to {names.periods[-1]}")
    period.index = first + 3
    period.span = 4


def _periods_back(quantity: Quantity, names: Names) -> int:
    if quantity.quarters % names.quarters_per_period:
        raise OutcomeError(quantity.offset, f"growth over {quantity.quarters} quarters cannot be "
                                            f"read from {names.period_word}ly records")
    return quantity.quarters // names.quarters_per_period


def resolve(tree, names: Names):
    """Sets each name's index in `names`; an unknown name raises OutcomeError at its offset.
    Returns the tree."""
    if isinstance(tree, Quantity):
        if tree.segment:
            _resolve_segment(tree.segment, names)
        if tree.provider:
            _resolve_provider(tree.provider, tree.kind, names)
        back = _periods_back(tree, names) if tree.kind == "growth" and names.periods else 0
        if tree.period is None:
            if tree.kind == "growth" and names.periods and len(names.periods) <= back:
                raise OutcomeError(tree.offset, f"growth over {tree.quarters} quarters needs more "
                                                f"than {len(names.periods)} "
                                                f"{names.period_word}s")
            return tree
        if not names.periods:
            raise OutcomeError(tree.period.offset, "a condition read at each simulated quarter "
                               f"cannot name a period ('{tree.period.text}'): leave it out for "
                               "the current quarter")
        period = tree.period
        period.span = 1
        if (period.text not in names.periods and len(period.text) == 4
                and period.text.isascii() and period.text.isdigit()
                and names.quarters_per_period == 1):
            _resolve_year(period, names)
        else:
            _look_up(period, names.periods, names.period_word)
        if tree.kind == "growth" and tree.quarters % period.span:
            raise OutcomeError(tree.offset, f"growth over {tree.quarters} quarters to the year "
                                            f"{period.text} compares whole years: N must be a "
                                            "multiple of 4")
        if tree.kind == "growth" and period.index + 1 < period.span + back:
            raise OutcomeError(tree.period.offset, f"growth over {tree.quarters} quarters needs "
                               f"{tree.period.text} to be at least that far after "
                               f"{names.periods[0]}")
    elif isinstance(tree, Condition):
        resolve(tree.quantity, names)
    elif isinstance(tree, Outcome):
        resolve(tree.measure, names)
        if tree.difference:
            for name in tree.difference:
                _look_up(name, names.scenarios, "scenario")
    elif isinstance(tree, Target):
        resolve(tree.outcome, names)
    return tree


# Evaluation on a result file.

def _cell(da, dim, index):
    return da.isel({dim: index}) if index is not None else da


def _over_segments(da, segment: Name):
    if segment.index == SET:
        return da.isel(segment=segment.members).sum("segment")
    return da.sum("segment") if segment.index == ALL else da.isel(segment=segment.index)


def _at(da, dim: str, last: int, span: int):
    """The period `last`, or the sum of `span` periods ending there (a year on quarters)."""
    if span == 1:
        return da.isel({dim: last})
    return da.isel({dim: slice(last + 1 - span, last + 1)}).sum(dim)


def evaluate(tree, ds) -> xr.DataArray:
    """A resolved (or not yet resolved) quantity, condition or outcome on every path of `ds`:
    (scenario, path); a condition or P(…) gives booleans or 1/0. A missing PERIOD is the last
    recorded one. [A - B] gives the paired difference (path). Shares are revenue / demand (0
    without demand), as in sim; price is not recorded in result files."""
    names = names_of(ds)
    if isinstance(tree, Target):
        tree = tree.outcome
    if any(getattr(n, "index", 0) is None for n in _names_in(tree)):
        resolve(tree, names)
    dim = "time"  # the dimension; names.period_word names the labels over it
    if isinstance(tree, Outcome):
        values = evaluate(tree.measure, ds)
        if isinstance(tree.measure, Condition):
            values = values.astype(float)
        if tree.difference:
            a, b = (ds.scenario.values[name.index] for name in tree.difference)
            values = values.sel(scenario=a) - values.sel(scenario=b)
        return values
    if isinstance(tree, Condition):
        value = evaluate(tree.quantity, ds)
        compare = {">=": np.greater_equal, "<=": np.less_equal, ">": np.greater,
                   "<": np.less}[tree.comparison]
        return compare(value, tree.threshold)
    q = tree
    last = len(names.periods) - 1
    period = q.period.index if q.period else last
    span = q.period.span if q.period else 1
    if q.kind == "price":
        raise OutcomeError(q.offset, "price(…) is not recorded in result files")
    if q.kind == "cumulative_profit":
        return ds[q.kind].isel({dim: period, "provider": q.provider.index})
    if q.kind == "profit":
        return _at(ds.profit.isel(provider=q.provider.index), dim, period, span)
    if q.kind == "demand":
        return _at(_over_segments(ds.demand, q.segment), dim, period, span)
    if q.provider.index == ALL:  # the market total: Σ over providers = served demand
        revenue = _over_segments(ds.demand, q.segment)
    else:
        revenue = _over_segments(ds.revenue.isel(provider=q.provider.index), q.segment)
    if q.kind == "revenue":
        return _at(revenue, dim, period, span)
    if q.kind == "share":
        demand = _at(_over_segments(ds.demand, q.segment), dim, period, span)
        return (_at(revenue, dim, period, span) / demand).where(demand > 0, 0.0)
    before = _at(revenue, dim, period - q.quarters // names.quarters_per_period, span)
    return (_at(revenue, dim, period, span) / before - 1).where(before > 0)


def _names_in(tree):
    if isinstance(tree, Target):
        yield from _names_in(tree.outcome)
    elif isinstance(tree, Outcome):
        yield from _names_in(tree.measure)
        yield from tree.difference or ()
    elif isinstance(tree, Condition):
        yield from _names_in(tree.quantity)
    else:
        yield from (n for n in (tree.segment, tree.provider, tree.period) if n)


def describe(tree) -> str:
    """A planner's label: "Volcano Engine's share of IaaS in 2025Q4", "P(… ≥ 0.1)"."""
    if isinstance(tree, Outcome):
        text = describe(tree.measure)
        if tree.difference:
            text += f", {tree.difference[0].text} − {tree.difference[1].text}"
        return text
    if isinstance(tree, Condition):
        symbol = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[tree.comparison]
        return f"P({describe(tree.quantity)} {symbol} {tree.threshold:g})"
    q = tree
    where = f" in {q.period.text}" if q.period else ""
    segment = "all segments" if q.segment and q.segment.text == "all" else (
        q.segment.text if q.segment else "")
    provider = q.provider.text if q.provider else ""
    if provider == "all" and q.provider.index == ALL:
        provider = "the market"
        return {"revenue": f"the market's revenue in {segment}{where}",
                "growth": f"the market's growth in {segment} over {q.quarters} quarters{where}",
                }.get(q.kind, f"{q.kind} of the market{where}")
    return {
        "share": f"{provider}'s share of {segment}{where}",
        "revenue": f"{provider}'s revenue in {segment}{where}",
        "profit": f"{provider}'s profit{where}",
        "cumulative_profit": f"{provider}'s cumulative profit{where}",
        "growth": f"{provider}'s revenue growth in {segment} over {q.quarters} quarters{where}",
        "price": f"{provider}'s price index{where}",
        "demand": f"demand of {segment}{where}",
    }[q.kind]
