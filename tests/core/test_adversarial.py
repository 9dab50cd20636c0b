"""Adversarial input written for the purpose: encodings, truncation, huge files, deep
JSON, XML bombs and external entities, spreadsheet formulas."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viewer.core.claims import parse_claims
from viewer.core.errors import InputError
from viewer.core.events import EventsError, load_events
from viewer.core.importers.detect import import_bytes, import_path
from viewer.core.results import load_results, parse_results
from viewer.core.scenario_file import scenario_from_json
from viewer.resources import default_results_path

BUNDLED = default_results_path().read_text()


def huge(path: Path, size: int = 100_000_000) -> Path:
    with path.open("wb") as fh:  # sparse: the test does not write 100 MB
        fh.truncate(size)
    return path


def test_utf16_and_bom(tmp_path):
    f = tmp_path / "utf16.csv"
    f.write_bytes(BUNDLED.encode("utf-16"))
    with pytest.raises(InputError, match=r"utf16\.csv, line 1: expected UTF-8 text"):
        load_results(f)
    g = tmp_path / "bom.csv"
    g.write_bytes(b"\xef\xbb\xbf" + BUNDLED.encode())
    assert load_results(g).year == 2024


def test_latin1_live_blog_is_read(results_2024):
    text = "Café owners in Ohio react published at 02:37 Greenwich Mean Time 6 November 2024\n"
    imported = import_bytes(text.replace("react ", "react").encode("cp1252"), "l1.txt",
                            results_2024)
    assert imported.events[0].title.startswith("Café owners")


def test_truncated_files(tmp_path, results_2024):
    with pytest.raises(InputError, match=r"half\.csv, line \d+"):
        parse_results(BUNDLED[: len(BUNDLED) // 2], "half.csv")
    with pytest.raises(InputError, match=r"half\.json"):
        scenario_from_json('{"format": "electoral-map/scenario", "vers', results_2024,
                           "half.json")
    with pytest.raises(InputError):
        import_bytes(b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id"',
                     "half.json", results_2024)


def test_100_mb_files_are_refused_unread(tmp_path, results_2024):
    for loader, needle in ((lambda p: load_results(p), "under 5 MB"),
                           (lambda p: import_path(p, results_2024), "under 20 MB")):
        with pytest.raises(InputError, match=needle):
            loader(huge(tmp_path / "big.bin"))
    with pytest.raises(EventsError, match="under 10 MB"):
        load_events(huge(tmp_path / "big.json"))


def test_deeply_nested_json(results_2024, tmp_path):
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(InputError, match="nested less deeply"):
        scenario_from_json(deep, results_2024, "deep.json")
    with pytest.raises(InputError, match="nested less deeply"):
        import_bytes(deep.encode(), "deep.json", results_2024, fmt="jsonfeed")
    f = tmp_path / "deep.json"
    f.write_text(deep)
    with pytest.raises(EventsError, match=r"deep\.json"):
        load_events(f)


BOMB = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<rss version="2.0"><channel><item><title>&c;</title>'
        b"<pubDate>Wed, 06 Nov 2024 01:25:00 GMT</pubDate></item></channel></rss>")


def test_xml_bombs_and_external_entities_are_refused(results_2024, tmp_path):
    with pytest.raises(InputError, match="without <!ENTITY declarations"):
        import_bytes(BOMB, "bomb.xml", results_2024)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>')
    with pytest.raises(InputError, match="entity"):
        import_bytes(xxe.encode(), "xxe.xml", results_2024)


def test_spreadsheet_formulas_are_just_text(results_2024):
    text = BUNDLED.replace("AL,Alabama,", 'AL,"=HYPERLINK(""http://x"",""y"")",', 1)
    assert parse_results(text, "f.csv")["AL"].winner == "REP"
    claim = parse_claims("=1+1: Harris\nOhio: =cmd|' /C calc'!A0\nTexas: Trump\n",
                         results_2024, "f.txt")
    assert claim.claimed == {"TX": "REP"}
    assert any("none of the loaded candidates" in w for w in claim.warnings)


def test_dates_far_in_the_future(results_2024):
    imported = import_bytes(
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": 1, '
        b'"title": "Ohio projected for Trump", "date_published": "9999-12-31T23:59:00Z"}]}',
        "future.json", results_2024)
    assert imported.events[0].time.year == 9999


def test_unreadable_file(tmp_path, results_2024):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    f = tmp_path / "locked.txt"
    f.write_text("x")
    f.chmod(0)
    with pytest.raises(InputError, match="readable"):
        import_path(f, results_2024)
