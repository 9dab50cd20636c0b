"""Where the window keeps what it remembers (QSettings, INI format, per user)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "ElectoralMap"
APPLICATION = "Electoral Map"


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION)
