"""File ▸ Export map: the same composition as `electoral-map render`, written safely."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from viewer.core.shapes import MapShapes
from viewer.render.export import format_for, render_bytes
from viewer.storage import StorageError, write_bytes
from viewer.ui.document import ElectionDocument
from viewer.ui.widgets import show_warning

FILTERS = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"
SIZE = (1600, 1000)


class MapExport(QObject):
    """Exports the map shown (the document's scenario and style, drawn on the shapes the
    map uses now) to a file or the clipboard; reports through `message`."""

    message = Signal(str, int)  # text, timeout in ms

    def __init__(self, document: ElectionDocument, shapes: Callable[[], MapShapes],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self._shapes = shapes
        self._dialog_parent = parent

    def render(self, size: tuple[int, int], fmt: str, scale: float = 1.0) -> bytes:
        doc = self.document
        return render_bytes(self._shapes(), doc.scenario, size, fmt, scale=scale,
                            style=doc.style, swing=doc.swing_points)

    def export(self, path: Path | None = None, size: tuple[int, int] = SIZE,
               scale: float = 1.0) -> bool:
        """Write the map to `path` (asked for when None); on failure say why."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self._dialog_parent, "Export map",
                                                  "electoral-map.png", FILTERS)
            if not name:
                return False
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".png")
        try:
            data = self.render(size, format_for(path), scale)
            write_bytes(path, data)
        except (ValueError, StorageError) as exc:
            show_warning(self._dialog_parent, "Export failed", str(exc))
            return False
        self.message.emit(f"Exported {path}", 5000)
        return True

    def copy(self, size: tuple[int, int] = SIZE) -> QImage:
        """Put the composed map (as exported) on the clipboard, for pasting into a post."""
        image = QImage.fromData(self.render(size, "png"), "PNG")
        QGuiApplication.clipboard().setImage(image)
        self.message.emit("Map copied to the clipboard", 4000)
        return image
