"""The window on other elections: a bundled year, a file of several years, a year without
some of today's units."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from viewer.core.history import Bundle, results_for
from viewer.resources import data_dir

REPO = Path(__file__).resolve().parents[2]
MEDSL = REPO / "tests" / "fixtures" / "results" / "medsl_excerpt.csv"


def test_a_file_of_several_elections_asks_which_one(window, monkeypatch):
    asked = []

    def pick(_parent, title, label, items, *_a):  # type: ignore[no-untyped-def]
        asked.append((title, list(items)))
        return "2016", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    assert window.open_results(MEDSL)
    assert asked == [("Which election?", ["2020", "2016"])]  # the latest first
    assert window.document.results.year == 2016
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a: ("", False))
    assert not window.open_results(MEDSL)  # cancelled: what was shown stays
    assert window.document.results.year == 2016


def test_opening_1860_keeps_to_its_units(window):
    window.document.select("NV")
    assert window.open_results(Bundle(data_dir()).path(1860))
    doc = window.document
    assert doc.selected is None  # Nevada was no state in 1860: nothing to show for it
    doc.select("NM")
    assert doc.selected is None
    doc.select("TX")
    assert doc.selected == "TX"
    assert doc.display_tally().to_win == 152
    assert window.canvas.map_figure.bar.to_win_text.get_text() == "152 to win"


def test_the_window_opens_on_a_bundled_year_with_the_2024_blog_set_aside():
    from viewer.core.events import bundled_events_path, load_events
    from viewer.ui.launch import document_for

    # What `electoral-map --year 1960` opens (launch.py): the bundled file of that year,
    # and the bundled 2024 blog set aside, not poured into 1960.
    events = load_events(bundled_events_path())
    doc = document_for(results_for(None, 1960, data_dir()), events)
    assert doc.results.year == 1960 and doc.results.to_win == 269
    assert doc.events == [] and doc.set_aside_blog() is not None
    assert doc.set_aside_blog()[0] == 2024
    default = document_for(results_for(None, None, data_dir()), events)
    assert default.results.year == 2024 and len(default.events) == len(events)


def test_what_if_on_other_years(window):
    doc = window.document
    assert window.open_results(Bundle(data_dir()).path(1800))
    assert not window.whatif_action.isEnabled()  # greyed out, and it says why
    assert "two votes" in window.whatif_action.statusTip()
    doc.set_whatif(True)
    assert not doc.whatif  # each elector cast two votes: nothing to flip
    doc.cycle("VA")
    assert doc.scenario.overrides == {}
    assert window.open_results(Bundle(data_dir()).path(1860))
    assert window.whatif_action.isEnabled()
    doc.set_whatif(True)
    doc.battlegrounds()  # today's battlegrounds: Nevada and Arizona were no states
    assert set(doc.scenario.overrides) == {"GA", "MI", "NC", "PA", "WI"}
    doc.undo_stack.undo()
    window.on_unit_clicked("TX")  # Breckinridge's Texas goes to Douglas first
    assert doc.scenario.overrides == {"TX": "DEM"}
    assert doc.display_tally().totals["SD"] == 72 - 4


def test_a_third_party_winner_is_described_by_his_own_lead(window):
    from viewer.ui.details_text import unit_margin_text

    assert window.open_results(Bundle(data_dir()).path(1968))
    results = window.document.results
    assert unit_margin_text(results, "AL") == "Wallace +47.13"  # not "Humphrey +…"
    assert unit_margin_text(results, "TX") == "Humphrey +1.27"
    window.document.select("AL")
    window.details_dock.refresh()
    assert window.details_dock.margin.text() == "Margin: Wallace +47.13"
    assert unit_margin_text(Bundle(data_dir()).load(1860), "SC") == \
        "electors chosen by the legislature"


def test_totals_name_only_candidates_with_electoral_votes(window):
    from viewer.ui.details_text import totals_text

    assert window.open_results(Bundle(data_dir()).path(1912))
    text = totals_text(window.document.display_tally(), window.document.results)
    assert text == "Wilson 435 · Roosevelt 88 · Taft 8"  # Debs had votes, no electors
