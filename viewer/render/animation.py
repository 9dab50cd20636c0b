"""Elections over the years as an animation: one frame per election, GIF or MP4.

Every frame is the composition the window and `electoral-map render` draw (title, bar, map,
legend, source line). The figure is built once, for the first year, and each later frame
switches it to the next election (``MapFigure.set_election``: the map is recoloured, not
rebuilt), as the window's timeline does.

Nothing is written here: ``Animation.finish`` returns the file's bytes and the caller
writes them safely (``viewer.storage``), so a cancelled or failed export leaves no partial
file behind. GIFs are encoded with Pillow; MP4 needs ``ffmpeg`` on PATH, which is fed the
frames as they are drawn and writes into a temporary folder of its own.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from types import TracebackType

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

from viewer.core.results import ElectionResults
from viewer.core.scenario import Scenario
from viewer.core.shapes import MapShapes
from viewer.render.animation_format import (
    FRAME_SECONDS,
    LAST_HOLD,
    NOT_ANIMATED,
    AnimationError,
    Progress,
    check_seconds,
    ffmpeg_path,
)
from viewer.render.export import build_figure
from viewer.render.map_figure import MapFigure
from viewer.render.style import MapStyle

MP4_FPS = 10  # the video's frame rate: players and sites handle 1.25 fps badly


class _Gif:
    """Frames kept as 256-colour images (a quarter of the memory of RGB) until the end."""

    def __init__(self, seconds: float, last_seconds: float) -> None:
        self.frames: list[Image.Image] = []
        self.ms = round(seconds * 1000)
        self.last_ms = round(last_seconds * 1000)

    def add(self, rgb: np.ndarray) -> None:
        # Median cut keeps the colours of large areas exact (the fast octree shifts them
        # a little); no dithering, so areas of one colour stay one colour.
        image = Image.fromarray(rgb, "RGB")
        self.frames.append(image.quantize(256, method=Image.Quantize.MEDIANCUT,
                                          dither=Image.Dither.NONE))

    def finish(self) -> bytes:
        first, *rest = self.frames
        durations = [self.ms] * (len(self.frames) - 1) + [self.last_ms]
        out = io.BytesIO()
        first.save(out, format="GIF", save_all=True, append_images=rest,
                   duration=durations, loop=0)
        return out.getvalue()

    def close(self) -> None:
        self.frames.clear()


class _Mp4:
    """ffmpeg reads raw frames from a pipe as they are drawn and writes H.264 into a
    temporary folder; the bytes are read back once it has finished."""

    def __init__(self, ffmpeg: str, seconds: float, last_seconds: float,
                 background: str) -> None:
        self._ffmpeg = ffmpeg
        self._seconds = seconds
        self._hold = max(0.0, last_seconds - seconds)
        self._background = np.array([round(255 * c) for c in to_rgb(background)], np.uint8)
        self._dir = tempfile.TemporaryDirectory(prefix="electoral-map-")
        folder = Path(self._dir.name)
        self._out = folder / "animation.mp4"
        self._log_path = folder / "ffmpeg.log"
        self._log = self._log_path.open("wb")
        self._proc: subprocess.Popen[bytes] | None = None

    def _start(self, width: int, height: int) -> subprocess.Popen[bytes]:
        # Started at the first frame: its size is the picture's as drawn (a figure can
        # come out a pixel short of the size asked for).
        rate = Fraction(1 / self._seconds).limit_denominator(1000)  # a frame per election
        # The last election held longer, then frames at a rate every player takes.
        vf = (f"tpad=stop_mode=clone:stop_duration={self._hold:.3f},fps={MP4_FPS},"
              "format=yuv420p")
        command = [self._ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                   "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
                   "-framerate", f"{rate.numerator}/{rate.denominator}", "-i", "pipe:0",
                   "-vf", vf, "-c:v", "libx264", "-movflags", "+faststart", str(self._out)]
        # stdin is the frames; the log is a file so that a full pipe never stalls ffmpeg
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=self._log)

    def add(self, rgb: np.ndarray) -> None:
        height, width = rgb.shape[:2]
        if height % 2 or width % 2:  # yuv420p (what players take) needs even sides
            padded = np.empty((height + height % 2, width + width % 2, 3), np.uint8)
            padded[...] = self._background
            padded[:height, :width] = rgb
            rgb = padded
        if self._proc is None:
            self._proc = self._start(rgb.shape[1], rgb.shape[0])
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            stdin.write(rgb.tobytes())
        except BrokenPipeError:
            raise AnimationError(f"ffmpeg stopped: {self._error()}") from None

    def finish(self) -> bytes:
        proc, self._proc = self._proc, None
        if proc is None:
            raise AnimationError("no frame was drawn")
        assert proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # ffmpeg stopped: its log says why
            proc.stdin.close()
        code = proc.wait()
        if code != 0 or not self._out.is_file():
            raise AnimationError(f"ffmpeg failed (exit status {code}): {self._error()}")
        return self._out.read_bytes()

    def _error(self) -> str:
        self._log.flush()
        text = self._log_path.read_text(errors="replace").strip()
        return text.splitlines()[-1] if text else "no message"

    def close(self) -> None:
        """Stop ffmpeg if it still runs and remove its folder (and the partial video)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            if proc.stdin is not None:
                with contextlib.suppress(BrokenPipeError):
                    proc.stdin.close()
        self._log.close()
        self._dir.cleanup()


