"""Where the bundled data and shapes live, installed or in a source checkout."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _bundled(package: str, repo_dir: str) -> Traversable:
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
