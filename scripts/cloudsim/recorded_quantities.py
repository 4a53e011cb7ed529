"""What a result file records per path and period, and the record levels: read from
recorded_quantities.json, which tests/unit/recorded_quantities_test.cpp keeps equal to the C++
tables that drive the writer (sim/engine/path_block.hpp, sim/output/record_level.cpp)."""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass

TIME = "<time>"  # stands for the record level's time dimension: "quarter" or "year"


@dataclass(frozen=True)
class RecordedQuantity:
    name: str
    dimensions: tuple[str, ...]  # with TIME for the time dimension
    accumulation: str  # "flow" (a year sums its quarters) or "stock" (a year is its last quarter)
    unit: str  # "money" or "fraction"
    description: str  # the dataset's long_name

    def units(self, currency_unit: str, time_dimension: str) -> str:
        """The dataset's `units` attribute in a file with this currency and time dimension."""
        if self.unit == "fraction":
            return "1"
        return f"{currency_unit} per {time_dimension}" if self.accumulation == "flow" \
            else currency_unit


def _load():
    table = json.loads(pathlib.Path(__file__).with_name("recorded_quantities.json").read_text())
    quantities = tuple(RecordedQuantity(q["name"], tuple(q["dimensions"]), q["accumulation"],
                                        q["unit"], q["description"]) for q in table["quantities"])
    levels = {level["name"]: level["time_label"] for level in table["record_levels"]}
    return quantities, levels


QUANTITIES, TIME_DIMENSION_OF_LEVEL = _load()
RECORD_LEVELS = tuple(TIME_DIMENSION_OF_LEVEL)
