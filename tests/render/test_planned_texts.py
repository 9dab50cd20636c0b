"""Labels drawn again over the cached frame from plans of their drawing calls
(planned_texts.py): pixel for pixel what drawing each text gives, and never a plan of
what a label showed before."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke

from viewer.render import text_cache
from viewer.render.planned_texts import PlannedTexts


def scene():
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_facecolor("#d0e0f0")
    texts = [
        ax.text(0.2, 0.7, "PA\n19", ha="center", va="center", fontsize=9, fontweight="bold",
                linespacing=0.95, color="white"),
        ax.text(0.55, 0.45, "NE-2\n1", ha="left", va="center", fontsize=7.5, color="#202020"),
        ax.text(0.8, 0.2, "HI\n4", ha="right", va="bottom", fontsize=8, color=(0.9, 0.1, 0.1),
                path_effects=[withStroke(linewidth=3, foreground="w")]),  # drawn as ever
        ax.text(0.3, 0.2, "MI", fontsize=11, color="black", alpha=0.7),
    ]
    for t in texts:
        t.set_animated(True)  # not in the frame: drawn on top, as the window's copies
    fig.canvas.draw()
    return fig, texts, fig.canvas.copy_from_bbox(fig.bbox)


def drawn(fig, background, draw) -> np.ndarray:
    renderer = fig.canvas.get_renderer()
    renderer.restore_region(background)
    draw(renderer)
    return np.asarray(renderer.buffer_rgba()).copy()


def each(texts):
    return lambda renderer: [t.draw(renderer) for t in texts]


def test_planned_labels_are_the_labels_drawn(monkeypatch):
    text_cache.install()
    fig, texts, background = scene()
    batch = PlannedTexts(lambda: texts, lambda: "view")
    expected = drawn(fig, background, each(texts))
    assert np.abs(drawn(fig, background, each([])) - expected).max() > 100  # texts show
    assert np.array_equal(drawn(fig, background, batch.draw), expected)
    assert batch.planned == 4
    again = drawn(fig, background, batch.draw)  # from the plans this time
    assert batch.planned == 4
    assert np.array_equal(again, expected)


def test_a_label_changed_since_is_planned_anew():
    text_cache.install()
    fig, texts, background = scene()
    batch = PlannedTexts(lambda: texts, lambda: "view")
    drawn(fig, background, batch.draw)
    texts[0].set_color("black")  # its unit's new fill is light
    texts[1].set_text("NE-2\n2")
    texts[3].set_position((0.35, 0.25))
    texts[3].set_fontsize(12)
    expected = drawn(fig, background, each(texts))
    assert np.array_equal(drawn(fig, background, batch.draw), expected)
    # back to a colour it had: the first plan is used again
    texts[0].set_color("white")
    planned = batch.planned
    assert np.array_equal(drawn(fig, background, batch.draw),
                          drawn(fig, background, each(texts)))
    assert batch.planned == planned
    texts[2].set_visible(False)  # hidden labels are left out
    assert np.array_equal(drawn(fig, background, batch.draw),
                          drawn(fig, background, each(texts)))


def test_another_view_is_planned_anew():
    text_cache.install()
    fig, texts, background = scene()
    view = ["before"]
    batch = PlannedTexts(lambda: texts, lambda: view[0])
    drawn(fig, background, batch.draw)
    ax = texts[0].axes
    ax.set_xlim(0.1, 1.1)  # panned: every label moves on the screen
    view[0] = "after"
    fig.canvas.draw()
    background = fig.canvas.copy_from_bbox(fig.bbox)
    assert np.array_equal(drawn(fig, background, batch.draw),
                          drawn(fig, background, each(texts)))
