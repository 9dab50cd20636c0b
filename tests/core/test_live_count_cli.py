"""`electoral-map live`: the night's state as of a time, printed from the bundled data."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from viewer import cli_live
from viewer.resources import data_dir

COUNTS = str(data_dir() / "live_2020_counts.csv")
CALLS = str(data_dir() / "calls_2020.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="electoral-map")
    cli_live.add_parser(parser.add_subparsers(dest="command"))
    status = cli_live.run(parser.parse_args(["live", *argv]))
    out, err = capsys.readouterr()
    return status, out, err


def test_pennsylvania_as_of_6_november(capsys):
    status, out, _ = run(capsys, COUNTS, CALLS, "--as-of", "2020-11-06T14:00Z", "--unit", "PA")
    assert status == 0
    assert "as of 2020-11-06 14:00Z" in out
    assert "Pennsylvania: Joe Biden leads by 5,587 votes (0.08 points)" in out
    assert "expected vote counted: 96.3% (of the source's final expected total, known only " \
           "afterwards)" in out
    assert "Donald Trump needs to win the remaining 254,834 votes by 2.2 points" in out
    assert "precincts reporting: 8,450 of 9,128" in out
    assert "not called" in out
    # Calls are known for the listed states only: the to-go count says it is a lower bound.
    assert "At least 4 results to go (no call information for 48 of 56 units" in out


def test_json_after_the_pennsylvania_call(capsys):
    status, out, _ = run(capsys, COUNTS, CALLS, "--as-of", "2020-11-07T17:00Z", "--json")
    assert status == 0
    doc = json.loads(out)
    assert doc["year"] == 2020 and doc["as_of"] == "2020-11-07T17:00:00Z"
    assert doc["electoral_votes_called"] == {"DEM": 20 + 11 + 10 + 16, "REP": 29}
    assert doc["results_to_go"] is None and doc["results_to_go_at_least"] == 3
    assert doc["presidency"]["state"] == "called" and doc["presidency"]["party"] == "DEM"
    units = {u["unit"]: u for u in doc["units"]}
    assert len(units) == 51
    pa = units["PA"]
    assert pa["call"]["calls"] == [{"party": "DEM", "caller": "AP",
                                    "time": "2020-11-07T16:25:00Z", "time_is": "made",
                                    "source_url": pa["call"]["calls"][0]["source_url"]}]
    assert pa["count"]["leader"] == "DEM" and pa["count"]["expected_counted_basis"] == "final"
    assert pa["count"]["eevp"] is None  # NYT's series has no expected-vote percentage
    tx = units["TX"]
    assert tx["call"]["state"] == "unknown"


def test_the_default_time_is_the_last_update(capsys):
    status, out, _ = run(capsys, COUNTS, "--json")
    doc = json.loads(out)
    assert status == 0 and doc["as_of"] == doc["last_update"] == "2021-01-06T01:11:54.671Z"


def test_a_bad_file_is_refused_with_its_line(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(Path(COUNTS).read_text(encoding="utf-8").replace(",PA,", ",PX,", 1))
    status, _, err = run(capsys, str(bad))
    assert status == 2
    assert "bad.csv, line" in err and "column 2" in err and "field 'unit'" in err


def test_a_time_without_a_zone_is_refused(capsys):
    parser = argparse.ArgumentParser(prog="electoral-map")
    cli_live.add_parser(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        parser.parse_args(["live", COUNTS, "--as-of", "2020-11-06 14:00"])
    assert "with its zone" in capsys.readouterr().err


def test_the_issues_command_name_and_option_work_too(capsys):
    from viewer.cli import main

    assert main(["results-feed", COUNTS, "--at",
                 "2020-11-05T12:00Z", "--unit", "PA", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"].startswith("2020-11-05T12:00")
