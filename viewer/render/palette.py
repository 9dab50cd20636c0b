"""Colours: each party's colour from the results file, shaded by the margin's rating bin."""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.colors import to_rgb

from viewer.core.electoral import BIN_NAMES, margin_bin
from viewer.core.results import ElectionResults

RGB = tuple[float, float, float]

# Fallbacks when a results file gives no colour: blue-ish then red-ish, then others.
_DEFAULT_COLORS = ("#2166ac", "#c0392b", "#7b3294", "#1b7837", "#e08214")
# How much of the full party colour each bin gets (the rest is white).
_STRENGTH = {"tilt": 0.30, "lean": 0.50, "likely": 0.75, "safe": 1.0}

UNDECIDED_RGB: RGB = to_rgb("#c9c9c9")
NO_DATA_RGB: RGB = to_rgb("#eeeeee")
BACKGROUND = "#ffffff"
BORDER = "#ffffff"
SELECTION = "#111111"
HIGHLIGHT = "#f2a900"


def _mix(color: RGB, strength: float) -> RGB:
    return (1 - strength + strength * color[0], 1 - strength + strength * color[1],
            1 - strength + strength * color[2])


@dataclass(frozen=True)
class Palette:
    party_colors: dict[str, RGB] = field(default_factory=dict)

    @classmethod
    def for_results(cls, results: ElectionResults) -> Palette:
        colors = {}
        for i, cand in enumerate(results.candidates):
            colors[cand.party] = to_rgb(cand.color or _DEFAULT_COLORS[i % len(_DEFAULT_COLORS)])
        return cls(colors)

    def party(self, party: str) -> RGB:
        return self.party_colors.get(party, UNDECIDED_RGB)

    def shade(self, party: str, bin_name: str | None) -> RGB:
        """The party colour for a margin bin; the full colour when the margin is unknown."""
        return _mix(self.party(party), _STRENGTH.get(bin_name or "safe", 1.0))

    def unit_color(self, winner: str | None, margin: float | None, overridden: bool) -> RGB:
        if winner is None:
            return UNDECIDED_RGB
        # A what-if override has no real margin: show it in the party's full colour.
        return self.shade(winner, None if overridden else margin_bin(margin))

    @staticmethod
    def text_on(rgb: RGB) -> str:
        """Black or white, whichever reads better on the fill."""
        luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        return "#111111" if luminance > 0.55 else "#ffffff"

    @staticmethod
    def bins() -> tuple[str, ...]:
        return BIN_NAMES
