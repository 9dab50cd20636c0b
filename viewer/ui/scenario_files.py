"""Scenario files in the window: new, open, save, save as, recent files, claims import,
and an autosave that is offered back after a crash. Every write goes through QSaveFile."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from viewer.core.claims import parse_claims
from viewer.core.errors import InputError
from viewer.core.safe_read import read_capped
from viewer.core.scenario import Scenario
from viewer.core.scenario_file import scenario_from_json, scenario_to_json
from viewer.storage import StorageError, write_text
from viewer.ui.details_text import count_text
from viewer.ui.document import ElectionDocument
from viewer.ui.settings import app_settings
from viewer.ui.widgets import show_warning

FILTER = "Electoral Map scenario (*.json);;All files (*)"
T = TypeVar("T")
MAX_FILE_BYTES = 2_000_000  # scenario files and articles are a few KB
MAX_RECENT = 8
AUTOSAVE_DELAY_MS = 1500


def _places(n: int) -> str:
    """'1 state or district', '3 states and districts'."""
    return "1 state or district" if n == 1 else f"{n} states and districts"


class ScenarioFiles(QObject):
    """Scenario files of a document; dialogs open over `parent`, news goes out through
    `message` (for the status bar)."""

    recent_changed = Signal()
    message = Signal(str, int)  # text, timeout in ms (0: until the next message)
    claims_imported = Signal()  # an article's claims are the scenario now: compare them

    def __init__(self, document: ElectionDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self._dialog_parent = parent
        self.document = document
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.autosave_now)
        # Every edit (units, locks, title, note) is an undo step: each one is saved.
        self.document.undo_stack.indexChanged.connect(self._on_index_changed)
        self.document.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # -- paths ---------------------------------------------------------------------
    def autosave_path(self) -> Path:
        return Path(app_settings().fileName()).parent / "autosave-scenario.json"

    def recent(self) -> list[str]:
        value = app_settings().value("scenarios/recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(v) for v in items][:MAX_RECENT]

    def _add_recent(self, path: str) -> None:
        items = [path, *(p for p in self.recent() if p != path)][:MAX_RECENT]
        app_settings().setValue("scenarios/recent", items)
        self.recent_changed.emit()

    # -- saving --------------------------------------------------------------------
    def save(self) -> bool:
        if self.document.scenario_path:
            return self.write(Path(self.document.scenario_path))
        return self.save_as()

    def save_as(self) -> bool:
        suggested = self.document.scenario_path or "scenario.json"
        name, _ = QFileDialog.getSaveFileName(self._dialog_parent, "Save scenario", suggested,
                                              FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".json")
        return self.write(path)

    def write(self, path: Path) -> bool:
        doc = self.document
        saved = doc.saved_scenario()  # with the forecast's state
        saved.title = saved.title or path.stem  # an untitled scenario takes the file's name
        try:
            write_text(path, scenario_to_json(saved))
        except StorageError as exc:
            show_warning(self._dialog_parent, "Could not save the scenario",
                                f"{exc}\n\nYour edits are still open; try another place.")
            return False
        doc.set_scenario_info(title=saved.title)  # a title is an undo step, even this one
        doc.undo_stack.setClean()
        doc.set_scenario_info(path=str(path))
        self._add_recent(str(path))
        self.message.emit(f"Saved {path}", 5000)
        return True

    # -- opening -------------------------------------------------------------------
    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self._dialog_parent, "Open scenario", "", FILTER)
        if name:
            self.open(Path(name))

    def open(self, path: Path) -> bool:
        """Load a scenario file; on bad input say why and keep what is open."""
        if not self.confirm_discard():
            return False
        scenario = self._read(path, "scenario file", lambda data: scenario_from_json(
            data, self.document.results, str(path)))
        if scenario is None:
            return False
        self.document.load_scenario(scenario, f"Open {path.name}", str(path))
        self.document.undo_stack.setClean()
        self._add_recent(str(path))
        self.message.emit(f"Opened {path}", 5000)
        return True

    def new(self) -> None:
        if not self.confirm_discard():
            return
        self.document.load_scenario(Scenario(self.document.results), "New scenario")
        self.document.scenario_path = None
        self.document.set_scenario_info(title="")
        self.document.undo_stack.setClean()

    def import_claims_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self._dialog_parent,
                                              "Import an article's claims", "",
                                              "Text (*.txt *.md);;All files (*)")
        if name:
            self.import_claims(Path(name))

    def import_claims(self, path: Path) -> bool:
        claim = self._read(path, "text file", lambda data: parse_claims(
            data.decode("utf-8-sig", errors="replace"), self.document.results, str(path)))
        if claim is None:
            return False
        # an article's claims say nothing about the forecast: it stays as it is
        self.document.load_scenario(claim.scenario, f"Import claims from {path.name}",
                                    forecast=False)
        self.claims_imported.emit()
        note = (f"Imported {_places(len(claim.claimed))} claimed in {path.name}: "
                f"{len(claim.differing)} differ from the results; "
                f"{len(claim.not_in_claim)} not in the claim.")
        if claim.warnings:
            note += f" {count_text(len(claim.warnings), 'warning')}: {claim.warnings[0]}"
        self.message.emit(note, 0)
        return True

    def _read(self, path: Path, what: str, parse: Callable[[bytes], T]) -> T | None:
        """Read and parse a file; on failure say why (file and field) and return None."""
        try:
            return parse(read_capped(path, MAX_FILE_BYTES, what))
        except InputError as exc:
            self._refuse(path, str(exc))
        return None

    def _refuse(self, path: Path, message: str) -> None:
        show_warning(self._dialog_parent, "Could not open",
                            f"{message}\n\nWhat was open is kept.")
        self.message.emit(f"Could not open {path.name}", 0)

    # -- unsaved changes -----------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when it is fine to replace the open scenario (saved, or the user agrees)."""
        if self.document.undo_stack.isClean():
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_save_changes(self) -> QMessageBox.StandardButton:
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        return QMessageBox.question(self._dialog_parent, "Unsaved what-if changes",
                                    "Save the changes to this scenario first?", buttons,
                                    QMessageBox.StandardButton.Save)

    # -- autosave and recovery -----------------------------------------------------
    def autosave_now(self) -> None:
        path = self.autosave_path()
        if self.document.undo_stack.isClean():
            self._remove_autosave()
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, scenario_to_json(self.document.saved_scenario()))
        except (OSError, StorageError) as exc:
            self.message.emit(f"Autosave failed: {exc}", 8000)

    def _on_index_changed(self, _index: int) -> None:
        self._autosave.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self._remove_autosave()

    def discard_autosave(self) -> None:
        self._autosave.stop()
        self._remove_autosave()

    def _remove_autosave(self) -> None:
        # A read-only settings folder holds no autosave to remove either.
        with contextlib.suppress(OSError):
            self.autosave_path().unlink(missing_ok=True)

    def pending_recovery(self) -> Scenario | None:
        path = self.autosave_path()
        if not path.is_file():
            return None
        try:
            return scenario_from_json(path.read_bytes(), self.document.results, str(path))
        except (OSError, InputError):
            return None  # from other results or unreadable: nothing to offer

    def offer_recovery(self) -> bool:
        scenario = self.pending_recovery()
        if scenario is None:
            return False
        if not self.ask_recover(scenario):
            self.discard_autosave()
            return False
        self.document.load_scenario(scenario, "Recover unsaved edits")
        self.message.emit("Recovered the unsaved what-if edits.", 8000)
        return True

    def ask_recover(self, scenario: Scenario) -> bool:
        n = len(scenario.overrides)
        answer = QMessageBox.question(
            self._dialog_parent, "Recover unsaved edits?",
            f"Electoral Map closed with unsaved what-if edits ({_places(n)} changed). "
            "Recover them?")
        return answer == QMessageBox.StandardButton.Yes
