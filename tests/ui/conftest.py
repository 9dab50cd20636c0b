from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def unfrozen_heap():
    """The window moves what is alive out of the collector's reach when the user pauses
    (``settle_heap``); a test's windows are not kept for the app's lifetime: given back to
    the collector after each test, so that their cycles are freed."""
    import gc

    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """Each test starts with no saved window state, in a folder of its own."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    return tmp_path / "settings"


@pytest.fixture
def window(qtbot, results_2024, shapes):
    from tests.ui.helpers import open_window

    win = open_window(qtbot, results_2024, shapes)
    win.canvas.draw()
    return win


@pytest.fixture(autouse=True)
def no_modal_prompts(monkeypatch):
    """Closing a window with unsaved edits would wait for an answer; tests answer Discard."""
    from PySide6.QtWidgets import QMessageBox

    from viewer.ui.scenario_files import ScenarioFiles

    monkeypatch.setattr(ScenarioFiles, "ask_save_changes",
                        lambda self: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(ScenarioFiles, "ask_recover", lambda self, scenario: True)


@pytest.fixture(autouse=True)
def widget_appearance_restored():
    """A test that turns the dark theme on leaves the application's palette and style
    sheet as it found them, so later tests see the default widgets."""
    yield
    from PySide6.QtWidgets import QApplication

    from viewer.ui.view_style import _SAVED, _set_widget_palette

    app = QApplication.instance()
    # Only after a test that changed them: restoring sends every widget an event.
    if isinstance(app, QApplication) and (app.styleSheet() or (
            "system" in _SAVED and app.palette() != _SAVED["system"])):
        _set_widget_palette(None)
