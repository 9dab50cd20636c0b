"""Titles, names and the source line: drawn from the data, never guessed, never overlapping.

Each test renders a PNG, then measures the texts with the figure's renderer."""

from __future__ import annotations

import io
import logging
import warnings

import pytest
from matplotlib.transforms import Bbox

from viewer.cli import main
from viewer.core.results import load_results, parse_results
from viewer.core.scenario import Scenario
from viewer.render.export import build_figure
from viewer.resources import default_results_path

LONG = ("What if the blue wall had held in Pennsylvania, Michigan and Wisconsin while "
        "Arizona, Georgia, Nevada and North Carolina stayed with the Republican candidate "
        "and Nebraska's second district went to the Democrats as it did in 2020")
PLACEHOLDER = "\ufffd"  # how a character no font can draw is shown
SIZES = [(1600, 1000), (800, 500), (480, 320)]


def rendered(shapes, scenario, size, **kw):  # type: ignore[no-untyped-def]
    """Build and draw to PNG; no matplotlib warning (e.g. a missing glyph) may come up."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, mf = build_figure(shapes, scenario, size, **kw)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    assert buf.getvalue().startswith(b"\x89PNG")
    return fig, mf, fig.canvas.get_renderer()


def assert_title_clear(fig, mf, renderer) -> Bbox:  # type: ignore[no-untyped-def]
    title = mf.title.get_window_extent(renderer)
    bar = mf.bar_ax.transData.transform_bbox(Bbox([[0, 0.08], [538, 0.78]]))
    labels = (mf.bar.to_win_text, mf.bar.left_label, mf.bar.right_label)  # the texts above the bar
    for other in [*(t.get_window_extent(renderer) for t in labels), bar]:
        assert not title.overlaps(other), (mf.title.get_text(), title, other)
    assert title.x0 >= 0 and title.x1 <= fig.bbox.width
    assert title.y0 >= 0 and title.y1 <= fig.bbox.height
    return title


@pytest.mark.parametrize("size", SIZES)
def test_a_long_title_wraps_or_shrinks_clear_of_the_bar(shapes, results_2024, size):
    fig, mf, renderer = rendered(shapes, Scenario(results_2024), size, title=LONG)
    assert_title_clear(fig, mf, renderer)
    shown = " ".join(mf.title.get_text().split())
    if size[0] >= 800:  # room for the whole title on two or three lines
        assert shown == LONG and mf.warnings == []
    else:  # the start of it, marked as shortened, and said so
        assert shown.endswith("…") and LONG.startswith(shown[:-1].rstrip())
        assert any("shortened" in w for w in mf.warnings)


@pytest.mark.parametrize("size", [(1600, 1000), (640, 400), (480, 320)])
def test_a_short_title_stays_big_and_on_one_line(shapes, results_2024, size):
    fig, mf, renderer = rendered(shapes, Scenario(results_2024), size, title="Blue wall")
    assert_title_clear(fig, mf, renderer)
    assert mf.title.get_text() == "Blue wall"  # one line, whole
    assert mf.title.get_fontsize() == 12 if size[1] >= 500 else mf.title.get_fontsize() >= 7


def test_a_title_with_no_room_at_all_is_left_out_and_said_so(shapes, results_2024):
    _, mf, _ = rendered(shapes, Scenario(results_2024), (200, 150), title=LONG)
    assert mf.title.get_text() == "" and any("left out" in w for w in mf.warnings)


def test_cjk_title_is_drawn_or_clearly_marked_and_warned_once(shapes, results_2024, caplog):
    title = "2024年美國總統選舉結果 — 各州"
    from viewer.render.fonts import text_font

    font = text_font(title, "bold", "title")
    with caplog.at_level(logging.WARNING, logger="viewer.render.fonts"):
        for size in ((1600, 1000), (800, 500)):
            fig, mf, renderer = rendered(shapes, Scenario(results_2024), size, title=title)
            assert_title_clear(fig, mf, renderer)
    if not font.missing:  # a font with these glyphs is installed: the title as given
        assert mf.title.get_text() == title and len(font.families) > 1
        return
    # No installed font has them (DejaVu Sans has no CJK): marked, not tofu, said once
    assert mf.title.get_text() == f"2024{PLACEHOLDER} — {PLACEHOLDER}"
    assert any("no installed font" in w and "Noto Sans CJK" in w for w in mf.warnings)
    assert sum("no installed font" in r.getMessage() for r in caplog.records) == 1


def test_a_glyph_only_another_installed_font_has_is_drawn_with_it(shapes, results_2024):
    # Matplotlib ships STIX, which has a few glyphs DejaVu Sans lacks (HIRAGANA NO, ℊ)
    title = "Results の ℊ map"
    fig, mf, renderer = rendered(shapes, Scenario(results_2024), (1200, 750), title=title)
    assert mf.title.get_text() == title and mf.warnings == []
    assert "STIXGeneral" in mf.title.get_fontfamily()
    assert_title_clear(fig, mf, renderer)


@pytest.mark.parametrize("title", ["תוצאות 2024", "نتائج 2024"])
def test_right_to_left_titles_are_not_drawn_backwards(shapes, results_2024, title):
    _, mf, _ = rendered(shapes, Scenario(results_2024), (1200, 750), title=title)
    assert mf.title.get_text() == f"{PLACEHOLDER} 2024"
    assert any("right-to-left" in w for w in mf.warnings)


def test_candidate_names_from_the_file_get_the_same_care(shapes, results_2024):
    text = default_results_path().read_text().replace("Kamala Harris", "賀錦麗 Harris")
    results = parse_results(text, "cjk.csv")
    fig, mf, renderer = rendered(shapes, Scenario(results), (1200, 750))
    left = mf.bar.left_label.get_text()
    assert left.endswith("Harris  226") and ("賀錦麗" in left or PLACEHOLDER in left)
    assert_title_clear(fig, mf, renderer)


# -- the source line ----------------------------------------------------------------------

def source_texts(fig) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in fig.texts if "Results:" in t.get_text()
            or "Shapes:" in t.get_text()]


def test_the_source_line_comes_from_the_results_file(shapes, results_2024):
    assert results_2024.data_source.startswith("FEC, Official 2024")
    fig, _, _ = rendered(shapes, Scenario(results_2024), (1600, 1000))
    assert source_texts(fig) == [f"Results: {results_2024.data_source}. "
                                 "Shapes: US Census Bureau."]
    older = load_results(default_results_path().with_name("results_2020.csv"))
    fig, _, _ = rendered(shapes, Scenario(older), (1600, 1000))
    assert source_texts(fig)[0].startswith("Results: FEC, Federal Elections 2020")


def test_a_file_without_a_source_gets_no_results_source(shapes, results_2024, tmp_path,
                                                        capsys):
    lines = default_results_path().read_text().splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("# source:"))
    results = parse_results(text, "mine.csv")
    assert results.data_source == ""
    fig, _, _ = rendered(shapes, Scenario(results), (1600, 1000))
    assert source_texts(fig) == ["Shapes: US Census Bureau."]  # nothing said of the results
    path = tmp_path / "mine.csv"
    path.write_text(text)
    svg = tmp_path / "m.svg"
    assert main(["render", "--results", str(path), "-o", str(svg)]) == 0
    assert "FEC" not in svg.read_text() and "Results:" not in svg.read_text()


def test_tiles_say_nothing_of_census_shapes(results_2024):
    from viewer.core.tiles import tile_shapes
    from viewer.render.style import MapStyle

    fig, _, _ = rendered(tile_shapes(), Scenario(results_2024), (1200, 800),
                         style=MapStyle(layout="tiles"))
    assert source_texts(fig) == [f"Results: {results_2024.data_source}."]


@pytest.mark.parametrize("size", [(800, 500), (480, 320), (300, 1000)])
def test_the_source_line_never_overlaps_the_legend_or_leaves_the_picture(shapes, results_2024,
                                                                         size):
    fig, mf, renderer = rendered(shapes, Scenario(results_2024), size)
    text = mf.source.get_text()
    if not text:
        assert any("source line" in w and "left out" in w for w in mf.warnings)
        return
    box = mf.source.get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width and box.y0 >= 0
    for artist in mf.legend_ax.artists:
        assert not box.overlaps(artist.get_window_extent(renderer))
    assert text.startswith("Results: FEC")


@pytest.mark.parametrize("mode", ["margin", "winner"])
def test_a_first_flip_leaves_the_window_s_source_line_as_it_was(results_2024, mode):
    """The window keeps the source line clear of the room the what-if marks' entry will
    take in the legend, so a first flip does not move or drop it. It was kept clear of
    that entry once more after the flip (the entry then in the legend): in the tile map
    at 788×757 the source line was left out at the next full draw."""
    from viewer.core.scenario import SetUnits
    from viewer.core.tiles import tile_shapes
    from viewer.render.style import MapStyle

    scenario = Scenario(results_2024)
    style = MapStyle(layout="tiles", theme="dark", mode=mode)
    _, mf = build_figure(tile_shapes(), scenario, (788, 757), style=style)
    mf.set_live(True)
    mf.fit()
    before = mf.source.get_text()
    assert before.startswith("Results: FEC")
    scenario.apply(SetUnits((("PA", "DEM"),)))
    mf.update(["PA"])
    mf.fit()  # the next full draw
    assert mf.source.get_text() == before
