"""The live blog's calls beside the results feed's: where they disagree for a unit, say so
in words (they are never mixed into one map: the live-results map shows the feed's calls).

The blog's call of a unit follows ``viewer.core.events.calls_as_of``: a later call
replaces an earlier one, a retraction takes the unit back to uncalled. Only a blog call
can disagree: a blog that says nothing about a unit makes no claim to compare."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from viewer.core.events import LiveEvent
from viewer.core.live_count.model import CallState, CallStatus
from viewer.core.live_count.summary import short_time


@dataclass(frozen=True)
class BlogCall:
    unit: str
    party: str
    time: datetime
    title: str  # the headline that made the call (feed text: shown as plain text)


def blog_call_as_of(events: Iterable[LiveEvent], unit: str, when: datetime) -> BlogCall | None:
    """The live blog's call of ``unit`` standing at ``when``; None when none stands."""
    standing: BlogCall | None = None
    for e in sorted(events, key=lambda ev: ev.time):
        if e.time > when:
            break
        if unit in e.retracts:
            standing = None
        for c in e.calls:
            if c.unit == unit:
                standing = BlogCall(unit, c.party, e.time, e.title)
    return standing


def disagreement(blog: BlogCall | None, feed: CallStatus, unit_name: str,
                 name_of: Callable[[str], str]) -> str | None:
    """One sentence when the blog calls the unit and the feed does not call it for the same
    candidate (no call, no call information, another candidate, disputed); else None."""
    if blog is None:
        return None
    if feed.state is CallState.CALLED and feed.party == blog.party:
        return None
    said = (f"The live blog calls {unit_name} for {name_of(blog.party)} at "
            f"{short_time(blog.time)} (“{blog.title}”)")
    if feed.state is CallState.CALLED and feed.party is not None:
        callers = ", ".join(feed.callers)
        return f"{said}; the results feed calls it for {name_of(feed.party)} ({callers})."
    if feed.state is CallState.DISPUTED:
        each = "; ".join(f"{c.caller}: {name_of(c.party or '')}" for c in feed.calls)
        return f"{said}; the results feed's callers disagree ({each})."
    if feed.state is CallState.NOT_CALLED:
        return f"{said}; the results feed has no call."
    return f"{said}; the results feed has no call information for it."
