"""cloudsim's analyst toolkit: from a result file to a planner's answer in a few lines.

    import cloudsim
    ds = cloudsim.load("outputs/strategies.h5")
    volcano = cloudsim.share(ds, "IaaS", "Volcano Engine", "2025")
    cloudsim.probability(volcano >= 0.10)            # per scenario: standard errors, Wilson intervals
    cloudsim.paired_difference(volcano, "capture", "baseline")

Modules: results (loading, shares, tidy tables), weighted (the statistics of weighted paths, used
whenever a result has a `weight` dataset), conditioned (what a conditioned result was
conditioned on: cloudsim.observations(ds), cloudsim.conditioning(ds)), outcome (the outcome
language of docs/outcomes.md), validation (what load checks first: result files
are untrusted input), questions (probabilities, bands, paired differences, sensitivity,
convergence), discovery (PRIM, classification trees, EMA Workbench export), score (`sim score`: forecasts
against what happened), charts (matplotlib figures), labels (readable names of key paths), report
(the HTML report of `scripts/report`, with interactive, summary and page: docs/report.md).
Needs only Debian's python3-numpy, -pandas, -xarray, -h5netcdf, -matplotlib, -scipy, -sklearn, and
-plotly for the report.
"""
from .results import (annual_revenue, at_period, by_label, group_share, load, period_coordinate,
                      period_dimension, revenue, share, tidy)
from .validation import BadResultError, PartialResultWarning
from .questions import (Estimate, convergence, mean, paired_difference, probability,
                        quantile_bands, sensitivity)
from .discovery import Box, classification_tree, ema_export, prim
from .conditioned import conditioning, observations
from . import weighted
from .score import ScoreError, score

__all__ = ["load", "BadResultError", "PartialResultWarning", "share", "group_share", "revenue", "annual_revenue",
           "tidy", "period_dimension", "period_coordinate", "at_period", "by_label",
           "Estimate", "mean", "probability", "quantile_bands", "paired_difference",
           "sensitivity", "convergence", "Box", "prim", "classification_tree", "ema_export",
           "observations", "conditioning", "weighted", "score", "ScoreError"]
