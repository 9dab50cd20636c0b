"""Where the window keeps what it remembers (QSettings, INI format, per user)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "ElectoralMap"
APPLICATION = "Electoral Map"


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION)


def settings_problem(settings: QSettings) -> str | None:
    """A sentence for the user when settings cannot be kept (read-only folder, bad file)."""
    status = settings.status()
    if status == QSettings.Status.AccessError or not settings.isWritable():
        return (f"Settings cannot be saved in {settings.fileName()} (read-only or not a "
                "folder): window layout, views and recent files will not be remembered.")
    if status == QSettings.Status.FormatError:
        return f"Settings file {settings.fileName()} is damaged; defaults are used."
    return None
