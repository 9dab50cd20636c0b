"""Every word of an entry reaches its event, in order, but for picture and page furniture."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from viewer.core.events import sort_newest_first
from viewer.core.importers.common import MAX_BODY
from viewer.core.importers.detect import import_bytes, merge


def _page(entries: str, header: str = "US Election 2024\n\n") -> bytes:
    return (header + entries).encode()


BYLINE_AND_PICTURE = """\
  1. Voters queue in Atlanta suburbspublished at 15:10 Greenwich Mean Time 5 November

    Nomia Iqbal
    Reporting from Atlanta

    Voters standing in a long line outside a schoolImage source, Getty Images
    Image caption,

    Lines stretched around the block in Cobb County

    Turnout in Georgia's suburbs has been heavy all morning.

    Election officials say the wait is about an hour.
"""


def test_byline_picture_and_caption(results_2024):
    e = import_bytes(_page(BYLINE_AND_PICTURE), "page.txt", results_2024).events[0]
    assert (e.author, e.role) == ("Nomia Iqbal", "Reporting from Atlanta")
    assert e.body == ("Lines stretched around the block in Cobb County\n\n"
                      "Turnout in Georgia's suburbs has been heavy all morning.\n\n"
                      "Election officials say the wait is about an hour.")
    assert "Image" not in e.body and "Getty" not in e.body


def test_paragraph_above_a_picture_is_kept(results_2024):
    entry = """\
  1. Scenes from Philadelphiapublished at 16:00 Greenwich Mean Time 5 November

    A steady stream of voters arrived before the polls opened.
    A crowd outside a polling stationImage source, Reuters
    Image caption,
    Voters in Philadelphia
    Officials expect results after midnight.
"""
    e = import_bytes(_page(entry), "page.txt", results_2024).events[0]
    assert e.body.split("\n\n") == [
        "A steady stream of voters arrived before the polls opened.",
        "Voters in Philadelphia", "Officials expect results after midnight."]


def test_short_title_case_subheading_is_not_an_author(results_2024):
    entry = """\
  1. Where the race stands nowpublished at 04:00 Greenwich Mean Time 6 November

    Key Battleground Results

    Georgia and North Carolina have been called; the blue wall is still counting.
"""
    e = import_bytes(_page(entry), "page.txt", results_2024).events[0]
    assert e.author == "" and e.body.startswith("Key Battleground Results\n\nGeorgia and")


def test_repeated_lines_inside_an_entry_are_kept(results_2024):
    entry = """\
  1. The calls so farpublished at 04:30 Greenwich Mean Time 6 November

    Arizona
    Trump
    Georgia
    Trump
"""
    e = import_bytes(_page(entry), "page.txt", results_2024).events[0]
    assert e.body.split("\n\n") == ["Arizona", "Trump", "Georgia", "Trump"]


def test_an_entry_pasted_twice_is_one_event(results_2024):
    entry = """\
  1. Polls close in Virginiapublished at 00:00 Greenwich Mean Time 6 November

    Polls have now closed across Virginia.
"""
    imp = import_bytes(_page(entry + entry), "page.txt", results_2024)
    assert len(imp.events) == 1 and imp.events[0].body == "Polls have now closed across Virginia."


def test_same_day_entries_without_a_date_take_it_from_their_neighbours(results_2024):
    entries = """\
  1. Trump wins Pennsylvaniapublished at 09:15 Greenwich Mean Time

    Pennsylvania's 19 electoral votes go to Trump.

  2. Polls close in the Westpublished at 04:00 Greenwich Mean Time 6 November

    Voting has ended in Nevada.

  3. Just after midnight in Londonpublished at 23:50 Greenwich Mean Time

    The first results are in.

  4. Polls open on the East Coastpublished at 11:00 Greenwich Mean Time 5 November

    Voting is under way.
"""
    imp = import_bytes(_page(entries), "page.txt", results_2024)
    times = {e.title: e.time for e in imp.events}
    assert times["Trump wins Pennsylvania"] == datetime(2024, 11, 6, 9, 15, tzinfo=UTC)
    assert times["Just after midnight in London"] == datetime(2024, 11, 5, 23, 50, tzinfo=UTC)
    assert len(imp.events) == 4
    assert any("2 entries had a time but no date" in w and "lines 3, 11" in w
               for w in imp.warnings)


def test_headline_on_its_own_line_above_published_at(results_2024):
    entries = """\
  1.
    Trump wins Georgia
    published at 02:20 Greenwich Mean Time 6 November

    Georgia's 16 electoral votes go to Trump.

  2. North Carolina projected for Trump
    published at 02:05 Greenwich Mean Time 6 November

    The first battleground of the night.
