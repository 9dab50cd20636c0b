"""View ▸ Map: winner, margin or shift map; geographic or tile layout; light, dark or the
system's appearance; party or colour-blind-safe colours. The choices live in the document's
MapStyle, so the map, the snake chart and the exports all follow them, and persist in
QSettings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QGuiApplication,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import QApplication, QMenu, QToolBar, QWidget

from viewer.render.style import DARK, LAYOUTS, LIGHT, LIVE, MODES, PROBABILITY, MapStyle
from viewer.ui.document import ElectionDocument
from viewer.ui.settings import app_settings

APPEARANCES = {"system": "Follow &system", "light": "&Light", "dark": "&Dark"}
# Each with its own access key in the View menu.
_MODE_MENU_NAMES = {"margin": "Ma&rgin map", "winner": "W&inner map", "shift": "S&hift map",
                    "same_since": "Sa&me since map"}
# Ctrl+4 is the tile map's, so the "same since" map takes Ctrl+5.
_MODE_KEYS = {"margin": "Ctrl+1", "winner": "Ctrl+2", "shift": "Ctrl+3", "same_since": "Ctrl+5"}
_MODE_TIPS = {
    "margin": "Colour each unit by winner, shaded by the margin of victory",
    "winner": "Colour each unit by winner only",
    "shift": "Arrows show how far each state's margin moved since the previous election "
             "(or the year chosen under Compare with)",
    "same_since": "How many elections in a row each state has voted for this year's party: "
                  "pale just changed sides, deep for a generation",
}


class StyleActions(QObject):
    def __init__(self, document: ElectionDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self.mode_actions = self._group(
            {m: _MODE_MENU_NAMES[m] for m in MODES}, self._set_mode,
            shortcut=lambda i: QKeySequence(_MODE_KEYS[MODES[i]]))
        for mode, action in self.mode_actions.items():
            action.setStatusTip(_MODE_TIPS[mode])
        # View ▸ Probability map (forecast mode, #17: once the Forecast tab has a forecast)
        # and Live results map (#18: once live results are loaded), after the tile map (4)
        # and same since (5).
        self._add_mode_action(PROBABILITY, "&Probability map", "Ctrl+6",
                              "Forecast mode: shade each unit by its chance of going to each "
                              "candidate; click units to pick them (What-if ▸ Forecast tab)")
        self._add_mode_action(LIVE, "&Live results map", "Ctrl+7",
                              "A night's counts as of a time: called units in full colour, "
                              "the others tinted by the leader as the count goes on")
        # Asked before a mode is shown (the forecast computes the probability map's
        # numbers first; the live map needs a night); False keeps the map as it is.
        self.mode_guard: Callable[[str], bool] | None = None
        self.tile_action = QAction("&Tile map", self)
        self.tile_action.setCheckable(True)
        self.tile_action.setShortcut(QKeySequence("Ctrl+4"))
        self.tile_action.setStatusTip("Every state one equal tile, so small states are as "
                                      "easy to see and click as big ones")
        self.tile_action.toggled.connect(
            lambda on: self._change(layout=LAYOUTS[1] if on else LAYOUTS[0]))
        self.appearance_actions = self._group(APPEARANCES, self._set_appearance)
        self.colorblind_action = QAction("Colour-&blind safe colours", self)
        self.colorblind_action.setCheckable(True)
        self.colorblind_action.setStatusTip("Blue and orange, with hatching for undecided "
                                            "and split states")
        self.colorblind_action.toggled.connect(
            lambda on: self._change(palette="colorblind" if on else "party"))
        self.appearance = "system"
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_system_scheme)
        document.style_changed.connect(self._follow)

    def _follow(self, style: MapStyle) -> None:
        """Checked as the map shows it, however it changed (Compare with… shows the shift
        map; a guard sends the map back to the margin view)."""
        mode = self.mode_actions.get(style.mode)
        if mode is not None and not mode.isChecked():
            mode.setChecked(True)  # its group unchecks the others; ``triggered`` stays quiet
        for action, on in ((self.tile_action, style.layout == LAYOUTS[1]),
                           (self.colorblind_action, style.palette == "colorblind")):
            if action.isChecked() != on:
                action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(False)

    def _group(self, names: dict[str, str], handler: Callable[[str], None],
               shortcut: Callable[[int], QKeySequence] | None = None) -> dict[str, QAction]:
        group = QActionGroup(self)
        group.setExclusive(True)
        actions = {}
        for i, (key, text) in enumerate(names.items()):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setData(key)
            if shortcut is not None:
                action.setShortcut(shortcut(i))
            group.addAction(action)
            actions[key] = action
        group.triggered.connect(lambda a: handler(a.data()))
        return actions

    # -- menus and toolbar ------------------------------------------------------------
    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions(list(self.mode_actions.values()))
        menu.addAction(self.tile_action)
        menu.addSeparator()
        appearance = menu.addMenu("&Appearance")
        appearance.addActions(list(self.appearance_actions.values()))
        menu.addAction(self.colorblind_action)

    def toolbar(self, parent: QWidget) -> QToolBar:
        bar = QToolBar("Map view", parent)
        bar.setObjectName("MapViewToolBar")
        bar.addActions(list(self.mode_actions.values()))
        bar.addSeparator()
        bar.addAction(self.tile_action)
        return bar

    # -- changes ----------------------------------------------------------------------
    def _change(self, **changes: str) -> None:
        self.document.set_style(self.document.style.with_(**changes))

    def _set_mode(self, mode: str) -> None:
        if self.mode_guard is not None and not self.mode_guard(mode):
            self.mode_actions[self.document.style.mode].setChecked(True)  # stays as it was
            return
        self._change(mode=mode)

    def _add_mode_action(self, mode: str, text: str, key: str, tip: str) -> None:
        """A map mode outside MODES, in the modes' group after them: offered once its data
        is there (``mode_guard`` asks before it is shown)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setCheckable(True)
        action.setData(mode)
        action.setStatusTip(tip)
        group = next(iter(self.mode_actions.values())).actionGroup()
        assert group is not None
        group.addAction(action)
        self.mode_actions[mode] = action

    def _set_appearance(self, appearance: str) -> None:
        self.appearance = appearance
        hints = QGuiApplication.styleHints()
        if appearance != "system":
            wanted = Qt.ColorScheme.Dark if appearance == "dark" else Qt.ColorScheme.Light
            hints.setColorScheme(wanted)
            # Some platforms (and styles) ignore the request: then set the colours ourselves.
            _set_widget_palette(appearance if hints.colorScheme() != wanted else None)
        else:
            hints.unsetColorScheme()
            _set_widget_palette(None)
        self._change(theme=self.effective_theme())

    def effective_theme(self) -> str:
        if self.appearance != "system":
            return self.appearance
        scheme = QGuiApplication.styleHints().colorScheme()
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    def _on_system_scheme(self, _scheme: object) -> None:
        if self.appearance == "system":
            self._change(theme=self.effective_theme())

    # -- settings ---------------------------------------------------------------------
    def read_settings(self) -> None:
        s = app_settings()
        mode = str(s.value("view/map_mode", "margin"))
        layout = str(s.value("view/layout", "geo"))
        appearance = str(s.value("view/appearance", "system"))
        palette = str(s.value("view/palette", "party"))
        # Unknown values (a newer or hand-edited settings file) fall back to the defaults.
        # The probability map comes back too: the window's ForecastController makes its
        # forecast, or goes back to the margin map and says why (read_settings).
        mode = mode if mode in (*MODES, PROBABILITY) else "margin"
        self.appearance = appearance if appearance in APPEARANCES else "system"
        for key, action in self.mode_actions.items():
            action.setChecked(key == mode)
        self.appearance_actions[self.appearance].setChecked(True)
        if self.appearance != "system":
            self._set_appearance(self.appearance)
        self.tile_action.setChecked(layout == "tiles")
        self.colorblind_action.setChecked(palette == "colorblind")
        self._change(mode=mode, theme=self.effective_theme())

    def write_settings(self) -> None:
        s = app_settings()
        style = self.document.style
        s.setValue("view/map_mode", style.mode)
        s.setValue("view/layout", style.layout)
        s.setValue("view/appearance", self.appearance)
        s.setValue("view/palette", style.palette)


