"""Race calls in live-blog headlines: a small rule set that would rather miss a call than
make a false one (a false call paints the wrong map on election night).

A headline is a call only when it states that a candidate has won, carries, is projected
to win or is the projected winner of a unit, or that an outlet calls or projects a unit for
a candidate. Before any call wording is looked for, the headline is refused as a whole if
it is commentary, a question, a negation, future or conditional, about another year's
election, about leads, rallies or speeches, a reported claim, a poll, or a down-ballot
race. Every refusal keeps its reason (the rule and the words that triggered it), so
``events --json`` can say why a headline naming a candidate and a unit made no call.

A headline that withdraws a call ("AP retracts its call in Arizona", "Correction: …")
retracts the calls of the units it names; it never makes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from viewer.core.mentions import find_units
from viewer.core.units import STATE_CODES, UNITS


@dataclass(frozen=True)
class Call:
    unit: str
    party: str


@dataclass(frozen=True)
class CallReading:
    calls: tuple[Call, ...] = ()
    retracts: tuple[str, ...] = ()  # units whose earlier call this headline withdraws
    reason: str = ""  # why no call, when the headline names a candidate and a unit


_F = re.IGNORECASE

# -- prefixes outlets put before a headline ------------------------------------------------
_PREFIX = re.compile(
    r"^\s*(?:(?:breaking(?:\s+news)?|just\s+in|live(?:\s+updates?)?|update[ds]?|latest|news|"
    r"alert|flash|developing|watch\s+live)\s*[:|–—-]\s*)+", _F)

# -- refusals: (reason, pattern); the first that matches decides --------------------------
_QUOTE = r"[\"“”‘’']"
_REFUSALS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, _F)) for reason, pattern in (
        ("a question", r"\?"),
        ("a down-ballot race", r"\b(?:senate|senator|sen\.|congress(?!ional\s+district)|"
                               r"congressman|congresswoman|representative|governor|"
                               r"gubernatorial|governorship|seat|seats|ballot\s+"
                               r"(?:measure|initiative|question)|proposition|prop\s+\d|"
                               r"referendum|amendment|mayor|mayoral|attorney\s+general|"
                               r"secretary\s+of\s+state|legislature|assembly|"
                               r"supreme\s+court|judge|justice|sheriff|council|"
                               r"school\s+board|primary|primaries|caucus(?:es)?|runoff|"
                               r"special\s+election|recall|district\s+attorney|measure)\b|"
                               r"(?<!white\s)\bhouse\b"),
        ("a court case", r"\b(?:lawsuits?|sues?|sued|court|case|ruling|appeal|"
                         r"recount|audit)\b"),
        ("commentary", r"^\s*(?:analysis|opinion|comment(?:ary)?|explainer|explained|"
                       r"fact[\s-]?check|reality\s+check|verify|verified|watch|video|listen|"
                       r"podcast|column|editorial|letters?|q\s*&\s*a|quiz|photos|"
                       r"in\s+pictures|review|perspective|first\s+person|view|profile|"
                       r"timeline|recap|background|obituary)\b"),
        ("commentary", r"\b(?:why|how|what\s+(?:it|this|that)\s+means|lessons?|analysis|"
                       r"opinion|fact[\s-]?check|myths?|misleading|false(?:ly)?|rumou?rs?|"
                       r"debunk\w*|conspiracy|explainer|explained|the\s+story\s+of|"
                       r"inside\s+the|behind\s+the|a\s+look\s+at|look(?:ing)?\s+back|recap|"
                       r"retrospective|anniversary|remember\w*)\b"),
        ("commentary", r"^\s*(?:who|what|when|where|which|is|are|was|were|can|could|will|"
                       r"would|should|did|does|do|has|have|had)\b"),
        ("a negation", r"\b(?:not|no\s+(?:call|winner|projection|result|decision)s?|"
                       r"never|neither|nor|without|cannot|can't|yet\s+to|has\s+yet|"
                       r"too\s+(?:early|close|soon)|uncalled|undecided|unresolved|"
                       r"hold(?:s|ing)?\s+off|declines?\s+to|refuses?\s+to|"
                       r"premature(?:ly)?)\b|n[’']t\b"),
        ("future or conditional", r"\b(?:expected|likely|unlikely|set|poised|tipped|"
                                  r"favou?red|hoping|hopes?|aims?|plans?|looks|seeks?|"
                                  r"going|about|needs?|has|have|had)\s+to\b|"
                                  r"\b(?:could|would|might|may|should|must|shall|will|"
                                  r"won[’']t|if|unless|whether|on\s+(?:track|course)|"
                                  r"within\s+reach|closing\s+in|on\s+the\s+verge|nears|"
                                  r"nearing|path|paths|scenarios?|hypothetical|"
                                  r"forecasts?|predict\w*|model|odds|chances?|bid|"
                                  r"battle\s+for|fight\s+for|race\s+for|push\s+for|"
                                  r"eyes|eyeing|targets?|targeting|courts?|courting)\b"),
        ("another election", r"\b(?:last\s+time|years?\s+ago|last\s+election|"
                             r"previous\s+election|in\s+the\s+past|history|historically|"
                             r"used\s+to|had\s+won|once\s+won)\b"),
        ("a lead, not a call", r"\b(?:leads?|leading|led|ahead|trails?|trailing|behind|"
                               r"edges?\s+ahead|pulls?\s+ahead|early\s+returns|"
                               r"(?:partial|unofficial|preliminary|early)\s+(?:results|"
                               r"returns|count)|reporting|counted|margin\s+narrows|"
                               r"neck\s+and\s+neck|tight|close\s+race|too\s+close)\b"),
        ("a campaign event", r"\b(?:rall(?:y|ies|ied)|speech|speeches|speaks|spoke|"
                             r"address(?:es|ed)?|remarks|campaign(?:s|ed|ing)?\s+(?:in|"
                             r"across|through|stop)|stump|visit(?:s|ed|ing)?|tour(?:s|ing)?|"
                             r"town\s+hall|debate|interview|heads?\s+to|arrives?|lands?\s+"
                             r"in|casts?\s+(?:his|her|a)?\s*(?:ballot|vote)|"
                             r"watch\s+party|crowd)\b"),
        ("a reported claim", r"\b(?:says?|said|claims?|claimed|claiming|insists?|vows?|"
                             r"boasts?|touts?|tells?|told|believes?|thinks?|argues?|"
                             r"expects?|fears?|warns?|urges?|asks?|wants?|declares?\s+"
                             r"victory|declared\s+victory|claims?\s+victory|alleges?|"
                             r"suggests?)\b"),
        ("a poll", r"\b(?:poll(?:s|ing|ster)?(?!\s+(?:close|closed|closing|open|opened))|"
                   r"survey|mock|straw|student\s+vote|betting|"
                   r"bookmakers?|prediction\s+markets?|simulation|exit\s+polls?)\b"),
        ("a concession", r"\bconced\w*\b"),
    ))
_YEAR = re.compile(r"(?<!since\s)(?<!since\s\s)\b(1[789]\d\d|20\d\d)\b", _F)
_RETRACT = re.compile(
    r"\b(?:retract\w*|rescind\w*|withdr[ae]w\w*|pull(?:s|ed)?\s+back|walk(?:s|ed)?\s+back|"
    r"revers\w*|un-?call\w*|takes?\s+back|took\s+back)\b.{0,40}?\b(?:calls?|projections?)\b|"
    r"\b(?:calls?|projections?)\b.{0,40}?\b(?:retracted|rescinded|withdrawn|reversed|"
    r"pulled)\b|^\s*correction\b", _F)

# -- units as a call names them -----------------------------------------------------------
_ORD = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3}
_POSS = r"(?:['’]s)"
_PLACE_WORDS = (r"(?!\s+(?:avenue|ave\b|street|st\b|boulevard|blvd|road|square|beach|city|"
                r"times|post|tribune|herald|examiner|heights|turnpike|mall|hall|park|"
                r"convention|university|state\s+university|capitol|statehouse|"
                r"electoral\s+votes?\s+(?:count|certification)))")
_DISTRICT = (rf"(?:(?:maine|nebraska){_POSS}?\s+(?:1st|2nd|3rd|first|second|third)"
             rf"(?:\s+congressional)?\s+district|(?:maine|nebraska){_POSS}\s+"
             rf"(?:1st|2nd|3rd|first|second|third)\b|the\s+(?:1st|2nd|3rd|first|second|"
             rf"third)\s+(?:congressional\s+)?district\s+(?:of|in)\s+(?:maine|nebraska)|"
             rf"\b(?:me|ne)-?0?[1-3]\b)")
_DC_FORMS = (r"(?:washington,?\s+d\.?\s?c\b\.?|(?:the\s+)?district\s+of\s+columbia|"
             r"\bd\.c\.|\bdc\b)")
_STATE_NAMES = sorted((UNITS[c].name for c in STATE_CODES if c != "DC"), key=len,
                      reverse=True)
_STATE = (r"(?:(?:the\s+)?(?:state\s+of\s+)?(?:"
          + "|".join(r"\s+".join(map(re.escape, n.split())) for n in _STATE_NAMES)
          + rf")(?:\s+state)?{_POSS}?{_PLACE_WORDS})")
_ONE_UNIT = rf"(?:{_DISTRICT}|{_DC_FORMS}|{_STATE})(?:\s*\(\d{{1,2}}\))?(?![\w-])"
# A state name followed by such a noun is an adjective ("Georgia voters"), not the unit.
_NOT_NOUN = (r"(?!\s+(?:voters?|crowds?|stage|republicans|democrats|independents|latinos|"
             r"suburbs|count(?:y|ies)|endorsements?|support|backing|delegates?|donors?|fans|"
             r"workers|unions?|farmers|residents|women|men|youth|students|gop|democratic|"
             r"republican|party|parties|officials?|election\s+officials)\b)")
_UNIT_LIST = (rf"(?P<units>{_ONE_UNIT}(?:\s*(?:,\s*and|,|and|&)\s*{_ONE_UNIT})*)"
              rf"{_NOT_NOUN}")
_LEAD_IN = (r"(?:the\s+)?(?:(?:key|crucial|pivotal|critical|battleground|swing|must-win|"
            r"rust\s+belt|sun\s+belt|blue\s+wall|bellwether)\s+)*(?:states?\s+(?:of\s+)?)?")

_ACTIVE = (r"(?:has\s+|have\s+)?(?:won|wins|carries|carried|takes|took|captures|captured|"
           r"flips|flipped|clinches|clinched|secures|secured|holds|held|keeps|kept|retains|"
           r"retained|sweeps|swept|grabs|seizes|seized|nabs|snags|bags|scoops)"
           r"(?:\s+in)?")
_OUTLET_VERB = r"(?:projects|projected|calls|called|declares|declared|names|named)"
_MARKER = (r"(?:projection|race\s+call|call|calls|projected\s+winner|ap\s+race\s+call|"
           r"decision\s+desk|[a-z]{2,5}\s+(?:projects|projection|race\s+call|decision\s+desk))")

_PATTERNS: tuple[str, ...] = (
    # Trump wins Georgia / has won Georgia and North Carolina / carries Nebraska's 2nd
    rf"{{cand}}\s+{_ACTIVE}\s+{_LEAD_IN}{_UNIT_LIST}",
    # Trump is projected to win Georgia / projected winner of Georgia
    rf"{{cand}}\s+(?:is\s+|has\s+been\s+|was\s+)?projected\s+(?:to\s+(?:win|carry)|"
    rf"(?:as\s+)?(?:the\s+)?winner\s+(?:of|in))\s+{_LEAD_IN}{_UNIT_LIST}",
    # Trump is the projected winner in Georgia / declared winner of Georgia
    rf"{{cand}}\s+(?:is\s+|was\s+|has\s+been\s+)?(?:declared\s+|named\s+)?(?:the\s+)?"
    rf"(?:projected\s+)?winner\s+(?:of|in)\s+{_LEAD_IN}{_UNIT_LIST}",
    # AP projects Trump wins Georgia / CNN projects Trump will win Georgia
    rf"\b{_OUTLET_VERB}\s+{{cand}}\s+(?:will\s+win|wins|has\s+won|carries|"
    rf"(?:as\s+)?(?:the\s+)?(?:projected\s+)?winner\s+(?:of|in))\s+{_LEAD_IN}{_UNIT_LIST}",
    # AP calls Georgia for Trump
    rf"\b(?:projects|calls|declares|called|projected)\s+{_LEAD_IN}{_UNIT_LIST}\s+"
    rf"(?:for|to|in\s+favou?r\s+of)\s+{{cand}}",
    # Georgia projected for Trump
    rf"{_LEAD_IN}{_UNIT_LIST}\s+(?:is\s+|has\s+been\s+|was\s+)?(?:projected|called|"
    rf"declared)\s+(?:for|to|in\s+favou?r\s+of)\s+{{cand}}",
    # Trump beats Harris in Georgia
    rf"{{cand}}\s+(?:beats|defeats|beat|defeated|edges|edged|tops|topped)\s+{{other}}\s+"
    rf"(?:in|to\s+win)\s+{_LEAD_IN}{_UNIT_LIST}",
    # Georgia goes to Trump / flips to Trump
    rf"{_LEAD_IN}{_UNIT_LIST}\s+(?:goes|went|falls|fell|flips|flipped)\s+(?:to|for)\s+"
    rf"{{cand}}",
    # Georgia won by Trump
    rf"{_LEAD_IN}{_UNIT_LIST}\s+(?:is\s+|was\s+|has\s+been\s+)?(?:won|carried|taken|"
    rf"captured|flipped|held|kept|retained)\s+by\s+{{cand}}",
    # Georgia: Trump projected winner
    rf"{_LEAD_IN}{_UNIT_LIST}\s*[:–—-]\s*{{cand}}\s+(?:is\s+)?(?:the\s+)?(?:projected|"
    rf"declared)\s+winner",
    # Projection: Georgia – Trump / Race call: Georgia for Trump
    rf"^\s*{_MARKER}\s*[:–—|-]\s*{_LEAD_IN}{_UNIT_LIST}\s*(?:[:–—,|-]|\bfor\b|\bto\b)\s*"
    rf"{{cand}}\s*[.!]?\s*$",
    # Projected winner in Georgia: Trump
    rf"^\s*(?:projected\s+)?winner\s+in\s+{_LEAD_IN}{_UNIT_LIST}\s*[:–—-]\s*{{cand}}"
    rf"\s*[.!]?\s*$",
)


def read_call(headline: str, candidates: Mapping[str, str], year: int | None = None,
              ) -> CallReading:
    """The calls a headline makes. ``candidates`` maps name forms (lower case: full name
    and surname) to party codes; ``year`` is the election's (another year refuses)."""
    text = " ".join(headline.split())
    if not text or not candidates:
        return CallReading()
    if _RETRACT.search(text):
        return CallReading(retracts=find_units(text), reason="a retraction or correction")
    key = tuple(sorted(candidates))
    named = _names_re(key).search(text)
    units = find_units(text)
    if not named:
        return CallReading()
    body = _PREFIX.sub("", text)
    refusal = _refusal(body, key, year)
    if refusal:
        return CallReading(reason=refusal if units else "")
    found: dict[str, set[str]] = {}
    for needs, pattern in _compiled(key):
        if needs is not None and not needs.search(body):
            continue
        for m in pattern.finditer(body):
            if _in_quotes(body, m.start(), m.end()):
                continue
            party = candidates[" ".join(m.group("cand").split()).lower()]
            # "wins Nebraska's electoral votes": the state, its districts, or both?
            whose_votes = _ELECTORAL_VOTES.match(body, m.end())
            for unit in _resolve_units(m.group("units")):
                if whose_votes and unit in ("ME", "NE"):
                    continue
                found.setdefault(unit, set()).add(party)
    calls = tuple(Call(u, next(iter(p))) for u, p in found.items() if len(p) == 1)
    conflicting = [u for u, p in found.items() if len(p) > 1]
    if conflicting:
        return CallReading(calls, reason=f"conflicting calls for {', '.join(conflicting)}")
    if not calls and units:
        return CallReading(reason="no call wording (such as 'wins', 'projected for')")
    return CallReading(calls)


