"""File ▸ Export animation: the elections over the years as a GIF (or MP4 where ffmpeg is
installed), one frame per election, drawn as File ▸ Export map draws one.

The frames are drawn on a figure of their own (viewer.render.animation), never the
window's, one frame per turn of the event loop, so the window keeps painting and the
progress dialog's Cancel answers between frames. The file is written once, when the last
frame is encoded, through QSaveFile (viewer.storage): Cancel leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from viewer.core.errors import InputError
from viewer.core.history import Bundle
from viewer.core.shapes import MapShapes
from viewer.render.animation import Animation
from viewer.render.animation_format import (
    FRAME_SECONDS,
    LAST_HOLD,
    MAX_SECONDS,
    MIN_SECONDS,
    NOT_ANIMATED,
    AnimationError,
    check_format,
    ffmpeg_path,
)
from viewer.render.style import MapStyle
from viewer.resources import data_dir
from viewer.storage import StorageError, write_bytes
from viewer.ui.document import ElectionDocument
from viewer.ui.widgets import plain_label, show_warning

SIZES = ((640, 400), (800, 500), (1200, 750), (1600, 1000))
DEFAULT_SIZE = (800, 500)  # small enough to post, large enough to read the labels


@dataclass(frozen=True)
class AnimationChoice:
    years: tuple[int, ...]
    size: tuple[int, int]
    seconds: float


def animated_style(style: MapStyle) -> MapStyle:
    """The window's map view for every frame; the probability and live maps need more
    than each year's results, so their frames are margin maps."""
    return style.with_(mode="margin") if style.mode in NOT_ANIMATED else style


