"""Statistics over weighted paths: what every statistic of the toolkit uses when a result carries
importance weights (a `weight` dataset over (scenario, path), docs/output-format.md).

Definitions (w the weights of one scenario's paths, normalised here to sum 1, x the values):

- mean: m = Σ w_i x_i.
- effective sample size (Kish): ESS = (Σ w_i)² / Σ w_i² = 1 / Σ w_i² for normalised weights; n
  when the weights are equal.
- standard error of the mean, through the Kish ESS (not the ratio-estimator formula): the weighted
  variance with the reliability-weights correction, s² = Σ w_i (x_i − m)² / (1 − Σ w_i²), over
  the ESS: se = √(s² / ESS). With equal weights this is the unweighted s/√n exactly (in exact
  arithmetic). For a proportion it is √(p(1 − p) / (ESS − 1)), the binomial standard error with
  ESS − 1 in place of n − 1. Intervals use Student's t with ESS − 1 degrees of freedom.
- quantiles: the inverse of the weighted empirical distribution function, averaged at its jumps
  (Hyndman and Fan's definition 2; numpy's method "averaged_inverted_cdf"): with the values
  sorted and C_k = Σ_{i ≤ k} w_i, Q(p) = x_k for the first k with C_k > p, except that where
  C_k = p exactly (to a relative 1e-12) Q(p) = (x_k + x_{k+1}) / 2. Integer weights give exactly
  the quantile of the sample in which each path is repeated that many times.
- rank correlation: the weighted Pearson correlation of weighted mid-ranks (C_{k−1} + w_k / 2,
  shared by tied values), which is Spearman's correlation of the repeated sample for integer
  weights.

Results with no `weight` dataset never come here: the toolkit then computes exactly what it did
before weights existed (numpy's default linear quantiles, unweighted means). An equally weighted
conditioned result (resampled paths) has no `weight` but an `effective_sample_size` per
scenario; its standard errors are those of equal weights times √(paths / ESS)
(`inflation`)."""
from __future__ import annotations

import numpy as np
import xarray as xr

from . import intervals

WEIGHT = "weight"
ESS = "effective_sample_size"
_TIE = 1e-12


def normalised(weights) -> np.ndarray:
    """The weights as floats summing to 1; refuses negative, non-finite or all-zero weights."""
    w = np.asarray(weights, dtype=float)
    total = w.sum()
    if not np.isfinite(w).all() or (w < 0).any() or not total > 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    return w / total


def effective_sample_size(weights) -> float:
    """Kish's effective sample size (Σw)² / Σw²."""
    w = normalised(weights)
    return float(1.0 / np.sum(w * w))


def mean(values, weights) -> float:
    """Σ w x / Σ w."""
    w = normalised(weights)
    return float(np.sum(w * np.asarray(values, dtype=float)))


def variance(values, weights) -> float:
    """The weighted variance with the reliability-weights correction Σ w (x − m)² / (1 − Σ w²);
    the unweighted sample variance (ddof 1) for equal weights; inf with one effective path."""
    w = normalised(weights)
    x = np.asarray(values, dtype=float)
    m = np.sum(w * x)
    correction = 1.0 - np.sum(w * w)
    if correction <= 0:
        return float("inf")
    return float(np.sum(w * (x - m) ** 2) / correction)


def standard_error(values, weights) -> float:
    """Standard error of the weighted mean through the Kish ESS: √(variance / ESS)."""
    return float(np.sqrt(variance(values, weights) / effective_sample_size(weights)))


def quantile(values, weights, q) -> np.ndarray | float:
    """Weighted quantile(s) at level(s) q: the inverse weighted ECDF averaged at its jumps (see
    the module's docstring). NaN values are an error, as for numpy's quantile."""
    x = np.asarray(values, dtype=float).ravel()
    w = normalised(weights).ravel()
    if x.shape != w.shape:
        raise ValueError(f"{x.size} values but {w.size} weights")
    if np.isnan(x).any():
        return np.full(np.shape(q), np.nan) if np.ndim(q) else float("nan")
    levels = np.atleast_1d(np.asarray(q, dtype=float))
    if ((levels < 0) | (levels > 1)).any():
        raise ValueError("quantile levels must lie in [0, 1]")
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    keep = w > 0  # paths of weight 0 are not in the distribution
    x, w = x[keep], w[keep]
    cumulative = np.cumsum(w)
    cumulative[-1] = 1.0
    out = np.empty(levels.size)
    for j, p in enumerate(levels):
        tolerance = _TIE * max(p, 1e-300)
        k = min(int(np.searchsorted(cumulative, p - tolerance, side="left")), x.size - 1)
        if cumulative[k] <= p + tolerance and k + 1 < x.size:  # C_k = p: a jump's level
            out[j] = 0.5 * (x[k] + x[k + 1])
        else:
            out[j] = x[k]
    return out if np.ndim(q) else float(out[0])


