"""What a tally means, in a sentence for the panels: who wins, or how many electoral votes
a majority needs that year (270 only since 1964: 148 in 1836, 35 in 1789), and who
decides when nobody has one."""

from __future__ import annotations

from collections.abc import Callable

from viewer.core.tally import TIE, Tally

HOUSE = "the House of Representatives chooses the president, one vote per state delegation"


def outcome_sentence(tally: Tally, name: Callable[[str], str], *,
                     replay: bool = False) -> str:
    """``name`` gives a candidate's name from its code; ``replay``: what is not decided is
    "not called yet" (the night's calls), not "undecided" (a what-if map)."""
    w = tally.winner
    if w == TIE:
        top = max(tally.totals.values())
        if tally.votes_per_elector > 1:  # 1800: two majorities tied at the top
            return (f"A tie at {top}: two candidates have the same majority, so the House "
                    "of Representatives chooses between them, one vote per state "
                    "delegation.")
        return f"{top}–{top}: a tie. No candidate has a majority, so {HOUSE}."
    if w is not None:
        return f"{name(w)} wins with {tally.totals[w]}."
    if tally.no_majority:
        return f"No majority ({tally.to_win} needed): {HOUSE}."
    rest = "not called yet" if replay else "undecided"
    return f"No majority yet: {tally.to_win} needed; {tally.undecided} {rest}."


def ordinal(n: int) -> str:
    """148th, 152nd, 271st, 35th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
