"""Every election 1789–2024 in the core: totals, winners, how chosen, units by year, and
the what-if arithmetic with each year's own candidates, total and majority."""

from __future__ import annotations

import csv
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import pytest

from viewer.core.electoral import TIE, tipping_point
from viewer.core.history import Bundle, _load
from viewer.core.paths import paths_in
from viewer.core.results import load_results, parse_results
from viewer.core.scenario import Scenario, set_units
from viewer.core.swing import swing_to_win, uniform_swing
from viewer.core.units import STATE_CODES

DATA = Path(__file__).resolve().parents[2] / "data"
BUNDLE = Bundle(DATA)


def ev(year: int) -> dict[str, int]:
    """Electoral votes per candidate name, as the official results count them."""
    r = BUNDLE.load(year)
    return {r.candidate(p).name: n for p, n in r.tally().totals.items() if n}


def test_sixty_elections_every_four_years_after_1789():
    years = BUNDLE.years()
    assert len(years) == 60 and years[0] == 1789 and years[-1] == 2024
    assert list(years[1:]) == list(range(1792, 2025, 4))


@pytest.mark.parametrize("year, totals, to_win, total, president, how", [
    (1789, {"George Washington": 69, "John Adams": 34, "John Jay": 9}, 37, 73,
     "George Washington", "electoral majority"),
    (1800, {"Thomas Jefferson": 73, "Aaron Burr": 73, "John Adams": 65,
            "Charles Cotesworth Pinckney": 64, "John Jay": 1}, 70, 138,
     "Thomas Jefferson", "House of Representatives"),
    (1824, {"Andrew Jackson": 99, "John Quincy Adams": 84, "William H. Crawford": 41,
            "Henry Clay": 37}, 131, 261, "John Quincy Adams", "House of Representatives"),
    (1860, {"Abraham Lincoln": 180, "John C. Breckinridge": 72, "John Bell": 39,
            "Stephen A. Douglas": 12}, 152, 303, "Abraham Lincoln", "electoral majority"),
    (1864, {"Abraham Lincoln": 212, "George B. McClellan": 21}, 118, 234,
     "Abraham Lincoln", "electoral majority"),
    (1876, {"Rutherford B. Hayes": 185, "Samuel J. Tilden": 184}, 185, 369,
     "Rutherford B. Hayes", "Electoral Commission"),
    (1912, {"Woodrow Wilson": 435, "Theodore Roosevelt": 88, "William Howard Taft": 8},
     266, 531, "Woodrow Wilson", "electoral majority"),
    (1948, {"Harry S. Truman": 303, "Thomas E. Dewey": 189, "Strom Thurmond": 39},
     266, 531, "Harry S. Truman", "electoral majority"),
    (1960, {"John F. Kennedy": 303, "Richard Nixon": 219, "Harry F. Byrd": 15}, 269, 537,
     "John F. Kennedy", "electoral majority"),
    (1968, {"Richard Nixon": 301, "Hubert Humphrey": 191, "George Wallace": 46}, 270, 538,
     "Richard Nixon", "electoral majority"),
    (1972, {"Richard Nixon": 520, "George McGovern": 17, "John Hospers": 1}, 270, 538,
     "Richard Nixon", "electoral majority"),
    (1992, {"Bill Clinton": 370, "George H. W. Bush": 168}, 270, 538, "Bill Clinton",
     "electoral majority"),
    (2000, {"George W. Bush": 271, "Al Gore": 266}, 270, 538, "George W. Bush",
     "electoral majority"),
    (2016, {"Donald Trump": 304, "Hillary Clinton": 227, "Colin Powell": 3, "John Kasich": 1,
            "Ron Paul": 1, "Bernie Sanders": 1, "Faith Spotted Eagle": 1}, 270, 538,
     "Donald Trump", "electoral majority"),
    (2020, {"Joe Biden": 306, "Donald Trump": 232}, 270, 538, "Joe Biden",
     "electoral majority"),
    (2024, {"Donald Trump": 312, "Kamala Harris": 226}, 270, 538, "Donald Trump",
     "electoral majority"),
])
def test_totals_majority_and_how_the_president_was_chosen(year, totals, to_win, total,
                                                           president, how):
    r = BUNDLE.load(year)
    got = ev(year)
    for name, n in totals.items():
        assert got[name] == n, (year, name)
    if year not in (1789,):  # 1789: nine more men got a vote or a few each
        assert got == totals
    assert (r.to_win, r.total_electoral_votes) == (to_win, total)
    assert r.candidate(r.president).name == president and r.how_chosen == how


