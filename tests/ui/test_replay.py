"""Replaying the night: one time cursor drives the map, the bar and the sidebar."""

from __future__ import annotations

from tests.ui.helpers import interior_point, widget_point
from viewer.ui.models.events_model import EVENT_ROLE


def called_count(window) -> int:
    return sum(1 for w in window.canvas.map_figure.shown_winners.values() if w is not None)


def test_dragging_the_slider_fills_the_map(qtbot, window):
    bar = window.replay
    bar.replay_action.setChecked(True)
    slider = bar.slider
    slider.setValue(0)
    first = called_count(window)
    assert bar.label.text() == "As of 06 Nov 00:00 UTC"
    assert "As of 06 Nov 00:00 UTC" in window.canvas.map_figure.title.get_text()
    assert 0 < first < 10  # only the first poll-closing calls
    counts = []
    for value in range(slider.maximum() + 1):
        slider.setValue(value)
        counts.append(called_count(window))
        shown = window.events_dock.proxy
        assert all(shown.index(r, 0).data(EVENT_ROLE).time <= window.document.as_of
                   for r in range(shown.rowCount()))
    assert counts == sorted(counts)  # calls only ever add up
    assert counts[-1] == 56
    assert window.canvas.map_figure.bar.left_label.get_text() == "Kamala Harris  226"
    assert window.canvas.map_figure.bar.right_label.get_text() == "312  Donald Trump"
    # The newest event by then is selected and outlined on the map.
    newest = window.events_dock.selected_event()
    assert newest.call is not None and newest.call.unit == "AZ"
    assert window.document.highlighted == ("AZ",)


def test_uncalled_units_are_neutral_on_screen(qtbot, window):
    window.replay.replay_action.setChecked(True)
    window.replay.slider.setValue(0)
    window.canvas.draw()
    image = window.canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    p = widget_point(window.canvas, *interior_point(window.canvas.shapes, "TX"))
    c = image.pixelColor(round(p.x() * ratio), round(p.y() * ratio))
    assert abs(c.red() - c.blue()) < 12  # grey: Texas was not called at poll closing
    assert "Not called yet" in window.canvas.tooltip_text("TX")


def test_play_runs_and_leaving_restores_the_final_map(qtbot, window):
    bar = window.replay
    bar.replay_action.setChecked(True)
    bar.slider.setValue(0)
    bar.play_action.setChecked(True)
    qtbot.waitUntil(lambda: bar.slider.value() >= 3, timeout=5000)
    bar.play_action.setChecked(False)
    bar.replay_action.setChecked(False)
    assert window.document.as_of is None
    assert window.canvas.map_figure.shown_winners is None
    assert window.canvas.map_figure.bar.left_label.get_text() == "Kamala Harris  226"
    assert window.events_dock.proxy.rowCount() == window.events_dock.model.rowCount()


def test_whatif_clicks_wait_for_the_replay_to_end(qtbot, window):
    from tests.ui.test_window import click_unit

    window.whatif_action.setChecked(True)
    window.replay.replay_action.setChecked(True)
    click_unit(qtbot, window, "PA")
    assert window.document.scenario.overrides == {}
    assert "leave it" in window.statusBar().currentMessage()


def test_gmt_toggle_and_live_edge(qtbot, window, tmp_path):
    window.gmt_action.setChecked(True)
    first = window.events_dock.row_index(0).data()
    assert "10 Nov 02:21 UTC" in first  # the AP's Arizona call, the newest event
    blog = tmp_path / "blog.txt"
    blog.write_text("Ohio projected for Trumppublished at 02:37 Greenwich Mean Time "
                    "6 November 2024\n\nCall.\n")
    assert window.open_live_blog(str(blog))
    qtbot.waitUntil(lambda: window.events_dock.model.rowCount() == 1)
    window.replay.replay_action.setChecked(True)
    assert window.canvas.map_figure.shown_winners["OH"] == "REP"
    window.follow_action.setChecked(True)
    blog.write_text("Texas projected for Trumppublished at 02:40 Greenwich Mean Time "
                    "6 November 2024\n\nCall.\n\n" + blog.read_text())
    qtbot.waitUntil(lambda: window.events_dock.model.rowCount() == 2, timeout=5000)
    # Replay on the live edge: the new call shows on the map as it arrives.
    qtbot.waitUntil(lambda: window.canvas.map_figure.shown_winners["TX"] == "REP",
                    timeout=3000)
    assert window.replay.label.text() == "As of 06 Nov 02:40 UTC"


def test_replay_over_a_newsroom_feed_paints_only_real_calls(qtbot, window):
    """A feed in a newspaper's style, opened through the window: commentary ("why Harris
    lost Michigan"), negations and hopes never paint a unit; a withdrawn call uncalls it."""
    from pathlib import Path

    feeds = Path(__file__).resolve().parent.parent / "fixtures" / "liveblog" / "outlets"
    for name, final in (("guardian.rss", {"MI": "REP", "GA": "REP", "VA": "DEM"}),
                        ("ap.json", {"ME-2": "REP", "GA": "REP", "WA": "DEM", "DC": "DEM"})):
        window.open_live_blog(str(feeds / name))
        qtbot.waitUntil(lambda n=name: n in window.events_dock.source.text(),
                        timeout=10_000)
        bar = window.replay
        bar.replay_action.setChecked(True)
        bar.slider.setValue(bar.slider.maximum())
        shown = {u: p for u, p in window.canvas.map_figure.shown_winners.items() if p}
        assert shown == final, name
        bar.replay_action.setChecked(False)


def test_the_replay_bar_shows_the_moment_however_it_was_set(qtbot, window):
    """The bar's label, slider and check follow the document's moment, so that the bar
    never says 'As of 06 Nov 00:00' while the map shows 17:47."""
    from viewer.ui.replay_bar import as_of_text

    doc, bar = window.document, window.replay
    times = doc.event_times()
    middle = times[len(times) // 2]
    doc.set_as_of(middle)
    assert bar.replay_action.isChecked() and bar.slider.isEnabled()
    assert bar.times[bar.slider.value()] == middle
    assert bar.label.text() == as_of_text(middle)
    assert window.totals_label.text().startswith(as_of_text(middle))
    doc.set_as_of(None)
    assert not bar.replay_action.isChecked() and bar.label.text() == "Final results"


def test_during_the_replay_grey_means_not_called_yet(qtbot, window):
    def legend_texts() -> list[str]:
        from matplotlib.offsetbox import TextArea

        legend = window.canvas.map_figure.legend
        return [c.get_text() for c in legend.findobj(TextArea)]

    assert "Undecided" in legend_texts()
    window.replay.replay_action.trigger()
    assert "Not called yet" in legend_texts() and "Undecided" not in legend_texts()
    window.replay.replay_action.trigger()
    assert "Undecided" in legend_texts()