"""
    events = sort_newest_first(import_bytes(_page(entries), "page.txt", results_2024).events)
    assert [e.title for e in events] == ["Trump wins Georgia", "North Carolina projected for Trump"]
    assert events[1].body == "The first battleground of the night."  # not the next headline
    assert [c.unit for e in events for c in e.calls] == ["GA", "NC"]


def _json_feed(html: str) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Live",
                       "items": [{"id": "1", "title": "State of play",
                                  "content_html": html,
                                  "date_published": "2024-11-06T05:00:00Z"}]}).encode()


def test_html_cells_lists_subheads_and_captions_stay_apart(results_2024):
    html = ("<h3>Calls</h3><table><tr><th>State</th><th>Winner</th><th>EV</th></tr>"
            "<tr><td>Arizona</td><td>Trump</td><td>11</td></tr>"
            "<tr><td>Georgia</td><td>Trump</td><td>16</td></tr></table>"
            "<dl><dt>Nevada</dt><dd>Not called</dd></dl>"
            "<figure><img src='x.png'><figcaption>Counting in Reno</figcaption></figure>"
            "<p>More soon.</p>")
    e = import_bytes(_json_feed(html), "feed.json", results_2024).events[0]
    assert e.body.split("\n\n") == [
        "Calls", "State | Winner | EV", "Arizona | Trump | 11", "Georgia | Trump | 16",
        "Nevada", "Not called", "Counting in Reno", "More soon."]
    assert set(e.units) == {"AZ", "GA", "NV"}


def test_a_body_over_the_cap_is_cut_with_a_warning_that_says_where(results_2024):
    long_text = "<p>" + "Counting continues in Arizona. " * 2500 + "</p>"
    imp = import_bytes(_json_feed(long_text), "feed.json", results_2024)
    assert len(imp.events[0].body) == MAX_BODY
    assert any("cut at 50,000 of 77,499 characters" in w and "State of play" in w
               for w in imp.warnings)


def test_the_bundled_events_file_imports(results_2024):
    from viewer.core.events import bundled_events_path, load_events

    imp = import_bytes(bundled_events_path().read_bytes(), "events_2024.json", results_2024)
    assert imp.format == "events"
    assert [e.id for e in imp.events] == [e.id for e in load_events(bundled_events_path())]


def test_notes_with_cr_lines_zone_carried_and_inline_headlines(results_2024):
    text = ("Election night, 5 November 2024\r"
            "7:00 pm ET – Polls close in Georgia\r"
            "Voting has ended.\r"
            "8:30 pm – Trump wins Kentucky\r"
            "11:50 pm\rNorth Carolina projected for Trump\r")
    imp = import_bytes(text.encode(), "notes.txt", results_2024)
    assert imp.format == "notes"
    got = {e.title: (e.time, e.body) for e in imp.events}
    assert got["Polls close in Georgia"] == (datetime(2024, 11, 6, 0, 0, tzinfo=UTC),
                                             "Voting has ended.")
    # ET written once holds for the times after it
    assert got["Trump wins Kentucky"][0] == datetime(2024, 11, 6, 1, 30, tzinfo=UTC)
    assert got["North Carolina projected for Trump"][0] == datetime(2024, 11, 6, 4, 50,
                                                                    tzinfo=UTC)
    assert sorted(c.unit for e in imp.events for c in e.calls) == ["KY", "NC"]


def test_a_headline_edited_between_polls_updates_in_place(results_2024):
    before = """\
  1. Trump leads in Georgiapublished at 02:20 Greenwich Mean Time 6 November

    Counting continues.

  2. Polls closepublished at 00:00 Greenwich Mean Time 6 November

    Polls have closed.
"""
    after = before.replace("Trump leads in Georgia", "Trump wins Georgia")
    old = import_bytes(_page(before), "page.txt", results_2024).events
    new = import_bytes(_page(after), "page.txt", results_2024).events
    merged, added = merge(old, new)
    assert added == [] and len(merged) == 2
    assert merged[0].title == "Trump wins Georgia" and merged[0].call.unit == "GA"
    notes_before = ("5 November 2024 (all times GMT)\n\n23:00\nHarris leads in Virginia\n"
                    "23:30\nPolls close in Ohio\n")
    notes_after = notes_before.replace("leads in", "wins")
    merged, added = merge(import_bytes(notes_before.encode(), "n.txt", results_2024).events,
                          import_bytes(notes_after.encode(), "n.txt", results_2024).events)
    assert added == [] and [e.title for e in merged] == ["Polls close in Ohio",
                                                         "Harris wins Virginia"]


def test_a_feed_item_without_an_id_keeps_its_identity_through_an_edit(results_2024):
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Live</title>"
           "<item><title>Trump leads in Georgia</title>"
           "<pubDate>Wed, 06 Nov 2024 06:20:00 GMT</pubDate></item>"
           "<item><title>Polls close</title>"
           "<pubDate>Wed, 06 Nov 2024 00:00:00 GMT</pubDate></item></channel></rss>")
    old = import_bytes(rss.encode(), "feed.rss", results_2024).events
    edited = rss.replace("Trump leads in Georgia", "Trump wins Georgia")
    merged, added = merge(old, import_bytes(edited.encode(), "feed.rss", results_2024).events)
    assert added == [] and [e.title for e in merged] == ["Trump wins Georgia", "Polls close"]
