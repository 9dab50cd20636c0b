"""Build data/history/YYYY.csv, one results file per election 1789–2016, from the compiled
reference tables in ../shared/reference/history/ (see its README for sources and rules).

Usage: python tools/build_history.py [REFERENCE_DIR]

2020 and 2024 are not written here: the bundled certified files data/results_2020.csv and
data/results_2024.csv are those elections (tools/build_data.py). Every file is in the
project's results format version 2 (data/README.md): candidates with party codes and
colours, popular votes where there were any, the electoral votes each candidate received
in each unit as counted by Congress, the electors each unit was allotted, and how each
unit chose them.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.parties import (  # noqa: E402  (the repository root is put on the path first)
    PARTIES,
    candidate_codes,
    fallback_code,
    party,
    party_for_label,
)
from viewer.core.results_formats import candidate_name  # noqa: E402
from viewer.core.units import UNITS  # noqa: E402

LAST_YEAR = 2016  # 2020 and 2024 are the certified files
TWO_VOTE_YEARS = range(1789, 1801)  # before the 12th Amendment each elector cast two votes
SOURCE = ("Compiled from The American Presidency Project, the Clerk of the House, Dave Leip's "
          "Atlas (percentages), MIT Election Data and Science Lab (1976-2016); see "
          "data/SOURCES.md")


@dataclass
class Candidate:
    name: str
    votes: int = 0
    ev: int = 0
    labels: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def label(self) -> str:
        # The label under which the candidate got most votes (or any, when no votes).
        return max(self.labels.items(), key=lambda kv: (kv[1], kv[0]))[0]


def election_day(year: int) -> str:
    """Election day as fixed in 1845: the Tuesday after the first Monday of November."""
    if year < 1848:
        return ""
    first = date(year, 11, 1)
    monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return (monday + timedelta(days=1)).isoformat()


def read(reference: Path) -> tuple[list[dict[str, str]], list[dict[str, str]],
                                   dict[int, dict[str, str]]]:
    with open(reference / "results_by_state.csv", newline="", encoding="utf-8") as f:
        rows = [{**r, "candidate": candidate_name(r["candidate"])} for r in csv.DictReader(f)]
    with open(reference / "apportionment.csv", newline="", encoding="utf-8") as f:
        apportionment = list(csv.DictReader(f))
    with open(reference / "winners.csv", newline="", encoding="utf-8") as f:
        winners = {int(r["year"]): r for r in csv.DictReader(f)}
    return rows, apportionment, winners


def unit_note(not_counted: int, allotted: int, note: str) -> tuple[str, str]:
    """(electors status, note in our words) from the apportionment's figures."""
    text = note.lower()
    if not_counted and not_counted == allotted and "did not vote" in text:
        if "seceded" in text:
            return "did not vote", "seceded state, not counted (1865 joint resolution)"
        if "readmitted" in text:
            return "did not vote", "not yet readmitted to Congress"
        if "failed to appoint" in text:
            return "did not vote", "the legislature appointed no electors"
        return "did not vote", "no electoral votes cast"
    if "rejected" in text:
        return "", "electoral votes rejected by Congress"
    if not_counted:
        if "greeley" in text:
            return "", f"{not_counted} votes cast for Greeley (who had died) not counted"
        if "abstain" in text:
            return "", f"{not_counted} elector{'s' if not_counted > 1 else ''} abstained"
        if "died" in text:
            return "", f"{not_counted} elector died before voting"
        return "", (f"{not_counted} elector{'s' if not_counted > 1 else ''} did not vote")
    return "", ""


