"""Every menu action, driven the way a person drives it: its shortcut when it has one, the
menu item otherwise, with file and input dialogs answered. Each check is something the user
would see change.

``DRIVEN`` lists every item of every menu; a new menu item fails ``test_every_menu_item_is_
driven`` until a test here presses it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from tests.loopback import serve

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "liveblog"

# Menu paths without access-key ampersands; dock toggles are named by their dock title,
# with the live blog's changing count left out.
DRIVEN = {
    "File > Open results…", "File > Export map…", "File > Export map at 2×…",
    "File > Export animation…",
    "File > Copy map image", "File > Export results as CSV…",
    "File > New scenario", "File > Open scenario…",
    "File > Recent scenarios", "File > Save scenario", "File > Save scenario as…",
    "File > Import article claims…", "File > Open live results…",
    "File > 2020 count as it came in", "File > Follow live results…",
    "File > Stop following live results", "File > Open live blog file…",
    "File > Open live blog address…", "File > Follow live blog", "File > Refresh live blog",
    "File > Polling interval…", "File > Quit",
    "Edit > Undo", "Edit > Redo", "Edit > Copy scenario code", "Edit > Paste scenario code…",
    "Edit > Clear selection",
    "What-if > What-if mode", "What-if > Flip selected state", "What-if > Lock selected state",
    "What-if > Battlegrounds undecided", "What-if > Reset what-if changes",
    "View > Margin map", "View > Winner map", "View > Shift map", "View > Tile map",
    "View > Probability map", "View > Live results map",
    "View > Same since map", "View > Compare with…",
    "View > Appearance > Follow system", "View > Appearance > Light",
    "View > Appearance > Dark", "View > Colour-blind safe colours",
    "View > Replay the night", "View > Play", "View > Times in UTC",
    "View > Timeline", "View > Previous election", "View > Next election",
    "View > Play the elections",
    "View > Live blog", "View > Details", "View > What-if", "View > Snake chart",
    "View > Table", "View > Reset layout", "View > Go to state…",
    "View > Zoom in", "View > Zoom out", "View > Reset zoom",
    "Help > Keyboard shortcuts", "Help > About Electoral Map",
}


def _clean(text: str) -> str:
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    # Items whose text follows the state: "Live blog (76)", "Undo Set Wisconsin to …",
    # "▶ Play" / "❚❚ Pause".
    for stem in ("Live blog", "Undo", "Redo"):
        if text.startswith(stem):
            return stem
    if text.endswith(("Play", "Pause")):
        return "Play"
    return text


def menu_items(window) -> Iterator[tuple[str, QAction]]:  # type: ignore[no-untyped-def]
    def walk(menu: QMenu, path: list[str]) -> Iterator[tuple[str, QAction]]:
        for action in menu.actions():
            if action.isSeparator():
                continue
            here = [*path, _clean(action.text())]
            sub = action.menu()
            if sub is not None and here[-1] != "Recent scenarios":
                yield from walk(sub, here)
            else:
                yield " > ".join(here), action
    for top in window.menuBar().actions():
        yield from walk(top.menu(), [_clean(top.text())])


def item(window, path: str) -> QAction:  # type: ignore[no-untyped-def]
    assert path in DRIVEN, f"add {path!r} to DRIVEN"
    found = dict(menu_items(window))
    assert path in found, f"no menu item {path!r}; the menus have {sorted(found)}"
    return found[path]


def press(qtbot, window, path: str) -> None:  # type: ignore[no-untyped-def]
    """The item's shortcut when it has one (as the keyboard sends it), else the menu item."""
    action = item(window, path)
    assert action.isEnabled(), f"{path} is greyed out"
    keys = action.shortcut()
    if keys.isEmpty():
        action.trigger()
    else:
        combo = keys[0]
        qtbot.keyClick(window, combo.key(), combo.keyboardModifiers())
    QGuiApplication.processEvents()


