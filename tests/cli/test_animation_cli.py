"""`electoral-map render --years A-B -o history.gif`: the elections over the years, one
frame each, with a progress line; bad ranges and options refused with exit status 2 and
nothing written."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from viewer.cli import main
from viewer.render import animation_format


def frames(path) -> list[int]:  # type: ignore[no-untyped-def]
    """Each frame's duration in ms, from the file as a viewer reads it."""
    image = Image.open(io.BytesIO(path.read_bytes()))
    out = []
    for i in range(image.n_frames):
        image.seek(i)
        out.append(image.info["duration"])
    return out


def test_years_range_writes_one_frame_per_election_with_progress(tmp_path, capsys) -> None:
    gif = tmp_path / "history.gif"
    assert main(["render", "--years", "2016-2024", "-o", str(gif), "--size", "400x250"]) == 0
    assert frames(gif) == [800, 800, 2400]  # 2016, 2020, 2024; the last held longer
    out, err = capsys.readouterr()
    assert "frame 1/3 2016" in err and "frame 3/3 2024" in err
    assert f"wrote {gif}" in out and "3 frames" in out


def test_years_list_and_seconds(tmp_path, capsys) -> None:
    gif = tmp_path / "three.gif"
    assert main(["render", "--years", "1860,1912", "-o", str(gif), "--size", "400x250",
                 "--seconds", "1.5", "--theme", "dark"]) == 0
    assert frames(gif) == [1500, 4500]
    assert "frame 2/2 1912" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--years", "1961-1963"], "--years: expected a range holding at least one presidential "
                               "election"),
    (["--years", "1961"], "--years: expected a year with a presidential election"),
    (["--years", "2024-1960"], "from an earlier year to a later one"),
    (["--years", "1700-2024"], "--years: expected years from 1789 to 2024"),
    (["--years", "60-24"], "expected four-digit years"),
    (["--years", "1960-2024", "--flip", "PA"], "--flip does not apply to --years"),
    (["--years", "1960-2024", "--title", "T"], "--title does not apply to --years"),
    (["--years", "2020-2024", "--map", "probability"], "--map: expected margin, winner"),
    ([], "is an animation: give its elections with --years"),
])
def test_bad_years_and_options_are_refused(tmp_path, capsys, argv, message) -> None:
    gif = tmp_path / "history.gif"
    assert main(["render", "-o", str(gif), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not gif.exists()


@pytest.mark.parametrize("name", ["history.png", "history.svg", "history.pdf"])
def test_years_with_a_picture_format_is_refused(tmp_path, capsys, name) -> None:
    assert main(["render", "--years", "1960-2024", "-o", str(tmp_path / name)]) == 2
    assert "write it to a .gif or .mp4 file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["map.tiff", "map.JPG", "map"])
def test_unknown_extension_names_every_accepted_one(tmp_path, capsys, name) -> None:
    """Without --years, the message lists the pictures and the animations --years makes."""
    assert main(["render", "-o", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert (f"{tmp_path / name}: expected a file name ending in .png, .svg or .pdf "
            "(or .gif/.mp4 with --years)") in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_mp4_without_ffmpeg_is_refused(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(animation_format.shutil, "which", lambda _name: None)
    video = tmp_path / "history.mp4"
    assert main(["render", "--years", "2020-2024", "-o", str(video)]) == 2
    assert "ffmpeg" in capsys.readouterr().err
    assert not video.exists()


def test_interrupted_export_leaves_no_file(tmp_path, monkeypatch, capsys) -> None:
    """Ctrl+C after the first frame: nothing is written (the file is written whole at the
    end, through the atomic save), and the message says so."""
    from viewer import cli_animation

    def interrupt(_self, done: int, _total: int, _year: int) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_animation._Progress, "__call__", interrupt)
    gif = tmp_path / "history.gif"
    assert main(["render", "--years", "2016-2024", "-o", str(gif), "--size", "400x250"]) == 130
    assert f"interrupted; {gif} was not written" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_failing_ffmpeg_is_reported_and_nothing_written(tmp_path, capsys, monkeypatch) -> None:
    """An ffmpeg that stops at once (here `false`): exit status 1, ffmpeg named, no file,
    no traceback."""
    import shutil

    false = shutil.which("false")
    assert false is not None
    monkeypatch.setattr(animation_format.shutil, "which", lambda _name: false)
    video = tmp_path / "history.mp4"
    assert main(["render", "--years", "2020-2024", "-o", str(video), "--size", "400x250"]) == 1
    err = capsys.readouterr().err
    assert "ffmpeg" in err and "was not written" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
