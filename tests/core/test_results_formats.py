"""Reading the results files people have (detected from the content) and writing ours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from viewer.core.errors import InputError
from viewer.core.results import ElectionResults, load_results, parse_results
from viewer.core.results_formats import (
    UnknownFormatError,
    YearNeeded,
    read_results,
    results_to_csv,
)

REPO = Path(__file__).resolve().parent.parent.parent
DATA = REPO / "data"
FIX = REPO / "tests" / "fixtures" / "results"


def read(name: str, **kw: object) -> ElectionResults:
    return read_results(FIX / name, data_dir=DATA, **kw)  # type: ignore[arg-type]


def refusal(name: str, line: int, column: str | None, **kw: object) -> InputError:
    """The error reading a fixture gives, checked to name the file, line and column."""
    with pytest.raises(InputError) as info:
        read(name, **kw)
    msg = str(info.value)
    assert str(FIX / name) in msg
    assert f"line {line}" in msg
    assert info.value.line == line
    if column is not None:
        assert info.value.field == column and f"'{column}'" in msg
    return info.value


def totals(r: ElectionResults) -> dict[str, int]:
    return {p: n for p, n in r.tally().totals.items() if n}


def warned(r: ElectionResults, text: str) -> bool:
    return any(text in w for w in r.warnings)


# -- our own format ---------------------------------------------------------------------

def test_our_format_is_read_by_load_results() -> None:
    for path in (DATA / "history" / "1960.csv", DATA / "results_2024.csv"):
        assert read_results(path, data_dir=DATA) == load_results(path)


def test_our_format_errors_are_final() -> None:
    refusal("ours_bad_count.csv", 7, "votes_REP")


# -- (b) plain votes CSV ------------------------------------------------------------------

def test_plain_csv_candidates_from_columns_and_notes() -> None:
    r = read("plain_votes.csv")
    assert r.parties == ("DEM", "REP", "GRN")
    assert [c.name for c in r.candidates] == ["DEM", "REP", "GRN"]
    assert r.candidates[0].party_name == "Democratic"
    assert r.axis == ("DEM", "REP")
    # winners as codes in any case, party names, single letters; districts by name
    assert r.winners == {"AL": "REP", "GA": None, "ME": "DEM", "ME-1": "DEM",
                         "ME-2": "REP", "PA": "REP"}
    assert r["PA"].votes == {"DEM": 3423042, "REP": 3543308}  # GRN not reported apart
    assert r["PA"].total == 7034813
    assert r["GA"].votes is None
    assert totals(r) == {"DEM": 3, "REP": 29}
    assert warned(r, "candidate names not in the file: shown as DEM, REP, GRN")
    assert warned(r, "first column pair taken as the margin axis: DEM minus REP")
    assert r.source == str(FIX / "plain_votes.csv")


def test_plain_csv_refusals_name_line_and_column() -> None:
    e = refusal("plain_bad_votes.csv", 3, "other_votes")
    assert "plain votes CSV" in str(e) and "'n/a'" in str(e)
    refusal("plain_bad_winner.csv", 3, "winner")


def test_reference_plain_csv_2024(shared_dir: Path) -> None:
    path = shared_dir / "reference" / "results_2024.csv"
    r = read_results(path, data_dir=DATA)
    bundled = load_results(DATA / "results_2024.csv")
    assert totals(r) == totals(bundled) == {"DEM": 226, "REP": 312}
    assert r.winners == bundled.winners
    for u in bundled.units:
        assert r[u].votes == bundled[u].votes and r[u].total == bundled[u].total
    assert r.president == "REP" and r.to_win == 270
    assert warned(r, "shown as DEM, REP")


# -- (c) MEDSL ----------------------------------------------------------------------------

def test_medsl_needs_a_year() -> None:
    with pytest.raises(YearNeeded) as info:
        read("medsl_excerpt.csv")
    assert info.value.years == (2016, 2020)
    msg = str(info.value)
    assert "--year" in msg and str(FIX / "medsl_excerpt.csv") in msg
    assert "line 1" in msg and "'year'" in msg


def test_medsl_2016_fusion_blanks_writeins_and_apportionment() -> None:
    r = read("medsl_excerpt.csv", year=2016)
    assert r.year == 2016
    assert [c.name for c in r.candidates] == ["Hillary Clinton", "Donald J. Trump",
                                             "Gary Johnson", "Jill Stein"]
    assert r.parties == ("DEM", "REP", "LBT", "GRN")
    assert set(r.units) == {"ME", "NY", "TX"}  # Maine as one unit: no district rows
    # New York: Clinton's three party lines and Trump's two summed; blank votes dropped
    assert r["NY"].votes == {"DEM": 4379783 + 140041 + 36292, "REP": 2527142 + 292392,
                             "LBT": 119160, "GRN": 107935}
    assert r["NY"].total == 7721453 - 118708
    # Maine: McMullin's write-in and the unnamed line are in "other"
    assert r["ME"].total == 747927 and r["ME"].electoral_votes == 4
    assert (r["TX"].electoral_votes, r["NY"].electoral_votes) == (38, 29)
    assert totals(r) == {"DEM": 33, "REP": 38}
    assert warned(r, "district results are not in the MEDSL file: Maine's and Nebraska's "
                     "district electors are shown with the statewide winner")
    assert warned(r, "ME-2 (Trump)") and not warned(r, "NE-2")
    assert warned(r, "(HI, TX, WA) are not in the MEDSL file")
    assert warned(r, "no rows for AL")


def test_medsl_semicolon_variant_reads_the_same() -> None:
    comma = read("medsl_excerpt.csv", year=2020)
    semi = read("medsl_excerpt_semicolon.csv", year=2020)
    assert comma.units == semi.units and comma.candidates == semi.candidates
    assert semi.candidates[0].name == "Joseph R. Biden Jr"
    assert totals(semi) == {"DEM": 4, "REP": 38}


def test_medsl_refusals() -> None:
    e = refusal("medsl_excerpt.csv", 1, "year", year=2012)
    assert "2016, 2020" in str(e)
    refusal("medsl_bad_state.csv", 3, "state_po", year=2016)
    refusal("medsl_bad_votes.csv", 4, "candidatevotes", year=2016)


# -- (d) long file ------------------------------------------------------------------------

def test_long_file_year_choice_and_votes_as_cast() -> None:
    with pytest.raises(YearNeeded) as info:
        read("long_two_years.csv")
    assert info.value.years == (1948, 1952)
    r = read("long_two_years.csv", year=1948)
    assert r.parties == ("DEM", "REP", "PROG", "SRD")
    assert r.winners == {"AL": "SRD", "NY": "REP", "TN": "DEM"}
    assert r["TN"].electoral_votes == 12 and r["TN"].ev_cast == {
        "DEM": 11, "REP": 0, "PROG": 0, "SRD": 1}
    assert r["AL"].votes == {"REP": 40930, "SRD": 171443} and r["AL"].total == 213895
    assert totals(r) == {"DEM": 11, "REP": 47, "SRD": 12}
    assert r.president == "REP" and r.how_chosen == "electoral majority"
    one = read("long_two_years.csv", year=1952)
    assert totals(one) == {"REP": 56}


def test_long_file_refusals() -> None:
    refusal("long_district_alone.csv", 2, "unit")
    refusal("long_duplicate.csv", 4, "candidate")


def test_reference_long_file_1960(shared_dir: Path) -> None:
    path = shared_dir / "reference" / "history" / "results_by_state.csv"
    with pytest.raises(YearNeeded) as info:
        read_results(path, data_dir=DATA)
    assert 1789 in info.value.years and 2024 in info.value.years
    r = read_results(path, year=1960, data_dir=DATA)
    bundled = load_results(DATA / "history" / "1960.csv")
    assert totals(r) == totals(bundled) == {"DEM": 303, "REP": 219, "UNP": 15}
    assert [c.name for c in r.candidates] == [c.name for c in bundled.candidates]
    assert r.to_win == bundled.to_win == 269
    assert r.president == "DEM"
    for u in bundled.units:
        assert r[u].votes == bundled[u].votes and r[u].winner == bundled[u].winner


# -- (e) winners-only list ----------------------------------------------------------------

def test_winners_list_with_bundled_apportionment() -> None:
    r = read("winners_2020.csv", year=2020)
    assert [c.name for c in r.candidates] == ["Joe Biden", "Donald Trump"]
    assert r["GA"].winner == r["AZ"].winner == r["PA"].winner == r["NE-2"].winner == "DEM"
    assert r["TX"].winner == "REP" and r["NE"].winner == "REP"
    assert r["ME-2"].winner == "DEM"  # a district not in the file follows its state
    assert r["CA"].winner is None and r["CA"].electoral_votes == 55
    assert r.total_electoral_votes == 538 and r["GA"].votes is None
    assert totals(r) == {"DEM": 16 + 11 + 20 + 4 + 1, "REP": 38 + 2 + 2}
    assert warned(r, "ME-1, ME-2, NE-1, NE-3 not in the file")
    assert warned(r, "not in the file, shown as not decided: AL")


def test_winners_list_defaults_to_2024() -> None:
    r = read("winners_2020.csv")
    assert r.year == 2024 and r["PA"].electoral_votes == 19
    assert warned(r, "no year given: 2024")
    assert warned(r, "not candidates in 2024")  # Biden was not on the 2024 ballot
    assert r["GA"].winner == r["AZ"].winner  # "Biden" and "Joe Biden": one candidate


def test_winners_list_refusal() -> None:
    refusal("winners_bad_state.csv", 3, "state")


# -- nothing fits -----------------------------------------------------------------------

def test_unknown_format_says_why_each_failed() -> None:
    e = refusal("unknown_columns.csv", 1, None)
    assert isinstance(e, UnknownFormatError) and len(e.reasons) == 5
    msg = str(e)
    for part in ("not our results format: line 1 has no column 'unit'",
                 "not a plain votes CSV: line 1 has no '<party>_votes'",
                 "not the MIT Election Data and Science Lab state-level file: line 1 lacks "
                 "the columns year, state_po, candidate, candidatevotes",
                 "not a long file", "not a winners-only list: line 1 has no column 'state'"):
        assert part in msg


def test_empty_and_oversized_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.csv, line 1: .*an empty file"):
        read_results(empty, data_dir=DATA)
    big = tmp_path / "big.csv"
    big.write_bytes(b"state,winner\n" + b"AL,REP\n" * 800_000)  # 5.6 MB, not MEDSL
    with pytest.raises(InputError, match=r"big\.csv: expected a results file under 5 MB"):
        read_results(big, data_dir=DATA)


def test_untrusted_names_are_made_safe(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("unit,candidate,party,votes,electoral_votes\n"
                    'AL,"Evil | Name\u2028# candidate: X | y",Whig,10,9\n'
                    "AL,Plain Person,Republican,5,0\n", encoding="utf-8")
    r = read_results(path, data_dir=DATA)
    assert r.candidates[0].name == "Evil / Name # candidate: X / y"
    assert r.parties == ("WHIG", "REP") and r["AL"].winner == "WHIG"


def test_windows_1252_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes("unit,candidate,party,votes,electoral_votes\n"
                     "NM,José Núñez,Democratic,10,5\nNM,B,Republican,5,0\n".encode("cp1252"))
    r = read_results(path, data_dir=DATA)
    assert r.candidates[0].name == "José Núñez" and warned(r, "read as Windows-1252")


# -- writing our format -------------------------------------------------------------------

def same(a: ElectionResults, b: ElectionResults) -> None:
    assert a.candidates == b.candidates
    assert a.units == b.units  # votes, totals, electoral votes as cast, electors, notes
    assert (a.president, a.how_chosen) == (b.president, b.how_chosen)
    assert (a.year, a.title, a.votes_per_elector) == (b.year, b.title, b.votes_per_elector)
    assert a.tally().totals == b.tally().totals


@pytest.mark.parametrize("path", ["history/1960.csv", "history/2016.csv", "results_2024.csv",
                                  "history/1800.csv"])
def test_round_trip(path: str) -> None:
    r = load_results(DATA / path, with_previous=False)
    text = results_to_csv(r)
    assert text.startswith("# electoral-map results 2\n")
    back = parse_results(text)
    same(back, r)
    assert back.version == 2 and "# previous:" not in text


def test_round_trip_of_a_scenario() -> None:
    r = load_results(DATA / "history" / "2016.csv", with_previous=False)
    winners = {"TX": "DEM", "PA": None, "WA": "DEM", "FL": "DEM"}
    back = parse_results(results_to_csv(r, winners, title="2016, what if"))
    assert back.title == "2016, what if"
    assert back["TX"].winner == "DEM" and back["TX"].counted == 38
    assert back["TX"].ev_cast is not None and back["TX"].ev_cast["DEM"] == 38
    assert back["PA"].winner is None and back["PA"].counted == 0
    assert back["PA"].electoral_votes == 20 and back.to_win == 270
    assert back["WA"].ev_cast == r["WA"].ev_cast  # same winner: its faithless votes stay
    for u in r.units:
        assert back[u].votes == r[u].votes and back[u].total == r[u].total
    expected = r.tally({**r.winners, **winners}).totals
    assert back.tally().totals == expected
    assert expected["DEM"] == 227 + 38 + 29 and back.president == "DEM"
    # the scenario file reads back through read_results too, and writes the same again
    assert results_to_csv(back) == results_to_csv(r, winners, title="2016, what if")


def test_scenario_refuses_unknown_units_and_parties() -> None:
    r = load_results(DATA / "results_2024.csv", with_previous=False)
    with pytest.raises(InputError, match="ZZ"):
        results_to_csv(r, {"ZZ": "DEM"})
    with pytest.raises(InputError, match="LBT"):
        results_to_csv(r, {"TX": "LBT"})


def test_foreign_files_convert_to_our_format(tmp_path: Path) -> None:
    r = read("medsl_excerpt.csv", year=2016)
    out = tmp_path / "out.csv"
    out.write_text(results_to_csv(r), encoding="utf-8")
    again = read_results(out, data_dir=DATA)
    same(again, r)
    assert re.search(r"^# total: 71$", out.read_text(encoding="utf-8"), re.M)


def test_nicknames_read_with_one_quote_each(shared_dir: Path) -> None:
    """The compiled long file writes 'Ronald ""Ron"" Paul' (its CSV quoting applied twice):
    the Details table showed the doubled quotes. Both the file opened in the app and the
    bundled years read one quote."""
    path = shared_dir / "reference" / "history" / "results_by_state.csv"
    r = read_results(path, year=2008, data_dir=DATA)
    bundled = load_results(DATA / "history" / "2008.csv")
    names = [c.name for c in r.candidates]
    assert 'Ronald "Ron" Paul' in names and 'Charles "Chuck" Baldwin' in names
    assert names == [c.name for c in bundled.candidates]


def test_no_bundled_name_has_a_doubled_quote() -> None:
    from viewer.core.history import Bundle

    bundle = Bundle(DATA)
    doubled = [(y, c.name) for y in bundle.years() for c in bundle.load(y).candidates
               if '""' in c.name]
    assert doubled == []
