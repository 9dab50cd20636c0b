"""`electoral-map events` with hostile or broken input: no terminal escapes reach the
screen, broken addresses and binary files are one error line, --format is obeyed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import viewer.core.importers.detect as detect
from viewer.cli import main
from viewer.core.importers.common import Imported

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "liveblog"
# ESC sequences that clear the screen and recolour, a one-byte CSI (C1), DEL, a bidi
# override that reverses what follows, a newline that would fake a second event line.
HOSTILE = "\x1b[2J\x1b[31mOhio\x9b31m projected\x7f for \u202eTrump\nfake 2024-11-06 00:00Z"
RAW = ("\x1b", "\x9b", "\x7f", "\u202e")


@pytest.fixture
def hostile_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the importers' own clean-up does, the command must not rely on it."""
    real = detect.import_path

    def import_path(path: Path, results, **kw):  # type: ignore[no-untyped-def]
        imp = real(path, results, **kw)
        events = [dataclasses.replace(e, title=HOSTILE) for e in imp.events]
        return Imported(events, imp.format, imp.snapshot, [f"item 9 skipped ({HOSTILE})"])

    monkeypatch.setattr(detect, "import_path", import_path)


def test_text_output_escapes_control_characters(capsys, hostile_import):
    assert main(["events", str(FIX / "feed.json")]) == 0
    out, err = capsys.readouterr()
    for raw in RAW:
        assert raw not in out and raw not in err
    assert "\\x1b[2J\\x1b[31mOhio\\x9b31m projected\\x7f for \\u202eTrump\\x0afake" in out
    assert len(out.splitlines()) == 3  # the heading and two events, one line each
    assert "warning: item 9 skipped (\\x1b[2J" in err


def test_json_output_escapes_control_characters(capsys, hostile_import):
    assert main(["events", str(FIX / "feed.json"), "--json"]) == 0
    out = capsys.readouterr().out
    for raw in RAW:
        assert raw not in out
    data = json.loads(out)
    assert data["events"][0]["title"] == HOSTILE  # escaped, not changed
    assert data["warnings"] == [f"item 9 skipped ({HOSTILE})"]


def test_bidi_override_from_a_real_feed_is_escaped(capsys, tmp_path):
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": 1, "date_published": "2024-11-06T01:00:00Z",
         "title": "Ohio \u202eprojected for Trump"}]}
    f = tmp_path / "feed.json"
    f.write_text(json.dumps(feed))
    assert main(["events", str(f)]) == 0
    assert "\u202e" not in capsys.readouterr().out


@pytest.mark.parametrize("url", ["http://[::1", "http://example.test:port/x"])
def test_malformed_address_is_one_error_line(capsys, url: str):
    assert main(["events", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"electoral-map: error: {url}: expected a well-formed")
    assert len(err.splitlines()) == 1


def test_binary_file_is_one_error_line(capsys, tmp_path):
    f = tmp_path / "photo.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert main(["events", str(f)]) == 2
    err = capsys.readouterr().err
    assert "photo.png: expected a live blog as text, got 'not text: a PNG image'" in err


def test_format_option_overrides_detection(capsys):
    # Once refused as "incompatible"; now read as asked: the feed's text as one article.
    assert main(["events", str(FIX / "feed.rss"), "--format", "text", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "text" and len(data["events"]) == 1
