"""`electoral-map render --feed FILE --at TIME`: the live-results map at that time, as a
picture (the bundled 2020 count: Pennsylvania led by Trump on 4 November, by Biden at the
end). Pixels are read back from the PNG written."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from tests.ui.helpers import interior_point
from viewer.cli import main
from viewer.resources import data_dir

COUNTS = str(data_dir() / "live_2020_counts.csv")
NOV_4 = datetime(2020, 11, 4, 18, tzinfo=UTC)


def _pa_pixel(png: Path, when: datetime | None) -> np.ndarray:
    """The PNG's colour inside Pennsylvania (the map laid out as `render` lays it out)."""
    from viewer.core.history import Bundle
    from viewer.core.live_count import read_live
    from viewer.core.scenario import Scenario
    from viewer.core.shapes import load_shapes
    from viewer.render.export import build_figure
    from viewer.render.style import MapStyle

    shapes = load_shapes()
    night = read_live(Path(COUNTS)).night
    fig, mf = build_figure(shapes, Scenario(Bundle(data_dir()).load(2020)), (1600, 1000),
                            style=MapStyle("live"),
                            live=(night, when or night.last_time))  # type: ignore[arg-type]
    fig.canvas.draw()  # the map's aspect is applied when drawn
    x, y = mf.map_ax.transData.transform(interior_point(shapes, "PA"))
    image = imread(png)
    return np.asarray(image[int(image.shape[0] - y), int(x), :3], dtype=float)


def _leader_tint(when: datetime | None) -> tuple[str, np.ndarray]:
    """Pennsylvania's leader at ``when`` (None: the end) and the tint the map gives it."""
    from viewer.core.history import Bundle
    from viewer.core.live_count import read_live
    from viewer.render.live_map import tint_strength
    from viewer.render.palette import Palette, mix

    night = read_live(Path(COUNTS)).night
    state = night.unit_as_of("PA", when or night.last_time)  # type: ignore[arg-type]
    assert state.lead is not None and state.lead.leader is not None
    assert state.lead.expected_counted is not None
    palette = Palette.for_results(Bundle(data_dir()).load(2020))
    return state.lead.leader, np.array(mix(palette.party(state.lead.leader),
                                           tint_strength(state.lead.expected_counted)))


def test_render_feed_draws_pennsylvania_in_its_leaders_tint_on_4_november_and_at_the_end(
        tmp_path, capsys):
    early, end = tmp_path / "nov4.png", tmp_path / "end.png"
    assert main(["render", "--feed", COUNTS, "--at", "2020-11-04T18:00Z", "-o", str(early)]) == 0
    assert main(["render", "--feed", COUNTS, "-o", str(end)]) == 0
    out = capsys.readouterr()
    assert f"wrote {early}" in out.out and early.exists() and end.exists()
    assert "more votes counted than the expected total" in out.err  # warned, once, in short
    assert out.err.count("\n") == 2

    leader, tint = _leader_tint(NOV_4)
    assert leader == "REP"
    got = _pa_pixel(early, NOV_4)
    assert np.abs(got - tint).max() < 0.03, (got, tint)
    assert got[0] > got[2]  # red: Trump leads

    leader, tint = _leader_tint(None)
    assert leader == "DEM"
    got = _pa_pixel(end, None)
    assert np.abs(got - tint).max() < 0.03, (got, tint)
    assert got[2] > got[0]  # blue: Biden leads


@pytest.mark.parametrize(("argv", "said"), [
    (["--at", "2020-11-04T18:00Z"], "--at: expected --feed FILE"),
    (["--map", "live"], "--map live: expected --feed FILE"),
    (["--feed", COUNTS, "--map", "winner"], "no --map with --feed"),
    (["--feed", COUNTS, "--year", "2024"], "expected live results of 2024 (--year), got '2020'"),
    (["--feed", COUNTS, "--at", "4 November"], "expected a time with its zone"),
])
def test_render_feed_refuses_what_does_not_fit(tmp_path, capsys, argv, said):
    png = tmp_path / "x.png"
    assert main(["render", *argv, "-o", str(png)]) == 2
    assert said in capsys.readouterr().err
    assert not png.exists()
