"""Write the forecast's bundled inputs into data/ from the compiled reference tables.

Usage: python tools/build_forecast_data.py [REFERENCE_DIR]
(default: ../shared/reference beside the repository). Reads

- forecast/poll_averages_2020.csv, forecast/poll_averages_2024.csv (FiveThirtyEight's final
  averages, CC BY 4.0) -> data/forecast_polls_2020.csv, data/forecast_polls_2024.csv
  (``unit,pct_DEM,pct_REP``, the figures unchanged, with year, date and source lines);
- forecast/state_correlation_matrix.csv (The Economist, MIT licence) ->
  data/forecast_state_correlation.csv: the published values unchanged (as text), with a
  ``state`` column added and Kansas spelled KS instead of the source's KA. It is NOT
  positive semi-definite; viewer.core.forecast.correlation repairs it when loaded;
- history/results_by_state.csv, history/apportionment.csv (2016 rows) ->
  data/forecast_results_2016.csv, a results file in the project's format: the previous
  election of the 2020 forecast (units without polls are shifted from it, and its
  turnout weights the popular vote). Winners are the units' popular-vote winners; the
  electoral votes are the apportionment, not the faithless electors' ballots.

Only re-shapes figures; nothing is estimated. Run it again after the reference changes.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.units import UNIT_CODES, UNITS  # noqa: E402

POLL_SOURCE = {
    2020: "FiveThirtyEight, final 2020 presidential polling averages (pct_estimate, "
          "11/3/2020), CC BY 4.0",
    2024: "FiveThirtyEight, final 2024 presidential polling averages (pct_estimate, "
          "2024-11-05), CC BY 4.0",
}
CANDIDATES_2016 = {"DEM": ("Hillary Clinton", "Democratic", "#2166ac"),
                   "REP": ("Donald Trump", "Republican", "#c0392b")}


def polls(reference: Path, year: int) -> str:
    rows = list(csv.DictReader((reference / "forecast" / f"poll_averages_{year}.csv")
                               .open(newline="", encoding="utf-8")))
    dates = {r["date"] for r in rows}
    years = {r["year"] for r in rows}
    if years != {str(year)} or len(dates) != 1:
        raise SystemExit(f"poll_averages_{year}.csv: expected one year and one date, "
                         f"got {sorted(years)} and {sorted(dates)}")
    order = {u: i for i, u in enumerate((*UNIT_CODES, "US"))}
    rows.sort(key=lambda r: order[r["unit"]])  # KeyError: an unknown unit stops the build
    out = ["# electoral-map poll averages 1", f"# year: {year}", f"# date: {dates.pop()}",
           f"# candidates: DEM {rows[0]['dem_candidate']} | REP {rows[0]['rep_candidate']}",
           f"# source: {POLL_SOURCE[year]}", "unit,pct_DEM,pct_REP"]
    out += [f"{r['unit']},{r['dem_pct']},{r['rep_pct']}" for r in rows]
    return "\n".join(out) + "\n"


def correlation(reference: Path) -> str:
    path = reference / "forecast" / "state_correlation_matrix.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    header = ["KS" if c == "KA" else c for c in rows[0]]
    if len(rows) != len(header) + 1 or any(len(r) != len(header) for r in rows[1:]):
        raise SystemExit(f"{path}: expected a square matrix under its header")
    out = ["# The Economist, us-potus-model data/state_correlation_matrix.csv (commit "
           "0e968c9, 2020-02-14), MIT licence,",
           "# Copyright (c) 2020 The Economist Newspaper, Andrew Gelman and Merlin "
           "Heidemanns.",
           "# Values as published (not positive semi-definite: repaired when loaded); "
           "KA renamed KS.",
           ",".join(["state", *header])]
    out += [",".join([code, *row]) for code, row in zip(header, rows[1:], strict=True)]
    return "\n".join(out) + "\n"


def results_2016(reference: Path) -> str:
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    names = {name: party for party, (name, _, _) in CANDIDATES_2016.items()}
    history = reference / "history"
    with (history / "results_by_state.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["year"] != "2016" or not row["votes"]:
                continue
            totals[row["unit"]] += int(row["votes"])
            if row["candidate"] in names:
                votes[row["unit"]][names[row["candidate"]]] += int(row["votes"])
    ev: dict[str, int] = {}
    with (history / "apportionment.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["year"] == "2016":
                ev[row["unit"]] = int(row["electoral_votes"])
    if set(totals) != set(UNIT_CODES) or set(ev) != set(UNIT_CODES):
        raise SystemExit("2016: expected every one of the 56 units in both tables")
    out = ["# electoral-map results 1", "# year: 2016",
           "# title: 2016 US presidential election (previous election of the 2020 forecast)",
           "# date: 2016-11-08"]
    out += [f"# candidate: {p} | {n} | {pn} | {c}" for p, (n, pn, c) in CANDIDATES_2016.items()]
    out.append("# source: MIT Election Data and Science Lab, U.S. President 1976–2020 "
               "(CC0); Maine and Nebraska districts via Wikipedia (CC BY-SA)")
    out.append("unit,name,electoral_votes,winner,votes_DEM,votes_REP,votes_other,total_votes")
    for u in UNIT_CODES:
        d, r, t = votes[u]["DEM"], votes[u]["REP"], totals[u]
        winner = "DEM" if d > r else "REP"
        out.append(f"{u},\"{UNITS[u].name}\",{ev[u]},{winner},{d},{r},{t - d - r},{t}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    reference = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "reference"
    if not (reference / "forecast").is_dir():
        print(f"no forecast reference tables in {reference}", file=sys.stderr)
        return 2
    files = {f"forecast_polls_{y}.csv": polls(reference, y) for y in (2020, 2024)}
    files["forecast_state_correlation.csv"] = correlation(reference)
    files["forecast_results_2016.csv"] = results_2016(reference)
    for name, text in files.items():
        (ROOT / "data" / name).write_text(text, encoding="utf-8")
        print(f"wrote data/{name} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
