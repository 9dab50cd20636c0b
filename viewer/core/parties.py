"""Parties across US presidential history: a short code and a colour for each label.

The codes are what results files and the command line use (``DEM``, ``REP``, ``WHIG`` …);
a party's main candidate of a year takes the party's code, any other candidate who got
electoral votes under the same label gets a code from the surname (see
``candidate_codes``). Colours keep the familiar blue/red for the two modern parties and
give every other party that ever won electoral votes a hue of its own, far enough from
both and from the grey of "not decided" to be told apart on a map.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Party:
    code: str
    name: str
    color: str


PARTIES: tuple[Party, ...] = (
    Party("DEM", "Democratic", "#2166ac"),
    Party("REP", "Republican", "#c0392b"),
    Party("FED", "Federalist", "#8c6d31"),
    Party("DR", "Democratic-Republican", "#1b7837"),
    Party("NR", "National Republican", "#d98c5f"),
    Party("WHIG", "Whig", "#e6a817"),
    Party("AM", "Anti-Masonic", "#7b3294"),
    Party("NUL", "Nullifier", "#5e3c99"),
    Party("AA", "Anti-Administration", "#35978f"),
    Party("FS", "Free Soil", "#66a61e"),
    Party("LTY", "Liberty", "#a6761d"),
    Party("KN", "American (Know Nothing)", "#b35806"),
    Party("SD", "Southern Democratic", "#4d9a9a"),
    Party("CU", "Constitutional Union", "#9e7bb5"),
    Party("LR", "Liberal Republican", "#d6604d"),
    Party("GB", "Greenback", "#4daf4a"),
    Party("POP", "Populist", "#5aae61"),
    Party("PRO", "Prohibition", "#8073ac"),
    Party("SOC", "Socialist", "#e7298a"),
    Party("PROG", "Progressive", "#1a9850"),
    Party("SRD", "States' Rights", "#d4a017"),
    Party("UNP", "Unpledged electors", "#c51b7d"),
    Party("AIP", "American Independent", "#f1a340"),
    Party("LBT", "Libertarian", "#d8b365"),
    Party("GRN", "Green", "#4d9221"),
    Party("REF", "Reform", "#542788"),
    Party("IND", "Independent", "#762a83"),
)

_BY_CODE = {p.code: p for p in PARTIES}

# Labels the compiled history uses, mapped to one party. Fusion and faction labels go to
# the party whose nominee ran under them (Douglas was the Democrats' nominee in 1860,
# Bryan's 1896 ticket was Democratic and Populist, Lincoln ran for the National Union).
_LABELS: dict[str, str] = {
    "democratic": "DEM",
    "northern democratic": "DEM",
    "democratic/populist": "DEM",
    "republican": "REP",
    "national union (republican)": "REP",
    "federalist": "FED",
    "federalist/clintonian dr": "FED",
    "democratic-republican": "DR",
    "national republican": "NR",
    "whig": "WHIG",
    "anti-masonic": "AM",
    "nullifier": "NUL",
    "anti-administration": "AA",
    "free soil": "FS",
    "liberty": "LTY",
    "american (know nothing)": "KN",
    "american": "KN",
    "southern democratic": "SD",
    "constitutional union": "CU",
    "liberal republican": "LR",
    "liberal republican/democratic": "LR",
    "greenback": "GB",
    "populist": "POP",
    "prohibition": "PRO",
    "socialist": "SOC",
    "progressive": "PROG",
    "states' rights": "SRD",
    "independent (unpledged electors)": "UNP",
    "american independent": "AIP",
    "libertarian": "LBT",
    "green": "GRN",
    "pacific green": "GRN",
    "reform": "REF",
    "reform party": "REF",
    "independent": "IND",
}

_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,11}$")


def party_for_label(label: str) -> Party | None:
    """The party a label names, or None for a label of no known party."""
    code = _LABELS.get(label.strip().lower())
    return _BY_CODE[code] if code else None


def party(code: str) -> Party | None:
    return _BY_CODE.get(code)


def fallback_code(label: str) -> str:
    """A code for a label no table knows: the initials, upper case (at least two letters)."""
    words = re.findall(r"[A-Za-z]+", _ascii(label))
    code = "".join(w[0] for w in words).upper() if len(words) > 1 else "".join(words).upper()
    code = code[:12] or "X"
    return code if len(code) > 1 else (code + "X")


def surname_code(name: str) -> str:
    """``Colin Powell`` → ``POWELL``: the last word of the name, upper case."""
    words = [w for w in re.findall(r"[A-Za-z]+", _ascii(name))
             if w.lower() not in {"jr", "sr", "ii", "iii"}]
    return words[-1].upper()[:12] if words else "X"


def candidate_codes(candidates: Sequence[tuple[str, str]],
                    taken: Iterable[str] = ()) -> list[str]:
    """Codes for (name, party code) pairs, given in order of importance.

    The first candidate of each party takes the party's code; the others their surname
    code, with the first name's initial added when two surnames collide.
    """
    used = set(taken)
    codes: list[str] = []
    for name, party_code in candidates:
        code = party_code if party_code not in used else surname_code(name)
        if code in used:
            first = re.findall(r"[A-Za-z]", _ascii(name))[:1]
            code = ((first[0].upper() if first else "X") + code)[:12]
        n = 2
        base = code
        while code in used:
            code = f"{base[:10]}{n}"
            n += 1
        assert _CODE_RE.match(code), code
        used.add(code)
        codes.append(code)
    return codes


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
