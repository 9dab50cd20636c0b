"""Fonts for text that comes from data or the user (titles, names, the source line).

The default font (DejaVu Sans) has no Chinese, Japanese or Korean glyphs. A text is drawn
with the default font plus, as matplotlib fallbacks, installed fonts that have the glyphs it
lacks. Characters no installed font has, and right-to-left scripts (which matplotlib lays
out left to right, unjoined: wrong, not just ugly), are drawn as one "�" per run, and a
warning says so once, instead of tofu boxes and a matplotlib warning per glyph per draw.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from matplotlib import font_manager, rcParams
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

log = logging.getLogger(__name__)
PLACEHOLDER = "\ufffd"  # REPLACEMENT CHARACTER: the standard "could not be shown" mark
_warned: set[str] = set()


@dataclass(frozen=True)
class TextFont:
    text: str  # what to draw: the text, or with placeholders where it cannot be drawn
    families: tuple[str, ...]  # the default families, then fallbacks with missing glyphs
    missing: str  # characters not drawn ("" when everything is drawn)
    warning: str = ""  # said once per process when something is not drawn
    weight: str = "normal"  # may be lighter than asked: a glyph matters more than bold


@lru_cache(maxsize=64)
def _charmap(path: str) -> frozenset[int]:
    try:
        return frozenset(FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):
        return frozenset()


def _font_path(family: str | list[str], weight: str) -> str | None:
    try:
        return font_manager.findfont(FontProperties(family=family, weight=weight),
                                     fallback_to_default=False)
    except ValueError:
        return None


@lru_cache(maxsize=4)
def _candidates(weight: str) -> tuple[tuple[str, str], ...]:
    """(family, file matplotlib would pick for it at this weight) for every installed family."""
    names = sorted({entry.name for entry in font_manager.fontManager.ttflist})
    out = []
    for name in names:
        path = _font_path(name, weight)
        if path:
            out.append((name, path))
    return tuple(out)


def _needs_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL", "RLE", "RLO", "RLI")


@lru_cache(maxsize=256)
def text_font(text: str, weight: str = "normal", what: str = "text") -> TextFont:
    """How to draw ``text``: fonts that have its glyphs, or a marked fallback."""
    choice = _text_font(text, weight, what)
    if choice.missing and weight != "normal":  # e.g. a fallback font without a bold face
        regular = _text_font(text, "normal", what)
        if len(regular.missing) < len(choice.missing):
            return regular
    return choice


def _text_font(text: str, weight: str, what: str) -> TextFont:
    base = tuple(rcParams["font.family"])
    path = _font_path(list(base), weight)
    have = _charmap(path) if path else frozenset()
    wanted = {ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"}
    rtl = {ch for ch in wanted if _needs_rtl(ch)}
    lacking = {ch for ch in wanted - rtl if ord(ch) not in have}
    families = list(base)
    while lacking:  # greedy: the installed font that has most of what is still lacking
        best, covered = "", set[str]()
        for name, font_path in _candidates(weight):
            if name in families:
                continue
            got = {ch for ch in lacking if ord(ch) in _charmap(font_path)}
            if len(got) > len(covered):
                best, covered = name, got
        if not covered:
            break
        families.append(best)
        lacking -= covered
    undrawable = lacking | rtl
    if not undrawable:
        return TextFont(text, tuple(families), "", weight=weight)
    mark = PLACEHOLDER if ord(PLACEHOLDER) in have else "?"
    shown = re.sub("(?:" + "|".join(map(re.escape, sorted(undrawable))) + r")+", mark, text)
    missing = "".join(sorted(undrawable))
    said = []
    if lacking:
        said.append(f"characters no installed font has ({_sample(lacking)})")
    if rtl:
        said.append(f"right-to-left text ({_sample(rtl)}), which the map renderer cannot "
                    "lay out")
    warning = f"the {what} has {' and '.join(said)}; shown as {mark}"
    if lacking:
        warning += (". Install a font with them (for Chinese, Japanese or Korean, e.g. "
                    "Noto Sans CJK) to draw them")
    return TextFont(shown, tuple(families), missing, warning, weight)


def _sample(chars: set[str]) -> str:
    text = "".join(sorted(chars))
    return text[:12] + ("…" if len(text) > 12 else "")


def warn_once(warning: str) -> None:
    """Log a font warning the first time it comes up in this process."""
    if warning and warning not in _warned:
        _warned.add(warning)
        log.warning(warning)
