"""What an animation export takes, without drawing anything: the file formats, the
seconds per election, the maps that can be animated, and whether MP4 can be written here
(ffmpeg on PATH). Light to import: the command line's parser and the window's dialog use
it; viewer.render.animation draws and encodes the frames."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from viewer.render.style import LIVE, PROBABILITY

FORMATS = {".gif": "gif", ".mp4": "mp4"}
FRAME_SECONDS = 0.8  # each election on screen, by default
LAST_HOLD = 3.0  # the last election stays this many times longer, before the GIF loops
MIN_SECONDS, MAX_SECONDS = 0.1, 10.0
# Maps that need more than each year's results (a forecast, a night's counts).
NOT_ANIMATED = (PROBABILITY, LIVE)

# (frame done, frames in all, its year) -> False to cancel
Progress = Callable[[int, int, int], bool]


class AnimationError(ValueError):
    """The animation cannot be made as asked; the message names the file or option."""


def animation_format(path: Path) -> str:
    """"gif" or "mp4" by the file name; AnimationError for anything else."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise AnimationError(f"{path}: expected a file name ending in .gif or .mp4 for an "
                             "animation")
    return fmt


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def check_format(path: Path) -> str:
    """The format of ``path``, refused with a clear reason when it cannot be written here
    (MP4 without ffmpeg)."""
    fmt = animation_format(path)
    if fmt == "mp4" and ffmpeg_path() is None:
        raise AnimationError(f"{path}: MP4 needs ffmpeg, which is not on PATH; install "
                             "ffmpeg or write a .gif")
    return fmt


def check_seconds(seconds: float) -> float:
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise AnimationError(f"seconds per election: expected {MIN_SECONDS:g} to "
                             f"{MAX_SECONDS:g}, got {seconds:g}")
    return seconds
