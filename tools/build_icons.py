"""Render assets/icons/electoral-map.svg to the PNG sizes desktops ask for.

    .venv/bin/python tools/build_icons.py [--check]

Writes assets/icons/electoral-map-<N>.png for N in SIZES (committed, so neither the
window nor `--install-desktop-entry` needs an SVG renderer). With --check, only reports
which PNGs differ from a fresh rendering and exits 1 if any does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.desktop import ICON_SIZES  # noqa: E402


def render(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    icons = ROOT / "assets" / "icons"
    svg = icons / "electoral-map.svg"
    stale = []
    for size in ICON_SIZES:
        png = icons / f"electoral-map-{size}.png"
        data = render(svg, size)
        if png.is_file() and png.read_bytes() == data:
            continue
        stale.append(png.name)
        if "--check" not in argv:
            png.write_bytes(data)
            print(f"wrote {png.relative_to(ROOT)} ({len(data):,} bytes)")
    if "--check" in argv and stale:
        print(f"out of date: {', '.join(stale)} (run tools/build_icons.py)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
