#!/usr/bin/python3
"""Prints, for each result file, every provider's share of each segment in two quarters:
median and 90% interval over the Monte Carlo paths. Reads the files with xarray, as an analyst
would, so the demo also shows that the output opens without our code.

usage: scripts/summarize.py RESULT.h5 [RESULT.h5 ...]
"""
import sys

import xarray as xr


def share_table(path: str, quarters: list[str]) -> str:
    ds = xr.open_dataset(path, engine="h5netcdf")
    share = ds.revenue / ds.demand
    lines = [f"{path}: {ds.sizes['path']} paths, seed {ds.attrs['seed']}, "
             f"scenario {ds.attrs['scenario_file']}"]
    for quarter in quarters:
        if quarter not in ds.quarter.values:
            continue
        at = share.sel(quarter=quarter)
        median = at.median("path")
        low = at.quantile(0.05, dim="path")
        high = at.quantile(0.95, dim="path")
        lines.append(f"  share in {quarter}: median % [5%–95% of paths]")
        header = "  " + "provider".ljust(20) + "".join(str(s).rjust(22) for s in ds.segment.values)
        lines.append(header)
        for provider in ds.provider.values:
            cells = []
            for segment in ds.segment.values:
                m = float(median.sel(provider=provider, segment=segment)) * 100
                lo = float(low.sel(provider=provider, segment=segment)) * 100
                hi = float(high.sel(provider=provider, segment=segment)) * 100
                cells.append(f"{m:5.1f} [{lo:4.1f}–{hi:4.1f}]".rjust(22))
            lines.append("  " + str(provider).ljust(20) + "".join(cells))
    ds.close()
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            last = str(ds.quarter.values[-1])
        print(share_table(path, ["2025Q4", last]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
