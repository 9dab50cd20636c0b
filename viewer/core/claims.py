"""Import an article's state-by-state claims ("Pennsylvania: Kamala Harris") as a scenario.

A claim is never a result: it becomes a scenario compared with the loaded results.
Accepted line styles: numbered or bulleted lists with optional **bold**, "State: Name",
"State - Name", "State (19) – Name", Markdown or tab-separated tables, postal codes
("PA: Trump") and districts ("ME-2: Trump", "NE-02", "NE 2", "Nebraska's 2nd",
"Nebraska 2nd District (Omaha)", "Maine CD-2").
Candidates are matched through the loaded results: full name, surname, first name,
party code or party name.

What is never a claim (wrong is worse than missing):
- a negation or hedge ("Arizona: not Trump", "Georgia: leaning Harris"): warned about;
- a line naming two candidates, or prose after the state ("Arizona - Harris campaigned
  there"): warned about;
- a wire dateline ("WASHINGTON - Trump will …"): an all-caps place at the start of a
  paragraph, a dash, then prose;
- a statewide claim for Maine or Nebraska is a claim about the at-large votes only: the
  districts stay "not in the claim" unless the text names them.
A line that looks like a claim but cannot be read is warned about, with its line number.
The election year the article names for its list is reported, and a year other than the
loaded results' is warned about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.core.errors import InputError
from viewer.core.results import ElectionResults
from viewer.core.scenario import Scenario
from viewer.core.units import UNIT_CODES, UNITS

MAX_CHARS = 2_000_000
_MARKUP = re.compile(r"[*_`]+")
_BULLET = re.compile(r"^\s*(?:[#>]+\s*)?(?:\d+[.)]|[-•*+]|\(\d+\))?\s*")
_SPLIT = re.compile(r"\s*(?:\||\t|:|\s[-–—]\s|=>|→)\s*")
_DASH = re.compile(r"\s[-–—]\s")
_EV_NOTE = re.compile(r"^\s*\d+\s*(?:ev|evs|electoral votes?|votes?)?\s*$", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]*)\)")
_ORD = {"first": 1, "second": 2, "third": 3}
# "ME-2", "NE-02", "NE 2", "NE2", "Nebraska's 2nd", "Nebraska 2nd District", "Maine CD-2",
# "Nebraska District 2", "Nebraska's second congressional district"
_DISTRICT = re.compile(
    r"^(?P<state>maine|me|nebraska|neb\.?|ne)(?:'s|’s)?[\s,\-–]*"
    r"(?:(?:cd|district|congressional district)[\s\-#]*(?P<n1>0?\d)"
    r"|(?P<n2>0?\d)(?:st|nd|rd|th)?|(?P<ord>first|second|third))"
    r"(?:\s+(?:congressional\s+)?(?:district|cd))?$")
_AT_LARGE = re.compile(r"^(?P<state>maine|me|nebraska|neb\.?|ne)(?:'s|’s)?[\s\-–,]*"
                       r"(?:at[\s\-]?large|statewide|al)$")
_AT_LARGE_NOTE = re.compile(r"^(?:at[\s\-]?large|statewide)$")
_PLACE_NOTE = {"omaha": "NE-2"}  # "(Omaha)" names Nebraska's 2nd district

_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|none|nobody|without|except|against|instead|rather|"
    r"lost|loses|lose|losing|conceded|concedes|concede|defeated|denied|denies|"
    r"\w+n['’]t|cannot)\b", re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:leans?|leaning|likely|tilts?|tilting|toss[\s-]?up|tossup|too\s+close|"
    r"too\s+early|uncalled|undecided|expected|could|may|might|should|would|will|predicted|"
    r"forecasts?|polls?|polling|favou?red|if|unless|maybe|possibly|probably|disputed|"
    r"contested|recount)\b", re.IGNORECASE)
# Words a claim may carry besides the candidate ("Trump, won by 13.7 points")
_FILLER = frozenset((
    "won", "wins", "win", "winner", "winning", "carried", "carries", "carry", "took",
    "takes", "take", "flipped", "flips", "flip", "held", "holds", "hold", "kept", "keeps",
    "by", "a", "an", "the", "of", "for", "with", "and", "to", "in", "at", "margin",
    "points", "point", "pts", "percent", "pct", "narrow", "narrowly", "comfortably",
    "easily", "votes", "vote", "electoral", "ev", "evs", "state", "district", "victory",
    "called", "projected", "declared", "certified", "result", "results", "party",
    "candidate", "r", "d", "i", "rep", "dem", "gop", "jr", "sr", "j",
))
_PRESIDENTIAL_YEAR = re.compile(r"(?<![\d,.$])(1[789]\d\d|20\d\d)(?![\d%]|,\d)")


@dataclass(frozen=True)
class ClaimImport:
    scenario: Scenario
    claimed: dict[str, str]  # unit -> party, as the text states it (no district guessed)
    differing: tuple[str, ...]  # units where the claim contradicts the loaded results
    not_in_claim: tuple[str, ...]  # units the text does not mention (official kept)
    warnings: tuple[str, ...] = field(default=())
    year: int | None = None  # the election year the article names for its list, if any


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
    first_claim_offset: int | None = None
    offset = 0
    paragraph_start = True
    for lineno, raw in enumerate(text.splitlines(keepends=True), 1):
        line_offset, offset = offset, offset + len(raw)
        starts_paragraph, paragraph_start = paragraph_start, not raw.strip()
        line = _BULLET.sub("", _MARKUP.sub("", raw)).strip().strip("|").strip()
        if not line:
            continue
        parts = [p for p in _SPLIT.split(line) if p]
        if len(parts) < 2:
            continue
        head, value = parts[0], " ".join(parts[1:])
        where = f"{source}, line {lineno}"
        shown = line if len(line) <= 60 else line[:57] + "..."
        if starts_paragraph and _is_dateline(line, head, value, candidates):
            continue  # "WASHINGTON - Trump will …": where the story was filed, no claim
        unit, why = _unit_of(head, units)
        if unit is None:
            if why or (_party_of(value, candidates)[0] is not None
                       and len(head.split()) <= 6 and _is_clean(value, candidates)):
                warnings.append(f"{where}: {shown!r} looks like a claim, but "
                                f"{why or repr(head[:40]) + ' is not a state or district'}"
                                "; not read")
            continue
        party, trouble = _party_of(value, candidates)
        name = UNITS[unit].name
        if trouble:
            warnings.append(f"{where}: {shown!r} {trouble}; not read as a claim for {name}")
            continue
        if party is None:
            warnings.append(f"{where}: {name} is claimed for {parts[1][:40]!r}, which is "
                            "none of the loaded candidates")
            continue
        if not _is_clean(value, candidates):
            warnings.append(f"{where}: {shown!r} reads as prose about {name}, not as a "
                            "claim of who won it; not read")
            continue
        previous = claimed_lines.get(unit)
        if previous and previous[0] != party:
            warnings.append(f"{where}: {name} claimed again, for "
                            f"{results.candidate(party).name} (line {previous[1]} said "
                            f"{results.candidate(previous[0]).name}); the later claim is used")
        claimed_lines[unit] = (party, lineno)
        if first_claim_offset is None:
            first_claim_offset = line_offset
    if not claimed_lines:
        n = len(warnings)
        hint = (f" ({n} line{'' if n == 1 else 's'} not read: {warnings[0]})" if warnings
                else "")
        raise InputError(source, "lines pairing a state with a candidate, such as "
                         "'Pennsylvania: Kamala Harris'", got=f"no such line{hint}")
    year = _list_year(text, first_claim_offset or 0)
    if year is not None and results.year is not None and year != results.year:
        warnings.insert(0, f"{source}: the article's list is for the {year} election, but the "
                        f"loaded results are for {results.year}: the comparison below sets "
                        f"{year} claims against {results.year} results (load the {year} "
                        "results to compare like with like)")
    # A statewide claim for Maine or Nebraska says nothing about their districts: only
    # what the text names is claimed.
    claimed = {u: p for u, (p, _) in claimed_lines.items()}
    overrides: dict[str, str | None] = {u: p for u, p in claimed.items()
                                        if p != results.units[u].winner}
    title = f"Claim: {_short(source)}" + (f" ({year})" if year is not None else "")
    scenario = Scenario(results, overrides, title=title)
    differing = tuple(u for u in UNIT_CODES if u in overrides)
    missing = tuple(u for u in UNIT_CODES if u not in claimed)
    return ClaimImport(scenario, {u: claimed[u] for u in UNIT_CODES if u in claimed},
                       differing, missing, tuple(warnings), year)


def _is_dateline(line: str, head: str, value: str, candidates: dict[str, str]) -> bool:
    """"WASHINGTON - Trump will …": an all-caps place (not a postal code), a dash, and
    prose; "WEST VIRGINIA - Trump, by 42 points" in an all-caps list is still a claim."""
    place = _PAREN.sub("", head).strip()
    letters = [c for c in place if c.isalpha()]
    if not (len(letters) > 2 and place.isupper() and place not in UNITS
            and _DASH.search(line[:len(head) + 4])
            and any(c.islower() for c in value) and len(value.split()) >= 4):
        return False
    party, trouble = _party_of(value, candidates)
    return party is None or bool(trouble) or not _is_clean(value, candidates)


def _unit_of(text: str, units: dict[str, str]) -> tuple[str | None, str]:
    """The unit a line's first part names, or None and (if it names Maine's or Nebraska's
    districts in a way that cannot be read) why."""
    hint: str | None = None
    for note in _PAREN.findall(text):  # "(19)", "(Omaha)", "(at-large)"
        key = " ".join(note.lower().split())
        if _AT_LARGE_NOTE.match(key):
            hint = "AL"
        elif key in _PLACE_NOTE:
            hint = _PLACE_NOTE[key]
        elif not _EV_NOTE.match(key):
            return None, ""  # something else in brackets: not a plain state name
    key = " ".join(_PAREN.sub(" ", text).lower().split()).strip(" .,;")
    unit: str | None = None
    if key in units:
        unit = units[key]
    elif m := _AT_LARGE.match(key):
        unit = _state(m.group("state"))
    elif m := _DISTRICT.match(key):
        state = _state(m.group("state"))
        n = int(m.group("n1") or m.group("n2") or _ORD[m.group("ord")])
        unit = f"{state}-{n}"
        if unit not in UNITS:
            return None, f"{UNITS[state].name} has no district {n}"
    elif re.search(r"\b(?:maine|nebraska)\b", key) and re.search(
            r"\b(?:district|cd|\d(?:st|nd|rd|th)?|first|second|third|fourth)\b", key):
        return None, f"{text.strip()[:40]!r} names no district the app knows"
    if unit is None:
        return None, ""
    if hint == "AL" and UNITS[unit].is_district:
        return None, f"{text.strip()[:40]!r} names both a district and the at-large votes"
    if hint not in (None, "AL") and unit != hint:
        if unit == UNITS[hint].state:
            return hint, ""  # "Nebraska (Omaha)": the 2nd district
        return None, f"{text.strip()[:40]!r} names {unit} and a place in {hint}"
    return unit, ""


def _state(word: str) -> str:
    return "ME" if word.startswith("m") else "NE"


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+|%", text.lower())


def _mentions(value: str, candidates: dict[str, str]) -> tuple[set[str], list[str]]:
    """Parties named in ``value`` and the words left over."""
    words = _words(value)
    found: set[str] = set()
    rest: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):  # "Donald J. Trump", "Kamala Harris (Democrat)"
            phrase = " ".join(words[i:i + n])
            if len(words) - i >= n and phrase in candidates:
                found.add(candidates[phrase])
                i += n
                break
            possessive = re.sub(r"['’]s$", "", phrase)
            if len(words) - i >= n and possessive != phrase and possessive in candidates:
                found.add(candidates[possessive])
                i += n
                break
        else:
            rest.append(words[i])
            i += 1
    return found, rest


def _party_of(value: str, candidates: dict[str, str]) -> tuple[str | None, str]:
    """The one party ``value`` claims, or None; and why it is not a claim, if it is not."""
    found, _ = _mentions(value, candidates)
    if not found:
        return None, ""
    if m := _NEGATION.search(value):
        return None, f"negates or denies ({m.group().lower()!r}): a claim names who won"
    if m := _HEDGE.search(value):
        return None, f"hedges ({m.group().lower()!r}): a claim names who won"
    if len(found) > 1:
        return None, f"names more than one candidate ({', '.join(sorted(found))})"
    return next(iter(found)), ""


def _is_clean(value: str, candidates: dict[str, str]) -> bool:
    """A claim's value: a candidate and a few words such as 'won by 3 points' — not prose."""
    _, rest = _mentions(value, candidates)
    unknown = [w for w in rest if w not in _FILLER and not re.fullmatch(r"[\d.,%]+", w)]
    return len(unknown) <= 1  # e.g. a middle name


def _list_year(text: str, first_claim: int) -> int | None:
    """The presidential-election year named nearest before the list (else first after)."""
    years = [(m.start(), int(m.group(1))) for m in _PRESIDENTIAL_YEAR.finditer(text)
             if int(m.group(1)) % 4 == 0 and 1788 <= int(m.group(1)) <= 2096]
    before = [y for pos, y in years if pos < first_claim]
    if before:
        return before[-1]
    return years[0][1] if years else None


def _short(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]