DARK_CHECK_BOX = ("QCheckBox::indicator:unchecked:enabled { border: 1px solid #9aa0a8; "
                  "border-radius: 2px; background: #2d2f34; width: 12px; height: 12px; }")
_SAVED: dict[str, QPalette] = {}  # the widgets' palette before we first changed it


def _set_widget_palette(theme: str | None) -> None:
    """A dark (or light) palette for the widgets; None gives back the one the platform
    gave (a desktop theme's own colours, not a generic one)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    _SAVED.setdefault("system", QPalette(app.palette()))
    if theme is None:
        app.setPalette(_SAVED["system"])
        app.setStyleSheet("")
        return
    colors = DARK if theme == "dark" else LIGHT
    pal = app.style().standardPalette()
    if theme == "dark":
        role = QPalette.ColorRole
        base, window, text = QColor("#232428"), QColor(colors.background), QColor(colors.text)
        for r, c in ((role.Window, window), (role.Base, base), (role.AlternateBase, window),
                     (role.Button, QColor("#2d2f34")), (role.WindowText, text),
                     (role.Text, text), (role.ButtonText, text), (role.ToolTipBase, base),
                     (role.ToolTipText, text), (role.PlaceholderText, QColor(colors.muted)),
                     (role.Highlight, QColor("#3d6fb4")), (role.HighlightedText, text)):
            pal.setColor(r, c)
        pal.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(colors.muted))
        pal.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(colors.muted))
        pal.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor(colors.muted))
    app.setPalette(pal)
    # Fusion outlines an empty check box in a shade darker than the window: on a dark
    # window the box disappears ("Lock Pennsylvania" looked like a bare label).
    app.setStyleSheet(DARK_CHECK_BOX if theme == "dark" else "")
