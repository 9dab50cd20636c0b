"""One time cursor for the night (issue #18): the live blog's replay (the replay bar,
``document.as_of``) and the live results' cursor (``LiveResultsController``) move together
when they are about the same election.

- Linked when live results are loaded and the live blog's events are of the night's year.
  The year of the events is read from their own times: a blog opened on another year's map
  is filed under that map's year, so its label alone would link a 2024 blog to 2020 counts.
- While the replay is on: moving either cursor moves the other to the same instant, each
  clamped to its own range (the 2020 count starts the morning after election night), and
  the live bar says when the other's moment is outside it. With the replay off the blog
  shows the final result and the count's cursor moves alone; leaving the replay leaves the
  count where it was. A followed update moves the count to it only when the count was on
  the newest update (following the night); the linked replay then follows it, as it follows
  any move of the count.
- No loops: the replay moves the count with ``set_time``, which announces nothing; the
  count's own moves (``time_moved``) set the replay's moment while ``_busy`` ignores the echo.
- One Play at a time: starting either stops the other (each moves both cursors).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QObject

from viewer.core.events import LiveEvent
from viewer.core.live_count import Night
from viewer.ui.document import ElectionDocument
from viewer.ui.live_results import LiveResultsController
from viewer.ui.replay_bar import ReplayBar


def blog_year(events: Sequence[LiveEvent]) -> int | None:
    """The election a live blog is about: the year of its first event (the count of an
    election may run into January; the blog of its night starts in its year)."""
    return min(e.time for e in events).astimezone(UTC).year if events else None


def night_year(night: Night, times: Sequence[datetime]) -> int | None:
    """The night's own year, else that of its first update (``times``: ``night.times()``,
    which the controller keeps: working them out again costs a sort per move)."""
    if night.year is not None:
        return night.year
    return times[0].astimezone(UTC).year if times else None


def _hm(when: datetime) -> str:
    return f"{when.astimezone(UTC):%d %b %H:%M} UTC"


def clamp(when: datetime, times: Sequence[datetime]) -> datetime:
    return min(max(when, times[0]), times[-1])


class TimeLink(QObject):
    """Keeps the replay's moment and the count's together (see the module's notes)."""

    def __init__(self, document: ElectionDocument, replay: ReplayBar,
                 live: LiveResultsController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document, self.replay, self.live = document, replay, live
        self._busy = False  # moving one side for the other: its echo is ignored
        document.as_of_changed.connect(self._on_replay_moved)
        document.events_changed.connect(self._sync)
        document.events_added.connect(lambda _ids: self._sync())
        document.results_replaced.connect(self._sync)
        live.time_moved.connect(self._on_count_moved)
        live.night_shown.connect(self._sync)
        replay.play_action.toggled.connect(self._on_replay_play)
        live.play.action.toggled.connect(self._on_count_play)
        self._sync()

    # -- whether the two go together ----------------------------------------------------
    def why_apart(self) -> str | None:
        """None when the cursors are linked; else why not ("": nothing worth saying)."""
        night, events = self.live.night, self.document.events
        if night is None or not events or not self.live.times:
            return ""
        blog, count = blog_year(events), night_year(night, self.live.times)
        if blog != count:
            return (f"The live blog is of {blog}, "
                    f"the count of {count or 'an unknown year'}")
        return None

    @property
    def linked(self) -> bool:
        return self.why_apart() is None

    # -- one side moves the other ---------------------------------------------------------
    def _on_replay_moved(self, when: object) -> None:
        if self._busy:
            return
        if not isinstance(when, datetime) or not self.linked:
            self._say()  # leaving the replay: the count stays where it was
            return
        times = self.live.times
        target = clamp(when, times)
        self._busy = True
        try:
            self.live.set_time(target, self._replay_neighbours(when, times))
        finally:
            self._busy = False
        self._say(_outside("Replay", when, "the count", times))

    def _replay_neighbours(self, when: datetime,
                           times: Sequence[datetime]) -> list[datetime]:
        """Where the replay's next step either way puts the count (its strings are laid
        out while the window waits, as for the count's own slider)."""
        posts = self.replay.times  # the document's event times, sorted
        at = bisect_left(posts, when)
        after = at + 1 if at < len(posts) and posts[at] == when else at
        return [clamp(posts[i], times) for i in (at - 1, after) if 0 <= i < len(posts)]

    def _on_count_moved(self, when: datetime) -> None:
        doc = self.document
        if self._busy or doc.as_of is None or not self.linked:
            self._say()
            return
        times = doc.event_times()
        target = clamp(when, times)
        self._busy = True
        try:
            doc.set_as_of(target)
        finally:
            self._busy = False
        self._say(_outside("Count", when, "the blog", times))

    def _sync(self) -> None:
        """Another night, blog or year: linked now, the count goes to the replay's moment."""
        self._on_replay_moved(self.document.as_of)

    def _on_replay_play(self, on: bool) -> None:
        if on and self.linked:
            self.live.play.stop()

    def _on_count_play(self, on: bool) -> None:
        if on and self.linked and self.document.as_of is not None:
            self.replay.play_action.setChecked(False)

    # -- what the live bar says -----------------------------------------------------------
    def _say(self, outside: tuple[str, str] | None = None) -> None:
        """A short note on the live bar (it fits at 1024 px), the whole story in its tip."""
        why = self.why_apart()
        if why:
            blog = blog_year(self.document.events)
            note, tip = f"Apart from the {blog} blog", (
                f"{why}: each bar moves on its own. Open a live blog of the count's "
                "election to replay both together.")
        elif why == "":
            note, tip = "", ""
        elif self.document.as_of is None:
            note = "Replay both: Ctrl+T"
            tip = ("The live blog is of the same night: replay it (Ctrl+T) and the two "
                   "time cursors move together")
        elif outside is not None:
            note, tip = outside
        else:
            note = "Moves with the replay"
            tip = "The live blog's replay and the count move together: drag or play either"
        self.live.bar.set_link_note(note, tip)


def _outside(mover: str, when: datetime, other: str,
             times: Sequence[datetime]) -> tuple[str, str] | None:
    """The note and tip when ``when`` is outside the other side's ``times`` (None inside)."""
    if times[0] <= when <= times[-1]:
        return None
    side, edge = ("before", times[0]) if when < times[0] else ("after", times[-1])
    return (f"{mover} {side} {other}",
            f"{mover} at {_hm(when)}: {side} {other} ({'from' if side == 'before' else 'to'} "
            f"{_hm(edge)}), which stays at {_hm(edge)}")
