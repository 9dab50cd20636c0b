"""The window's side of the maps drawn ahead (viewer/render/year_frames.py): starts the
worker process, asks it for the frames of the settings in use, keeps what it sends back.

Frames are kept compressed (≈ 150 kB each instead of 3 MB at 1x); those of the years
next to the one shown are unpacked ahead in a thread (zlib lets go of the interpreter
lock while it works), so a step along the timeline finds its frame ready to paint.
Everything here fails quiet: without a worker the timeline draws each year itself."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import IO

import numpy as np

from viewer.render.year_frames import FrameSpec, read_reply, unpack, write_request

NEIGHBOURS = 3  # years each side of the one shown kept unpacked
ENV_SWITCH = "ELECTORAL_MAP_FRAMES_AHEAD"  # "0": never start the worker (the test suite)


def worker_command() -> list[str]:
    if getattr(sys, "frozen", False):  # the standalone bundle's own executable
        return [sys.executable, "--frame-worker"]
    return [sys.executable, "-m", "viewer.render.year_frames"]


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "1") != "0"


class FramesAhead:
    """Frames of one spec (the newest asked for), by year."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or worker_command()
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._key = 0
        self._spec: FrameSpec | None = None
        self._packed: dict[int, tuple[int, int, bytes]] = {}
        self._unpacked: dict[int, np.ndarray] = {}
        self._near: set[int] = set()  # the years kept unpacked (next to the one shown)
        self._unpacking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frames")
        self.errors: list[str] = []  # what the worker could not draw (year: error)
        self.dead = False  # the worker could not start or has gone

    # -- asking -------------------------------------------------------------------------
    def request(self, spec: FrameSpec, years: list[int], near: int) -> None:
        """Frames of ``years`` for ``spec``, those nearest ``near`` first. Asking again for
        the spec in use changes nothing; another spec drops the frames of the old one."""
        if self.dead or spec == self._spec:
            return
        with self._lock:
            self._key += 1
            self._spec = spec
            self._packed.clear()
            self._unpacked.clear()
            key = self._key
        order = sorted(years, key=lambda y: (abs(y - near), y))
        try:
            if self._proc is None:
                self._start()
            assert self._proc is not None and self._proc.stdin is not None
            write_request(self._proc.stdin, key, spec, order)
        except (OSError, ValueError) as exc:
            self._die(f"the worker could not be reached: {exc}")

    def _start(self) -> None:
        self._proc = subprocess.Popen(self._command, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE)
        assert self._proc.stdout is not None
        threading.Thread(target=self._read, args=(self._proc.stdout,), daemon=True,
                         name="frames-reader").start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while (reply := read_reply(stream)) is not None:
                key, year, width, height, data, error = reply
                with self._lock:
                    if key != self._key:
                        continue  # a frame of settings no longer in use
                    if error:
                        self.errors.append(f"{year}: {error}")
                        continue
                    self._packed[year] = (width, height, data)
                    if year not in self._near:
                        continue
                # next to the year shown: unpacked now, not at the step onto it
                self._unpacking.submit(self._unpack_one, key, year, width, height, data)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            if self._proc is not None:  # (RuntimeError: unpacking was shut down)
                self._die(f"the worker's output could not be read: {exc}")
            return
        if self._proc is not None:
            self._die("the worker stopped")

    def _die(self, why: str) -> None:
        self.dead = True
        self.errors.append(why)

    # -- frames -------------------------------------------------------------------------
    def ready(self, spec: FrameSpec) -> list[int]:
        """The years whose frame of ``spec`` has arrived."""
        with self._lock:
            return sorted(self._packed) if spec == self._spec else []

    def frame(self, spec: FrameSpec, year: int) -> np.ndarray | None:
        """The frame (RGBA, top row first), or None when there is none yet."""
        with self._lock:
            if spec != self._spec:
                return None
            frame = self._unpacked.get(year)
            packed = self._packed.get(year)
        if frame is None and packed is not None:
            frame = unpack(packed[2], packed[0], packed[1])
        return frame

    def prefetch(self, spec: FrameSpec, years: list[int], year: int) -> None:
        """Unpack the frames of the years next to ``year`` on the timeline (``years``) in
        the background; forget those unpacked further away."""
        if year not in years:
            return
        i = years.index(year)
        near = years[max(0, i - NEIGHBOURS): i + NEIGHBOURS + 1]
        with self._lock:
            self._near = set(near)  # frames of these arriving later are unpacked then
            if spec != self._spec:
                return
            for y in [y for y in self._unpacked if y not in near]:
                del self._unpacked[y]
            wanted = [(y, self._packed[y]) for y in near
                      if y in self._packed and y not in self._unpacked]
            key = self._key
        for y, (width, height, data) in wanted:
            self._unpacking.submit(self._unpack_one, key, y, width, height, data)

    def _unpack_one(self, key: int, year: int, width: int, height: int, data: bytes) -> None:
        frame = unpack(data, width, height)
        with self._lock:
            if key == self._key:
                self._unpacked[year] = frame

    def forget(self) -> None:
        """Drop the frames (they proved wrong). The settings they were drawn for are kept,
        so they are not asked for again; the worker's later frames of them are ignored."""
        with self._lock:
            self._key += 1
            self._packed.clear()
            self._unpacked.clear()

    def close(self) -> None:
        proc, self._proc = self._proc, None
        self._unpacking.shutdown(wait=False, cancel_futures=True)
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()  # the worker ends at the end of its input
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