def midranks(values, weights) -> np.ndarray:
    """Each value's weighted mid-rank C_{<x} + W_{=x} / 2 (ties share one), in the input order."""
    x = np.asarray(values, dtype=float)
    w = normalised(weights)
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    starts = np.r_[True, xs[1:] != xs[:-1]]
    group = np.cumsum(starts) - 1
    totals = np.bincount(group, weights=ws)
    below = np.r_[0.0, np.cumsum(totals)[:-1]]
    ranks = np.empty_like(x)
    ranks[order] = (below + totals / 2)[group]
    return ranks


def correlation(a, b, weights) -> float:
    """Weighted Pearson correlation."""
    w = normalised(weights)
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    da, db = a - np.sum(w * a), b - np.sum(w * b)
    denominator = np.sqrt(np.sum(w * da * da) * np.sum(w * db * db))
    return float(np.sum(w * da * db) / denominator) if denominator > 0 else float("nan")


def rank_correlation(a, b, weights) -> float:
    """Weighted Spearman correlation: the weighted correlation of weighted mid-ranks."""
    return correlation(midranks(a, weights), midranks(b, weights), weights)


def proportion_interval(values, weights, level: float = 0.95, method: str = "wilson"):
    """(p, low, high, ESS) for the weighted fraction p of paths where a condition holds
    (`values` 0/1): the Wilson (or Clopper–Pearson) interval with Kish's effective sample size
    in place of n and p·ESS successes, after Korn and Graubard (1998, "Confidence intervals for
    proportions with small expected number of positive counts estimated from survey data",
    Survey Methodology 24:193–201). An approximation: the ESS summarises the weights' spread
    but not how they relate to the outcome, so coverage is near nominal only when the weights do
    not concentrate on the paths where the condition holds; with equal weights it is exactly
    the unweighted interval."""
    p = mean(values, weights)
    ess = effective_sample_size(weights)
    low, high = intervals.interval(min(max(p, 0.0), 1.0), ess, level, method)
    return p, low, high, ess


# Over xarray: weights travel with the data as a `weight` coordinate over (scenario, path) (and
# the ESS of a resampled result as an `effective_sample_size` coordinate over scenario), which
# cloudsim.load attaches, so every quantity computed from the Dataset carries them.

def weights_of(da: xr.DataArray) -> xr.DataArray | None:
    """The `weight` coordinate broadcast to `da`'s shape, or None for an unweighted result."""
    if WEIGHT not in da.coords:
        return None
    return da.coords[WEIGHT].reset_coords(drop=True).broadcast_like(da).transpose(*da.dims)


def inflation_of(da: xr.DataArray) -> xr.DataArray | None:
    """√(paths / ESS) for an equally weighted conditioned result (resampled paths; the
    `effective_sample_size` coordinate), broadcast to `da` without its path dimension; None
    otherwise (and for a weighted result, whose ESS comes from its weights)."""
    if ESS not in da.coords or WEIGHT in da.coords or "path" not in da.dims:
        return None
    ess = da.coords[ESS].reset_coords(drop=True)
    factor = np.sqrt(da.sizes["path"] / ess).where(ess > 0, np.inf)
    factor = factor.where(ess < da.sizes["path"], 1.0)  # never narrower than the paths say
    return factor.broadcast_like(da.isel(path=0, drop=True))


def quantiles(da: xr.DataArray, q, dim: str = "path") -> xr.DataArray:
    """Quantiles over `dim` (a `quantile` dimension replaces it, first, as in xarray): weighted
    when `da` carries weights, else exactly xarray's (numpy's linear) quantile."""
    w = weights_of(da)
    if w is None or dim != "path":
        return da.quantile(list(q), dim=dim)
    levels = np.asarray(list(q), dtype=float)

    def apply(values, weights):
        rows, shape = values.reshape(-1, values.shape[-1]), values.shape[:-1]
        flat = weights.reshape(-1, weights.shape[-1])
        return np.array([quantile(x, w, levels) for x, w in zip(rows, flat)]).reshape(
            *shape, levels.size)

    result = xr.apply_ufunc(apply, da.reset_coords(WEIGHT, drop=True), w,
                            input_core_dims=[[dim], [dim]], output_core_dims=[["quantile"]])
    result = result.assign_coords(quantile=levels)
    return result.transpose("quantile", ...)


def fraction(condition: xr.DataArray, dim: str = "path") -> xr.DataArray:
    """The (weighted) fraction of paths where `condition` holds, over `dim`."""
    values = condition.astype(float)
    w = weights_of(values)
    if w is None:
        return values.mean(dim)
    return (values.reset_coords(WEIGHT, drop=True) * w).sum(dim) / w.sum(dim)


def median(da: xr.DataArray, dim: str = "path") -> xr.DataArray:
    """The (weighted) median over `dim`."""
    if weights_of(da) is None:
        return da.median(dim)
    return quantiles(da, [0.5], dim).isel(quantile=0, drop=True)
