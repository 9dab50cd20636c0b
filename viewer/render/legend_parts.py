"""The pieces every map legend is built from: texts in the theme's colours (names drawn
with a font that has their glyphs), colour swatches with an optional label under them, rows,
and the box anchored at the legend axes' left. One place, so the margin, probability,
same-since and live legends read alike."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.offsetbox import (
    AnchoredOffsetbox,
    DrawingArea,
    OffsetBox,
    TextArea,
)
from matplotlib.patches import Rectangle

from viewer.render.contrast import readable_on
from viewer.render.fonts import text_font, warn_once
from viewer.render.packing import HPack, VPack
from viewer.render.palette import Palette, set_hatch_color

SWATCH_W, SWATCH_H = 20.0, 9.0  # swatch size in points


class LegendParts:
    def __init__(self, palette: Palette, font_size: float) -> None:
        self.palette = palette
        self.theme = palette.theme
        self.font_size = font_size

    def text(self, s: str, **props: object) -> TextArea:
        font = text_font(s, str(props.get("fontweight", "normal")), "candidate name")
        warn_once(font.warning)  # names are data: drawable glyphs or a marked fallback
        return TextArea(font.text, textprops={"fontsize": self.font_size,
                                              "color": self.theme.text,
                                              "fontfamily": list(font.families), **props})

    def small(self, s: str) -> TextArea:
        """A swatch's label: smaller and muted."""
        return self.text(s, fontsize=self.font_size * 0.8, color=self.theme.muted)

    def name(self, party: str, surname: str) -> TextArea:
        """A candidate's name in the party's colour, made readable on the background."""
        return self.text(surname, fontweight="bold",
                         color=readable_on(self.palette.party(party), self.theme.background))

    def swatch(self, *colors: object, hatch: str | None = None) -> DrawingArea:
        """A swatch of one colour, or several side by side, outlined."""
        area = DrawingArea(SWATCH_W, SWATCH_H)
        w = SWATCH_W / max(1, len(colors))
        for i, color in enumerate(colors):
            patch = Rectangle((i * w, 0), w, SWATCH_H, facecolor=color, lw=0)
            if hatch:
                patch.set_hatch(hatch)
                set_hatch_color(patch, self.theme.background)
            area.add_artist(patch)
        area.add_artist(Rectangle((0, 0), SWATCH_W, SWATCH_H, facecolor="none",
                                  edgecolor=self.theme.muted, lw=0.3))
        return area

    def labelled(self, area: OffsetBox, label: str) -> VPack:
        """A swatch with its label under it (a step of a scale)."""
        return VPack(children=[area, self.small(label)], align="center", pad=0, sep=1)

    @staticmethod
    def row(children: Sequence[OffsetBox], sep: float = 4) -> HPack:
        return HPack(children=list(children), align="center", pad=0, sep=sep)

    def titled(self, title: str, scale: OffsetBox, wrap: bool) -> list[OffsetBox]:
        """A scale with its title beside it, or above it in a narrow picture (``wrap``)."""
        if wrap:
            return [VPack(children=[self.text(title), scale], align="left", pad=0, sep=3)]
        return [self.text(title), scale]

    def place(self, ax: Axes, items: Sequence[OffsetBox], sep: float = 14) -> AnchoredOffsetbox:
        """The legend's row of items at the left of ``ax``, which shows nothing else."""
        return self.anchor(ax, self.row(items, sep))

    @staticmethod
    def anchor(ax: Axes, child: OffsetBox) -> AnchoredOffsetbox:
        ax.set_axis_off()
        box = AnchoredOffsetbox(loc="center left", child=child, frameon=False,
                                bbox_to_anchor=(0, 0.5), bbox_transform=ax.transAxes,
                                borderpad=0, pad=0)
        ax.add_artist(box)
        return box
