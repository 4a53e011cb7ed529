#!/usr/bin/python3
"""Prints what each result file says, read back with xarray as an analyst would (so the demo also
shows that the output opens without our code):
- for a batch of named scenarios: every provider's share of each segment in 2025 and in the last
  recorded period, median and 90% interval over the paths, from the summaries in the file;
- for sweep points: the swept values and each provider's median share of the first segment;
- the precision targets the run met.

usage: scripts/summarize.py RESULT.h5 [RESULT.h5 ...]
"""
import sys

import numpy as np
import xarray as xr


def share_tables(ds) -> list[str]:
    periods = [str(p) for p in ds.summary_period.values]
    wanted = [p for p in periods if p.startswith("2025")][-1:] + periods[-1:]
    lines = []
    for scenario in ds.scenario.values:
        lines.append(f"  scenario {scenario}")
        for period in dict.fromkeys(wanted):
            summary = ds.summary_share.sel(scenario=scenario, summary_period=period)
            lines.append(f"    share in {period}: median % [5%–95% of paths]")
            lines.append("    " + "provider".ljust(20) +
                         "".join(str(s).rjust(22) for s in ds.segment.values))
            for provider in ds.provider.values:
                cells = []
                for segment in ds.segment.values:
                    cell = summary.sel(provider=provider, segment=segment) * 100
                    m, lo, hi = (float(cell.sel(statistic=s)) for s in ("q50", "q05", "q95"))
                    cells.append(f"{m:5.1f} [{lo:4.1f}–{hi:4.1f}]".rjust(22))
                lines.append("    " + str(provider).ljust(20) + "".join(cells))
    return lines


def sweep_table(ds) -> list[str]:
    segment = str(ds.segment.values[0])
    period = str(ds.summary_period.values[-1])
    keys = [str(k) for k in ds.sweep_key.values]
    medians = ds.summary_share.sel(segment=segment, summary_period=period, statistic="q50")
    lines = ["  swept: " + "; ".join(f"[{k + 1}] {key}" for k, key in enumerate(keys)),
             f"  median share of {segment} in {period}, % ('-': not swept in that scenario)",
             "    " + "scenario".ljust(28) + "".join(f"[{k + 1}]".rjust(8) for k in range(len(keys))) +
             "".join(str(p)[:10].rjust(11) for p in ds.provider.values)]
    for scenario in ds.scenario.values:
        values = ds.sweep_value.sel(scenario=scenario).values
        shares = medians.sel(scenario=scenario).values * 100
        lines.append("    " + str(scenario).ljust(28) +
                     "".join(("-" if np.isnan(v) else f"{v:.3f}").rjust(8) for v in values) +
                     "".join(f"{s:11.1f}" for s in shares))
    return lines


def describe(path: str) -> str:
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        lines = [f"{path}: {ds.sizes['scenario']} scenario(s) on the same {ds.sizes['path']} "
                 f"paths, seed {ds.attrs['seed']}, {ds.attrs['stop_reason']}"]
        if "precision_target" in ds:
            for target in ds.precision_target.values:
                error = float(ds.precision_standard_error.sel(precision_target=target))
                met = "met" if int(ds.precision_met.sel(precision_target=target)) else "NOT met"
                lines.append(f"  precision {target}: standard error {error:.5f} ({met})")
        lines += sweep_table(ds) if ds.sizes["sweep_key"] else share_tables(ds)
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        print(describe(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
