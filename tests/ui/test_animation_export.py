"""File ▸ Export animation in the window: Cancel in the progress dialog writes nothing, the
window's event loop runs between frames, and what cannot be exported is said in a
warning. (The menu item itself is pressed in test_menu_actions.py.)"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from viewer.render import animation_format
from viewer.render.style import MapStyle
from viewer.ui import animation_export
from viewer.ui.animation_export import AnimationChoice, AnimationDialog

SMALL = (400, 250)


def test_cancel_in_the_progress_dialog_writes_nothing(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    export = window.animation_export
    folder = tmp_path / "out"  # tmp_path holds the test's settings too
    folder.mkdir()
    gif = folder / "history.gif"
    assert export.start(gif, AnimationChoice((1960, 1964, 1968, 1972, 1976), SMALL, 0.8))
    progress = export.progress
    assert progress is not None and progress.isVisible()
    qtbot.waitUntil(lambda: progress.value() >= 1, timeout=10000)
    cancel = progress.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not export.running
    assert not progress.isVisible()
    qtbot.wait(300)  # no frame drawn, nothing written after the click
    assert list(folder.iterdir()) == []
    assert "cancelled; nothing was written" in window.statusBar().currentMessage()


def test_the_window_keeps_running_between_frames(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A timer of the window's fires between every two frames: the frames are drawn one
    per turn of the event loop, so the window repaints and Cancel answers meanwhile."""
    export = window.animation_export
    ticks: list[int] = []
    probe = QTimer()
    probe.timeout.connect(lambda: ticks.append(export._animation.done
                                               if export._animation else -1))
    probe.start(0)
    gif = tmp_path / "history.gif"
    assert export.start(gif, AnimationChoice((2012, 2016, 2020, 2024), SMALL, 0.8))
    qtbot.waitUntil(lambda: not export.running, timeout=30000)
    probe.stop()
    assert {1, 2, 3} <= set(ticks)  # the loop ran after each frame but the last
    assert gif.exists()


def test_mp4_without_ffmpeg_is_refused_in_a_warning(window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(animation_format.shutil, "which", lambda _name: None)
    monkeypatch.setattr(animation_export, "show_warning",
                        lambda _parent, title, text: warned.append((title, text)))
    video = tmp_path / "history.mp4"
    assert not window.animation_export.start(video, AnimationChoice((2020, 2024), SMALL, 0.8))
    assert warned and "ffmpeg" in warned[0][1] and "history.mp4" in warned[0][1]
    assert not window.animation_export.running and not video.exists()


def test_dialog_counts_the_elections_and_says_when_the_map_is_not_animated(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AnimationDialog((1952, 1956, 1960, 1964), MapStyle(mode="probability"))
    qtbot.addWidget(dialog)
    assert dialog.choice().years == (1952, 1956, 1960, 1964)
    dialog.set_range(1956, 1960)
    assert dialog.choice().years == (1956, 1960)
    assert dialog.count_label.text() == "2 elections, 2 frames"
    dialog.set_range(1964, 1952)
    assert not dialog.ok_button.isEnabled()  # the first year after the last: nothing
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.count_label)))
    assert "use the margin map" in texts
    assert animation_export.animated_style(MapStyle(mode="live")).mode == "margin"
    assert animation_export.animated_style(MapStyle(mode="shift")).mode == "shift"
