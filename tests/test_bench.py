"""The benchmark keeps working: run it once with tiny counts and check its report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

NAMES = {"startup_s", "bare_imports_s", "cycle_repaint_ms", "click_flip_ms", "hover_ms",
         "undo_key_ms", "swing_step_ms", "hit_test_ms", "swing_set_repaint_ms",
         "paths_all_undecided_ms", "import_10k_text_s", "import_10k_feed_s", "rss_mb",
         "bare_imports_rss_mb", "resize_repaint_ms", "liveblog_10k_parse_s",
         "liveblog_10k_parse_stall_ms",
         "liveblog_10k_window_open_s", "liveblog_10k_window_stall_ms",
         "live_load_ms", "live_cursor_ms", "live_replay_cursor_ms", "live_follow_stall_ms",
         "animation_60_gif_s",
         "forecast_undo_edit_ms", "forecast_rate_click_ms", "window_restore_probability_ms",
         "timeline_year_ms", "timeline_year_drawn_ms", "timeline_frames_ready_s",
         "timeline_play_eps"}


def test_bench_runs_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "viewer.bench", "--runs", "1", "--flips", "3",
                           "--smoke", "--json", str(out)], capture_output=True,
                          text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert "startup_ratio" in proc.stdout
    report = json.loads(out.read_text())
    assert set(report["figures"]) >= NAMES
    assert report["smoke"] and "SMOKE RUN" in proc.stdout  # never passed off as 10k
    # Sane, not merely ordered: each figure in its unit, within what a working app could
    # take on any machine, over the number of samples asked for.
    ceilings = {"s": 120.0, "ms": 10_000.0, "MB": 4_000.0, "/s": 1_000.0}
    for name in NAMES:
        f = report["figures"][name]
        assert f["unit"] in ceilings, name
        assert 0 < f["median"] <= f["p95"] < ceilings[f["unit"]], (name, f)
    for name in ("click_flip_ms", "hover_ms", "swing_step_ms", "undo_key_ms",
                 "cycle_repaint_ms"):
        assert report["figures"][name]["n"] == 3, name  # --flips 3: every sample taken
    assert isinstance(report["missed_targets"], list)
    assert report["machine"]["cores"] >= 1 and report["startup_ratio"] > 0
