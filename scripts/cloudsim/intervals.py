"""Confidence intervals for a probability estimated as the fraction p of n paths.

The normal interval p ± z√(p(1 − p)/n) collapses to 0 ± 0 when no path (or every path) meets the
condition, which says nothing about how rare the event may be; these two do not:

- Wilson score interval (Wilson 1927, JASA 22:209–212), the default: the p' for which
  |p − p'| ≤ z √(p'(1 − p')/n), i.e. (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n).
  Close to nominal coverage on average, narrower than Clopper–Pearson; for 0 of n paths the
  upper end is z²/(n + z²).
- Clopper–Pearson (1934, Biometrika 26:404–413), "exact": the binomial tails' inversion, through
  beta quantiles, B(α/2; x, n − x + 1) to B(1 − α/2; x + 1, n − x). Never below nominal coverage
  (conservative); for 0 of n paths the upper end is 1 − (α/2)^(1/n).

n may be fractional: for weighted paths (conditioned results) the toolkit passes Kish's effective
sample size and x = p·n (cloudsim.weighted.proportion_interval)."""
from __future__ import annotations

import math

from scipy import stats

METHODS = ("wilson", "clopper-pearson")


def z_value(level: float) -> float:
    """The two-sided standard normal quantile for a confidence level (1.96 at 0.95)."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"confidence level {level!r} must lie strictly between 0 and 1")
    return float(stats.norm.ppf(0.5 + level / 2))


def wilson(p: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for the proportion p of n trials (n > 0, may be fractional)."""
    _check(p, n)
    z = z_value(level)
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    # Clipped: rounding can put an end a few ulps outside [0, 1] when p is 0 or 1.
    return max(0.0, centre - half), min(1.0, centre + half)


def clopper_pearson(p: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """The Clopper–Pearson interval for the proportion p of n trials (x = p·n successes; with
    fractional n, the beta quantiles at fractional counts)."""
    _check(p, n)
    alpha = 1.0 - level
    z_value(level)  # checks the level
    x = p * n
    low = 0.0 if x <= 0 else float(stats.beta.ppf(alpha / 2, x, n - x + 1))
    high = 1.0 if x >= n else float(stats.beta.ppf(1 - alpha / 2, x + 1, n - x))
    return low, high


def interval(p: float, n: float, level: float = 0.95, method: str = "wilson"):
    """The interval of `method` ("wilson" or "clopper-pearson")."""
    if method == "wilson":
        return wilson(p, n, level)
    if method == "clopper-pearson":
        return clopper_pearson(p, n, level)
    raise ValueError(f"unknown interval method {method!r}: expected one of {', '.join(METHODS)}")


def _check(p: float, n: float):
    if not n > 0:
        raise ValueError(f"an interval needs a positive sample size, got {n!r}")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a proportion must lie in [0, 1], got {p!r}")
