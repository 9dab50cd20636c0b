"""Grab the whole X screen once the map is drawn (run on the same DISPLAY as the app).

Usage: python grab_screen.py OUT.png [TIMEOUT_S]
Polls the root window until it shows both parties' colours, then saves it; exit 1 on timeout.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtGui import QGuiApplication


def colourful(image) -> bool:  # type: ignore[no-untyped-def]
    reds = blues = 0
    w, h = image.width(), image.height()
    for y in range(0, h, 8):
        for x in range(0, w, 8):
            c = image.pixelColor(x, y)
            r, g, b = c.red(), c.green(), c.blue()
            if r > 150 and g < 90 and b < 90:
                reds += 1
            elif b > 140 and r < 90:
                blues += 1
    return reds > 200 and blues > 100


def main() -> int:
    out, timeout = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    app = QGuiApplication(sys.argv[:1])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        image = app.primaryScreen().grabWindow(0).toImage()
        if colourful(image):
            image.save(out)
            return 0
        time.sleep(0.5)
    app.primaryScreen().grabWindow(0).toImage().save(out)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
