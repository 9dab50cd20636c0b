"""How the map is drawn: what the colours mean (winner, margin, shift or same since), the
layout (geographic or tiles), light or dark, and the party or colour-blind-safe palette.

One frozen value shared by the window, the exports and `electoral-map render`, so that
an export looks like the screen."""

from __future__ import annotations

from dataclasses import dataclass, replace

# "same_since": how many elections in a row each unit voted for this year's party
# (history_maps.py).
SAME_SINCE = "same_since"
MODES = ("margin", "winner", "shift", SAME_SINCE)
# Forecast mode's map: units shaded by their win probability (probability.py). Apart from
# MODES, which lists the maps the window's View menu offers without a forecast.
PROBABILITY = "probability"
# The live-results map (issue #18): a night's counts and calls as of a time (live_map.py).
LIVE = "live"
MAP_MODES = (*MODES, PROBABILITY, LIVE)
LAYOUTS = ("geo", "tiles")
THEMES = ("light", "dark")
PALETTES = ("party", "colorblind")

PALETTE_NAMES = {"party": "Party colours", "colorblind": "Colour-blind safe colours"}


@dataclass(frozen=True)
class Theme:
    background: str
    text: str
    muted: str
    border: str  # between states
    box_edge: str  # around the small-state boxes
    leader: str
    selection: str
    highlight: str
    undecided: str
    no_data: str


LIGHT = Theme(background="#ffffff", text="#222222", muted="#666666", border="#ffffff",
              box_edge="#6b6b6b", leader="#8a8a8a", selection="#111111", highlight="#f2a900",
              undecided="#c9c9c9",
              no_data="#eeeeee")
DARK = Theme(background="#1e1f22", text="#e6e6e6", muted="#a3a3a3", border="#1e1f22",
             box_edge="#9a9a9a", leader="#7d7d7d", selection="#ffffff", highlight="#ffbf1f",
             undecided="#5d6068", no_data="#34363b")


@dataclass(frozen=True)
class MapStyle:
    mode: str = "margin"
    layout: str = "geo"
    theme: str = "light"
    palette: str = "party"
    # The year the shift map measures against; None: the previous election.
    compare: int | None = None

    def __post_init__(self) -> None:
        for value, allowed, name in ((self.mode, MAP_MODES, "mode"),
                                     (self.layout, LAYOUTS, "layout"),
                                     (self.theme, THEMES, "theme"),
                                     (self.palette, PALETTES, "palette")):
            if value not in allowed:
                raise ValueError(f"map {name}: expected one of {', '.join(allowed)}, "
                                 f"got {value!r}")

    @property
    def colors(self) -> Theme:
        return DARK if self.theme == "dark" else LIGHT

    @property
    def hatched(self) -> bool:
        """Patterns as a second channel beside colour, for readers who can't rely on hue."""
        return self.palette == "colorblind"

    def with_(self, **changes: str) -> MapStyle:
        # the names given are the str fields (mode, layout, theme, palette): ``compare``
        # is an int, changed with ``compared_with``; mypy cannot see which keys come
        return replace(self, **changes)  # type: ignore[arg-type]

    def compared_with(self, year: int | None) -> MapStyle:
        """The shift map against ``year`` (None: the previous election)."""
        return replace(self, compare=year)
