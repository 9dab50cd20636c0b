"""Settings that cannot be written (a read-only or missing folder) and a damaged settings
file: the window works, says so once, and nothing is lost or raised."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def _window(qtbot, results_2024, shapes):
    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    win = MainWindow(ElectionDocument(results_2024), shapes)
    qtbot.addWidget(win)
    win.show()
    return win


def test_unwritable_settings_folder(qtbot, results_2024, shapes, tmp_path, capsys):
    # Root ignores permission bits, so the folder is made impossible instead: its parent
    # is a plain file, which no user can create a folder in.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(blocker / "settings"))
    win = _window(qtbot, results_2024, shapes)
    assert "cannot be saved" in win.statusBar().currentMessage()
    # Editing still works; the autosave that cannot be written says so and loses nothing.
    win.whatif_action.setChecked(True)
    win.on_unit_clicked("PA")
    win.files.autosave_now()
    assert "Autosave failed" in win.statusBar().currentMessage()
    assert win.document.scenario.winner("PA") == "DEM"
    win.style_actions.tile_action.trigger()
    win.files.discard_autosave()
    win.write_settings()
    assert "will not be remembered" in capsys.readouterr().err


def test_damaged_settings_file_gives_defaults(qtbot, results_2024, shapes, isolated_settings):
    from viewer.ui.settings import app_settings

    path = app_settings().fileName()
    from pathlib import Path

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(b"[view]\nmap_mode=\x00\xff\xfe garbage\nlayout=hexagons\n"
                           b"[window]\ngeometry=@ByteArray(\x01\x02)\n")
    win = _window(qtbot, results_2024, shapes)
    style = win.document.style
    assert (style.mode, style.layout) == ("margin", "geo")  # unknown values: defaults
    assert win.canvas.shapes is win.canvas.geo_shapes
