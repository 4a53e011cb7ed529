"""Scenario discovery: which combinations of the drawn inputs lead to an outcome.

PRIM (the Patient Rule Induction Method, Friedman & Fisher 1999) peels thin slices off a box
around all paths, each time the slice whose removal most raises the share of paths inside that
reach the outcome, until the box holds too few paths. A classification tree (scikit-learn) gives a
second, rule-shaped view. Each box is reported with its *coverage* (the share of all paths with the
outcome that fall inside) and *density* (the share of paths inside that have the outcome).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from . import weighted


@dataclass
class Box:
    """Limits on some inputs (the others are unrestricted) and how well they pick the outcome."""
    limits: dict[str, tuple[float, float]]
    coverage: float
    density: float
    support: float  # share of all paths inside the box
    paths: int      # paths inside

    def describe(self) -> str:
        rules = " and ".join(f"{low:.4g} ≤ {name} ≤ {high:.4g}"
                             for name, (low, high) in self.limits.items()) or "every path"
        return (f"{rules}: coverage {self.coverage:.0%}, density {self.density:.0%}, "
                f"{self.paths} paths ({self.support:.0%})")


@dataclass
class PrimResult:
    trajectory: pd.DataFrame          # one row per peel: support, coverage, density, restricted
    boxes: list[Box] = field(default_factory=list)
    base_density: float = 0.0         # share of all paths with the outcome

    def chosen(self, min_coverage: float = 0.5) -> Box:
        """The densest box that still covers `min_coverage` of the paths with the outcome."""
        eligible = [box for box in self.boxes if box.coverage >= min_coverage]
        return max(eligible or self.boxes[:1], key=lambda box: (box.density, box.coverage))


def _box(y: np.ndarray, inside: np.ndarray, limits: dict[str, tuple[float, float]],
         w: np.ndarray | None = None) -> Box:
    if w is not None:  # weighted paths: coverage, density and support by weight
        hits = float(np.sum(w * y))
        held = float(np.sum(w[inside]))
        return Box(dict(limits), float(np.sum(w[inside] * y[inside]) / hits) if hits else 0.0,
                   float(np.sum(w[inside] * y[inside]) / held) if held > 0 else 0.0,
                   held / float(np.sum(w)), int(inside.sum()))
    hits = y.sum()
    return Box(dict(limits), float(y[inside].sum() / hits) if hits else 0.0,
               float(y[inside].mean()) if inside.any() else 0.0,
               float(inside.mean()), int(inside.sum()))


def prim(x: pd.DataFrame, y, alpha: float = 0.05, min_support: float = 0.05,
         weights=None) -> PrimResult:
    """Peels `alpha` of the paths in the box at a time, from either end of one input's range,
    always the peel that leaves the highest density, until fewer than `min_support` of all paths
    remain or no peel raises the density. A discrete input is peeled a whole value at a time, and
    only while that removes at most a quarter of the box. Returns every box along the way.

    With `weights` (a weighted result's path weights), every share (support, coverage,
    density, the peeled fraction) is by weight and the cuts are weighted quantiles
    (cloudsim.weighted); without, exactly the unweighted algorithm."""
    y = np.asarray(y, dtype=bool)
    x = x.reset_index(drop=True)
    w = None if weights is None else weighted.normalised(np.asarray(weights, dtype=float))

    def mass(mask):
        return float(mask.mean()) if w is None else float(np.sum(w[mask]))

    def rate(mask):
        return float(y[mask].mean()) if w is None else float(np.sum(w[mask] * y[mask])
                                                             / np.sum(w[mask]))

    def cut_at(values, mask, level):
        return np.quantile(values[mask], level) if w is None else \
            weighted.quantile(values[mask], w[mask], level)

    inside = np.ones(len(x), dtype=bool)
    limits: dict[str, tuple[float, float]] = {}  # only the inputs a peel has cut
    boxes = [_box(y, inside, limits, w)]
    while mass(inside) > min_support:
        best = None
        current = rate(inside)
        for name in x.columns:
            values = x[name].to_numpy()
            for side, cut in (("low", cut_at(values, inside, alpha)),
                              ("high", cut_at(values, inside, 1 - alpha))):
                keep = inside & ((values > cut) if side == "low" else (values < cut))
                removed = inside.sum() - keep.sum()
                if removed == 0 or keep.sum() == 0 or (w is not None and mass(keep) == 0):
                    continue  # ties at the cut: this input cannot be peeled here
                if (removed if w is None else mass(inside) - mass(keep)) > \
                        max(0.25, 2 * alpha) * (inside.sum() if w is None else mass(inside)):
                    continue  # a whole value of a discrete input: too greedy a step (PRIM is patient)
                density = rate(keep)
                if best is None or density > best[0] or (density == best[0] and keep.sum() > best[1].sum()):
                    best = (density, keep, name, side)
        if best is None or best[0] <= current or mass(best[1]) < min_support:
            break
        inside, name, side = best[1], best[2], best[3]
        kept = x.loc[inside, name]
        low, high = limits.get(name, (float(x[name].min()), float(x[name].max())))
        limits[name] = (float(kept.min()), high) if side == "low" else (low, float(kept.max()))
        boxes.append(_box(y, inside, limits, w))
    trajectory = pd.DataFrame([{"support": b.support, "coverage": b.coverage,
                                "density": b.density, "restricted": len(b.limits)}
                               for b in boxes])
    return PrimResult(trajectory, boxes, float(y.mean()) if w is None else float(np.sum(w * y)))


def classification_tree(x: pd.DataFrame, y, max_depth: int = 3, min_leaf: float = 0.05,
                        seed: int = 0, weights=None) -> list[Box]:
    """A depth-limited decision tree (scikit-learn) separating paths with and without the
    outcome; each leaf where most paths have it becomes a Box (the conditions on the way down),
    densest first. With `weights`, the tree is fitted with them as sample weights (a leaf needs
    `min_leaf` of the total weight) and the boxes' shares are by weight."""
    from sklearn.tree import DecisionTreeClassifier

    y = np.asarray(y, dtype=bool)
    x = x.reset_index(drop=True)
    full = x.agg(["min", "max"])
    w = None if weights is None else weighted.normalised(np.asarray(weights, dtype=float))
    if w is None:
        tree = DecisionTreeClassifier(max_depth=max_depth,
                                      min_samples_leaf=max(1, int(min_leaf * len(x))),
                                      random_state=seed).fit(x.to_numpy(), y)
    else:
        tree = DecisionTreeClassifier(max_depth=max_depth, min_weight_fraction_leaf=min_leaf,
                                      random_state=seed).fit(x.to_numpy(), y, sample_weight=w)
    t = tree.tree_
    leaves = tree.apply(x.to_numpy())
    boxes = []

    def walk(node, limits):
        if t.children_left[node] == -1:  # a leaf
            inside = leaves == node
            box = _box(y, inside, {n: limits[n] for n in x.columns if n in limits}, w) \
                if inside.any() else None
            if box is not None and box.density > 0.5:
                boxes.append(box)
            return
        name = x.columns[t.feature[node]]
        low, high = limits.get(name, (float(full.loc["min", name]), float(full.loc["max", name])))
        threshold = float(t.threshold[node])
        walk(t.children_left[node], {**limits, name: (low, min(high, threshold))})
        walk(t.children_right[node], {**limits, name: (max(low, threshold), high)})

    walk(0, {})
    return sorted(boxes, key=lambda b: (b.density, b.coverage), reverse=True)


def ema_export(ds: xr.Dataset, outcomes: dict[str, xr.DataArray]):
    """The run as the (experiments, outcomes) pair the EMA Workbench's analysis functions take
    (ema_workbench.analysis: prim, cart, feature_scoring, …): `experiments` has one row per
    (scenario, path) with a column per uncertain input and the workbench's `scenario` (the path
    number), `policy` (the scenario's name) and `model` columns; `outcomes` maps each name to an
    array with one entry (or one time series) per row, in the same order."""
    parameters = ds.parameters
    frames = []
    for name in ds.scenario.values:
        table = parameters.sel(scenario=name).to_pandas()
        table["scenario"] = ds.path.values
        table["policy"] = str(name)
        table["model"] = "cloudsim"
        frames.append(table)
    experiments = pd.concat(frames, ignore_index=True)
    experiments.columns.name = None
    arrays = {}
    for key, da in outcomes.items():
        if "scenario" not in da.dims:
            da = da.expand_dims(scenario=ds.scenario.values)
        ordered = da.transpose("scenario", "path", ...)
        arrays[key] = ordered.values.reshape(ds.sizes["scenario"] * ds.sizes["path"],
                                             *ordered.shape[2:])
    return experiments, arrays
