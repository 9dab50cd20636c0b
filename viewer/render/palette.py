"""Colours: each party's colour (from the results file, or the colour-blind-safe pair),
shaded by the margin's rating bin, over a light or dark theme."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from matplotlib.colors import to_rgb

from viewer.core.electoral import BIN_NAMES, margin_bin
from viewer.core.results import ElectionResults
from viewer.render.contrast import text_on
from viewer.render.style import LIGHT, MapStyle, Theme

if TYPE_CHECKING:
    from matplotlib.collections import Collection
    from matplotlib.patches import Patch

RGB = tuple[float, float, float]

# Fallbacks when a results file gives no colour: blue-ish then red-ish, then others.
_DEFAULT_COLORS = ("#2166ac", "#c0392b", "#7b3294", "#1b7837", "#e08214")
# Blue and orange from the Okabe–Ito set: told apart with every common colour deficiency.
_COLORBLIND = ("#0072b2", "#e69f00", "#cc79a7", "#009e73", "#56b4e9")
# How much of the full party colour each bin gets (the rest is white).
_STRENGTH = {"tilt": 0.30, "lean": 0.50, "likely": 0.75, "safe": 1.0}
# In the shift map the fill only says who won; the arrows carry the story.
SHIFT_FILL_STRENGTH = 0.22
# Patterns, a second channel beside colour in the colour-blind palette.
UNDECIDED_HATCH = "///"
SPLIT_HATCH = "xx"
# A winner set by hand has no margin: a flat middle strength, unlike every margin shade,
# and a pattern of its own in every palette.
BY_HAND_STRENGTH = 0.62
BY_HAND_HATCH = ".."


@lru_cache(maxsize=256)
def _rgb(color: str) -> RGB:
    # a theme's colours by name, converted once rather than at every unit of every step
    return to_rgb(color)


def mix(color: RGB, strength: float) -> RGB:
    """``color`` at ``strength`` (0: white, 1: the colour itself): every shade on the maps."""
    return (1 - strength + strength * color[0], 1 - strength + strength * color[1],
            1 - strength + strength * color[2])


@dataclass(frozen=True)
class Palette:
    party_colors: dict[str, RGB] = field(default_factory=dict)
    theme: Theme = LIGHT
    mode: str = "margin"
    name: str = "party"
    hatched: bool = False  # undecided and split units get patterns as well as colours

    @classmethod
    def for_results(cls, results: ElectionResults, style: MapStyle | None = None) -> Palette:
        style = style or MapStyle()
        colors = {}
        for i, cand in enumerate(results.candidates):
            if style.palette == "colorblind":
                colors[cand.party] = to_rgb(_COLORBLIND[i % len(_COLORBLIND)])
            else:
                colors[cand.party] = to_rgb(cand.color or
                                            _DEFAULT_COLORS[i % len(_DEFAULT_COLORS)])
        return cls(colors, style.colors, style.mode, style.palette, style.hatched)

    @property
    def undecided(self) -> RGB:
        return _rgb(self.theme.undecided)

    @property
    def no_data(self) -> RGB:
        return _rgb(self.theme.no_data)

    def party(self, party: str) -> RGB:
        found = self.party_colors.get(party)  # a map step asks for every unit's
        return found if found is not None else self.undecided

    def shade(self, party: str, bin_name: str | None) -> RGB:
        """The party colour for a margin bin; the full colour when the margin is unknown."""
        return mix(self.party(party), _STRENGTH.get(bin_name or "safe", 1.0))

    def unit_color(self, winner: str | None, margin: float | None, overridden: bool) -> RGB:
        if winner is None:
            return self.undecided
        if self.mode == "winner":
            return self.party(winner)
        if self.mode == "shift":
            return mix(self.party(winner), SHIFT_FILL_STRENGTH)
        if overridden:  # set by hand: no margin to shade by (see ``by_hand``)
            return self.by_hand(winner)
        return self.shade(winner, margin_bin(margin))

    def by_hand(self, party: str) -> RGB:
        """A winner set by hand (no margin): the party colour at a flat middle strength
        (hatched on the map), never one of the margin shades."""
        return mix(self.party(party), BY_HAND_STRENGTH)

    @staticmethod
    def text_on(rgb: RGB) -> str:
        """Black or white, whichever contrasts more with the fill (at least 4.5:1)."""
        return text_on(rgb)

    @staticmethod
    def bins() -> tuple[str, ...]:
        return BIN_NAMES


def set_hatch_color(artist: Patch | Collection, color: str) -> None:
    """Colour an artist's hatching. Matplotlib 3.11 has its own setting for it; before,
    hatching took the edge colour (the artists hatched here draw no edge of their own)."""
    if hasattr(artist, "set_hatchcolor"):
        artist.set_hatchcolor(color)
    else:
        artist.set_edgecolor(color)
