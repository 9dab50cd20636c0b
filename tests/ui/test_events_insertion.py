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


def test_opening_a_large_blog_filters_each_row_once(qtbot, window, monkeypatch):
    """Opening a blog resets the list, each row checked by the filter once; the "unread"
    news that follows changes no row, so they are not all checked a second time (each
    check is a call into Python: 10,000 more of them stalled the window). A read mark
    still changes the rows (and Qt's proxy then checks them all again: not avoided)."""
    from viewer.ui.models import events_model

    doc = window.document
    template = doc.events[0]
    blog = [replace(template, id=f"big-{i}", title=f"Update {i}",
                    time=template.time + timedelta(seconds=i), calls=(), retracts=())
            for i in range(3_000)]
    window.events_dock.proxy.set_unit_filter("PA")  # each check asks whether it is about PA
    checked: list[str] = []
    original = events_model.is_about

    def counting(event, unit):  # type: ignore[no-untyped-def]
        checked.append(event.id)
        return original(event, unit)

    monkeypatch.setattr(events_model, "is_about", counting)
    model = window.events_dock.proxy.sourceModel()
    changed: list[int] = []
    model.dataChanged.connect(lambda first, last, _roles: changed.append(last.row()))
    doc.set_events(blog)
    assert len(checked) == 3_000  # the reset: every row once
    assert changed == []  # the reset showed them all read already
    doc.merge_events([*blog, replace(template, id="new", title="New",
                                     time=template.time + timedelta(hours=9),
                                     calls=(), retracts=())])
    changed.clear()
    doc.mark_read("new")
    assert changed  # a real change of the marks still reaches the rows (bold goes)
