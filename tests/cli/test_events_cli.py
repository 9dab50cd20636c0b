"""`electoral-map events`: every format, JSON shape, bad input, and a loopback URL."""

from __future__ import annotations

import json
from pathlib import Path

from tests.loopback import serve
from viewer.cli import main

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "liveblog"


def test_events_json_from_seed(capsys, shared_dir):
    seed = next((shared_dir / "seeds").glob("000_*.txt"))
    assert main(["events", str(seed), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    events = data["events"]
    assert data["format"] == "text" and len(events) == 20
    first = events[0]
    assert first["time"] == "2024-11-06T19:36:00Z"
    assert set(first) >= {"id", "time", "title", "body", "breaking", "units", "call"}
    assert events[12]["call"] == {"unit": "MI", "party": "REP"}
    assert events[6]["breaking"] is True
    assert data["snapshot"]["electoral_votes"] == {"DEM": 226, "REP": 312}


def test_events_every_fixture_format(capsys):
    for name, fmt, count in (("feed.rss", "rss", 2), ("feed.atom", "atom", 2),
                             ("feed.json", "jsonfeed", 2), ("page.html", "html", 3),
                             ("notes.txt", "notes", 3)):
        assert main(["events", str(FIX / name), "--json"]) == 0, name
        data = json.loads(capsys.readouterr().out)
        assert data["format"] == fmt and len(data["events"]) == count, name


def test_events_bad_input_exits_2(capsys, tmp_path):
    assert main(["events", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: expected a readable live blog" in capsys.readouterr().err
    assert main(["events", str(FIX / "feed.rss"), "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert "expected a saved HTML page" in err and "Traceback" not in err
    assert main(["events", "gopher://example.test/x"]) == 2


def test_events_from_a_loopback_url(capsys):
    with serve((FIX / "feed.json").read_bytes()) as url:
        assert main(["events", url, "--json"]) == 0
        assert len(json.loads(capsys.readouterr().out)["events"]) == 2
