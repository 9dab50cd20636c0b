"""The `# previous:` election: read with the same checks, matched by party code, or left out.

Also the row checks that used to pass silently: underscores in counts, a winner column
that contradicts the votes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from viewer.core.errors import InputError
from viewer.core.results import load_results, parse_results
from viewer.core.swing import uniform_swing
from viewer.resources import data_dir

DATA = data_dir()
MAIN = (DATA / "results_2024.csv").read_text()
PREV = (DATA / "results_2020.csv").read_text()


def pair(tmp_path: Path, prev_text: str | None = PREV, main_text: str = MAIN) -> Path:
    """results_2024.csv beside a results_2020.csv with the given text (None: no file)."""
    (tmp_path / "results_2024.csv").write_text(main_text)
    if prev_text is not None:
        (tmp_path / "results_2020.csv").write_text(prev_text)
    return tmp_path / "results_2024.csv"


def reorder_candidates(text: str) -> str:
    """The same file with REP listed (candidate lines and vote columns) before DEM."""
    lines = text.splitlines()
    dem = next(i for i, line in enumerate(lines) if line.startswith("# candidate: DEM"))
    lines[dem], lines[dem + 1] = lines[dem + 1], lines[dem]
    head = [line for line in lines if line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines[len(head):]))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        row[4], row[5] = row[5], row[4]
        writer.writerow(row)
    return "\n".join(head) + "\n" + out.getvalue()


def line_of(text: str, unit: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(f"{unit},"))


def replace_row(text: str, unit: str, row: str) -> str:
    return "\n".join(row if line.startswith(f"{unit},") else line
                     for line in text.splitlines()) + "\n"


# -- a previous file that cannot be used ---------------------------------------------

@pytest.mark.parametrize("prev_text", [
    "this is not a results file\n",
    PREV.replace("AL,Alabama,9,REP", "AL,Alabama,nine,REP"),
    PREV.replace("votes_DEM", "votes_D", 1),
])
def test_bad_previous_file_loads_without_previous_and_says_why(tmp_path, prev_text):
    results = load_results(pair(tmp_path, prev_text))
    assert results.previous is None
    assert results.swing("CA") is None and results.previous_winner("PA") is None
    assert len(results.warnings) == 1
    assert "results_2020.csv" in results.warnings[0]
    assert "swing" in results.warnings[0] and "expected" in results.warnings[0]


def test_missing_previous_file_is_a_warning(tmp_path):
    results = load_results(pair(tmp_path, None))
    assert results.previous is None
    assert results.warnings and "'results_2020.csv' was not found" in results.warnings[0]


def test_previous_naming_itself_is_not_used(tmp_path):
    main = MAIN.replace("# previous: results_2020.csv", "# previous: results_2024.csv")
    results = load_results(pair(tmp_path, None, main))
    assert results.previous is None and results.swing("PA") is None
    assert "same file" in results.warnings[0]


def test_bundled_results_have_no_warnings(results_2024):
    assert results_2024.warnings == () and results_2024.previous is not None


# -- candidates matched by party code ------------------------------------------------

def test_swing_matches_candidates_by_party_code_not_position(tmp_path, results_2024):
    results = load_results(pair(tmp_path, reorder_candidates(PREV)))
    assert results.previous.parties == ("REP", "DEM")
    # California: D+20.2 in 2024 against D+29.2 in 2020, about 9 points toward REP.
    assert results.swing("CA") == pytest.approx(-9.0, abs=0.05)
    for unit in results.units:
        assert results.swing(unit) == pytest.approx(results_2024.swing(unit), abs=1e-9), unit
    assert results.warnings == ()


def test_margin_axis_is_this_files_first_minus_second(tmp_path):
    # Reordering this file flips the axis: swings change sign, whatever the previous order.
    main = reorder_candidates(MAIN)
    for prev in (PREV, reorder_candidates(PREV)):
        results = load_results(pair(tmp_path, prev, main))
        assert results.axis == ("REP", "DEM")
        assert results.swing("CA") == pytest.approx(9.0, abs=0.05)


def test_previous_sharing_no_party_code_is_refused(tmp_path):
    prev = PREV.replace("DEM", "AAA").replace("REP", "BBB")
    results = load_results(pair(tmp_path, prev))
    assert results.previous is None and results.swing("CA") is None
    assert "shares no party code" in results.warnings[0]


def test_previous_without_one_axis_party_gives_flips_but_no_swing(tmp_path):
    prev = PREV.replace("REP", "GOP")
    results = load_results(pair(tmp_path, prev))
    assert results.previous is not None and results.swing("CA") is None
    assert results.previous_winner("CA") == "DEM"
    assert "no candidate REP" in results.warnings[0]


# -- row checks ---------------------------------------------------------------------

@pytest.mark.parametrize(("row", "field"), [
    ("AK,Alaska,3,REP,140_026,184458,13693,338177", "votes_DEM"),
    ("AK,Alaska,3,REP,140026,184458,13693,338_177", "total_votes"),
    ("AK,Alaska,0_3,REP,140026,184458,13693,338177", "electoral_votes"),
])
def test_underscores_in_counts_are_refused(row, field):
    with pytest.raises(InputError) as e:
        parse_results(replace_row(MAIN, "AK", row), "u.csv")
    assert f"field '{field}'" in str(e.value) and "whole number" in str(e.value)
    assert f"line {line_of(MAIN, 'AK')}," in str(e.value)


def test_winner_contradicting_the_votes_is_a_warning_naming_the_unit():
    text = replace_row(MAIN, "PA", "PA,Pennsylvania,19,DEM,3423042,3543308,92382,7058732")
    results = parse_results(text, "w.csv")
    assert len(results.warnings) == 1
    warning = results.warnings[0]
    assert warning.startswith(f"w.csv, line {line_of(MAIN, 'PA')}: PA's winner column says DEM "
                              "but REP has more votes")
    assert results.skipped_units == {"PA": "winner contradicts the votes"}


def test_winner_contradicting_the_votes_never_flips_at_zero_swing():
    text = replace_row(MAIN, "PA", "PA,Pennsylvania,19,DEM,3423042,3543308,92382,7058732")
    results = parse_results(text, "w.csv")
    for points in (0, 0.5, -0.5):
        assert "PA" not in uniform_swing(results, points).flipped
    assert uniform_swing(results, 0).flipped == ()
