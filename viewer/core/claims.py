"""Import an article's state-by-state claims ("Pennsylvania: Kamala Harris") as a scenario.

A claim is never a result: it becomes a scenario compared with the loaded results.
Accepted line styles: numbered or bulleted lists with optional **bold**, "State: Name",
"State - Name", "State (19) – Name", Markdown or tab-separated tables, postal codes
("PA: Trump") and districts ("ME-2: Trump", "Maine's 2nd district: Trump").
Candidates are matched through the loaded results: full name, surname, first name,
party code or party name. A statewide claim for Maine or Nebraska covers the at-large
votes and each district the text does not name on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.core.errors import InputError
from viewer.core.results import ElectionResults
from viewer.core.scenario import Scenario
from viewer.core.units import UNIT_CODES, UNITS, districts_of

MAX_CHARS = 2_000_000
_MARKUP = re.compile(r"[*_`]+")
_BULLET = re.compile(r"^\s*(?:[#>]+\s*)?(?:\d+[.)]|[-•*+]|\(\d+\))?\s*")
_SPLIT = re.compile(r"\s*(?:\||\t|:|\s[-–—]\s|=>|→)\s*")
_EV_NOTE = re.compile(r"\s*\(\s*\d+\s*(?:ev|electoral votes?)?\s*\)\s*$", re.IGNORECASE)
_DISTRICT = re.compile(r"^(maine|nebraska)(?:'s|’s)?\s+(1st|2nd|3rd|first|second|third)"
                       r"(?:\s+congressional)?(?:\s+district)?$", re.IGNORECASE)
_ORD = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3}


@dataclass(frozen=True)
class ClaimImport:
    scenario: Scenario
    claimed: dict[str, str]  # unit -> party, after expanding ME/NE statewide claims
    differing: tuple[str, ...]  # units where the claim contradicts the loaded results
    not_in_claim: tuple[str, ...]  # units the text does not mention (official kept)
    warnings: tuple[str, ...] = field(default=())


def _unit_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, unit in UNITS.items():
        table[code.lower()] = code
        if not unit.is_district:
            table[unit.name.lower()] = code
    table["washington dc"] = table["washington d.c."] = table["d.c."] = "DC"
    table["washington, d.c."] = table["washington, dc"] = "DC"
    return table


def _candidate_lookup(results: ElectionResults) -> dict[str, str]:
    table: dict[str, str] = {}
    for c in results.candidates:
        names = {c.name, c.surname, c.name.split()[0] if c.name else "", c.party,
                 c.party_name, c.party_name + "s"}
        if c.party_name.lower().endswith("ic"):
            names.add(c.party_name[:-2])  # "Democratic" -> "Democrat"
            names.add(c.party_name[:-2] + "s")
        for n in names:
            if n:
                table[n.lower()] = c.party
    return table


def parse_claims(text: str, results: ElectionResults, source: str = "<claims>") -> ClaimImport:
    if len(text) > MAX_CHARS:
        raise InputError(source, "an article under 2 million characters",
                         got=f"{len(text):,} characters")
    units = _unit_lookup()
    candidates = _candidate_lookup(results)
    claimed_lines: dict[str, tuple[str, int]] = {}
    warnings: list[str] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _BULLET.sub("", _MARKUP.sub("", raw)).strip().strip("|").strip()
        if not line:
            continue
        parts = [p for p in _SPLIT.split(line) if p]
        if len(parts) < 2:
            continue
        unit = _unit_of(_EV_NOTE.sub("", parts[0]).strip(), units)
        if unit is None:
            continue
        party = _party_of(parts[1:], candidates)
        if party is None:
            warnings.append(f"{source}, line {lineno}: {UNITS[unit].name} is claimed for "
                            f"{parts[1][:40]!r}, which is none of the loaded candidates")
            continue
        previous = claimed_lines.get(unit)
        if previous and previous[0] != party:
            warnings.append(f"{source}, line {lineno}: {UNITS[unit].name} claimed again, for "
                            f"{party} (line {previous[1]} said {previous[0]}); the later "
                            "claim is used")
        claimed_lines[unit] = (party, lineno)
    if not claimed_lines:
        raise InputError(source, "lines pairing a state with a candidate, such as "
                         "'Pennsylvania: Kamala Harris'", got="no such line")
    claimed = {u: p for u, (p, _) in claimed_lines.items()}
    for state in ("ME", "NE"):  # a statewide claim covers districts not named on their own
        if state in claimed:
            for d in districts_of(state):
                claimed.setdefault(d, claimed[state])
    overrides = {u: p for u, p in claimed.items() if p != results.units[u].winner}
    scenario = Scenario(results, overrides, title=f"Claim: {_short(source)}")
    differing = tuple(u for u in UNIT_CODES if u in overrides)
    missing = tuple(u for u in UNIT_CODES if u not in claimed)
    return ClaimImport(scenario, {u: claimed[u] for u in UNIT_CODES if u in claimed},
                       differing, missing, tuple(warnings))


def _unit_of(text: str, units: dict[str, str]) -> str | None:
    key = " ".join(text.lower().split())
    if key in units:
        return units[key]
    m = _DISTRICT.match(key)
    if m:
        state = "ME" if m.group(1).lower() == "maine" else "NE"
        return f"{state}-{_ORD[m.group(2).lower()]}"
    return None


def _party_of(parts: list[str], candidates: dict[str, str]) -> str | None:
    for part in parts:
        key = " ".join(part.lower().replace("(", " ").replace(")", " ").split()).strip(" .,;")
        if key in candidates:
            return candidates[key]
        # "Donald J. Trump", "Kamala Harris (Democrat)": any known word sequence inside
        words = key.split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                if " ".join(words[i:i + n]) in candidates:
                    return candidates[" ".join(words[i:i + n])]
    return None


def _short(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]
