"""Finding the units a text mentions, without the usual false hits."""

from __future__ import annotations

import pytest

from viewer.core.mentions import find_units


@pytest.mark.parametrize(("text", "units"), [
    ("Key state of Michigan projected for Trump", ("MI",)),
    ("Wisconsin's Senate seat stays Democratic", ("WI",)),
    ("North Carolina, Georgia and Pennsylvania went Republican", ("NC", "GA", "PA")),
    ("West Virginia was called early; Virginia later", ("WV", "VA")),
    ("Results from NEW HAMPSHIRE and NEW MEXICO", ("NH", "NM")),
    ("A rally in Washington DC", ("DC",)),
    ("Crowds in Washington, D.C. tonight", ("DC",)),
    ("the District of Columbia votes", ("DC",)),
    ("Washington state counts mail ballots for days", ("WA",)),
    ("Washington: Harris", ("WA",)),
    ("Harris won Washington easily", ("WA",)),
    ("Maine's 2nd district goes to Trump", ("ME-2",)),
    ("Nebraska's second congressional district", ("NE-2",)),
    ("NE-2 and ME-1 were called", ("NE-2", "ME-1")),
    ("Maine and Maine's 2nd district", ("ME", "ME-2")),
    ("Arkansas and Kansas", ("AR", "KS")),
])
def test_mentions_found(text, units):
    assert find_units(text) == units


@pytest.mark.parametrize("text", [
    "The Washington Post reported it first",
    "a portrait of George Washington",
    "IN OR OUT, OK? ME TOO",
    "She logged in or out of the portal",
    "Officials in Washington said",
    "The New York Times projected the race",
    "Barbecue in Kansas City",
])
def test_no_false_mentions(text):
    assert find_units(text) == ()
