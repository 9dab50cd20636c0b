"""Many new live-blog events arrive in one insertion, keep the reader's place, and a
followed feed whose headline is edited updates the row in place."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from viewer.ui.models.events_model import EVENT_ROLE


def test_ten_thousand_new_events_are_one_insertion(qtbot, window):
    doc = window.document
    model = window.events_dock.proxy.sourceModel()
    newest = max(e.time for e in doc.events)
    template = doc.events[0]
    incoming = [replace(template, id=f"bulk-{i}", title=f"Update {i}",
                        time=newest + timedelta(seconds=i + 1), calls=(), retracts=())
                for i in range(10_000)]
    view = window.events_dock.view
    before = window.events_dock.proxy.rowCount()
    view.setCurrentIndex(window.events_dock.proxy.index(3, 0))
    selected = view.currentIndex().data(EVENT_ROLE).id
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    doc.merge_events([*doc.events, *incoming])
    assert inserted == [(0, 9_999)]  # one block at the top, not 10,000 single rows
    assert window.events_dock.proxy.rowCount() == before + 10_000
    assert view.currentIndex().data(EVENT_ROLE).id == selected  # the reader's place stays
    first = window.events_dock.proxy.index(0, 0).data(EVENT_ROLE)
    assert first.title == "Update 9999"


def test_scattered_new_events_land_in_time_order(qtbot, window):
    doc = window.document
    model = window.events_dock.proxy.sourceModel()
    times = sorted({e.time for e in doc.events})
    template = doc.events[0]
    incoming = [replace(template, id=f"mid-{i}", title=f"Between {i}",
                        time=times[i] + timedelta(seconds=30), calls=(), retracts=())
                for i in (2, 10, 20)]
    doc.merge_events([*doc.events, *incoming])
    shown = [model.index(r, 0).data(EVENT_ROLE).time for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=True) and len(shown) == len(doc.events)


def test_the_event_reader_names_the_candidate_of_a_call(qtbot, window):
    proxy = window.events_dock.proxy
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, 0).data(EVENT_ROLE).id == "2024-call-az")
    window.events_dock.view.setCurrentIndex(proxy.index(row, 0))
    text = window.events_dock.text.toPlainText()
    assert "Call: Arizona for Donald Trump" in text and "for REP" not in text
