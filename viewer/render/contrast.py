"""Text that can be read: WCAG 2 contrast ratios, and text colours chosen to reach them.

Fills keep their colours (a party's colour says who won); only the colour of text drawn
on them, or on the figure's background, is adjusted."""

from __future__ import annotations

from matplotlib.colors import to_rgb
from matplotlib.typing import ColorType

RGB = tuple[float, float, float]
TEXT_CONTRAST = 4.5  # WCAG 2 AA for normal text; used for all the map's text, large or not
DARK_TEXT = "#111111"
LIGHT_TEXT = "#ffffff"


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: ColorType) -> float:
    """WCAG relative luminance of an sRGB colour: 0 for black, 1 for white."""
    r, g, b = to_rgb(color)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: ColorType, b: ColorType) -> float:
    """WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _toward(color: RGB, target: float, t: float) -> RGB:
    r, g, b = color
    return (r + (target - r) * t, g + (target - g) * t, b + (target - b) * t)


def readable_on(color: ColorType, background: ColorType, ratio: float = TEXT_CONTRAST) -> RGB:
    """``color`` as text on ``background``: unchanged when it already reaches ``ratio``,
    else lightened (on a dark background) or darkened (on a light one) just enough, so a
    party's text stays recognisably its colour."""
    rgb = to_rgb(color)
    if contrast_ratio(rgb, background) >= ratio:
        return rgb
    target = 1.0 if luminance(background) < 0.18 else 0.0
    lo, hi = 0.0, 1.0
    goal = ratio + 0.1  # a little room for rounding to 8-bit colours
    for _ in range(20):  # the smallest step toward white or black that reaches the goal
        mid = (lo + hi) / 2
        if contrast_ratio(_toward(rgb, target, mid), background) >= goal:
            hi = mid
        else:
            lo = mid
    return _toward(rgb, target, hi)


def text_on(fill: ColorType) -> str:
    """Near-black or white text on a fill, whichever contrasts more; pure black where
    near-black would fall short of 4.5:1 (fills of middling lightness)."""
    dark, light = contrast_ratio(DARK_TEXT, fill), contrast_ratio(LIGHT_TEXT, fill)
    if light >= dark:
        return LIGHT_TEXT
    return DARK_TEXT if dark >= TEXT_CONTRAST else "#000000"
