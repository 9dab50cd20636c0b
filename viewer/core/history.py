"""The bundled elections, 1789 to 2024: which years there are and loading one by year.

Each election is a results file (format version 2, data/history/YYYY.csv; 2020 and 2024
are the certified files beside them). Files are read only when a year is asked for and
kept once read, so start-up on 2024 reads nothing more and flipping through years costs
one small parse per year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from viewer.core.errors import InputError
from viewer.core.results import ElectionResults, load_results

HISTORY_FOLDER = "history"
CERTIFIED = {2020: "results_2020.csv", 2024: "results_2024.csv"}
_YEAR_FILE = re.compile(r"^(\d{4})\.csv$")


@dataclass(frozen=True)
class Bundle:
    """The elections in a data folder (the bundled ``data/`` or any copy of it)."""

    data_dir: Path

    def years(self) -> tuple[int, ...]:
        return _years(str(self.data_dir))

    def path(self, year: int) -> Path:
        if year in CERTIFIED:
            return self.data_dir / CERTIFIED[year]
        return self.data_dir / HISTORY_FOLDER / f"{year}.csv"

    def load(self, year: int) -> ElectionResults:
        """The election of that year; InputError naming the years there are if none."""
        if year not in self.years():
            ys = self.years()
            span = f"{ys[0]}–{ys[-1]}, every four years from 1792" if ys else "none found"
            raise InputError(f"--year {year}", f"a year with a presidential election "
                             f"({span})", got=str(year))
        return _load(str(self.path(year)))

    def all(self) -> tuple[ElectionResults, ...]:
        """Every election, oldest first (each file parsed once per process; the tuple
        itself is kept too: hover tips and the same-since map ask for it often)."""
        return _all(str(self.data_dir))


@lru_cache(maxsize=8)
def _years(data_dir: str) -> tuple[int, ...]:
    folder = Path(data_dir) / HISTORY_FOLDER
    found = {int(m.group(1)) for p in folder.glob("*.csv") if (m := _YEAR_FILE.match(p.name))}
    found |= {y for y, name in CERTIFIED.items() if (Path(data_dir) / name).is_file()}
    return tuple(sorted(found))


@lru_cache(maxsize=8)
def _all(data_dir: str) -> tuple[ElectionResults, ...]:
    bundle = Bundle(Path(data_dir))
    return tuple(bundle.load(y) for y in bundle.years())


@cache
def _load(path: str) -> ElectionResults:
    # Results are immutable, so one parse per file serves every later request.
    return load_results(path)


def results_for(path: Path | None, year: int | None, data_dir: Path) -> ElectionResults:
    """What the command line and the window open: a file in any format people have
    (``year`` choosing among several years in it), else the bundled election of ``year``,
    else the bundled 2024 results."""
    if path is not None:
        from viewer.core.results_formats import read_results  # the readers load on demand

        return read_results(path, year=year, data_dir=data_dir)
    bundle = Bundle(data_dir)
    return bundle.load(year if year is not None else 2024)
