"""Readable names and units for scenario key paths, so that a report names an input as a planner
would ("Volcano Engine capture: affinity") and not as the scenario file spells it
(`providers."Volcano Engine".phases.capture.affinity`).

    input_label(ds, 'segments.IaaS.growth_initial')   # "IaaS: initial growth"
    input_unit(ds, 'segments.IaaS.initial_demand')    # "亿元 per quarter"

A `label` the scenario gives an uncertain input (the file's `parameter_label`) wins; otherwise
the label is derived from the key path with the field names of docs/scenario-format.md."""
from __future__ import annotations

import re

# Field names of docs/scenario-format.md as a planner says them; a field not listed reads as its
# words ("growth_decay_quarters" → "growth decay quarters").
FIELD_NAMES = {
    "initial_demand": "initial demand", "growth_initial": "initial growth",
    "growth_long_run": "long-run growth", "growth_decay_quarters": "growth decay time",
    "volatility": "volatility", "price_sensitivity": "price sensitivity",
    "capability_sensitivity": "capability sensitivity",
    "ecosystem_sensitivity": "ecosystem sensitivity",
    "initial_adoption": "initial adoption", "ceiling": "adoption ceiling",
    "innovation": "innovation (Bass p)", "imitation": "imitation (Bass q)",
    "second_cloud_spend_share": "second-cloud spend share",
    "persistence": "persistence", "slowdown_probability": "slowdown probability",
    "recovery_probability": "recovery probability", "slowdown_penalty": "slowdown penalty",
    "price_index": "price index", "multi_cloud_affinity": "multi-cloud affinity",
    "capability_growth": "capability growth", "gross_margin": "gross margin",
    "fixed_cost": "fixed cost", "loss_limit": "loss limit", "capacity": "capacity",
    "capacity_growth": "capacity growth", "capacity_fixed_cost": "capacity fixed cost",
    "unit_cost": "unit cost", "scale_elasticity": "scale elasticity",
    "initial_share": "initial share", "initial_revenue": "initial revenue",
    "capability": "capability", "ecosystem": "ecosystem", "churn_rate": "churn rate",
    "start": "start", "ramp_quarters": "ramp time", "threshold": "trigger threshold",
    "delay_quarters": "delay", "price_change": "price change", "margin_change": "margin change",
    "capability_growth_change": "capability growth change",
    "fixed_cost_change": "fixed cost change", "affinity": "affinity",
    "ecosystem_boost": "ecosystem boost", "fixed_cost_increase": "fixed cost increase",
    "target_revenue": "target revenue", "tolerance": "review tolerance",
    "retreat_probability": "retreat probability", "retreat_cut": "retreat cut",
    "entry_share_threshold": "entry share threshold", "latest_entry": "latest entry",
    "entry_capability": "entry capability", "capability_ramp_quarters": "capability ramp time",
    "depth": "matching depth", "lag_quarters": "lag", "max_cut": "largest cut",
    "ecosystem_gain": "ecosystem gain", "programme_cost": "programme cost",
    "unit_cost_cut": "unit cost cut", "amount": "amount", "quarter": "quarter",
    "duration_quarters": "duration", "share": "share", "growth_offset": "growth offset",
    "churn_multiplier": "churn multiplier", "stronghold": "stronghold",
}

# The unit of each field (docs/scenario-format.md); MONEY and MONEY_RATE take the file's currency.
MONEY, MONEY_RATE = "{money}", "{money} per quarter"
FIELD_UNITS = {
    "initial_demand": MONEY_RATE, "initial_revenue": MONEY_RATE, "fixed_cost": MONEY_RATE,
    "capacity": MONEY_RATE, "fixed_cost_increase": MONEY_RATE, "target_revenue": MONEY_RATE,
    "programme_cost": MONEY_RATE, "amount": MONEY_RATE, "loss_limit": MONEY,
    "growth_initial": "per year", "growth_long_run": "per year", "volatility": "per year",
    "capability_growth": "score per year", "capacity_growth": "per year",
    "innovation": "per year", "imitation": "per year", "growth_offset": "per year",
    "slowdown_penalty": "growth points per year", "capability_growth_change": "score per year",
    "growth_decay_quarters": "quarters", "ramp_quarters": "quarters",
    "delay_quarters": "quarters", "lag_quarters": "quarters", "duration_quarters": "quarters",
    "capability_ramp_quarters": "quarters",
    "slowdown_probability": "per quarter", "recovery_probability": "per quarter",
    "churn_rate": "per quarter", "persistence": "per quarter",
    "initial_adoption": "share of customers", "ceiling": "share of customers",
    "second_cloud_spend_share": "share of spend", "gross_margin": "share of revenue",
    "margin_change": "share of revenue", "initial_share": "share of demand",
    "entry_share_threshold": "share", "tolerance": "share", "retreat_cut": "share",
    "depth": "share", "max_cut": "share", "unit_cost_cut": "share", "share": "share",
    "retreat_probability": "probability", "multi_cloud_affinity": "log-odds",
    "affinity": "log-odds", "capability": "score", "ecosystem": "score",
    "ecosystem_boost": "score", "entry_capability": "score", "ecosystem_gain": "score",
    "stronghold": "score", "price_change": "relative", "fixed_cost_change": "relative",
    "price_index": "1 = market average", "start": "quarter", "latest_entry": "quarter",
    "quarter": "quarter",
}


