"""What following a results feed needs from the core: a file read again merges as
duplicates (not as stale updates, and its warnings are not repeated); the live blog's calls
set beside the feed's, in words, where they differ."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from viewer.core.calls import Call
from viewer.core.events import LiveEvent
from viewer.core.live_count import Night, read_live
from viewer.core.live_count.blog_calls import BlogCall, blog_call_as_of, disagreement
from viewer.core.live_count.model import (
    CallEvent,
    CallKind,
    CallState,
    CallStatus,
    Merged,
)
from viewer.resources import data_dir

T0 = datetime(2024, 11, 6, 5, tzinfo=UTC)


def test_a_followed_file_read_again_merges_as_duplicates():
    counts = Path(data_dir() / "live_2020_counts.csv")
    first = read_live(counts).night
    night = Night()
    night.merge(first)
    warnings = list(night.warnings)
    again = night.merge(read_live(counts).night)
    assert again.applied == 0 and again.stale == 0 and not again.conflicts
    assert again.duplicate == len(first.all_counts())
    assert night.warnings == warnings  # each warning once
    # An older count that is not in the night is still stale: it changes nothing.
    pa = night.history("PA")
    older = replace(pa[-1], time=pa[-1].time - timedelta(seconds=1), total=pa[-1].total + 1)
    assert night.merge_count(older) is Merged.STALE
    assert night.history("PA") == pa


def _event(minutes: int, title: str, calls: tuple[Call, ...] = (),
           retracts: tuple[str, ...] = ()) -> LiveEvent:
    return LiveEvent(id=title, time=T0 + timedelta(minutes=minutes), title=title, body="",
                     units=(), calls=calls, retracts=retracts)


def test_the_blogs_standing_call_follows_its_later_calls_and_retractions():
    events = [_event(0, "Arizona projected for Trump", (Call("AZ", "REP"),)),
              _event(30, "AP retracts its call in Arizona", retracts=("AZ",)),
              _event(60, "Arizona projected for Harris", (Call("AZ", "DEM"),))]
    assert blog_call_as_of(events, "AZ", T0 - timedelta(minutes=1)) is None
    assert blog_call_as_of(events, "AZ", T0 + timedelta(minutes=10)) == BlogCall(
        "AZ", "REP", T0, "Arizona projected for Trump")
    assert blog_call_as_of(events, "AZ", T0 + timedelta(minutes=40)) is None
    assert blog_call_as_of(reversed(events), "AZ", T0 + timedelta(hours=2)).party == "DEM"
    assert blog_call_as_of(events, "NV", T0 + timedelta(hours=2)) is None


def _feed_call(party: str, caller: str = "AP") -> CallEvent:
    return CallEvent("AZ", T0, CallKind.CALL, caller, party)


NAMES = {"REP": "Donald Trump", "DEM": "Kamala Harris"}
BLOG = BlogCall("AZ", "REP", T0, "Arizona projected for Trump")


@pytest.mark.parametrize(("feed", "said"), [
    (CallStatus(CallState.CALLED, "REP", (_feed_call("REP"),)), None),
    (CallStatus(CallState.CALLED, "DEM", (_feed_call("DEM"),)),
     "; the results feed calls it for Kamala Harris (AP)."),
    (CallStatus(CallState.NOT_CALLED), "; the results feed has no call."),
    (CallStatus(CallState.UNKNOWN), "; the results feed has no call information for it."),
    (CallStatus(CallState.DISPUTED, calls=(_feed_call("DEM"), _feed_call("REP", "Fox"))),
     "; the results feed's callers disagree (AP: Kamala Harris; Fox: Donald Trump)."),
])
def test_a_blog_call_the_feed_does_not_share_is_said_in_words(feed, said):
    text = disagreement(BLOG, feed, "Arizona", NAMES.__getitem__)
    if said is None:
        assert text is None
        return
    assert text == ("The live blog calls Arizona for Donald Trump at 2024-11-06 05:00Z "
                    "(“Arizona projected for Trump”)" + said)


def test_a_blog_that_says_nothing_disagrees_with_nothing():
    feed = CallStatus(CallState.CALLED, "DEM", (_feed_call("DEM"),))
    assert disagreement(None, feed, "Arizona", NAMES.__getitem__) is None