_ELECTORAL_VOTES = re.compile(r"\s*(?:\d+\s+|all\s+)?electoral\s+votes?\b", _F)


# Patterns that begin with the unit list are tried at every position of a headline, which
# is slow; each of them needs a word that a quick search can rule out first.
_NEEDS: dict[int, re.Pattern[str]] = {
    k: re.compile(word, _F) for k, word in (
        (5, r"\b(?:projected|called|declared)\s+(?:for|to|in\s+favou?r)\b"),
        (7, r"\b(?:goes|went|falls|fell|flips|flipped)\s+(?:to|for)\b"),
        (8, r"\bby\b"),
        (9, r"\bwinner\b"))}


@lru_cache(maxsize=16)
def _compiled(names: tuple[str, ...]) -> tuple[tuple[re.Pattern[str] | None,
                                                     re.Pattern[str]], ...]:
    cand = _candidate_pattern(names)
    other = _candidate_pattern(names, group=False)
    return tuple((_NEEDS.get(k),
                  re.compile(t.replace("{cand}", cand).replace("{other}", other), _F))
                 for k, t in enumerate(_PATTERNS))


@lru_cache(maxsize=16)
def _names_re(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_candidate_pattern(names), _F)


@lru_cache(maxsize=16)
def _projects_will_win(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b{_OUTLET_VERB}\s+({_candidate_pattern(names)})\s+will\s+win\b", _F)


_PROJECTED_TO_WIN = re.compile(r"\bprojected\s+to\s+(?:win|carry)\b", _F)


def _refusal(text: str, names: tuple[str, ...], year: int | None) -> str:
    # "CNN projects Trump will win Georgia" is a projection, not the future tense.
    checked = _projects_will_win(names).sub(r"projects \1 wins", text)
    checked = _PROJECTED_TO_WIN.sub("projected", checked)
    for reason, pattern in _REFUSALS:
        m = pattern.search(checked)
        if m:
            return f"{reason} ('{m.group(0).strip()}')"
    for m in _YEAR.finditer(text):
        if year is None or int(m.group(1)) != year:
            return f"another election ('{m.group(1)}')"
    return ""


def _candidate_pattern(candidates: Iterable[str], group: bool = True) -> str:
    names = sorted(candidates, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
    # Not a possessive ("Trump's Georgia win") nor part of a compound ("Trump-backed").
    return (rf"(?<![\w'’-])({'?P<cand>' if group else '?:'}{alternatives})"
            r"(?![\w-]|['’]s\b)")


_QUOTED = re.compile(rf"(?<![\w]){_QUOTE}[^\"“”‘’]+?{_QUOTE}(?![\w])")


def _in_quotes(text: str, start: int, end: int) -> bool:
    """Is the match inside quotation marks? ("'Trump wins Georgia' is fake, says …")."""
    return any(m.start() <= start and end <= m.end() for m in _QUOTED.finditer(text))


_ONE_UNIT_RE = re.compile(_ONE_UNIT, _F)


def _resolve_units(span: str) -> tuple[str, ...]:
    """Unit codes for the unit list of a call; a part that is not clearly one unit yields
    nothing for that part."""
    out: list[str] = []
    for m in _ONE_UNIT_RE.finditer(span):
        code = _one_unit(m.group(0))
        if code is not None and code not in out:
            out.append(code)
    return tuple(out)


_EV_COUNT = re.compile(r"\s*\(\d+\)\s*$")
_LEAD_IN_RE = re.compile(rf"^(?:{_LEAD_IN})", _F)
_CODE_FORM = re.compile(r"(me|ne)-?0?([1-3])")
_POSSESSIVE_FORM = re.compile(r"(maine|nebraska)(?:'s)?\s+(1st|2nd|3rd|first|second|third)")
_OF_FORM = re.compile(r"(1st|2nd|3rd|first|second|third)\s+(?:congressional\s+)?district\s+"
                      r"(?:of|in)\s+(maine|nebraska)")
_DC_FORM = re.compile(r"washington,?\s+d\.?\s?c\.?|(?:the\s+)?district\s+of\s+columbia|"
                      r"d\.c\.|dc")
_STATE_WORDS = re.compile(r"^(?:the\s+)?(?:state\s+of\s+)?|(?:\s+state)?(?:'s)?$")
_STATE_BY_NAME = {UNITS[c].name.lower(): c for c in STATE_CODES}


def _one_unit(part: str) -> str | None:
    text = _LEAD_IN_RE.sub("", _EV_COUNT.sub("", part.strip()))
    low = " ".join(text.lower().replace("’", "'").split())
    m = _CODE_FORM.fullmatch(low)
    if m:
        return _district(m.group(1), m.group(2))
    m = _POSSESSIVE_FORM.search(low)
    if m:
        return _district(m.group(1)[:1] + "e", str(_ORD[m.group(2)]))
    m = _OF_FORM.search(low)
    if m:
        return _district(m.group(2)[:1] + "e", str(_ORD[m.group(1)]))
    if _DC_FORM.fullmatch(low):
        return "DC"
    return _STATE_BY_NAME.get(_STATE_WORDS.sub("", low))


def _district(state: str, n: str) -> str | None:
    code = f"{state.upper()}-{int(n)}"
    return code if code in UNITS else None