class AnimationDialog(QDialog):
    """Which elections (from, to), the picture's size and the seconds per election."""

    def __init__(self, years: Sequence[int], style: MapStyle,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export animation")
        self.years = tuple(years)
        self.first_box = QComboBox()
        self.last_box = QComboBox()
        for box in (self.first_box, self.last_box):
            for year in self.years:
                box.addItem(str(year), year)
        self.first_box.setCurrentIndex(0)  # the whole timeline, by default
        self.last_box.setCurrentIndex(len(self.years) - 1)
        self.first_box.setAccessibleName("First election")
        self.last_box.setAccessibleName("Last election")
        self.size_box = QComboBox()
        for w, h in SIZES:
            self.size_box.addItem(f"{w} × {h}", (w, h))
        self.size_box.setCurrentIndex(SIZES.index(DEFAULT_SIZE))
        self.seconds_box = QDoubleSpinBox()
        self.seconds_box.setRange(MIN_SECONDS, MAX_SECONDS)
        self.seconds_box.setSingleStep(0.1)
        self.seconds_box.setDecimals(1)
        self.seconds_box.setSuffix(" s")
        self.seconds_box.setValue(FRAME_SECONDS)
        form = QFormLayout()
        form.addRow("From", self.first_box)
        form.addRow("To", self.last_box)
        form.addRow("Size (pixels)", self.size_box)
        form.addRow("Each election", self.seconds_box)
        self.count_label = plain_label()
        note = (f"One frame per election, in the map view shown now; the last frame stays "
                f"{LAST_HOLD:g} times as long.")
        if style.mode in NOT_ANIMATED:
            note += " The frames use the margin map (this map needs more than each " \
                    "year's results)."
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addWidget(plain_label(note))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.first_box.currentIndexChanged.connect(self._on_range)
        self.last_box.currentIndexChanged.connect(self._on_range)
        self._on_range()

    def set_range(self, first: int, last: int) -> None:
        self.first_box.setCurrentIndex(self.years.index(first))
        self.last_box.setCurrentIndex(self.years.index(last))

    def chosen_years(self) -> tuple[int, ...]:
        first, last = self.first_box.currentData(), self.last_box.currentData()
        return tuple(y for y in self.years if first <= y <= last)

    def choice(self) -> AnimationChoice:
        return AnimationChoice(self.chosen_years(), self.size_box.currentData(),
                               round(self.seconds_box.value(), 1))

    def _on_range(self) -> None:
        n = len(self.chosen_years())
        self.count_label.setText(f"{n} elections, {n} frames" if n else
                                 "The first year comes after the last: no elections")
        self.ok_button.setEnabled(n > 0)


class AnimationExport(QObject):
    """Asks what to export, then draws it frame by frame behind a progress dialog with
    Cancel; reports through ``message`` and ``finished`` (True when a file was written)."""

    message = Signal(str, int)  # text, timeout in ms
    finished = Signal(bool)

    def __init__(self, document: ElectionDocument, shapes: Callable[[], MapShapes],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self._shapes = shapes
        self._parent = parent
        self._animation: Animation | None = None
        self._path: Path | None = None
        self.progress: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)  # the next frame once this one is on screen
        self._timer.timeout.connect(self._step)

    @property
    def running(self) -> bool:
        return self._animation is not None

    def ask(self) -> bool:
        """The dialog, then the file name; False when the user stops at either."""
        if self.running:
            return False
        years = Bundle(data_dir()).years()
        dialog = AnimationDialog(years, self.document.style, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        choice = dialog.choice()
        if not choice.years:
            return False
        filters = "GIF animation (*.gif)"
        if ffmpeg_path() is not None:
            filters += ";;MP4 video (*.mp4)"
        name = f"elections-{choice.years[0]}-{choice.years[-1]}.gif"
        path_text, chosen = QFileDialog.getSaveFileName(self._parent, "Export animation",
                                                        name, filters)
        if not path_text:
            return False
        path = Path(path_text)
        if not path.suffix:
            path = path.with_suffix(".mp4" if "mp4" in chosen else ".gif")
        return self.start(path, choice)

    def start(self, path: Path, choice: AnimationChoice) -> bool:
        """Begin drawing ``choice`` into ``path``; False (having said why) when it
        cannot begin."""
        if self.running:
            return False
        bundle = Bundle(data_dir())
        try:
            fmt = check_format(path)
            self._animation = Animation(self._shapes(), choice.years, bundle.load,
                                        choice.size, fmt,
                                        style=animated_style(self.document.style),
                                        seconds=choice.seconds)
        except (AnimationError, OSError) as exc:
            show_warning(self._parent, "Export animation failed", str(exc))
            return False
        self._path = path
        n = self._animation.total
        progress = QProgressDialog(f"Drawing {n} frames…", "Cancel", 0, n, self._parent)
        progress.setWindowTitle("Export animation")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)
        progress.setValue(0)
        progress.show()
        self.progress = progress
        self._timer.start(0)
        return True

    def _step(self) -> None:
        animation, progress = self._animation, self.progress
        if animation is None or progress is None:
            return
        try:
            year = animation.step()
        except (AnimationError, InputError, OSError) as exc:
            self._stop()
            show_warning(self._parent, "Export animation failed", str(exc))
            self.finished.emit(False)
            return
        progress.setLabelText(f"Frame {animation.done} of {animation.total}: {year}")
        progress.setValue(animation.done)  # a modal dialog paints here
        if self._animation is None:
            return  # cancelled while the dialog processed events
        if animation.finished_drawing:
            self._write(animation)
        else:
            self._timer.start(0)

    def _write(self, animation: Animation) -> None:
        path = self._path
        assert path is not None
        if self.progress is not None:
            self.progress.setLabelText(f"Writing {path.name}…")
        try:
            data = animation.finish()
            write_bytes(path, data)
        except (AnimationError, StorageError, OSError) as exc:
            self._stop()
            show_warning(self._parent, "Export animation failed", str(exc))
            self.finished.emit(False)
            return
        self._stop()
        years = animation.years
        self.message.emit(f"Exported the animation of {len(years)} elections "
                          f"({years[0]}–{years[-1]}) to {path}", 8000)
        self.finished.emit(True)

    def cancel(self) -> None:
        """Stop drawing and drop every frame; the file is not touched."""
        if not self.running:
            return
        self._stop()
        self.message.emit("Animation export cancelled; nothing was written", 5000)
        self.finished.emit(False)

    def _stop(self) -> None:
        self._timer.stop()
        animation, self._animation = self._animation, None
        if animation is not None:
            animation.close()  # stops ffmpeg, removes its temporary folder
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.canceled.disconnect(self.cancel)
            progress.close()
            progress.deleteLater()