def test_the_count_says_what_happened_when_nobody_had_a_majority():
    assert BUNDLE.load(1800).tally().winner == TIE  # Jefferson and Burr, 73 each
    t1824 = BUNDLE.load(1824).tally()
    assert t1824.winner is None and t1824.no_majority  # the House chose Adams
    assert BUNDLE.load(1876).tally().winner == "REP"  # 185 of 369, after the Commission


def test_units_by_year():
    def present(year: int) -> set[str]:
        return set(BUNDLE.load(year).units)

    assert present(1789) == {"CT", "DE", "GA", "MA", "MD", "NH", "NJ", "NY", "PA", "SC", "VA"}
    assert "DC" not in present(1960) and "DC" in present(1964)
    assert "ME-1" not in present(1968) and {"ME-1", "ME-2"} <= present(1972)
    assert "NE-2" not in present(1988) and {"NE-1", "NE-2", "NE-3"} <= present(1992)
    assert set(STATE_CODES) - {"DC"} <= present(1960)
    assert "WV" in present(1864) and "WV" not in present(1860)
    r1864 = BUNDLE.load(1864)
    seceded = {u for u, x in r1864.units.items() if not x.took_part}
    assert seceded == {"AL", "AR", "FL", "GA", "LA", "MS", "NC", "SC", "TN", "TX", "VA"}
    assert all(r1864.electoral_votes[u] == 0 for u in seceded)
    assert {u for u, x in BUNDLE.load(1868).units.items() if not x.took_part} == {
        "MS", "TX", "VA"}
    # Electors chosen by the legislature: South Carolina until 1860, nobody after.
    for year in range(1828, 1861, 4):
        assert BUNDLE.load(year)["SC"].electors == "legislature", year
    assert BUNDLE.load(1868)["FL"].electors == "legislature"
    assert BUNDLE.load(1864)["SC"].electors == "did not vote"
    assert all(x.electors == "no popular vote" for x in BUNDLE.load(1820).units.values())


def test_electoral_votes_as_cast_in_split_and_faithless_units():
    r1960 = BUNDLE.load(1960)
    assert r1960["AL"].winner == "DEM" and dict(r1960.as_cast["AL"][1]) == {"DEM": 5, "UNP": 6}
    assert r1960["MS"].winner == "UNP" and r1960.electoral_votes["MS"] == 8
    r2016 = BUNDLE.load(2016)
    assert dict(r2016.as_cast["TX"][1]) == {"REP": 36, "KASICH": 1, "PAUL": 1}
    assert dict(r2016.as_cast["WA"][1]) == {"DEM": 8, "POWELL": 3, "EAGLE": 1}
    assert r2016.candidate("POWELL").name == "Colin Powell"  # his, not the Republicans'
    r1912 = BUNDLE.load(1912)
    assert dict(r1912.as_cast["CA"][1]) == {"DEM": 2, "PROG": 11}
    r2000 = BUNDLE.load(2000)
    assert r2000["DC"].electoral_votes == 3 and r2000.electoral_votes["DC"] == 2
    assert "abstained" in r2000["DC"].note