def split_key_path(key_path: str) -> list[str]:
    """The parts of a dotted key path, quotes removed: 'providers."A B".x' → [providers, A B, x]."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|([^.]+)', key_path)
    return [quoted or bare for quoted, bare in parts]


def _field(name: str) -> str:
    return FIELD_NAMES.get(name, name.replace("_", " "))


def _words(name: str) -> str:
    return name.replace("_", " ")


def derived_label(key_path: str) -> str:
    """A readable label from the key path alone (see the module's docstring)."""
    parts = split_key_path(key_path)
    if not parts:
        return key_path
    head, rest = parts[0], parts[1:]
    if head == "providers" and len(rest) >= 2:
        provider, rest = rest[0], rest[1:]
        if rest[0] == "phases" and len(rest) >= 3:
            tail = f" ({rest[3]})" if len(rest) > 3 else ""
            return f"{provider} {_words(rest[1])}: {_field(rest[2])}{tail}"
        if rest[0] == "segments" and len(rest) >= 3:
            return f"{provider} in {rest[1]}: {_field(rest[2])}"
        if rest[0] == "capacity_additions" and len(rest) >= 3:
            return f"{provider} site {_words(rest[1])}: {_field(rest[2])}"
        return f"{provider}: {_field(rest[0])}" + (f" ({' '.join(rest[1:])})" if rest[1:] else "")
    if head == "segments" and len(rest) >= 2:
        return f"{rest[0]}: {_field(rest[1])}"
    if head == "migrations" and len(rest) >= 2:
        return f"migration {_words(rest[0])}: {_field(rest[1])}"
    if head == "customer_groups" and len(rest) >= 2:
        tail = f" ({rest[2]})" if len(rest) > 2 else ""
        return f"{_words(rest[0])} customers: {_field(rest[1])}{tail}"
    if head == "growth_regimes":
        if len(rest) >= 3 and rest[0] == "chains":
            return f"growth regime {_words(rest[1])}: {_field(rest[2])}"
        if rest:
            tail = f" ({rest[1]})" if len(rest) > 1 else ""
            return f"growth regimes: {_field(rest[0])}{tail}"
    if head == "multi_cloud" and rest:
        return f"multi-cloud: {_field(rest[0])}"
    if head == "attraction_noise" and rest:
        return f"attraction noise: {_field(rest[0])}"
    return ": ".join([_words(parts[0]), *(_field(p) for p in parts[1:])][:2]) \
        + (f" ({' '.join(parts[2:])})" if len(parts) > 2 else "")


def input_label(ds, key_path: str) -> str:
    """The label of an uncertain input or swept key: the scenario's own `label` (the file's
    `parameter_label`, "" when none) if the file records one, else derived from the key path."""
    if ds is not None and "parameter_label" in getattr(ds, "variables", {}):
        labels = ds["parameter_label"]
        names = [str(p) for p in ds["parameter"].values]
        if key_path in names:
            given = labels.values[names.index(key_path)]
            given = given.decode() if isinstance(given, bytes) else str(given)
            if given.strip():
                return given.strip()
    return derived_label(key_path)


def input_unit(ds, key_path: str) -> str:
    """The unit of an input from its field name (docs/scenario-format.md), money in the file's
    currency_unit; "" when the field has none (a sensitivity, a price index's ratio)."""
    parts = split_key_path(key_path)
    unit = ""
    for part in reversed(parts):  # per-segment tables put a segment after the field
        if part in FIELD_UNITS:
            unit = FIELD_UNITS[part]
            break
    money = (getattr(ds, "attrs", {}) or {}).get("currency_unit", "money") if ds is not None \
        else "money"
    return unit.replace("{money}", str(money))
