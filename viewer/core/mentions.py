"""Which units a piece of text mentions, from state names and the usual district forms.

Rules (chosen to avoid false hits in news prose):
- State names match in Title Case or ALL CAPS, whole words, possessive allowed.
  "West Virginia" is not also "Virginia"; "New York Times/Post" and "Kansas City" are skipped.
- "Washington DC", "Washington, D.C.", "District of Columbia" and a standalone "DC" → DC.
  "Washington state" → WA. A bare "Washington" is WA only as a list item or call
  ("Washington: Harris", "won Washington"); otherwise it is usually the capital or a person
  ("Washington Post", "George Washington") and is skipped.
- Districts: "NE-2", "ME-2", "Nebraska's 2nd (congressional) district", "Maine's second
  district" → the district only (the state itself only when named separately).
- Bare two-letter codes are never matched ("IN", "OR", "ME" are English words).
"""

from __future__ import annotations

import re

from viewer.core.units import STATE_CODES, UNITS

_ORD = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3}
_DISTRICT_CODE = re.compile(r"\b(ME|NE)-([1-3])\b")
_DISTRICT_WORDS = re.compile(
    r"\b(Maine|Nebraska)(?:'s|’s)\s+(1st|2nd|3rd|first|second|third)"
    r"(?:\s+congressional)?(?:\s+district)?", re.IGNORECASE)
_DC = re.compile(r"\bWashington,?\s+D\.?\s?C\b\.?|\bDistrict of Columbia\b|(?<![\w-])DC\b")
_WA_STATE = re.compile(r"\bWashington\s+[Ss]tate\b")
_WA_CALL = re.compile(r"(?:^|\n)\s*(?:\d+\.\s*)?\**Washington\**\s*[:(–-]|"
                      r"\b(?:wins?|won|takes?|took|carries|carried)\s+Washington\b"
                      r"(?!\s*,?\s*D\.?C|\s+(?:Post|Examiner|Times))")
_SKIP_AFTER = {"NY": re.compile(r"\s+(?:Times|Post|Daily)\b"),
               "KS": re.compile(r"\s+City\b"), "MO": re.compile(r"\s+City\b")}
# Streets and places named after states ("Pennsylvania Avenue", "Virginia Beach").
_PLACE_AFTER = re.compile(r"\s+(?:Avenue|Ave\b|Street|St\.|Boulevard|Blvd\b|Square|Beach|"
                          r"Turnpike)")


def _state_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every state name (Title Case or ALL CAPS), longest names first so
    that "West Virginia" is taken whole rather than as "Virginia"."""
    names = {UNITS[c].name.lower(): c for c in STATE_CODES if c not in ("DC", "WA")}
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        title = UNITS[names[name]].name
        for form in (title, title.upper()):
            alternatives.append(r"\s+".join(re.escape(w) for w in form.split()))
    pattern = re.compile(rf"(?<![\w-])(?P<name>{'|'.join(alternatives)})(?:'s|’s)?(?![\w-])")
    return pattern, names


_STATES, _STATE_OF = _state_pattern()


def find_units(text: str) -> tuple[str, ...]:
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, code: str) -> None:
        if any(s <= start < e or s < end <= e for s, e in taken):
            return  # inside a longer match ("West Virginia" already holds "Virginia")
        taken.append((start, end))
        hits.append((start, code))

    for m in _DISTRICT_CODE.finditer(text):
        add(m.start(), m.end(), f"{m.group(1)}-{m.group(2)}")
    for m in _DISTRICT_WORDS.finditer(text):
        state = "ME" if m.group(1).lower() == "maine" else "NE"
        add(m.start(), m.end(), f"{state}-{_ORD[m.group(2).lower()]}")
    for m in _DC.finditer(text):
        add(m.start(), m.end(), "DC")
    for m in _WA_STATE.finditer(text):
        add(m.start(), m.end(), "WA")
    for m in _WA_CALL.finditer(text):
        start = text.index("Washington", m.start()) if "Washington" in m.group(0) else m.start()
        add(start, start + len("Washington"), "WA")
    for m in _STATES.finditer(text):
        code = _STATE_OF[" ".join(m.group("name").split()).lower()]
        skip = _SKIP_AFTER.get(code)
        if (skip and skip.match(text, m.end())) or _PLACE_AFTER.match(text, m.end()):
            continue
        add(m.start(), m.end(), code)
    seen: dict[str, None] = {}
    for _, code in sorted(hits):
        seen.setdefault(code, None)
    return tuple(seen)
