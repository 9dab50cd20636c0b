"""bold_label (widgets.py): the bold headings and readouts show data as typed, never as
markup, in a bold font."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFontMetrics, QImage

from viewer.ui.widgets import bold_label, plain_label

MARKUP = "<b>x</b>"


def _ink_width(label) -> int:  # type: ignore[no-untyped-def]
    """How many pixel columns of the label's picture hold text (dark pixels)."""
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = image.width(), image.height()
    gray = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, :w]
    columns = np.flatnonzero((gray < 128).any(axis=0))
    return 0 if columns.size == 0 else int(columns[-1] - columns[0] + 1)


@pytest.mark.parametrize("wrap", [True, False])
def test_bold_label_shows_markup_literally_in_bold(qtbot, wrap: bool) -> None:  # type: ignore[no-untyped-def]
    label = bold_label(MARKUP, wrap=wrap)
    qtbot.addWidget(label)
    label.resize(300, 40)
    label.show()
    qtbot.waitExposed(label)
    assert label.text() == MARKUP
    assert label.font().bold()
    # Read as markup it would be one bold "x"; as plain text all eight characters show.
    metrics = QFontMetrics(label.font())
    literal = metrics.horizontalAdvance(MARKUP)
    assert _ink_width(label) >= 0.8 * literal > 4 * metrics.horizontalAdvance("x")
    assert label.wordWrap() is wrap


def test_bold_label_scale_makes_a_bigger_heading(qtbot) -> None:  # type: ignore[no-untyped-def]
    plain = plain_label("Pennsylvania")
    heading = bold_label("Pennsylvania", scale=1.3)
    qtbot.addWidget(plain)
    qtbot.addWidget(heading)
    assert heading.font().pointSizeF() == pytest.approx(1.3 * plain.font().pointSizeF())
    assert heading.font().bold() and not plain.font().bold()
