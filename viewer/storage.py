"""The one place that writes files: every write goes through Qt's QSaveFile, so a crash
or a full disk leaves either the old file or the new one, never a torn one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QIODevice, QSaveFile


class StorageError(OSError):
    """A file could not be written; the message names it and says why."""


def write_bytes(path: str | Path, data: bytes) -> None:
    path = Path(path)
    f = QSaveFile(str(path))
    if not f.open(QIODevice.OpenModeFlag.WriteOnly):
        raise StorageError(f"{path}: cannot write here ({f.errorString()})")
    written = f.write(data)
    if written != len(data):
        f.cancelWriting()
        f.commit()
        raise StorageError(f"{path}: writing failed ({f.errorString()})")
    if not f.commit():
        raise StorageError(f"{path}: saving failed ({f.errorString()})")


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
