"""The labels drawn again over flipped units are kept and reused, never piled up: after
many flips the map holds one copy per label at most, and only the flipped units' copies
show until the frame settles."""

from __future__ import annotations

from collections import Counter


def visible_texts(window) -> Counter[str]:  # type: ignore[no-untyped-def]
    return Counter(t.get_text() for t in window.canvas.map_figure.map_ax.texts
                   if t.get_visible())


def test_flips_reuse_label_copies_and_hide_them_when_settled(qtbot, window):
    canvas, doc = window.canvas, window.document
    doc.set_whatif(True)
    before = len(canvas.map_figure.map_ax.texts)
    for _ in range(3):
        for unit in ("TX", "PA", "CA", "TX", "PA", "CA"):
            doc.cycle(unit)
        canvas.draw()  # the frame settles: the copies are hidden
    doc.cycle("TX")  # Harris
    shown = visible_texts(window)
    assert shown["TX\n40"] == 2  # the label and its copy on top of the redrawn unit
    assert shown["PA\n19"] == 1 and shown["CA\n54"] == 1
    # one copy per label that was ever drawn again (Hawaii's reaches over Texas), no more
    assert len(canvas.map_figure.map_ax.texts) - before <= 4
    canvas.draw()
    assert visible_texts(window)["TX\n40"] == 1
