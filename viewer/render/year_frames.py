"""Maps of other elections drawn ahead of time, in a process of their own.

A year change on the timeline costs a whole matplotlib draw of the map (≈ 100 ms and
more on a slow machine), far from the one frame a scrubbing user expects. The window's
map is a function of a few settings (the figure's size and resolution, the map style, the
zoom, the outlined units) and the year, so another process draws the frame of every
bundled election for the settings in use, nearest years first; the window shows a year's
frame when it has it and brings its own figure up to date once the user pauses.

Protocol (the worker's stdin and stdout): a request is one line of JSON, ``{"key", "spec",
"years"}``; a newer request replaces the rest of an older one. Each reply is one line of
JSON, ``{"key", "year", "width", "height", "size", "error"}``, then ``size`` bytes: the
frame's RGBA rows, top row first, compressed with zlib; ``error`` is empty, or says what
went wrong for that year (no bytes follow then).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import sys
import threading
import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from viewer.core.history import Bundle
from viewer.core.scenario import Scenario
from viewer.core.shapes import MapShapes, load_shapes
from viewer.render.map_figure import MapFigure
from viewer.render.style import LIVE, PROBABILITY, MapStyle

Limits = tuple[tuple[float, float], tuple[float, float]]
# Modes whose map is not a function of the year alone: the live count's time, the forecast.
NOT_AHEAD = (LIVE, PROBABILITY)
COMPRESSION = 1  # zlib's fastest level: flat map colours compress ~20× at it already


@dataclass(frozen=True)
class FrameSpec:
    """Everything a year's map frame depends on besides the year. The outlines (the
    selected unit, the units of an event) are not in it: the window draws them over the
    frame, as they are drawn last over the whole map anyway."""

    data_dir: str
    style: MapStyle
    size_inches: tuple[float, float]
    dpi: float
    limits: Limits
    zoomed: bool


class Reply(NamedTuple):
    key: int
    year: int
    width: int
    height: int
    data: bytes
    error: str


def write_request(out: BinaryIO, key: int, spec: FrameSpec, years: list[int]) -> None:
    line = json.dumps({"key": key, "spec": asdict(spec), "years": years})
    out.write(line.encode() + b"\n")
    out.flush()


def read_request(inp: BinaryIO) -> tuple[int, FrameSpec, list[int]] | None:
    """The next request; None at the end of the input. ValueError if it is malformed."""
    line = inp.readline()
    if not line:
        return None
    message = json.loads(line)
    s = message["spec"]
    (x0, x1), (y0, y1) = s["limits"]
    width, height = s["size_inches"]
    spec = FrameSpec(str(s["data_dir"]), MapStyle(**s["style"]), (float(width), float(height)),
                     float(s["dpi"]), ((float(x0), float(x1)), (float(y0), float(y1))),
                     bool(s["zoomed"]))
    return int(message["key"]), spec, [int(y) for y in message["years"]]


def write_reply(out: BinaryIO, reply: Reply) -> None:
    header = {"key": reply.key, "year": reply.year, "width": reply.width,
              "height": reply.height, "size": len(reply.data), "error": reply.error}
    out.write(json.dumps(header).encode() + b"\n" + reply.data)
    out.flush()


def read_reply(inp: BinaryIO) -> Reply | None:
    """The next reply; None at the end of the worker's output."""
    line = inp.readline()
    if not line:
        return None
    h = json.loads(line)
    data = inp.read(int(h["size"]))
    if len(data) != h["size"]:
        return None  # cut short: the worker stopped
    return Reply(int(h["key"]), int(h["year"]), int(h["width"]), int(h["height"]), data,
                 str(h["error"]))


def election_of_year(figure: MapFigure, scenario: Scenario, *, swing: float,
                     selected: str | None, highlighted: Iterable[str]) -> None:
    """Put another election on ``figure`` as the window's timeline does: the same figure
    recoloured and relabelled, the outlined units kept (those the year has)."""
    figure.set_election(scenario, swing=swing)
    figure.map.set_outlines(selected, highlighted, scenario.base.units)


def shapes_for(style: MapStyle) -> MapShapes:
    if style.layout == "tiles":
        from viewer.core.tiles import tile_shapes

        return tile_shapes()
    return load_shapes()


class FrameRenderer:
    """Draws the frames of one spec on a figure of its own, the window's composition."""

    def __init__(self, spec: FrameSpec, shapes: MapShapes | None = None) -> None:
        self.spec = spec
        self.bundle = Bundle(Path(spec.data_dir))
        fig = Figure(figsize=spec.size_inches, dpi=spec.dpi)
        self.canvas = FigureCanvasAgg(fig)
        first = self.bundle.load(self.bundle.years()[-1])
        self.figure = MapFigure(fig, shapes or shapes_for(spec.style), Scenario(first),
                                style=spec.style)
        self.figure.set_live(True)
        self.figure.set_map_limits(spec.limits, zoomed=spec.zoomed)

    def render(self, year: int) -> np.ndarray:
        """The year's frame as the window would paint it: RGBA, top row first."""
        election_of_year(self.figure, Scenario(self.bundle.load(year)), swing=0.0,
                         selected=None, highlighted=())
        self.figure.before_full_draw()
        self.canvas.draw()
        renderer = self.canvas.get_renderer()
        for artist in self.figure.dynamic_artists():
            artist.draw(renderer)
        return np.asarray(renderer.buffer_rgba()).copy()


def pack(frame: np.ndarray) -> bytes:
    return zlib.compress(frame.tobytes(), COMPRESSION)


def unpack(data: bytes, width: int, height: int) -> np.ndarray:
    return np.frombuffer(zlib.decompress(data), dtype=np.uint8).reshape(height, width, 4)


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """The worker's loop: frames for the newest request, one at a time, until stdin ends."""
    requests: queue.Queue[tuple[int, FrameSpec, list[int]] | None] = queue.Queue()

    def read() -> None:
        try:
            while (request := read_request(inp)) is not None:
                requests.put(request)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"frame worker: a malformed request ({exc}); stopping", file=sys.stderr)
        requests.put(None)

    threading.Thread(target=read, daemon=True).start()
    key, spec, todo = 0, None, list[int]()
    renderer: FrameRenderer | None = None
    while True:
        try:  # wait when idle; otherwise take whatever newer request is queued
            while True:
                item = requests.get(block=not todo)
                if item is None:
                    return
                key, spec, todo = item[0], item[1], list(item[2])
                if requests.empty():
                    break
        except queue.Empty:
            pass
        year = todo.pop(0)
        try:
            if renderer is None or renderer.spec != spec:
                assert spec is not None
                renderer = FrameRenderer(spec)
            frame = renderer.render(year)
            reply = Reply(key, year, frame.shape[1], frame.shape[0], pack(frame), "")
        except Exception as exc:  # the window draws that year itself
            reply = Reply(key, year, 0, 0, b"", f"{type(exc).__name__}: {exc}")
        try:
            write_reply(out, reply)
        except OSError:  # a broken pipe: the window has gone, nobody wants the frames
            return


def main() -> None:
    """``python -m viewer.render.year_frames``: the worker the window starts."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print can't corrupt frames
    if hasattr(os, "nice"):
        os.nice(10)  # the window's own drawing comes first
    try:
        serve(sys.stdin.buffer, out)
    finally:
        with contextlib.suppress(OSError):  # what a gone window could not take is dropped
            out.close()
    # The request reader may still wait on stdin (a window that has gone but not closed
    # it): ending the process here spares the interpreter's shutdown that wait.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
