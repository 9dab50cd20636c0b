"""Grab the whole X screen once the map is drawn (run on the same DISPLAY as the app).

Usage: python grab_screen.py OUT.png [TIMEOUT_S]
Polls the root window until it shows the map in both parties' colours, then saves it;
exit 1 on timeout.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from PySide6.QtGui import QGuiApplication, QImage

STEP = 4  # pixels between samples


def _channels(image: QImage) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    bgra = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine() // 4, 4)
    bgra = bgra[::STEP, :w:STEP].astype(int)
    return bgra[..., 2], bgra[..., 1], bgra[..., 0]


def _tall_columns(mask: np.ndarray, min_run: int) -> int:
    """How many sampled columns hold an unbroken vertical run of at least min_run pixels."""
    best = np.zeros(mask.shape[1], int)
    run = np.zeros(mask.shape[1], int)
    for row in mask:
        run = np.where(row, run + 1, 0)
        best = np.maximum(best, run)
    return int((best * STEP >= min_run).sum())


def map_on_screen(image: QImage) -> bool:
    """True when both parties' colours fill state-sized areas, not only the thin EV bar.

    The bar and the legend are a few dozen pixels tall; the map's states run a tenth of
    the screen and more from top to bottom (California, the Plains), so a hidden map fails.
    """
    r, g, b = _channels(image)
    red = r - np.maximum(g, b) >= 50
    blue = b - np.maximum(r, g) >= 40
    tall = image.height() // 10
    return _tall_columns(red, tall) >= 10 and _tall_columns(blue, tall) >= 8


def main() -> int:
    out, timeout = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    app = QGuiApplication(sys.argv[:1])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        image = app.primaryScreen().grabWindow(0).toImage()
        if map_on_screen(image):
            image.save(out)
            return 0
        time.sleep(0.5)
    app.primaryScreen().grabWindow(0).toImage().save(out)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
