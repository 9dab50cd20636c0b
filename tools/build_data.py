"""Regenerate data/results_YYYY.csv from the compiled reference tables.

Usage: python tools/build_data.py [REFERENCE_DIR]
(default: ../shared/reference beside the repository). The reference tables hold the
certified figures; this script only re-shapes them into the project's own format
(see data/README.md) and adds the election's metadata lines.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ELECTIONS = {
    2024: {
        "title": "2024 US presidential election, certified results",
        "date": "2024-11-05",
        "candidates": [
            ("DEM", "Kamala Harris", "Democratic", "#2166ac"),
            ("REP", "Donald Trump", "Republican", "#c0392b"),
        ],
        "previous": "results_2020.csv",
        "president": "REP | electoral majority",
        "source": "FEC, Official 2024 Presidential General Election Results; Maine and "
                  "Nebraska Secretaries of State (districts)",
    },
    2020: {
        "title": "2020 US presidential election, certified results",
        "date": "2020-11-03",
        "candidates": [
            ("DEM", "Joe Biden", "Democratic", "#2166ac"),
            ("REP", "Donald Trump", "Republican", "#c0392b"),
        ],
        "previous": "history/2016.csv",
        "president": "DEM | electoral majority",
        "source": "FEC, Federal Elections 2020; Maine and Nebraska Secretaries of State "
                  "(districts)",
    },
}


def build(reference: Path, year: int) -> str:
    meta = ELECTIONS[year]
    lines = [
        "# electoral-map results 1",
        f"# year: {year}",
        f"# title: {meta['title']}",
        f"# date: {meta['date']}",
    ]
    for party, name, party_name, color in meta["candidates"]:
        lines.append(f"# candidate: {party} | {name} | {party_name} | {color}")
    lines.append(f"# president: {meta['president']}")
    if meta["previous"]:
        lines.append(f"# previous: {meta['previous']}")
    lines.append(f"# source: {meta['source']}")  # shown under maps; details: SOURCES.md
    header = ["unit", "name", "electoral_votes", "winner",
              "votes_DEM", "votes_REP", "votes_other", "total_votes"]
    lines.append(",".join(header))
    with (reference / f"results_{year}.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["name"]
            lines.append(",".join([
                row["unit"], f'"{name}"' if "," in name else name, row["electoral_votes"],
                row["winner"], row["dem_votes"], row["rep_votes"], row["other_votes"],
                row["total_votes"],
            ]))
    return "\n".join(lines) + "\n"


def main() -> None:
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
    for year in ELECTIONS:
        out = ROOT / "data" / f"results_{year}.csv"
        out.write_text(build(reference, year), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
