"""Where the bundled data and shapes live: installed, in a source checkout, or frozen.

Three layouts, tried in this order:

- a PyInstaller bundle (`tools/dev.py bundle`): `sys.frozen` is set and the data sit under
  `sys._MEIPASS` in the checkout's layout (`data/`, `assets/shapes/`, `assets/icons/`);
- an installed wheel: data/ and assets/ are mapped into the `viewer.data` and
  `viewer.assets.*` packages, found with importlib.resources;
- a source checkout or editable install: the top-level folders beside `viewer/`.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def frozen_root() -> Path | None:
    """The bundle's data folder when running from a PyInstaller bundle, else None."""
    root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and root:
        return Path(root)
    return None


def _bundled(package: str, repo_dir: str) -> Traversable:
    frozen = frozen_root()
    if frozen is not None:
        return frozen / repo_dir
    # An installed wheel maps data/ and assets/shapes/ into viewer.data and
    # viewer.assets.shapes; a source checkout or editable install has the
    # top-level folders instead.
    try:
        return files(package)
    except ModuleNotFoundError:
        return _REPO_ROOT / repo_dir


def data_dir() -> Path:
    return Path(str(_bundled("viewer.data", "data")))


def shapes_dir() -> Path:
    return Path(str(_bundled("viewer.assets.shapes", "assets/shapes")))


def default_results_path() -> Path:
    return data_dir() / "results_2024.csv"


def icons_dir() -> Path:
    """The application icon: electoral-map.svg and electoral-map-<N>.png."""
    return Path(str(_bundled("viewer.assets.icons", "assets/icons")))
