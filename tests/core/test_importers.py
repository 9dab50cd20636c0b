"""Live-blog importers: the seed page, and fixtures written for every other format."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from viewer.core.errors import InputError
from viewer.core.events import sort_newest_first
from viewer.core.importers.detect import detect_format, import_bytes, import_path, merge

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "liveblog"


def seed(shared_dir: Path, prefix: str) -> Path:
    return next((shared_dir / "seeds").glob(f"{prefix}_*.txt"))


def test_seed_000_page(shared_dir, results_2024):
    imp = import_path(seed(shared_dir, "000"), results_2024)
    events = sort_newest_first(imp.events)
    assert imp.format == "text" and len(events) == 20
    assert events[0].time == datetime(2024, 11, 6, 19, 36, tzinfo=UTC)
    assert events[0].time_text == "published at 19:36 Greenwich Mean Time 6 November"
    seventh, thirteenth = events[6], events[12]
    assert seventh.breaking and seventh.concession and "concedes" in seventh.title
    assert thirteenth.call is not None
    assert (thirteenth.call.unit, thirteenth.call.party) == ("MI", "REP")
    assert sum(1 for e in events if e.call) == 1  # nothing else is a presidential call
    for e in events:  # picture captions are not body text
        assert "Image source" not in e.body and "Image caption" not in e.body
        assert "Media caption" not in e.body
    diner = next(e for e in events if "diner" in e.title)
    assert diner.author == "Sarah Fowler" and diner.role == "Live reporter"
    # the pictures' alt text is furniture; their captions are the entry's words and stay
    assert "sitting in a diner" not in diner.body
    assert diner.body.startswith("Colby Wood hopes this election will result in a new "
                                 "generation of leadership\n\nIn Bob and Edith")
    assert set(diner.units) == {"VA", "DC"}
    snap = imp.snapshot
    assert snap.electoral_votes == {"DEM": 226, "REP": 312}
    assert snap.votes == {"DEM": 74_332_556, "REP": 76_869_598}
    assert snap.results_to_go == 0
    compared = snap.compare(results_2024)
    assert compared[0].endswith("agrees") and "(-685,057)" in compared[2]


def test_seed_000_ties_keep_source_order(shared_dir, results_2024):
    events = sort_newest_first(import_path(seed(shared_dir, "000"), results_2024).events)
    same = [e.title for e in events if e.time.hour == 18 and e.time.minute == 5]
    assert same[0].startswith("Key state of Michigan") and same[1].startswith("What's been")


def test_seed_001_repeated_paragraph_once(shared_dir, results_2024):
    imp = import_path(seed(shared_dir, "001"), results_2024)
    assert len(imp.events) == 1
    body = imp.events[0].body
    assert body.count("Kamala Harris is preparing to speak") == 1
    assert body.count("The Republican party enjoyed a resurgence") == 1
    assert imp.snapshot.votes == {"DEM": 67_951_111, "REP": 72_658_972}


def test_year_comes_from_option_or_results(results_2024):
    text = b"1. Ohio projected for Trumppublished at 02:30 Greenwich Mean Time 6 November\n\nOk.\n"
    e = import_bytes(text, "t.txt", results_2024).events[0]
    assert e.time.year == 2024 and e.call.unit == "OH"
    e = import_bytes(text, "t.txt", results_2024, year=2028).events[0]
    assert e.time.year == 2028


def test_named_zones_in_words(results_2024):
    text = (b"Texas projected for Trumppublished at 21:30 Eastern Time 5 November 2024\nx\n"
            b"Something elsepublished at 10:00 British Summer Time 1 October 2024\ny\n")
    events = import_bytes(text, "t.txt", results_2024).events
    assert events[0].time == datetime(2024, 11, 6, 2, 30, tzinfo=UTC)  # EST in November
    assert events[1].time == datetime(2024, 10, 1, 9, 0, tzinfo=UTC)


def test_notes_roll_over_midnight(results_2024):
    imp = import_path(FIX / "notes.txt", results_2024)
    assert imp.format == "notes"
    times = [e.time for e in imp.events]
    assert times == [datetime(2024, 11, 6, 0, 0, tzinfo=UTC),
                     datetime(2024, 11, 6, 4, 17, tzinfo=UTC),
                     datetime(2024, 11, 6, 5, 50, tzinfo=UTC)]
    nc = imp.events[1]
    assert nc.title == "North Carolina projected for Trump" and nc.call.unit == "NC"
    assert imp.events[2].call.unit == "GA"


def test_notes_need_a_date(results_2024):
    with pytest.raises(InputError, match="expected a date"):
        import_bytes(b"21:00\nFirst\n\n22:00\nSecond\n", "n.txt", results_2024)
    imp = import_bytes(b"21:00\nFirst\n\n22:00\nSecond\n", "n.txt", results_2024,
                       day=date(2024, 11, 5))
    assert imp.events[1].time == datetime(2024, 11, 5, 22, 0, tzinfo=UTC)


def test_rss(results_2024):
    imp = import_path(FIX / "feed.rss", results_2024)
    assert imp.format == "rss" and len(imp.events) == 2
    pa, az = sort_newest_first(imp.events)
    assert pa.time == datetime(2024, 11, 6, 6, 25, tzinfo=UTC)  # EST named in the date
    assert pa.time_text == "Wed, 06 Nov 2024 01:25:00 EST"
    assert pa.call.unit == "PA" and pa.call.party == "REP"
    assert "<img" not in pa.body and "127.0.0.1" not in pa.body
    assert az.title == "Turnout in Arizona is running high."  # no <title>: first sentence
    assert any("no usable date" in w for w in imp.warnings)


def test_atom_edit_is_the_same_event(results_2024):
    imp = import_path(FIX / "feed.atom", results_2024)
    assert imp.format == "atom"
    wi = next(e for e in imp.events if "Wisconsin" in e.title)
    assert wi.author == "Desk Editor" and wi.body == "The call takes Trump past 270."
    edited = (FIX / "feed.atom").read_bytes().replace(
        b"The call takes Trump past 270.", b"The call takes Trump to 277.")
    later = import_bytes(edited, "feed.atom", results_2024)
    merged, new = merge(imp.events, later.events)
    assert new == [] and len(merged) == 2
    assert next(e for e in merged if e.id == wi.id).body == "The call takes Trump to 277."


def test_json_feed(results_2024):
    imp = import_path(FIX / "feed.json", results_2024)
    assert imp.format == "jsonfeed" and len(imp.events) == 2
    nh, ny = sort_newest_first(imp.events)  # NH 05:30 UTC is newer than NY 02:00 UTC
    assert ny.call.unit == "NY" and ny.call.party == "DEM" and ny.author == "Night desk"
    assert "<b>not bold</b>" in ny.body  # content_text is text: shown literally
    assert nh.time == datetime(2024, 11, 6, 5, 30, tzinfo=UTC)
    assert nh.title.startswith("New Hampshire is called for Harris")
    assert nh.author == "Old style author"
    assert any("item 3 skipped" in w for w in imp.warnings)


def test_html_liveblogposting(results_2024):
    imp = import_path(FIX / "page.html", results_2024)
    assert imp.format == "html" and len(imp.events) == 3
    mi = next(e for e in imp.events if "Michigan" in e.title)
    assert mi.breaking and mi.call.unit == "MI" and mi.author == "A Reporter"
    assert mi.time == datetime(2024, 11, 6, 18, 5, tzinfo=UTC)
    dc = next(e for e in imp.events if "Crowds" in e.title)
    assert "alert" not in dc.title and "<script>" not in dc.title and dc.units == ("DC",)
    assert any("JSON-LD block 3 skipped" in w for w in imp.warnings)


def test_detection_and_wrong_format(results_2024):
    assert detect_format((FIX / "feed.rss").read_bytes()) == "rss"
    assert detect_format((FIX / "feed.json").read_bytes()) == "jsonfeed"
    assert detect_format((FIX / "page.html").read_bytes()) == "html"
    assert detect_format((FIX / "notes.txt").read_bytes()) == "notes"
    with pytest.raises(InputError, match=r"expected a JSON Feed .* got 'what looks like an RSS"):
        import_path(FIX / "feed.rss", results_2024, fmt="jsonfeed")


def test_merge_keeps_events_that_drop_out(results_2024):
    first = import_path(FIX / "feed.json", results_2024).events
    later = first[:1]
    merged, new = merge(first, later)
    assert len(merged) == 2 and new == []
    merged, new = merge(first[:1], first)
    assert len(new) == 1 and len(merged) == 2


def test_oversized_input_refused(results_2024):
    with pytest.raises(InputError, match="under 20 MB"):
        import_bytes(b"x" * 20_000_001, "big.txt", results_2024)
