"""What a conditioned result (format 2.3, docs/output-format.md) says about its conditioning: the
observations it was conditioned on (`observations`), what conditioning did per scenario
(`conditioning`), and which observations measure a charted quantity (`matching`)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from .outcome import SIGNATURES

Z95 = 1.959963984540054  # the 97.5% point of N(0, 1): error bars are 95% intervals
COLUMNS = ["id", "quantity", "period", "value", "error", "error_kind", "scale", "source",
           "scope", "kind", "segment", "provider", "quarters", "series", "low", "high",
           "model_value", "model_low", "model_high", "time"]
DIAGNOSTICS = {"last_observed_quarter": "last_observed_quarter",
               "effective_sample_size": "effective_sample_size",
               "prior_effective_sample_size": "prior_effective_sample_size",
               "distinct_histories": "distinct_histories",
               "conditioning_stages": "conditioning_stages",
               "move_acceptance": "move_acceptance"}


def _strings(da) -> list[str]:
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in np.asarray(da.values)]


def _arguments(text: str):
    """kind and argument texts of an outcome-language quantity, `share(IaaS, Alibaba, 2022Q4)`
    → ("share", ["IaaS", "Alibaba", "2022Q4"]); (None, []) if it does not read as one."""
    text = text.strip()
    open_at, close_at = text.find("("), text.rfind(")")
    if open_at <= 0 or close_at != len(text) - 1:
        return None, []
    return text[:open_at].strip(), [a.strip() for a in text[open_at + 1:close_at].split(",")]


def period_middle(label: str) -> pd.Timestamp:
    """The middle day of a quarter ("2022Q4") or year ("2022"), as load() places periods."""
    period = pd.Period(label, freq="Q" if "Q" in label else "Y")
    start, end = period.start_time, period.end_time
    return (start + (end - start) / 2).normalize()


def period_end(label: str) -> pd.Timestamp:
    """The first day after a quarter or year: where a chart marks the end of observed data."""
    period = pd.Period(label, freq="Q" if "Q" in label else "Y")
    return (period + 1).start_time


def interval(value, error, kind, z: float = Z95):
    """The 95% interval of an observation under its error model (spec §12): relative errors
    are normal on the log scale, value·exp(±1.96 s); absolute errors value ± 1.96 s."""
    value, error = np.asarray(value, dtype=float), np.asarray(error, dtype=float)
    relative = np.asarray(kind) == "relative"
    low = np.where(relative, value * np.exp(-z * error), value - z * error)
    high = np.where(relative, value * np.exp(z * error), value + z * error)
    return low, high


def observations(ds: xr.Dataset) -> pd.DataFrame:
    """The observations a conditioned result was conditioned on, one row each, in the file's
    order: id, quantity (outcome-language text), period, value (what the source reports), error
    and error_kind ("relative": s on the log scale; "absolute": s in the value's unit), scale
    (model quantity × scale is what the source measures), source, scope; read from the quantity
    text: kind, segment, provider, quarters (growth) and series (the quantity without its
    period); low and high (the 95% interval of the observation, value·exp(±1.96 s) or
    value ± 1.96 s) and model_value, model_low, model_high (the same divided by scale: on the
    model's scale); time (the period's middle day, for charts). An empty table (same columns)
    for a result that is not conditioned."""
    if "observation_id" not in ds:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame({
        "id": _strings(ds.observation_id), "quantity": _strings(ds.observation_quantity),
        "period": _strings(ds.observation_period),
        "value": np.asarray(ds.observation_value.values, dtype=float),
        "error": np.asarray(ds.observation_error.values, dtype=float),
        "error_kind": _strings(ds.observation_error_kind),
        "scale": np.asarray(ds.observation_scale.values, dtype=float),
        "source": _strings(ds.observation_source), "scope": _strings(ds.observation_scope)})
    parsed = []
    for text, period in zip(frame["quantity"], frame["period"]):
        kind, args = _arguments(text)
        roles = SIGNATURES.get(kind, (None, ()))[1]
        named = dict(zip(roles, args))
        if args and args[-1] == period and len(args) == len(roles):
            series = f"{kind}({', '.join(args[:-1])})"
        else:
            series = text
        parsed.append({"kind": kind, "segment": named.get("segment"),
                       "provider": named.get("provider"),
                       "quarters": int(named["quarters"]) if str(named.get("quarters", "")
                                                                 ).isdigit() else None,
                       "series": series})
    frame = pd.concat([frame, pd.DataFrame(parsed)], axis=1)
    frame["low"], frame["high"] = interval(frame["value"], frame["error"], frame["error_kind"])
    scale = frame["scale"].where(frame["scale"] != 0)
    frame["model_value"] = frame["value"] / scale
    frame["model_low"] = frame["low"] / scale
    frame["model_high"] = frame["high"] / scale
    frame["time"] = [period_middle(p) if _is_period(p) else pd.NaT for p in frame["period"]]
    return frame[COLUMNS]


def _is_period(label: str) -> bool:
    import re
    return bool(re.fullmatch(r"\d{4}(Q[1-4])?", label))


def conditioning(ds: xr.Dataset) -> pd.DataFrame:
    """What conditioning did, one row per scenario: paths, last_observed_quarter ("" when the
    scenario was not conditioned), effective_sample_size, prior_effective_sample_size,
    distinct_histories, conditioning_stages, move_acceptance, and the fewest distinct values of
    any varying input (min_distinct_input_values) with the input (least_diverse_input); the
    full (scenario × input) table of distinct values is in `frame.attrs["distinct_input_values"]`
    and the method in `frame.attrs["method"]`. Columns the file does not have are left out; an
    empty table (indexed by scenario) for a result that is not conditioned."""
    scenarios = pd.Index([str(s) for s in ds.scenario.values], name="scenario")
    frame = pd.DataFrame(index=scenarios)
    present = [key for key in DIAGNOSTICS if key in ds.variables]
    if not present and "distinct_input_values" not in ds.variables:
        return frame
    frame["paths"] = ds.sizes["path"]
    for key in present:
        values = ds[key].values
        frame[DIAGNOSTICS[key]] = _strings(ds[key]) if key == "last_observed_quarter" else values
    if "weight" in ds.variables:
        w = np.asarray(ds["weight"].transpose("scenario", "path").values, dtype=float)
        frame["weights_effective_sample_size"] = 1.0 / np.sum((w / w.sum(axis=1,
                                                                           keepdims=True)) ** 2,
                                                              axis=1)
    if "distinct_input_values" in ds.variables:
        table = ds["distinct_input_values"].transpose("scenario", "parameter").to_pandas()
        table.index = scenarios
        table.columns = [str(c) for c in table.columns]
        # Inputs that are fixed in a scenario have one value by design: not a loss of diversity.
        varying = ds.parameters.std("path").transpose("scenario", "parameter").values > 0
        masked = table.where(varying)
        frame["min_distinct_input_values"] = masked.min(axis=1)
        frame["least_diverse_input"] = [row.idxmin() if row.notna().any() else ""
                                        for _, row in masked.iterrows()]
        frame.attrs["distinct_input_values"] = table
    frame.attrs["method"] = str(ds.attrs.get("conditioning_method", ""))
    return frame


def last_observed_quarter(ds: xr.Dataset, scenario: str) -> str | None:
    """The scenario's last observed quarter ("2023Q4"), or None if it was not conditioned."""
    if "last_observed_quarter" not in ds.variables:
        return None
    label = _strings(ds["last_observed_quarter"].sel(scenario=scenario).expand_dims("s"))[0]
    return label or None


def matching(ds: xr.Dataset, kind: str, segment: str | None, provider: str | None,
             quarters: int | None = None, *, series: str | None = None) -> pd.DataFrame:
    """The observations that measure one charted quantity, for a chart over the result's periods:
    same kind, segment and provider text (and number of quarters, for growth) — or the same
    series text — with a period the chart can place: a quarter on quarterly records, a year on
    annual ones, and on quarterly records also a year's share or growth (ratios, comparable
    with the quarterly values; a year's flow is four quarters' worth and is left out)."""
    table = observations(ds)
    if table.empty:
        return table
    if series is not None:
        keep = table["series"] == series
    else:
        keep = (table["kind"] == kind) & (table["segment"].fillna("") == (segment or "")) \
            & (table["provider"].fillna("") == (provider or ""))
        if quarters is not None:
            keep &= table["quarters"] == quarters
    annual = "year" in ds.coords
    is_year = table["period"].str.fullmatch(r"\d{4}")
    is_quarter = table["period"].str.fullmatch(r"\d{4}Q[1-4]")
    ratio = table["kind"].isin(["share", "growth"])
    placeable = is_year if annual else (is_quarter | (is_year & ratio))
    return table[keep & placeable]
