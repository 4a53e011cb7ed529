#!/usr/bin/python3
"""Prints, for each result file and each of its scenarios, every provider's share of each
segment in 2025 and in the last recorded period: median and 90% interval over the Monte Carlo
paths, read from the summaries stored in the file. Reads the files with xarray, as an analyst
would, so the demo also shows that the output opens without our code.

usage: scripts/summarize.py RESULT.h5 [RESULT.h5 ...]
"""
import sys

import xarray as xr


def share_tables(path: str) -> str:
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        periods = [str(p) for p in ds.summary_period.values]
        wanted = [p for p in periods if p.startswith("2025")][-1:] + periods[-1:]
        lines = [f"{path}: {ds.sizes['scenario']} scenario(s) on the same {ds.sizes['path']} "
                 f"paths, seed {ds.attrs['seed']}, {ds.attrs['stop_reason']}"]
        for scenario in ds.scenario.values:
            lines.append(f"  scenario {scenario}")
            for period in wanted:
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
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        print(share_tables(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
