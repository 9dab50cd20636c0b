"""The window's start: geopandas, pandas and matplotlib are imported before PySide6. Once
PySide6 is imported, its import hook reads the source of every module imported after it
(about 800 for those libraries: ≈ 80 ms and ≈ 40 MB of the start on the benchmark machine)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib.abc, sys
class Probe(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "PySide6":
            loaded = [m for m in ("geopandas", "pandas", "shapely", "matplotlib.figure",
                                  "matplotlib.backends.backend_agg") if m in sys.modules]
            print("before PySide6:", " ".join(loaded), flush=True)
            raise SystemExit(0)
        return None
sys.meta_path.insert(0, Probe())
from viewer.cli import main
main([])
"""


def test_the_window_imports_its_libraries_before_qt() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.split() == ["before", "PySide6:", "geopandas", "pandas", "shapely",
                           "matplotlib.figure", "matplotlib.backends.backend_agg"]
