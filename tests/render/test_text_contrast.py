"""Legibility of the composed map (issue #14): every text the figure draws reaches WCAG AA
contrast against what is behind it, the title never meets "270 to win", Hawaii's label
reads off its islands, and the shift map's arrows stay on their states.

Contrast threshold: 4.5:1 for every text, large or not (WCAG AA for normal text; none of
the figure's texts is big enough to claim the 3:1 of large text, 18.66 px bold)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text

from viewer.core.scenario import Scenario, SetUnits
from viewer.core.tiles import tile_shapes
from viewer.render.contrast import contrast_ratio, luminance
from viewer.render.export import build_figure
from viewer.render.map_figure import MapFigure
from viewer.render.shift_arrows import ARROW_PER_POINT
from viewer.render.style import MapStyle

AA = 4.5
LOOKS = [("light", "party"), ("dark", "party"), ("light", "colorblind"),
         ("dark", "colorblind")]
MODES = ["margin", "winner", "shift"]
SLACK = 0.006  # of the map's width: how far off its state an arrow's end may reach


def _halo_color(text: Text) -> tuple[float, float, float] | None:
    """The colour of a ring drawn around the text (a withStroke path effect), if any."""
    for effect in text.get_path_effects():
        if isinstance(effect, patheffects.Stroke):
            return to_rgb(effect._gc["foreground"])  # type: ignore[attr-defined]
    return None


def drawn_texts(fig: Figure, monkeypatch: pytest.MonkeyPatch) -> list[Text]:
    """Every Text artist a full draw of the figure draws (visible, with something to say)."""
    drawn: dict[int, Text] = {}
    draw = Text.draw

    def spy(self: Text, renderer: object) -> None:
        if self.get_visible() and self.get_text().strip():
            drawn[id(self)] = self
        draw(self, renderer)  # type: ignore[arg-type]

    with monkeypatch.context() as m:
        m.setattr(Text, "draw", spy)
        fig.canvas.draw()
    return list(drawn.values())


def contrasts(fig: Figure, monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, str, str]]:
    """(ratio, text, against what) for every drawn text. Behind a ringed text is its ring;
    behind any other, the pixels under its box as drawn without any text (the 10th
    percentile of the ratios, so that a stray anti-aliased pixel does not count)."""
    texts = drawn_texts(fig, monkeypatch)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for t in texts:
        t.set_visible(False)
    fig.canvas.draw()
    under = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0  # type: ignore[attr-defined]
    for t in texts:
        t.set_visible(True)
    h, w = under.shape[:2]
    out = []
    for text, box in zip(texts, boxes, strict=True):
        color = to_rgb(text.get_color())
        ring = _halo_color(text)
        label = " ".join(text.get_text().split())
        if ring is not None:
            out.append((contrast_ratio(color, ring), label, f"its ring {ring}"))
            continue
        x0, x1 = max(0, int(box.x0)), min(w, int(np.ceil(box.x1)))
        y0, y1 = max(0, int(h - box.y1)), min(h, int(np.ceil(h - box.y0)))
        pixels = under[y0:y1, x0:x1].reshape(-1, 3)
        assert len(pixels), label
        lum = np.array([0.2126, 0.7152, 0.0722]) @ np.where(
            pixels <= 0.04045, pixels / 12.92, ((pixels + 0.055) / 1.055) ** 2.4).T
        own = luminance(color)
        ratios = (np.maximum(lum, own) + 0.05) / (np.minimum(lum, own) + 0.05)
        out.append((float(np.percentile(ratios, 10)), label, "what is under it"))
    return out


def _scenario(results):  # type: ignore[no-untyped-def]
    s = Scenario(results)
    s.apply(SetUnits((("PA", None), ("GA", None))))  # undecided: grey, hatched when so
    return s


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("theme", "palette"), LOOKS)
def test_every_text_reaches_aa_contrast(shapes, results_2024, monkeypatch, theme, palette,
                                        mode):
    style = MapStyle(theme=theme, palette=palette, mode=mode)
    fig, _ = build_figure(shapes, _scenario(results_2024), (1600, 1000), style=style)
    measured = contrasts(fig, monkeypatch)
    assert len(measured) > 20
    poor = sorted(m for m in measured if m[0] < AA)
    assert not poor, [f"{r:.2f}:1 {t!r} on {on}" for r, t, on in poor]


@pytest.mark.parametrize("mode", ["margin", "shift"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tile_map_texts_reach_aa_contrast(results_2024, monkeypatch, theme, mode):
    fig, _ = build_figure(tile_shapes(), _scenario(results_2024), (1200, 800),
                          style=MapStyle(layout="tiles", theme=theme, mode=mode,
                                         palette="colorblind"))
    poor = sorted(m for m in contrasts(fig, monkeypatch) if m[0] < AA)
    assert not poor, [f"{r:.2f}:1 {t!r} on {on}" for r, t, on in poor]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_candidate_names_keep_their_party_hue_and_fills_keep_party_colours(
        shapes, results_2024, theme):
    _, mf = build_figure(shapes, Scenario(results_2024), (1024, 560),
                         style=MapStyle(theme=theme))
    bg = mf.style.colors.background
    for label, cand in ((mf.bar.left_label, results_2024.candidates[0]),
                        (mf.bar.right_label, results_2024.candidates[1])):
        party = mf.palette.party(cand.party)
        text = to_rgb(label.get_color())
        assert contrast_ratio(text, bg) >= AA
        # the same hue, only lighter or darker: the largest channel stays the largest
        assert int(np.argmax(text)) == int(np.argmax(party))
    # the bar itself is filled with the parties' own colours
    assert mf.bar._rects["DEM"].get_facecolor()[:3] == pytest.approx(
        mf.palette.party("DEM"))


SIZES = [(500, 350), (640, 400), (800, 500), (1024, 560), (1024, 700), (1280, 560),
         (1600, 1000), (700, 900)]


@pytest.mark.parametrize("dpi", [100, 200])
@pytest.mark.parametrize("size", SIZES)
def test_title_never_meets_270_to_win(shapes, results_2024, size, dpi):
    width, height = size
    fig = Figure(figsize=(width / 100, height / 100), dpi=dpi)  # 200: a HiDPI screen
    FigureCanvasAgg(fig)
    s = Scenario(results_2024)
    s.apply(SetUnits((("PA", "DEM"), ("GA", "DEM"), ("WI", "DEM"))))
    for title in (None, "What-if: the blue wall holds, Georgia too — as of 23:40"):
        mf = MapFigure(fig, shapes, s, title=title)
        mf.fit()  # lays the figure out for its size, measuring with the canvas's renderer
        renderer = fig.canvas.get_renderer()
        box = mf.title.get_window_extent(renderer)
        assert mf.title.get_text(), size
        for other in mf.bar.label_texts():
            assert not box.overlaps(other.get_window_extent(renderer)), (
                size, dpi, mf.title.get_text(), other.get_text())
        assert box.y1 <= fig.bbox.height and box.y0 >= 0
        fig.clear()


def test_hawaii_label_is_ringed_in_its_colour_and_reads(shapes, results_2024):
    _, mf = build_figure(shapes, Scenario(results_2024), (1024, 560),
                         style=MapStyle(theme="light"))
    label = next(t for t in mf.map_ax.texts if t.get_text().startswith("HI\n"))
    ring = _halo_color(label)
    # the label reaches past the islands onto the (white) sea: without a ring, white on white
    assert ring is not None
    assert ring == pytest.approx(mf.map.face_color_of("HI")[:3])
    assert contrast_ratio(label.get_color(), ring) >= AA


def test_shift_map_names_its_states_and_has_a_key(shapes, results_2024):
    _, mf = build_figure(shapes, Scenario(results_2024), (1600, 1000),
                         style=MapStyle(mode="shift"))
    texts = [t.get_text() for t in mf.map_ax.texts if t.get_visible()]
    assert {"TX", "HI", "NY", "CA"} <= set(texts)
    assert texts.count("RI") == 1  # named in its side box only, not on the map too
    assert "10 pts" in texts  # the key: what an arrow's length means
    minx, _, maxx, _ = shapes.bounds
    (quiver,) = mf.map.key_arrows
    assert float(quiver.U[0]) == pytest.approx(10 * (maxx - minx) * ARROW_PER_POINT)
    # an arrow that is not shortened is drawn at the key's scale
    tx = next(a for a in mf.map.shift_arrows if a.unit == "TX")
    assert not tx.shortened
    assert abs(tx.dx) == pytest.approx(abs(results_2024.swing("TX")) * (maxx - minx)
                                       * ARROW_PER_POINT)


def test_shift_arrows_stay_on_their_states(shapes, results_2024):
    _, mf = build_figure(shapes, Scenario(results_2024), (1600, 1000),
                         style=MapStyle(mode="shift"))
    minx, _, maxx, _ = shapes.bounds
    slack = SLACK * (maxx - minx)
    kinds = shapes.frame["kind"].to_numpy()
    arrows = {a.unit: a for a in mf.map.shift_arrows if not a.small}
    assert {"HI", "NY", "TX"} <= set(arrows)
    assert sorted(u for u, a in arrows.items() if a.shortened) == ["FL", "HI", "MS"]
    for unit, a in arrows.items():
        row = next(r for r in shapes.rows_of(unit) if kinds[r] == "state")
        geom = shapes.frame.geometry.iloc[row]
        x0, y0, x1, y1 = geom.bounds
        for x, y in ((a.x, a.y), (a.x + a.dx, a.y + a.dy)):
            # within the state's bounds (beside its islands, for Hawaii) ...
            assert x0 - slack <= x <= x1 + slack and y0 - slack <= y <= y1 + slack, unit
            # ... and, for a state in one piece such as New York, on the state itself
            if unit != "HI":
                assert geom.distance(shapely.Point(x, y)) <= slack, unit
