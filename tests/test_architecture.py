"""The core and the drawing code stay free of Qt; every package is listed for packaging."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _modules_after_import(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True, cwd=REPO, timeout=120,
    ).stdout
    return set(out.split())


def test_core_imports_no_qt_and_no_matplotlib():
    mods = _modules_after_import(
        "import importlib, pkgutil, viewer.core\n"
        "for m in pkgutil.iter_modules(viewer.core.__path__):\n"
        "    importlib.import_module('viewer.core.' + m.name)")
    assert not any(m.startswith("PySide6") for m in mods)
    assert not any(m.startswith("matplotlib") for m in mods)


def test_render_imports_no_qt():
    mods = _modules_after_import(
        "import importlib, pkgutil, viewer.render\n"
        "for m in pkgutil.iter_modules(viewer.render.__path__):\n"
        "    importlib.import_module('viewer.render.' + m.name)")
    assert not any(m.startswith("PySide6") for m in mods)


def test_headless_summary_does_not_load_qt_or_matplotlib():
    mods = _modules_after_import("from viewer.cli import main\nimport io, contextlib\n"
                                 "with contextlib.redirect_stdout(io.StringIO()):\n"
                                 "    main(['summary'])")
    assert not any(m.startswith(("PySide6", "matplotlib", "geopandas")) for m in mods)


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for p in (REPO / "viewer").rglob("__init__.py")}
    assert found <= listed


def test_no_code_execution_from_data():
    """No eval/exec, pickle or yaml.load anywhere in the app: data is parsed, never run."""
    import re

    banned = re.compile(r"(?<![.\w])(eval|exec)\(|\bpickle\b|yaml\.load\b|marshal\.loads")
    for path in (REPO / "viewer").rglob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            assert not banned.search(line), f"{path.relative_to(REPO)}:{n}: {line.strip()}"