def build_year(year: int, rows: list[dict[str, str]], apportionment: list[dict[str, str]],
               winner: dict[str, str], previous_codes: set[str] | None = None,
               own_colour: frozenset[str] = frozenset()) -> str:
    """The year's file. ``previous_codes``: the candidate codes of the election before; it
    is named as this one's previous only when it had both of this year's two leading
    parties (swing compares them; 1828 against 1824, or 1912's Progressives, cannot).
    ``own_colour``: candidates sharing a party with its main candidate who won states
    (1824's four Democratic-Republicans, 1836's Whigs): each gets a hue of its own."""
    cands: dict[str, Candidate] = {}
    unit_rows: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for r in rows:
        unit_rows[r["unit"]][r["candidate"]] = r
        if r["candidate"] == "Other":
            continue
        c = cands.setdefault(r["candidate"], Candidate(r["candidate"]))
        votes = int(r["votes"]) if r["votes"] else 0
        if not UNITS[r["unit"]].is_district:
            c.votes += votes
        c.ev += int(r["electoral_votes"] or 0)
        c.labels[r["party"]] += votes + 1  # +1: a label counts even without votes
    president = winner["winner"]

    def importance(c: Candidate) -> tuple[int, int, int, str]:
        return (c.votes, c.ev, c.name == president, c.name)

    ranked = sorted(cands.values(), key=importance, reverse=True)
    if not any(c.votes for c in ranked):  # before 1824: rank by electoral votes
        ranked = sorted(cands.values(), key=lambda c: (c.ev, c.name == president, c.name),
                        reverse=True)
    party_codes = []
    for c in ranked:
        p = party_for_label(c.label)
        party_codes.append(p.code if p else fallback_code(c.label))
    codes = candidate_codes([(c.name, pc) for c, pc in zip(ranked, party_codes, strict=True)])
    by_name = {c.name: code for c, code in zip(ranked, codes, strict=True)}
    # The margin axis: the two leading candidates nationally, Democrat first when one of them.
    order = [c.name for c in ranked]
    if len(order) > 1 and by_name[order[1]] == "DEM":
        order[0], order[1] = order[1], order[0]
    lines = [
        "# electoral-map results 2",
        f"# year: {year}",
        f"# title: {year} US presidential election",
    ]
    if day := election_day(year):
        lines.append(f"# date: {day}")
    shades: dict[str, int] = defaultdict(int)
    for name in order:
        c = cands[name]
        code = by_name[name]
        pc = party_codes[[x.name for x in ranked].index(name)]
        p = party(pc)
        party_name = p.name if p else c.label
        color = p.color if p else "#7f7f7f"
        if code in own_colour:
            color = OWN_COLOURS[shades["own"] % len(OWN_COLOURS)]
            shades["own"] += 1
        elif code != pc and p is not None:  # the party's other candidates: lighter, in turn
            color = _variant(color, (0.45, 0.25, 0.65, 0.8)[shades[pc] % 4])
            shades[pc] += 1
        lines.append(f"# candidate: {code} | {name} | {party_name} | {color}")
    if year in TWO_VOTE_YEARS:
        lines.append("# votes_per_elector: 2")
    lines.append(f"# total: {sum(int(a['electoral_votes']) for a in apportionment)}")
    pres_code = by_name[president]
    how = winner["how"]
    lines.append(f"# president: {pres_code} | {how}")
    prev = year - 4 if year != 1792 else 1789
    axis = {by_name[n] for n in order[:2]}
    if previous_codes is not None and axis <= previous_codes:
        lines.append(f"# previous: {prev}.csv")
    lines.append(f"# source: {SOURCE}")
    header = ["unit", "name", "electoral_votes", "winner",
              *[f"votes_{by_name[n]}" for n in order], "votes_other", "total_votes",
              *[f"ev_{by_name[n]}" for n in order], "electors", "note"]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(header)
    allotted = {r["unit"]: r for r in apportionment}
    for unit in UNITS:
        if unit not in allotted:
            continue
        a = allotted[unit]
        ev = int(a["electoral_votes"])
        status, note = unit_note(int(a["not_counted"] or 0), ev, a["note"])
        got = unit_rows.get(unit, {})
        has_votes = any(r["votes"] for r in got.values())
        if not has_votes and status != "did not vote":
            status = "legislature" if year >= 1824 else "no popular vote"
        votes = {by_name[n]: (int(r["votes"]) if r["votes"] else None)
                 for n, r in got.items() if n != "Other"}
        evs = {by_name[n]: int(r["electoral_votes"] or 0)
               for n, r in got.items() if n != "Other"}
        other = got.get("Other", {}).get("votes", "")
        win = ""
        if has_votes:
            counted = {k: v for k, v in votes.items() if v is not None}
            top = max(counted.values())
            leaders = [k for k in (by_name[n] for n in order) if counted.get(k) == top]
            win = leaders[0]
        elif any(evs.values()):
            top = max(evs.values())
            win = next(by_name[n] for n in order if evs.get(by_name[n]) == top)
        total = ""
        if has_votes:
            total = str(sum(v or 0 for v in votes.values()) + (int(other) if other else 0))
        cells = [unit, UNITS[unit].name, str(ev), win]
        for n in order:
            v = votes.get(by_name[n])
            cells.append("" if v is None or not has_votes else str(v))
        cells += [other if has_votes else "", total]
        cells += [str(evs.get(by_name[n], 0)) for n in order]
        cells += [status, note]
        out.writerow(cells)
    return "\n".join(lines) + "\n" + buf.getvalue()


# Hues for a party's second candidates who won states, apart from every party colour.
OWN_COLOURS = ("#e66101", "#5e3c99", "#b2182b", "#01665e")


def _second_candidates_who_won(text: str) -> frozenset[str]:
    """Codes that win a unit in the year's file but are not their party's main candidate
    (a surname code: the main one has the party's code)."""
    lines = text.splitlines()
    party_codes = {p.code for p in PARTIES}
    header = next(i for i, line in enumerate(lines) if line.startswith("unit,"))
    won = {row[3] for row in csv.reader(lines[header + 1:]) if row and row[3]}
    return frozenset(w for w in won if w not in party_codes)


def _variant(color: str, lighter: float) -> str:
    """A lighter shade of the party's colour for its other candidates of the year."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(x + (255 - x) * lighter) for x in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def main(argv: list[str]) -> int:
    reference = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared/reference/history"
    rows, apportionment, winners = read(reference)
    out_dir = ROOT / "data" / "history"
    out_dir.mkdir(exist_ok=True)
    years = sorted({int(r["year"]) for r in rows if int(r["year"]) <= LAST_YEAR})
    codes: set[str] | None = None
    for year in years:
        args = ([r for r in rows if int(r["year"]) == year],
                [r for r in apportionment if int(r["year"]) == year], winners[year], codes)
        text = build_year(year, *args)
        if own := _second_candidates_who_won(text):
            text = build_year(year, *args, own_colour=own)
        codes = {line.split("|")[0].split(":")[1].strip()
                 for line in text.splitlines() if line.startswith("# candidate:")}
        (out_dir / f"{year}.csv").write_text(text, encoding="utf-8")
    print(f"wrote {len(years)} elections to {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
