"""Live-results readers: detection from the content, refusals that name the line and column,
the AP-shaped adapter, round trips through our own format, untrusted numbers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from viewer.core.errors import InputError
from viewer.core.live_count import (
    FORMATS,
    CallState,
    LiveInputError,
    Night,
    dump_csv,
    dump_json,
    read_all,
    read_live,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "live"

OWN = """# format: electoral-map/live
# version: 1
# year: 2024
# candidate: DEM | A
# candidate: REP | B
# expected_total_basis: published
time,unit,votes_DEM,votes_REP,total_votes,expected_total,call,caller
2024-11-06T01:00:00Z,PA,100,200,310,1000,,
2024-11-06T02:00:00Z,PA,400,300,710,1000,DEM,AP
"""
NYT_HEADER = ("timestamp_utc,unit,dem_votes,rep_votes,other_votes,total_votes,"
              "votes_remaining_est,nyt_expected_total_votes_final,precincts_reporting,"
              "precincts_total,battleground\n")
NYT_ROW = "2020-11-04T13:28:22.084Z,PA,100,200,10,310,690,1000,5,10,1\n"
CALLS = ("unit,called_for,call_time_utc,caller,source_url,call_time_as_reported,notes\n"
         "PA,DEM,2020-11-07T16:25:00Z,AP,https://example.org/pa,11:25 a.m. EST,\n"
         "US,DEM,2020-11-07T16:25:00Z,AP,,,\n")


def test_each_format_is_detected_from_the_content():
    assert read_live(OWN).format.startswith("live results CSV")
    assert read_live(NYT_HEADER + NYT_ROW).format.startswith("NYT 2020")
    assert read_live(CALLS).format.startswith("race-call list")
    assert read_live(FIXTURES / "ap_2024_early.json").format == "AP Elections API JSON"
    night = read_live(OWN).night
    assert read_live(dump_json(night)).format.startswith("live results JSON")


@pytest.mark.parametrize(("text", "line", "column", "field"), [
    # our CSV: a negative count, a count that is not whole, a naive time, an unknown unit
    (OWN.replace("400,300,710", "-400,300,710"), 9, 3, "votes_DEM"),
    (OWN.replace("400,300,710", "400.5,300,710"), 9, 3, "votes_DEM"),
    (OWN.replace("2024-11-06T02:00:00Z", "2024-11-06 02:00"), 9, 1, "time"),
    (OWN.replace(",PA,400", ",XX,400"), 9, 2, "unit"),
    (OWN.replace("400,300,710", "400,300,600"), 9, 5, "total_votes"),  # below the votes
    (OWN.replace("time,unit,", "time,unit,pct,").replace("Z,PA", "Z,1,PA"), 7, 3, None),
    # the NYT series: columns that contradict each other
    (NYT_HEADER + NYT_ROW.replace(",10,310,", ",11,310,"), 2, 5, "other_votes"),
    (NYT_HEADER + NYT_ROW.replace(",690,", ",600,"), 2, 7, "votes_remaining_est"),
    (NYT_HEADER + NYT_ROW.replace(",5,10,", ",50,10,"), 2, 9, "precincts_reporting"),
    (NYT_HEADER + NYT_ROW + NYT_ROW.replace("13:28", "14:28").replace(",690,1000", ",790,1100"),
     3, 8, "nyt_expected_total_votes_final"),
    # call lists
    (CALLS.replace("PA,DEM,2020-11-07T16:25:00Z", "PA,DEM,11/7/2020"), 2, 3, "call_time_utc"),
    (CALLS.replace("PA,DEM", "PA,democrat"), 2, 2, "called_for"),
    (CALLS + "PA,REP,2020-11-08T16:25:00Z,AP,,,\n", 4, 1, "unit"),
])
def test_refusals_name_the_line_and_column(text, line, column, field):
    with pytest.raises(LiveInputError) as info:
        read_live(text, source="night.csv")
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert err.field == field
    assert f"line {line}, column {column}" in str(err) and str(err).startswith("night.csv")


@pytest.mark.parametrize(("edit", "field"), [
    (lambda d: d["races"][0]["reportingUnits"][0]["candidates"][1].update(voteCount=-5),
     "races[0].reportingUnits[0].candidates[1].voteCount"),
    (lambda d: d["races"][0]["reportingUnits"][0]["candidates"][1].update(voteCount=12.5),
     "races[0].reportingUnits[0].candidates[1].voteCount"),
    (lambda d: d["races"][1]["reportingUnits"][0].update(eevp=140),
     "races[1].reportingUnits[0].eevp"),
    (lambda d: d["races"][1]["reportingUnits"][0].update(precinctsReporting=9500),
     "races[1].reportingUnits[0].precinctsReporting"),
    (lambda d: d["races"][0]["reportingUnits"][0].update(statePostal="ZZ"),
     "races[0].reportingUnits[0].statePostal"),
    (lambda d: d["races"][0]["reportingUnits"][0]["candidates"][0].update(winner="Y"),
     "races[0].reportingUnits[0].candidates[0].winner"),
])
def test_ap_refusals_name_the_line_column_and_path(edit, field):
    data = json.loads((FIXTURES / "ap_2024_early.json").read_text())
    edit(data)
    text = json.dumps(data, indent=1)
    with pytest.raises(LiveInputError) as info:
        read_live(text, source="ap.json")
    err = info.value
    assert err.field == field
    # The line and column point at the refused value in the text.
    assert err.line is not None and err.column is not None
    value_at = text.splitlines()[err.line - 1][err.column - 1:]
    assert value_at[:1] in "-0123456789\"", value_at


def test_a_refusal_of_an_unknown_format_lists_every_format_tried():
    with pytest.raises(LiveInputError) as info:
        read_live("a,b,c\n1,2,3\n", source="mystery.csv")
    text = str(info.value)
    assert text.startswith("mystery.csv, line 1, column 1")
    for name in FORMATS:
        assert name in text
    with pytest.raises(LiveInputError) as info:
        read_live('{"items": []}', source="x.json")
    assert "no \"races\" list" in str(info.value)
    with pytest.raises(LiveInputError) as info:
        read_live('{"races": [}', source="broken.json")
    assert (info.value.line, info.value.column) == (1, 12)


def test_the_ap_fixture_reads_to_the_same_night_as_our_format():
    ap = read_live(FIXTURES / "ap_2024_early.json")
    own = read_live(FIXTURES / "own_2024_early.csv")
    assert ap.night.year == own.night.year == 2024
    assert ap.night.units_with_counts() == own.night.units_with_counts() == ("GA", "ME-2", "PA")

    def figures(night: Night) -> list[tuple[object, ...]]:
        # Our CSV gives every candidate a column; AP lists only those on the ballot.
        return [(s.unit, s.time, {p: v for p, v in s.votes.items() if v}, s.total,
                 s.expected_total, s.eevp, s.precincts) for s in night.all_counts()]

    assert figures(ap.night) == figures(own.night)
    at = datetime(2024, 11, 6, 5, 30, tzinfo=UTC)
    for unit in ("GA", "PA", "ME-2"):
        a, o = ap.night.call_as_of(unit, at), own.night.call_as_of(unit, at)
        assert (a.state, a.party) == (o.state, o.party)
    assert ap.night.call_as_of("ME-2", at).party == "REP"
    assert ap.night.call_as_of("GA", at).state is CallState.NOT_CALLED
    assert ap.night.candidates["DEM"] == own.night.candidates["DEM"] == "Kamala Harris"
    # The county and the Senate race are skipped, and said so.
    assert any("reporting units" in w for w in ap.night.warnings)
    assert any("other than the presidential" in w for w in ap.night.warnings)


def test_ap_snapshots_merge_in_time_order_and_a_stale_one_changes_nothing():
    early, later = FIXTURES / "ap_2024_early.json", FIXTURES / "ap_2024_later.json"
    night, _ = read_all([later, early])  # the older file arrives last
    ga = night.unit_as_of("GA", datetime(2024, 11, 6, 7, tzinfo=UTC))
    assert ga.count is not None and ga.count.eevp == 97
    assert ga.call.state is CallState.CALLED and ga.call.party == "REP"
    assert night.history("GA")[0].eevp == 97  # the early GA count was stale: not merged
    in_order, _ = read_all([early, later])
    assert [s.eevp for s in in_order.history("GA")] == [94, 97]
    assert in_order.call_as_of("GA", datetime(2024, 11, 6, 5, 30, tzinfo=UTC)).state \
        is CallState.NOT_CALLED


def test_our_formats_round_trip():
    night = read_live(FIXTURES / "ap_2024_early.json").night
    for text in (dump_csv(night, counts=night.all_counts(), calls=night.all_calls()),
                 dump_json(night)):
        back = read_live(text).night
        # A candidate not on a unit's ballot is written with 0 votes.
        assert back.all_counts() != [] and [
            (s.unit, s.time, {p: v for p, v in s.votes.items() if v}, s.total, s.eevp,
             s.precincts) for s in back.all_counts()] == [
            (s.unit, s.time, dict(s.votes), s.total, s.eevp, s.precincts)
            for s in night.all_counts()]
        assert [(e.unit, e.time, e.kind, e.party, e.caller, e.timing)
                for e in back.all_calls()] == [
            (e.unit, e.time, e.kind, e.party, e.caller, e.timing) for e in night.all_calls()]


def test_counted_over_expected_is_a_warning_naming_the_line():
    text = OWN.replace("400,300,710,1000", "600,500,1110,1000")
    got = read_live(text, source="over.csv")
    assert any(w.startswith("over.csv, line 9: PA has more votes counted") for w in
               got.night.warnings)
    lead = got.night.unit_as_of("PA", datetime(2024, 11, 7, tzinfo=UTC)).lead
    assert lead is not None and lead.remaining is None


def test_own_json_refusals_name_line_column_and_path():
    night = read_live(OWN).night
    data = json.loads(dump_json(night))
    data["counts"][1]["votes"]["REP"] = -3
    text = json.dumps(data, indent=1)
    with pytest.raises(LiveInputError) as info:
        read_live(text, source="own.json")
    assert info.value.field == "counts[1].votes.REP"
    assert text.splitlines()[info.value.line - 1][info.value.column - 1:].startswith("-3")


def test_oversized_and_binary_input_is_refused(tmp_path: Path, monkeypatch):
    import viewer.core.live_count.common as common

    path = tmp_path / "big.csv"
    path.write_text(OWN)
    monkeypatch.setattr(common, "MAX_LIVE_BYTES", 100)
    with pytest.raises(InputError, match="under"):
        read_live(path)
    monkeypatch.undo()
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="binary"):
        read_live(path)


def test_files_of_different_elections_are_not_merged(tmp_path: Path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(OWN)
    b.write_text(CALLS)
    with pytest.raises(InputError, match="one election"):
        read_all([a, b])
