"""Panels that rebuild from the document only while someone can see them."""

from __future__ import annotations

from typing import Any


class RefreshWhenShown:
    """Mixin for a QWidget with ``refresh()``: while hidden (a dock closed, a tab behind
    another), a change only marks it stale, and it refreshes when it is shown. A flip then
    pays only for what is on screen."""

    _stale = False

    @property
    def stale(self) -> bool:
        """Changed while hidden: it refreshes when shown."""
        return self._stale

    def refresh_if_shown(self, *_args: object) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]