def test_popular_votes_from_1824_and_the_margin_axis():
    assert BUNDLE.load(1820).popular_vote() is None
    r1860 = BUNDLE.load(1860)
    votes, _ = r1860.popular_vote()
    assert votes["REP"] == max(votes.values())  # Lincoln led the popular vote
    assert r1860.axis == ("DEM", "REP")  # the two leading nationally: Douglas, Lincoln
    assert BUNDLE.load(1912).axis == ("DEM", "PROG")  # Roosevelt, not Taft, was second
    # A third-party winner is shaded by his own lead, never by the other two's margin.
    r1968 = BUNDLE.load(1968)
    assert r1968["AL"].winner == "AIP"
    assert r1968.lead("AL") == pytest.approx(65.86 - 18.72, abs=0.1)
    assert "outside the margin axis" in r1968.skipped_units["AL"]


def test_2020_and_2024_are_the_certified_files():
    for year in (2020, 2024):
        assert BUNDLE.path(year) == DATA / f"results_{year}.csv"


def test_what_if_uses_the_years_total_and_candidates():
    r1960 = BUNDLE.load(1960)
    # Byrd's 15 stay his in every path; 269 of 537 is the majority.
    close = ["IL", "TX", "MO", "NJ", "CA"]
    winners = Scenario(r1960).winners()
    for u in close:
        winners[u] = None
    p = paths_in(r1960, winners)
    assert p.base == {"DEM": 223, "REP": 187}
    assert p.total == 32 and p.ties == 0  # no 268.5–268.5: nobody can tie
    assert p.wins["DEM"] + p.wins["REP"] + p.no_majority == 32
    assert p.no_majority == 6  # e.g. Kennedy IL+MO, Nixon CA+TX+NJ: 259–263–15
    # A swing of 0 moves nothing; Wallace keeps his 46.
    r1968 = BUNDLE.load(1968)
    s0 = uniform_swing(r1968, 0.0)
    assert s0.flipped == () and s0.tally.totals["AIP"] == 46
    s3 = uniform_swing(r1968, 3.0)
    assert s3.tally.totals["AIP"] == 46 and s3.tally.totals["DEM"] == 275
    need = swing_to_win(r1968, "DEM")
    assert need is not None and 0 < need < 3
    # A flip gives all of a unit's counted votes to the new winner.
    sc = Scenario(r1960)
    sc.apply(set_units(["AL"], "REP"))
    assert sc.tally().totals["REP"] == 219 + 11 and sc.tally().totals["UNP"] == 15 - 6


def test_tipping_point_counts_split_units_as_cast():
    # Counted as cast, Trump had 304 (two Texas electors voted for others): without
    # Michigan and Pennsylvania he has 268, so Pennsylvania gives the 270th vote. Counted by
    # states won (306) it would be Wisconsin, as often quoted; the app counts as cast.
    tp = tipping_point(BUNDLE.load(2016))
    assert tp is not None and tp.unit == "PA"
    assert tipping_point(BUNDLE.load(1800)) is None  # no votes to rank by


