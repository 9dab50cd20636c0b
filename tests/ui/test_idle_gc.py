"""Python's garbage collection waits for the user's pauses (ui/idle_gc.py)."""

from __future__ import annotations

import gc

from tests.ui.test_window import click_unit


def test_no_garbage_collection_falls_inside_a_click(qtbot, window):
    """With Python's own thresholds, a collection of young objects fell into about one
    click in three; now they are collected while the map is still."""
    window.whatif_action.setChecked(True)
    in_click = [False]
    inside: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and in_click[0]:
            inside.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        for unit in ("PA", "GA", "MI", "WI", "AZ", "NV", "NC", "PA", "GA", "MI"):
            qtbot.wait(400)  # a person's pause between clicks
            in_click[0] = True
            click_unit(qtbot, window, unit)
            in_click[0] = False
    finally:
        gc.callbacks.remove(watch)
    assert inside == []
    assert window.idle_gc.collected  # collected in the pauses instead
