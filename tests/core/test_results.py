"""Loading and validating results files."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.core.errors import InputError
from viewer.core.results import load_results, parse_results
from viewer.core.units import DISTRICT_CODES, UNIT_CODES, districts_of
from viewer.resources import data_dir

DATA = data_dir()


def test_bundled_2024_loads_all_56_units(results_2024):
    assert list(results_2024.units) == list(UNIT_CODES)
    assert sum(results_2024.electoral_votes.values()) == 538
    assert results_2024.year == 2024
    assert [c.name for c in results_2024.candidates] == ["Kamala Harris", "Donald Trump"]


def test_popular_vote_counts_each_state_once(results_2024):
    votes, total = results_2024.popular_vote()
    assert votes == {"DEM": 75_017_613, "REP": 77_302_580}
    assert total == 155_238_302
    assert results_2024.national_margin() == pytest.approx(-1.47, abs=0.005)


def test_districts_add_up_to_their_state(results_2024):
    assert districts_of("ME") == ("ME-1", "ME-2") and districts_of("TX") == ()
    assert sorted(DISTRICT_CODES) == sorted({*districts_of("ME"), *districts_of("NE")})
    for state in ("ME", "NE"):
        districts = districts_of(state)
        for party in ("DEM", "REP"):
            assert sum(results_2024[d].votes[party] for d in districts) == \
                results_2024[state].votes[party]


@pytest.mark.parametrize(("unit", "margin"), [
    ("WI", -0.86), ("MI", -1.41), ("PA", -1.70), ("GA", -2.19), ("NV", -3.10),
    ("NC", -3.21), ("AZ", -5.53), ("ME-2", -9.05), ("NH", 2.78), ("MN", 4.24),
    ("NE-2", 4.59), ("VA", 5.77),
])
def test_margins_match_reference_figures(results_2024, unit, margin):
    assert results_2024.margin(unit) == pytest.approx(margin, abs=0.005)


def test_swing_against_2020(results_2024):
    prev = results_2024.previous
    assert prev is not None and prev.year == 2020
    # Pennsylvania went from Biden +1.16 to Trump +1.70: about 2.87 points toward REP.
    assert results_2024.swing("PA") == pytest.approx(-2.87, abs=0.01)
    assert results_2024.previous_winner("PA") == "DEM"
    flipped = [u for u in results_2024.units
               if results_2024.previous_winner(u) != results_2024[u].winner]
    assert sorted(flipped) == ["AZ", "GA", "MI", "NV", "PA", "WI"]


def test_2020_totals():
    r = load_results(DATA / "results_2020.csv")
    assert r.year == 2020 and r.warnings == ()
    assert sum(u.electoral_votes for u in r.units.values()) == 538
    # The bundled 2016 election is 2020's previous one: Biden's flips since 2016.
    assert r.previous is not None and r.previous.year == 2016
    flipped = sorted(u for u in r.units if r.previous_winner(u) != r[u].winner)
    assert flipped == ["AZ", "GA", "MI", "NE-2", "PA", "WI"]


def test_matches_shared_reference(shared_dir, results_2024):
    import csv

    with (shared_dir / "reference" / "results_2024.csv").open() as fh:
        for row in csv.DictReader(fh):
            ours = results_2024[row["unit"]]
            assert ours.electoral_votes == int(row["electoral_votes"])
            assert ours.winner == row["winner"]
            assert ours.votes == {"DEM": int(row["dem_votes"]), "REP": int(row["rep_votes"])}
            assert ours.total == int(row["total_votes"])


# -- validation ---------------------------------------------------------------------

def _bundled_text() -> str:
    return (DATA / "results_2024.csv").read_text()


def _replace_line(text: str, startswith: str, new: str) -> str:
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith(startswith))
    lines[i] = new
    return "\n".join(lines) + "\n"


def _line_no(text: str, startswith: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(startswith))


def test_unknown_unit_names_line_and_field():
    text = _replace_line(_bundled_text(), "AL,", "XX,Nowhere,9,REP,1,2,0,3")
    with pytest.raises(InputError) as e:
        parse_results(text, "bad.csv")
    msg = str(e.value)
    assert "bad.csv" in msg and f"line {_line_no(text, 'XX,')}" in msg and "'unit'" in msg
    assert "XX" in msg


def test_duplicate_unit_rejected():
    text = _bundled_text().rstrip("\n") + "\nAL,Alabama,9,REP,1,2,0,3\n"
    with pytest.raises(InputError, match=r"line \d+, field 'unit': expected each unit once"):
        parse_results(text, "dup.csv")


def test_missing_column_rejected():
    text = _bundled_text().replace("electoral_votes", "evs", 1)
    with pytest.raises(InputError, match="expected a column named 'electoral_votes'"):
        parse_results(text, "cols.csv")


@pytest.mark.parametrize("bad", ["abc", "-5", "1.5", "１２"])
def test_non_numeric_or_negative_votes_rejected(bad):
    text = _replace_line(_bundled_text(), "AK,", f"AK,Alaska,3,REP,{bad},184458,13693,338177")
    with pytest.raises(InputError) as e:
        parse_results(text, "votes.csv")
    assert "field 'votes_DEM'" in str(e.value) and "whole number" in str(e.value)


def test_electoral_votes_must_add_to_538():
    text = _replace_line(_bundled_text(), "AK,", "AK,Alaska,4,REP,140026,184458,13693,338177")
    with pytest.raises(InputError, match="adding up to 538, got '539'"):
        parse_results(text, "ev.csv")


def test_missing_unit_rejected():
    text = "\n".join(line for line in _bundled_text().splitlines() if not line.startswith("WY,"))
    with pytest.raises(InputError, match="missing WY"):
        parse_results(text, "short.csv")


def test_total_smaller_than_votes_rejected():
    text = _replace_line(_bundled_text(), "AK,", "AK,Alaska,3,REP,140026,184458,0,1000")
    with pytest.raises(InputError, match="field 'total_votes'"):
        parse_results(text, "tot.csv")


def test_unknown_winner_rejected():
    text = _replace_line(_bundled_text(), "AK,", "AK,Alaska,3,GRN,140026,184458,13693,338177")
    with pytest.raises(InputError, match="field 'winner': expected one of DEM, REP"):
        parse_results(text, "w.csv")


def test_winners_only_file_loads_as_votes_not_available():
    lines = ["# candidate: AAA | Ann Example | Party A", "# candidate: BBB | Bob Example | Party B",
             "unit,electoral_votes,winner"]
    from viewer.core.units import UNITS

    evs = {u: 1 for u in UNITS}
    evs["CA"] = 538 - (len(UNITS) - 1)
    for u in UNITS:
        lines.append(f"{u},{evs[u]},{'AAA' if u < 'M' else 'BBB'}")
    r = parse_results("\n".join(lines), "winners.csv")
    assert r.parties == ("AAA", "BBB")
    assert r.margin("CA") is None and not r["CA"].has_votes
    assert r.popular_vote() is None
    assert r.winners["AL"] == "AAA"


def test_unreadable_and_missing_files(tmp_path: Path):
    with pytest.raises(InputError, match=r"nope\.csv: expected a readable results file"):
        load_results(tmp_path / "nope.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(_bundled_text().replace("Alabama", "Alabäma").encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.csv, line 11: expected UTF-8"):
        load_results(bad)


def test_bad_candidate_line():
    text = _bundled_text().replace("# candidate: DEM | Kamala Harris", "# candidate: dem! | Kamala")
    with pytest.raises(InputError, match="line 5, field 'candidate'"):
        parse_results(text, "c.csv")