def test_every_year_adds_up_against_the_independent_national_totals(shared_dir):
    """Electoral votes per candidate equal national_totals.csv (a separate source), and the
    allotted electors are the apportionment's, every year."""
    ref = shared_dir / "reference" / "history"
    national: dict[int, dict[str, int]] = defaultdict(dict)
    with (ref / "national_totals.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if int(row["electoral_votes"] or 0):
                national[int(row["year"])][row["candidate"]] = int(row["electoral_votes"])
    allotted: dict[int, int] = defaultdict(int)
    with (ref / "apportionment.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            allotted[int(row["year"])] += int(row["electoral_votes"])
    for year in BUNDLE.years():
        r = BUNDLE.load(year)
        if year < 2020:
            assert ev(year) == national[year], year
            assert sum(x.electoral_votes for x in r.units.values()) == allotted[year], year
        assert sum(r.tally().totals.values()) <= r.total_electoral_votes * r.votes_per_elector


def test_version_1_files_still_read_and_version_2_round_trips_its_fields(tmp_path):
    r = load_results(DATA / "results_2024.csv")
    assert r.version == 1 and r.tally().totals == {"DEM": 226, "REP": 312}
    text = (DATA / "history" / "1960.csv").read_text()
    again = parse_results(text, "1960.csv")
    assert again.tally().totals == BUNDLE.load(1960).tally().totals
    bad = text.replace("# electoral-map results 2", "# electoral-map results 7")
    with pytest.raises(Exception, match="line 1: expected results format version 1 or 2"):
        parse_results(bad, "future.csv")
    lost = text.replace("AL,Alabama,11,DEM,318303,237981,,8189,564473,5,0,6,,",
                        "AL,Alabama,11,DEM,318303,237981,,8189,564473,5,0,60,,")
    with pytest.raises(Exception, match=r"line \d+, field 'ev_\*': expected at most 11"):
        parse_results(lost, "bad.csv")


def test_loading_is_lazy_and_fast():
    _load.cache_clear()
    start = time.perf_counter()
    BUNDLE.load(1960)
    first = time.perf_counter() - start
    assert first < 1.0  # a loose bound: the figure itself is in the benchmark
    tracemalloc.start()
    _load.cache_clear()
    for year in BUNDLE.years():
        BUNDLE.load(year)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 30_000_000  # every election in memory


def test_bundled_years_load_without_warnings_and_compare_only_like_with_like():
    for year in BUNDLE.years():
        r = BUNDLE.load(year)
        assert r.warnings == (), year
        if r.previous is not None:  # swing compares the same two parties
            assert set(r.axis) <= set(r.previous.parties), year
    assert BUNDLE.load(1912).previous is None  # no Progressive candidate in 1908
    assert BUNDLE.load(1964).previous.year == 1960


def test_what_if_offers_the_years_contenders_and_refuses_two_vote_years():
    from viewer.core.scenario_file import scenario_code, scenario_from_code, year_of_code

    assert BUNDLE.load(2016).contenders == ("DEM", "REP")  # not Powell's 3 faithless votes
    assert BUNDLE.load(1960).contenders == ("DEM", "REP", "UNP")
    assert BUNDLE.load(1860).contenders == ("DEM", "REP", "SD", "CU")
    s = Scenario(BUNDLE.load(1860))
    seen = [s.cycle_value("TX")]
    while seen[-1] is not None and len(seen) < 10:
        s.apply(set_units(["TX"], seen[-1]))
        seen.append(s.cycle_value("TX"))
    assert seen == ["DEM", "REP", "CU", None]  # then back to Breckinridge's official win
    with pytest.raises(ValueError, match="won no state"):
        Scenario(BUNDLE.load(2016)).apply(set_units(["TX"], "POWELL"))
    with pytest.raises(ValueError, match="no electors in 1860"):
        Scenario(BUNDLE.load(1860)).apply(set_units(["NV"], "REP"))
    with pytest.raises(ValueError, match="two votes before 1804"):
        Scenario(BUNDLE.load(1800)).apply(set_units(["VA"], "FED"))
    # A 1960 scenario's share code records its year and reads back the same.
    sc = Scenario(BUNDLE.load(1960))
    sc.apply(set_units(["AL"], "UNP"))
    sc.apply(set_units(["TX"], "REP"))
    code = scenario_code(sc)
    assert year_of_code(code) == 1960
    again = scenario_from_code(code, BUNDLE.load(1960))
    assert again.overrides == {"AL": "UNP", "TX": "REP"}
    assert again.tally().totals == {"DEM": 303 - 5 - 24, "REP": 219 + 24, "UNP": 15 + 5}


def test_all_gives_every_election_oldest_first_parsed_once():
    everything = BUNDLE.all()
    assert [e.year for e in everything] == list(BUNDLE.years())
    assert everything[0].year == 1789 and everything[-1].year == 2024
    assert all(a is b for a, b in zip(everything, BUNDLE.all(), strict=True))  # not re-read
