"""Claims: what is never a claim (negations, hedges, prose, datelines, districts the text
never named), district spellings, the list's election year, and no line dropped silently."""

from __future__ import annotations

import json

import pytest

from viewer.cli import main
from viewer.core.claims import parse_claims

DEM_WON = "Texas: Trump\n"  # one readable claim, so the text is a claim list at all


@pytest.mark.parametrize("line", [
    "Arizona: not Trump", "Arizona: Trump did not win", "Arizona - never Trump",
    "Arizona: Trump didn't carry it", "Arizona: Trump lost", "**Arizona**: Not Trump",
    "Arizona: Trump, not Harris", "| Arizona | not Trump |",
])
def test_a_negation_is_never_a_claim_and_is_warned_about(results_2024, line):
    c = parse_claims(f"{DEM_WON}{line}\n", results_2024, "a.txt")
    assert "AZ" not in c.claimed
    assert any(w.startswith("a.txt, line 2:") and "Arizona" in w for w in c.warnings)


@pytest.mark.parametrize("line", ["Arizona: leaning Trump", "Arizona: likely Harris",
                                  "Arizona: toss-up, Trump slightly ahead",
                                  "Arizona: Trump will win"])
def test_a_hedge_or_forecast_is_not_a_claim(results_2024, line):
    c = parse_claims(f"{DEM_WON}{line}\n", results_2024, "a.txt")
    assert "AZ" not in c.claimed and any("line 2" in w for w in c.warnings)


@pytest.mark.parametrize("line", ["Georgia: Trump 50.7%, Harris 48.5%",
                                  "Georgia - Trump beat Harris",
                                  "Georgia: Harris campaigned there all week"])
def test_two_candidates_or_prose_are_not_a_claim(results_2024, line):
    c = parse_claims(f"{DEM_WON}{line}\n", results_2024, "a.txt")
    assert "GA" not in c.claimed and any("line 2" in w for w in c.warnings)


def test_a_wire_dateline_is_not_a_claim(results_2024):
    text = ("WASHINGTON - Trump will sign the orders on his first day, aides said.\n\n"
            "WASHINGTON — Trump signed the orders on Monday.\n\n"
            "WEST VIRGINIA - Trump, won the state by 42 points\n\n"
            "NEW YORK (Reuters) — Harris told supporters on Wednesday that the fight goes "
            "on.\n\nThe states:\n- Georgia: Trump\n- PA - Trump\n- NEVADA - TRUMP\n")
    c = parse_claims(text, results_2024, "wire.txt")
    assert c.claimed == {"GA": "REP", "NV": "REP", "PA": "REP", "WV": "REP"}
    assert "WA" not in c.claimed and "NY" not in c.claimed and "DC" not in c.claimed
    assert c.warnings == ()


def test_claims_still_read_in_the_usual_styles(results_2024):
    c = parse_claims("Texas: Trump won by 13.7 points\nMichigan: Kamala Harris (D)\n"
                     "Ohio: Donald J. Trump\n| Florida | 30 | Trump |\n", results_2024, "a.txt")
    assert c.claimed == {"FL": "REP", "MI": "DEM", "OH": "REP", "TX": "REP"}
    assert c.warnings == ()


@pytest.mark.parametrize(("state", "party", "districts"), [
    ("Maine", "Harris", ("ME-1", "ME-2")), ("Nebraska", "Trump", ("NE-1", "NE-2", "NE-3")),
])
def test_a_statewide_claim_says_nothing_about_the_districts(results_2024, state, party,
                                                            districts):
    c = parse_claims(f"{state}: {party}\n", results_2024, "a.txt")
    code = "ME" if state == "Maine" else "NE"
    assert list(c.claimed) == [code]
    assert c.differing == ()  # ME-2 went to Trump, NE-2 to Harris: no claim says otherwise
    assert set(districts) <= set(c.not_in_claim)
    assert dict(c.scenario.tally().totals) == dict(results_2024_totals(results_2024))


def results_2024_totals(results):  # type: ignore[no-untyped-def]
    from viewer.core.scenario import Scenario

    return Scenario(results).tally().totals


@pytest.mark.parametrize("spelling", [
    "NE-2", "NE-02", "NE 2", "NE2", "Nebraska's 2nd", "Nebraska’s 2nd district",
    "Nebraska 2nd District (Omaha)", "Nebraska's 2nd Congressional District",
    "Nebraska District 2", "Nebraska CD-2", "Nebraska CD2", "Nebraska (Omaha)",
    "NE-2 (Omaha)", "Nebraska's second district", "**NE-02** (1)",
])
def test_nebraska_district_spellings(results_2024, spelling):
    c = parse_claims(f"{spelling}: Trump\n", results_2024, "a.txt")
    assert c.claimed == {"NE-2": "REP"} and c.differing == ("NE-2",)
    assert c.warnings == ()


@pytest.mark.parametrize(("spelling", "unit"), [
    ("ME-02", "ME-2"), ("Maine CD 1", "ME-1"), ("Maine's 2nd", "ME-2"), ("ME 1", "ME-1"),
    ("Maine at-large", "ME"), ("Maine (statewide)", "ME"), ("NE-3", "NE-3"),
])
def test_other_district_spellings(results_2024, spelling, unit):
    c = parse_claims(f"{spelling}: Harris\n", results_2024, "a.txt")
    assert c.claimed == {unit: "DEM"}


@pytest.mark.parametrize(("line", "needle"), [
    ("Maine's 4th district: Trump", "Maine has no district 4"),
    ("NE-4: Trump", "Nebraska has no district 4"),
    ("N. Carolina: Trump", "'N. Carolina' is not a state or district"),
    ("Nebraska's 2nd District (Lincoln): Harris", "not a state or district"),
    ("Maine (Omaha): Harris", "names ME and a place in NE-2"),
])
def test_a_line_that_looks_like_a_claim_is_never_dropped_silently(results_2024, line, needle):
    c = parse_claims(f"{DEM_WON}{line}\n", results_2024, "a.txt")
    assert c.claimed == {"TX": "REP"}
    assert any(w.startswith("a.txt, line 2:") and needle in w for w in c.warnings), c.warnings


def test_the_lists_election_year_is_checked(results_2024):
    text = ("How the states voted in the 2020 presidential election:\n"
            "Arizona: Trump\nGeorgia: Trump\n\nFour years later, in 2024, ...\n")
    c = parse_claims(text, results_2024, "old.txt")
    assert c.year == 2020
    assert "2020" in c.warnings[0] and "2024" in c.warnings[0]
    assert "(2020)" in c.scenario.title
    same = parse_claims("After 2020's loss, the 2024 results:\nArizona: Trump\n",
                        results_2024, "new.txt")
    assert same.year == 2024 and same.warnings == ()
    assert parse_claims("Arizona: Trump\n", results_2024, "a.txt").year is None


def test_claims_command_reports_the_year(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("The 2020 results by state:\nArizona: Trump\nGeorgia: Trump\n")
    assert main(["claims", str(article), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2020 and data["results_year"] == 2024
    assert "2020 election" in data["warnings"][0]
    assert main(["claims", str(article)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "for the 2020 election" in out[0] and out[1].startswith("warning: ")
    assert sum("2020 election, but" in line for line in out) == 1  # said once, up front
