"""`electoral-map events` on live blogs written in five outlets' styles: the calls a reader
would make, the text a reader would read, and a replay that paints the right map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.core.events import calls_as_of
from viewer.core.importers.detect import import_path
from viewer.core.mentions import find_units

OUTLETS = Path(__file__).resolve().parent.parent / "fixtures" / "liveblog" / "outlets"

# (file, format, every call made, units uncalled again, the replay's final map)
CASES = [
    ("guardian.rss", "rss", {("MI", "REP"), ("GA", "REP"), ("VA", "DEM")}, set(),
     {"MI": "REP", "GA": "REP", "VA": "DEM"}),
    ("reuters.atom", "atom", {("WI", "REP"), ("NE-2", "DEM"), ("NC", "REP")}, set(),
     {"WI": "REP", "NE-2": "DEM", "NC": "REP"}),
    ("ap.json", "jsonfeed", {("NV", "REP"), ("ME-2", "REP"), ("GA", "REP"), ("WA", "DEM"),
                             ("DC", "DEM")}, {"NV"},
     {"ME-2": "REP", "GA": "REP", "WA": "DEM", "DC": "DEM"}),
    ("nyt.html", "html", {("PA", "REP"), ("MN", "DEM"), ("AZ", "REP")}, set(),
     {"PA": "REP", "MN": "DEM", "AZ": "REP"}),
    ("bbc.txt", "text", {("MI", "REP"), ("WI", "REP")}, set(), {"MI": "REP", "WI": "REP"}),
]


def _events_json(capsys, name: str) -> dict:
    assert main(["events", str(OUTLETS / name), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("name", "fmt", "calls", "retracted", "final"), CASES)
def test_calls_a_reader_would_make(capsys, name, fmt, calls, retracted, final):
    data = _events_json(capsys, name)
    assert data["format"] == fmt
    made = {(c["unit"], c["party"]) for e in data["events"] for c in e["calls"]}
    assert made == calls
    assert {u for e in data["events"] for u in e["retracts"]} == retracted
    for e in data["events"]:  # a headline that names a unit but makes no call says why
        if not e["calls"] and not e["retracts"] and find_units(e["title"]) and any(
                n in e["title"] for n in ("Trump", "Harris")):
            assert e["call_note"], e["title"]


@pytest.mark.parametrize(("name", "fmt", "calls", "retracted", "final"), CASES)
def test_replay_ends_on_the_right_map(results_2024, name, fmt, calls, retracted, final):
    events = import_path(OUTLETS / name, results_2024).events
    end = max(e.time for e in events)
    shown = {u: p for u, p in calls_as_of(events, end, results_2024).items() if p}
    assert shown == final


def test_why_no_call_is_given(capsys):
    data = _events_json(capsys, "guardian.rss")
    notes = {e["title"]: e["call_note"] for e in data["events"]}
    assert notes["Networks have not called Arizona for Trump yet"] == "a negation ('not')"
    assert notes["Analysis: why Harris lost Michigan"] == "commentary ('Analysis')"
    assert notes["Trump wins Georgia, edging closer to the White House"] is None


def test_the_text_a_reader_would_read(capsys):
    guardian = {e["title"]: e for e in _events_json(capsys, "guardian.rss")["events"]}
    ga = guardian["Trump wins Georgia, edging closer to the White House"]["body"]
    assert ga.endswith("Georgia\n\nTrump\n\nNorth Carolina\n\nTrump")  # a list keeps repeats
    mi = guardian["Analysis: why Harris lost Michigan"]["body"].split("\n\n")
    assert mi[1] == "Detroit voters on Tuesday. Photograph: agency"  # the figure's caption
    wire = {e["title"]: e for e in _events_json(capsys, "reuters.atom")["events"]}
    assert wire["Factbox: Which states have been called?"]["body"] == \
        "Arizona | not called\n\nGeorgia | Trump"
    nyt = {e["title"]: e for e in _events_json(capsys, "nyt.html")["events"]}
    assert nyt["Trump Is Projected to Win Pennsylvania"]["body"].split("\n\n")[1] == \
        "What comes next"
    bbc = _events_json(capsys, "bbc.txt")
    by_title = {e["title"]: e for e in bbc["events"]}
    course = by_title["Trump on course to win Michigan, campaign says"]
    assert (course["author"], course["role"]) == ("Sam Cabral", "Reporting from Washington")
    assert course["body"] == ("Supporters at the watch party in West Palm Beach\n\n"
                              "The count in Michigan is not finished.")
    assert by_title["Michigan projected for Trump"]["time"] == "2024-11-06T10:58:00Z"
    assert any("had a time but no date" in w for w in bbc["warnings"])
    listing = by_title["Protesters gather on Pennsylvania Avenue"]
    assert listing["body"].split("\n\n") == ["Key Numbers", "The list so far:", "Georgia",
                                             "Trump", "North Carolina", "Trump"]
    assert "PA" not in listing["units"]


def test_text_output_names_every_call_and_retraction(capsys):
    assert main(["events", str(OUTLETS / "ap.json")]) == 0
    out = capsys.readouterr().out
    assert "CALL NV=REP" in out and "RETRACTS NV" in out and "CALL ME-2=REP" in out