class Animation:
    """One frame per election of ``years`` (read with ``load``), drawn at ``size`` pixels
    in ``style``: ``step()`` draws the next frame, ``finish()`` returns the file's bytes,
    ``close()`` (or leaving a ``with`` block) drops what was made, ffmpeg included.

    Driven a frame at a time so that the window can keep painting between frames and the
    command line can report each one."""

    def __init__(self, shapes: MapShapes, years: Sequence[int],
                 load: Callable[[int], ElectionResults], size: tuple[int, int], fmt: str,
                 *, style: MapStyle | None = None, seconds: float = FRAME_SECONDS,
                 last_seconds: float | None = None) -> None:
        if not years:
            raise AnimationError("an animation needs at least one election")
        style = style or MapStyle()
        if style.mode in NOT_ANIMATED:
            raise AnimationError(f"the {style.mode} map cannot be animated over the years "
                                 "(it needs more than each year's results)")
        check_seconds(seconds)
        last = seconds * LAST_HOLD if last_seconds is None else last_seconds
        self.shapes = shapes
        self.years = tuple(years)
        self.size = size
        self.style = style
        self._load = load
        self.done = 0
        self._fig: Figure | None = None
        self._figure: MapFigure | None = None
        self._writer: _Gif | _Mp4
        if fmt == "gif":
            self._writer = _Gif(seconds, last)
        elif fmt == "mp4":
            ffmpeg = ffmpeg_path()
            if ffmpeg is None:
                raise AnimationError("MP4 needs ffmpeg, which is not on PATH; install "
                                     "ffmpeg or write a .gif")
            self._writer = _Mp4(ffmpeg, seconds, last, style.colors.background)
        else:
            raise AnimationError(f"animation format: expected gif or mp4, got {fmt!r}")

    @property
    def total(self) -> int:
        return len(self.years)

    @property
    def finished_drawing(self) -> bool:
        return self.done >= self.total

    def step(self) -> int:
        """Draw the next election's frame and hand it to the encoder; its year."""
        year = self.years[self.done]
        scenario = Scenario(self._load(year))
        if self._figure is None:
            self._fig, self._figure = build_figure(self.shapes, scenario, self.size,
                                                   style=self.style)
        else:
            self._figure.set_election(scenario)
            self._figure.fit()  # as the window does before each full draw
        fig = self._fig
        assert fig is not None
        fig.canvas.draw()
        # build_figure gives the figure an Agg canvas; the annotation says any canvas
        rgba = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
        self._writer.add(np.ascontiguousarray(rgba[..., :3]))
        self.done += 1
        return year

    def finish(self) -> bytes:
        """The file's bytes, once every frame is drawn."""
        if not self.finished_drawing:
            raise RuntimeError(f"{self.done} of {self.total} frames drawn")
        try:
            return self._writer.finish()
        finally:
            self.close()

    def close(self) -> None:
        self._writer.close()
        self._fig = self._figure = None

    def __enter__(self) -> Animation:
        return self

    def __exit__(self, _type: type[BaseException] | None, _value: BaseException | None,
                 _tb: TracebackType | None) -> None:
        self.close()


def render_animation(shapes: MapShapes, years: Sequence[int],
                     load: Callable[[int], ElectionResults], size: tuple[int, int],
                     fmt: str, *, style: MapStyle | None = None,
                     seconds: float = FRAME_SECONDS, last_seconds: float | None = None,
                     progress: Progress | None = None) -> bytes | None:
    """Every frame in turn; the file's bytes, or None when ``progress`` (called after each
    frame) returned False: then nothing is kept."""
    with Animation(shapes, years, load, size, fmt, style=style, seconds=seconds,
                   last_seconds=last_seconds) as animation:
        while not animation.finished_drawing:
            year = animation.step()
            if progress is not None and progress(animation.done, animation.total,
                                                 year) is False:
                return None
        return animation.finish()
