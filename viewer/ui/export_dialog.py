"""File ▸ Export map: the same composition as `electoral-map render`, written safely."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from viewer.render.export import format_for, render_bytes
from viewer.storage import StorageError, write_bytes

if TYPE_CHECKING:
    from viewer.ui.main_window import MainWindow

FILTERS = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"


def export_map(window: MainWindow, path: Path | None = None,
               size: tuple[int, int] = (1600, 1000), scale: float = 1.0) -> bool:
    if path is None:
        name, _ = QFileDialog.getSaveFileName(window, "Export map", "electoral-map.png", FILTERS)
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".png")
    try:
        fmt = format_for(path)
        data = render_bytes(window.canvas.shapes, window.document.scenario, size, fmt,
                            scale=scale, style=window.document.style)
        write_bytes(path, data)
    except (ValueError, StorageError) as exc:
        QMessageBox.warning(window, "Export failed", str(exc))
        return False
    window.statusBar().showMessage(f"Exported {path}", 5000)
    return True


def copy_map(window: MainWindow, size: tuple[int, int] = (1600, 1000)) -> QImage:
    """Put the composed map (as exported) on the clipboard, for pasting into a post."""
    data = render_bytes(window.canvas.shapes, window.document.scenario, size, "png",
                        style=window.document.style)
    image = QImage.fromData(data, "PNG")
    QGuiApplication.clipboard().setImage(image)
    window.statusBar().showMessage("Map copied to the clipboard", 4000)
    return image