class Dialogs:
    """Answers the app's file, input and message dialogs, and notes what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: dict[str, list[object]] = {}
        self.asked: list[tuple[str, str]] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._open)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QInputDialog, "getText", self._text)
        monkeypatch.setattr(QInputDialog, "getInt", self._int)
        monkeypatch.setattr(QMessageBox, "warning", self._warning)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._box(box))

    def answer(self, kind: str, *values: object) -> None:
        self.answers.setdefault(kind, []).extend(values)

    def _next(self, kind: str, title: str) -> object:
        self.asked.append((kind, title))
        assert self.answers.get(kind), f"unexpected {kind} dialog {title!r}"
        return self.answers[kind].pop(0)

    def _open(self, _parent: object, title: str, *_a: object) -> tuple[str, str]:
        return str(self._next("open", title)), ""

    def _save(self, _parent: object, title: str, *_a: object) -> tuple[str, str]:
        return str(self._next("save", title)), ""

    def _text(self, _parent: object, title: str, *_a: object, **_k: object) -> tuple[str, bool]:
        return str(self._next("text", title)), True

    def _int(self, _parent: object, title: str, *_a: object, **_k: object) -> tuple[int, bool]:
        value = self._next("int", title)
        assert isinstance(value, int)
        return value, True

    def _warning(self, _parent: object, title: str, text: str, *_a: object) -> object:
        self.asked.append(("warning", f"{title}: {text}"))
        raise AssertionError(f"unexpected warning {title!r}: {text}")

    def _box(self, box: QMessageBox) -> int:
        if box.icon() == QMessageBox.Icon.Warning:  # show_warning: a plain-text box
            self._warning(None, box.windowTitle(), box.text())
        self.asked.append(("box", box.text()))
        return 0


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(monkeypatch)


def test_every_menu_item_is_driven(window) -> None:  # type: ignore[no-untyped-def]
    assert {path for path, _ in menu_items(window)} == DRIVEN


def test_file_open_results_and_exports(qtbot, window, dialogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialogs.answer("open", REPO / "data" / "results_2020.csv")
    press(qtbot, window, "File > Open results…")
    assert window.document.results.year == 2020
    assert "2020" in window.windowTitle()

    dialogs.answer("save", tmp_path / "map.png", tmp_path / "map2x.png")
    press(qtbot, window, "File > Export map…")
    press(qtbot, window, "File > Export map at 2×…")
    from PySide6.QtGui import QImage

    one, two = QImage(str(tmp_path / "map.png")), QImage(str(tmp_path / "map2x.png"))
    assert not one.isNull() and not two.isNull()
    assert two.width() == pytest.approx(2 * one.width(), abs=2)

    QGuiApplication.clipboard().clear()
    press(qtbot, window, "File > Copy map image")
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() > 300

    # The shown results as a file, and the what-if scenario: both read back as shown.
    window.document.set_whatif(True)
    window.on_unit_clicked("PA")
    dialogs.answer("save", tmp_path / "what-if.csv")
    press(qtbot, window, "File > Export results as CSV…")
    from viewer.core.results_formats import read_results

    again = read_results(tmp_path / "what-if.csv")
    assert again.year == 2020 and again["PA"].winner == "REP"
    assert again.tally().totals == window.document.scenario.tally().totals
    dialogs.answer("open", tmp_path / "what-if.csv")
    press(qtbot, window, "File > Open results…")
    assert window.document.results["PA"].winner == "REP"


def test_file_scenarios(qtbot, window, dialogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    doc.set_whatif(True)
    window.on_unit_clicked("PA")
    assert doc.scenario.changed_units() == ["PA"]
    saved = tmp_path / "pa.json"
    dialogs.answer("save", saved)
    press(qtbot, window, "File > Save scenario as…")
    assert saved.exists() and "PA" in saved.read_text()
    assert not window.isWindowModified()

    window.on_unit_clicked("GA")
    press(qtbot, window, "File > Save scenario")  # no dialog: the same file
    assert "GA" in saved.read_text()

    press(qtbot, window, "File > New scenario")
    assert doc.scenario.changed_units() == []

    dialogs.answer("open", saved)
    press(qtbot, window, "File > Open scenario…")
    assert sorted(doc.scenario.changed_units()) == ["GA", "PA"]

    recent = item(window, "File > Recent scenarios").menu()
    entries = [a for a in recent.actions() if not a.isSeparator()]
    assert entries and entries[0].text() == "pa.json"
    press(qtbot, window, "File > New scenario")
    entries[0].trigger()
    assert sorted(doc.scenario.changed_units()) == ["GA", "PA"]

    claims = tmp_path / "claims.txt"
    claims.write_text("Pennsylvania: Kamala Harris\nTexas: Kamala Harris\nOhio: Donald Trump\n")
    dialogs.answer("open", claims)
    press(qtbot, window, "File > Import article claims…")
    assert doc.scenario.winner("TX") == "DEM"
    assert window.whatif_dock.isVisible()


def test_file_live_blog_file_follow_refresh_and_interval(qtbot, window, dialogs) -> None:  # type: ignore[no-untyped-def]
    assert not item(window, "File > Follow live blog").isEnabled()
    dialogs.answer("open", FIXTURES / "feed.rss")
    press(qtbot, window, "File > Open live blog file…")
    qtbot.waitUntil(lambda: window.live_source is not None
                    and "feed.rss" in window.events_dock.source.text(), timeout=5000)
    before = {e.id for e in window.document.events}
    assert before
    follow = item(window, "File > Follow live blog")
    assert follow.isEnabled() and item(window, "File > Refresh live blog").isEnabled()
    press(qtbot, window, "File > Follow live blog")
    assert follow.isChecked() and window.live_source.following
    press(qtbot, window, "File > Refresh live blog")
    qtbot.waitUntil(lambda: not window.live_source._parsing, timeout=5000)
    assert {e.id for e in window.document.events} == before
    dialogs.answer("int", 45)
    press(qtbot, window, "File > Polling interval…")
    assert ("int", "Polling interval") in dialogs.asked


def test_file_live_blog_address(qtbot, window, dialogs) -> None:  # type: ignore[no-untyped-def]
    body = (FIXTURES / "feed.json").read_bytes()
    with serve(body, {"Content-Type": "application/feed+json"}) as address:
        dialogs.answer("text", address)
        press(qtbot, window, "File > Open live blog address…")
        qtbot.waitUntil(lambda: address in window.events_dock.source.text(),
                        timeout=8000)
    titles = {e.title for e in window.document.events}
    feed_titles = {i["title"] for i in json.loads(body)["items"]
                   if i.get("title") and i.get("date_published")}
    assert feed_titles and feed_titles <= titles


def test_file_quit_closes_the_window(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, "File > Quit")
    assert not window.isVisible()


def test_edit_menu(qtbot, window, dialogs) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    doc.set_whatif(True)
    window.on_unit_clicked("WI")
    assert doc.scenario.is_changed("WI")
    press(qtbot, window, "Edit > Undo")
    assert not doc.scenario.is_changed("WI")
    press(qtbot, window, "Edit > Redo")
    assert doc.scenario.is_changed("WI")

    press(qtbot, window, "Edit > Copy scenario code")
    code = QGuiApplication.clipboard().text()
    assert code
    doc.reset_scenario()
    dialogs.answer("text", code)
    press(qtbot, window, "Edit > Paste scenario code…")
    assert doc.scenario.changed_units() == ["WI"]

    assert doc.selected == "WI"
    press(qtbot, window, "Edit > Clear selection")
    assert doc.selected is None


def test_whatif_menu(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    press(qtbot, window, "What-if > What-if mode")
    assert doc.whatif and item(window, "What-if > What-if mode").isChecked()
    doc.select("PA")
    press(qtbot, window, "What-if > Flip selected state")
    assert doc.scenario.winner("PA") == "DEM"
    press(qtbot, window, "What-if > Lock selected state")
    assert doc.scenario.is_locked("PA")
    press(qtbot, window, "What-if > Battlegrounds undecided")
    assert doc.scenario.winner("GA") is None and doc.scenario.winner("PA") == "DEM"
    press(qtbot, window, "What-if > Reset what-if changes")
    assert doc.scenario.winner("GA") == "REP"
    press(qtbot, window, "What-if > What-if mode")
    assert not doc.whatif


def test_view_map_styles(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    for path, mode in (("View > Winner map", "winner"), ("View > Shift map", "shift"),
                       ("View > Margin map", "margin")):
        press(qtbot, window, path)
        assert doc.style.mode == mode
    press(qtbot, window, "View > Tile map")
    assert doc.style.layout == "tiles"
    press(qtbot, window, "View > Tile map")
    assert doc.style.layout != "tiles"
    press(qtbot, window, "View > Appearance > Dark")
    assert doc.style.theme == "dark"
    press(qtbot, window, "View > Appearance > Light")
    assert doc.style.theme == "light"
    press(qtbot, window, "View > Appearance > Follow system")
    assert window.style_actions.appearance == "system"
    press(qtbot, window, "View > Colour-blind safe colours")
    assert doc.style.palette == "colorblind"


def test_view_same_since_and_compare_with(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    press(qtbot, window, "View > Same since map")  # Ctrl+5
    assert doc.style.mode == "same_since"
    labels = [t.get_text() for t in window.canvas.map_figure.map_ax.texts]
    assert "DC  16" in labels  # DC has voted Democratic in all 16 of its elections
    asked = []

    def pick(_parent, title, _label, items, current, _editable):  # type: ignore[no-untyped-def]
        asked.append((title, items[current]))
        return "2000", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    press(qtbot, window, "View > Compare with…")  # Ctrl+Shift+H
    assert asked == [("Compare with", "previous election")]
    assert (doc.style.mode, doc.style.compare) == ("shift", 2000)
    assert window.compare_year.combo.currentText() == "Shift vs 2000"


def test_view_probability_map(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    press(qtbot, window, "View > Probability map")  # the Forecast tab's forecast, shaded
    assert doc.style.mode == "probability"
    assert window.canvas.map_figure.forecast is window.forecast.forecast is not None
    assert window.canvas.map_figure.title.get_text() == (
        "2024 forecast: chance of winning each unit")
    press(qtbot, window, "View > Margin map")
    assert doc.style.mode == "margin"


def test_view_replay_times_and_picker(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    press(qtbot, window, "View > Replay the night")
    assert doc.as_of is not None
    start = doc.as_of
    press(qtbot, window, "View > Play")
    qtbot.waitUntil(lambda: doc.as_of is not None and doc.as_of > start, timeout=5000)
    press(qtbot, window, "View > Play")  # pauses
    press(qtbot, window, "View > Replay the night")
    assert doc.as_of is None

    press(qtbot, window, "View > Times in UTC")
    assert doc.show_gmt
    press(qtbot, window, "View > Go to state…")
    assert window.picker.combo.lineEdit().hasFocus()


def test_view_timeline(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    timeline = window.timeline
    assert timeline.isVisible()
    press(qtbot, window, "View > Previous election")
    assert doc.results.year == 2020
    press(qtbot, window, "View > Previous election")
    assert doc.results.year == 2016
    press(qtbot, window, "View > Next election")
    assert doc.results.year == 2020
    timeline.set_pace(10)
    press(qtbot, window, "View > Play the elections")
    assert timeline.play_action.isChecked()
    qtbot.waitUntil(lambda: not timeline.play_action.isChecked(), timeout=5000)
    assert doc.results.year == 2024  # played to the last election and stopped
    assert not item(window, "View > Next election").isEnabled()
    press(qtbot, window, "View > Timeline")
    assert not timeline.isVisible()
    press(qtbot, window, "View > Timeline")
    assert timeline.isVisible()


@pytest.mark.parametrize("path, dock", [
    ("View > Live blog", "events_dock"), ("View > Details", "details_dock"),
    ("View > What-if", "whatif_dock"), ("View > Snake chart", "snake_dock"),
    ("View > Table", "table_dock"),
])
def test_view_dock_toggles(qtbot, window, path, dock) -> None:  # type: ignore[no-untyped-def]
    widget = getattr(window, dock)
    was = widget.isVisible()
    press(qtbot, window, path)
    assert widget.isVisible() is not was
    press(qtbot, window, path)
    assert widget.isVisible() is was


def test_view_reset_layout(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.events_dock.hide()
    window.whatif_dock.setFloating(True)
    press(qtbot, window, "View > Reset layout")
    assert window.events_dock.isVisible() and not window.whatif_dock.isFloating()
    assert window.canvas.width() >= 0.55 * window.width()


def test_view_zoom(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.canvas.view
    assert not item(window, "View > Reset zoom").isEnabled()
    press(qtbot, window, "View > Zoom in")
    press(qtbot, window, "View > Zoom in")
    deep = view.zoom
    assert deep > 1.5
    press(qtbot, window, "View > Zoom out")
    assert 1.0 < view.zoom < deep
    press(qtbot, window, "View > Reset zoom")
    assert view.zoom == 1.0 and not item(window, "View > Zoom out").isEnabled()


def test_help_menu(qtbot, window, dialogs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from viewer.ui.shortcuts_dialog import ShortcutsDialog

    shown: list[ShortcutsDialog] = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append(self) or 0)
    press(qtbot, window, "Help > Keyboard shortcuts")
    assert len(shown) == 1
    press(qtbot, window, "Help > About Electoral Map")
    from viewer import __version__

    assert any(kind == "box" and __version__ in text for kind, text in dialogs.asked)


def test_file_live_results_and_the_live_map(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, "View > Live results map")  # refused: nothing loaded yet
    assert window.document.style.mode != "live"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a: (
        [str(REPO / "data" / "live_2020_counts.csv")], ""))
    press(qtbot, window, "File > Open live results…")
    assert window.document.results.year == 2020 and window.document.style.mode == "live"
    press(qtbot, window, "View > Margin map")
    press(qtbot, window, "File > 2020 count as it came in")
    assert window.document.style.mode == "live"
    assert window.live_results.night is not None and window.live_results.night.all_calls()


def test_file_follow_and_stop_following_live_results(qtbot, window, dialogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "feed.csv"
    feed.write_text("# format: electoral-map/live\n# year: 2024\n"
                    "time,unit,votes_REP,votes_DEM,total_votes,eevp\n"
                    "2024-11-06T03:00:00Z,PA,300,280,600,20\n")
    stop = item(window, "File > Stop following live results")
    assert not stop.isEnabled()
    dialogs.answer("text", feed)
    press(qtbot, window, "File > Follow live results…")
    live = window.live_results
    qtbot.waitUntil(lambda: live.night is not None, timeout=8000)
    assert window.document.style.mode == "live" and live.follower.following
    assert stop.isEnabled()
    with feed.open("a") as fh:  # a new row: merged while followed
        fh.write("2024-11-06T04:00:00Z,PA,500,520,1050,40\n")
    qtbot.waitUntil(lambda: len(live.night.history("PA")) == 2, timeout=8000)
    press(qtbot, window, "File > Stop following live results")
    assert not live.follower.following and not stop.isEnabled()
    assert "Stopped following" in window.statusBar().currentMessage()
    with feed.open("a") as fh:  # no longer followed: nothing more is read
        fh.write("2024-11-06T05:00:00Z,PA,700,760,1500,60\n")
    qtbot.wait(400)
    assert len(live.night.history("PA")) == 2


def test_file_export_animation(qtbot, window, dialogs, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image
    from PySide6.QtWidgets import QDialog

    from viewer.ui.animation_export import AnimationDialog

    offered = []

    def choose(dialog: AnimationDialog) -> QDialog.DialogCode:
        offered.append((dialog.first_box.currentText(), dialog.last_box.currentText()))
        dialog.set_range(2016, 2024)
        dialog.size_box.addItem("400 × 250", (400, 250))  # small: a fast test
        dialog.size_box.setCurrentIndex(dialog.size_box.count() - 1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AnimationDialog, "exec", choose)
    gif = tmp_path / "history.gif"
    dialogs.answer("save", gif)
    press(qtbot, window, "File > Export animation…")
    assert offered == [("1789", "2024")]  # the whole timeline unless the user narrows it
    qtbot.waitUntil(lambda: not window.animation_export.running, timeout=30000)
    image = Image.open(gif)
    assert image.n_frames == 3 and image.size == (400, 250)
    assert window.statusBar().currentMessage().startswith(
        "Exported the animation of 3 elections (2016–2024)")
    assert window.document.results.year == 2024  # the window's election is its own
