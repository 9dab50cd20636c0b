"""The elections over the years as an animation (viewer/render/animation.py): one frame per
election, each the picture `render` draws for that year; Cancel keeps nothing."""

from __future__ import annotations

import io
import subprocess
import tempfile

import numpy as np
import pytest
from PIL import Image

from tests.ui.helpers import interior_point
from viewer.core.history import Bundle
from viewer.core.scenario import Scenario
from viewer.render import animation_format
from viewer.render.animation import Animation, render_animation
from viewer.render.animation_format import AnimationError, check_format
from viewer.render.export import build_figure
from viewer.render.style import MapStyle
from viewer.resources import data_dir

SMALL = (400, 250)
BUNDLE = Bundle(data_dir())
needs_ffmpeg = pytest.mark.skipif(animation_format.ffmpeg_path() is None,
                                  reason="ffmpeg is not installed")


def gif_frames(data: bytes) -> tuple[list[np.ndarray], list[int]]:
    image = Image.open(io.BytesIO(data))
    frames, durations = [], []
    for i in range(image.n_frames):
        image.seek(i)
        frames.append(np.asarray(image.convert("RGB")))
        durations.append(image.info["duration"])
    return frames, durations


def test_a_gif_has_one_frame_per_election_and_holds_the_last(shapes) -> None:
    data = render_animation(shapes, [2016, 2020, 2024], BUNDLE.load, SMALL, "gif")
    assert data is not None and data.startswith(b"GIF89a")
    image = Image.open(io.BytesIO(data))
    assert image.n_frames == 3 and image.size == SMALL
    assert image.info.get("loop") == 0  # plays on and on, as shared GIFs do
    frames, durations = gif_frames(data)
    assert durations == [800, 800, 2400]
    assert not np.array_equal(frames[0], frames[1])


def test_each_frame_shows_its_years_winners(shapes) -> None:
    """1984: Mondale's one state (Minnesota, by 0.2 points) in his lightest shade,
    California in Reagan's darkest; the frame before (1980) has Minnesota for Carter too,
    and the same pixels match what `render --year 1984` draws."""
    size = (800, 500)
    data = render_animation(shapes, [1980, 1984], BUNDLE.load, size, "gif")
    assert data is not None
    frames, _ = gif_frames(data)
    results = BUNDLE.load(1984)
    fig, mf = build_figure(shapes, Scenario(results), size)  # the same layout, for places
    fig.canvas.draw()
    fresh = np.asarray(fig.canvas.buffer_rgba())[..., :3]

    def at(frame: np.ndarray, unit: str) -> np.ndarray:
        dx, dy = mf.map_ax.transData.transform(interior_point(shapes, unit))
        return frame[int(size[1] - dy), int(dx)].astype(float) / 255

    for unit in ("MN", "CA"):
        want = mf.palette.unit_color(results[unit].winner, results.margin(unit), False)
        assert np.abs(at(frames[1], unit) - np.array(want)).max() < 0.03, unit
        assert np.abs(at(frames[1], unit) - at(fresh, unit)).max() < 0.03, unit
    mn, ca = at(frames[1], "MN"), at(frames[1], "CA")
    assert mn[2] > mn[0] and ca[0] > ca[2] + 0.3  # blue Minnesota, red California
    before = at(frames[0], "MN")  # Carter's by 3.9 points: a deeper blue
    assert before[2] > before[0] and before.mean() < mn.mean() - 0.05


def test_frames_keep_the_map_view(shapes) -> None:
    """Dark theme: the background of every frame is the dark theme's."""
    data = render_animation(shapes, [1856, 1860], BUNDLE.load, SMALL, "gif",
                            style=MapStyle(theme="dark"))
    assert data is not None
    frames, _ = gif_frames(data)
    for frame in frames:
        assert tuple(frame[2, 2]) == (0x1e, 0x1f, 0x22)


def test_cancel_keeps_nothing(shapes) -> None:
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int, year: int) -> bool:
        seen.append((done, total, year))
        return done < 2  # Cancel after the second frame

    assert render_animation(shapes, [1960, 1964, 1968, 1972], BUNDLE.load, SMALL, "gif",
                            progress=progress) is None
    assert seen == [(1, 4, 1960), (2, 4, 1964)]  # no frame drawn after the answer


def test_refusals_name_the_problem(shapes, monkeypatch, tmp_path) -> None:
    with pytest.raises(AnimationError, match=r"history\.avi.*\.gif or \.mp4"):
        check_format(tmp_path / "history.avi")
    monkeypatch.setattr(animation_format.shutil, "which", lambda _name: None)
    with pytest.raises(AnimationError, match=r"history\.mp4: MP4 needs ffmpeg"):
        check_format(tmp_path / "history.mp4")
    assert check_format(tmp_path / "History.GIF") == "gif"
    with pytest.raises(AnimationError, match="probability map cannot be animated"):
        Animation(shapes, [2024], BUNDLE.load, SMALL, "gif",
                  style=MapStyle(mode="probability"))
    with pytest.raises(AnimationError, match="seconds per election"):
        Animation(shapes, [2024], BUNDLE.load, SMALL, "gif", seconds=0)


@needs_ffmpeg
def test_mp4_lasts_as_long_as_its_frames(shapes, tmp_path) -> None:
    data = render_animation(shapes, [2020, 2024], BUNDLE.load, (401, 251), "mp4",
                            seconds=0.5)
    assert data is not None and data[4:8] == b"ftyp"  # an MP4 file, odd sizes padded
    video = tmp_path / "two.mp4"
    video.write_bytes(data)  # ffprobe reads an MP4's length wrong from a pipe
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", str(video)], capture_output=True,
                         check=True).stdout
    assert float(out) == pytest.approx(0.5 + 1.5, abs=0.15)  # the last held 3 times


@needs_ffmpeg
def test_cancelled_mp4_stops_ffmpeg_and_leaves_no_file(shapes, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert render_animation(shapes, [2016, 2020, 2024], BUNDLE.load, SMALL, "mp4",
                            progress=lambda done, _total, _year: done < 1) is None
    assert list(tmp_path.iterdir()) == []  # ffmpeg's folder, and its half video, are gone
