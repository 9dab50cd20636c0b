"""Maps drawn ahead (viewer/render/year_frames.py): one renderer switched from year to year
draws what a fresh one draws, in every view and theme, and the worker's loop
answers requests (frames, and errors for years it cannot draw)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from viewer.render.style import MapStyle
from viewer.render.year_frames import (
    FrameRenderer,
    FrameSpec,
    pack,
    read_reply,
    read_request,
    serve,
    unpack,
    write_request,
)
from viewer.resources import data_dir

SIZE = (6.0, 4.0)
HOME = ((-2408026.0, 2888426.0), (55074.0, 3217626.0))


def spec(**style: str) -> FrameSpec:
    return FrameSpec(str(data_dir()), MapStyle(**style), SIZE, 100.0, HOME, False)


def differing(a: np.ndarray, b: np.ndarray) -> int:
    return int((a != b).any(axis=2).sum())


def test_a_renderer_switched_between_years_draws_what_a_fresh_one_draws(shapes) -> None:  # type: ignore[no-untyped-def]
    switched = FrameRenderer(spec(), shapes)
    switched.render(1912)  # three candidates with electoral votes: legend, bar, labels
    switched.render(1860)  # fewer states: side boxes and labels hidden
    again = switched.render(1968)
    fresh = FrameRenderer(spec(), shapes).render(1968)
    assert again.shape == (400, 600, 4)
    assert differing(again, fresh) == 0
    assert differing(again, switched.render(1860)) > 10_000  # another map, not the same


def test_dark_theme_frames_are_dark(shapes) -> None:  # type: ignore[no-untyped-def]
    frame = FrameRenderer(spec(theme="dark"), shapes).render(2024)
    assert frame[2, 2, :3].max() < 80  # the corner: the dark background


def test_a_frame_survives_packing() -> None:
    frame = np.random.default_rng(1).integers(0, 255, (7, 5, 4), dtype=np.uint8)
    assert np.array_equal(unpack(pack(frame), 5, 7), frame)


def test_the_worker_loop_answers_with_frames_and_names_what_failed() -> None:
    r_in, w_in = os.pipe()
    r_out, w_out = os.pipe()
    with os.fdopen(r_in, "rb") as inp, os.fdopen(w_out, "wb") as out:
        worker = threading.Thread(target=serve, args=(inp, out), daemon=True)
        worker.start()
        with os.fdopen(w_in, "wb") as requests, os.fdopen(r_out, "rb") as replies:
            write_request(requests, 7, spec(), [2020, 1791])  # 1791: no election
            first = read_reply(replies)
            second = read_reply(replies)
        worker.join(timeout=10)  # its input ended: the loop returns
    assert not worker.is_alive()
    assert first is not None and second is not None
    key, year, width, height, data, error = first
    assert (key, year, width, height, error) == (7, 2020, 600, 400, "")
    frame = unpack(data, width, height)
    assert frame.shape == (400, 600, 4) and frame[..., 3].min() == 255  # opaque
    key, year, _, _, data, error = second
    assert (key, year, data) == (7, 1791, b"")
    assert "1791" in error and "InputError" in error


@pytest.mark.parametrize("mode", ["winner", "shift", "same_since"])
def test_frames_of_other_map_views_are_drawn_too(shapes, mode: str) -> None:  # type: ignore[no-untyped-def]
    renderer = FrameRenderer(spec(mode=mode), shapes)
    renderer.render(1984)
    assert differing(renderer.render(1976), FrameRenderer(spec(mode=mode), shapes)
                     .render(1976)) == 0


def test_a_request_reads_back_as_it_was_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sent = FrameSpec(str(data_dir()), MapStyle(mode="shift", theme="dark", compare=1932),
                     SIZE, 200.0, HOME, True)
    path = tmp_path / "request"
    with path.open("wb") as out:
        write_request(out, 3, sent, [1936, 1940])
    with path.open("rb") as inp:
        assert read_request(inp) == (3, sent, [1936, 1940])
        assert read_request(inp) is None


def test_the_worker_ends_quietly_when_the_window_has_gone() -> None:
    # The window closes (or dies) while frames are being drawn: its end of the pipe is
    # gone, and the worker must stop without a traceback in the user's terminal.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, "-m", "viewer.render.year_frames"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # nobody reads the frames any more
    write_request(proc.stdin, 1, spec(), [2024, 2020, 2016])
    proc.stdin.flush()
    try:
        proc.wait(timeout=60)  # the first frame cannot be delivered: the worker stops
    finally:
        if proc.poll() is None:
            proc.kill()
    err = proc.stderr.read().decode()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
