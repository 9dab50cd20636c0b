"""The core and the drawing code stay free of Qt; every package is listed for packaging.

Import contracts, checked statically over every module (imports inside functions too) and by
importing in a fresh interpreter:
- viewer.core imports neither viewer.render nor viewer.ui (nor viewer.storage, viewer.cli);
- viewer.render never imports viewer.ui (nor viewer.storage, viewer.cli);
- Qt (PySide6, matplotlib's Qt backends, and viewer.ui, the window) is imported only in
  viewer.ui, viewer.storage (file writes with QSaveFile), viewer.bench (the window
  benchmark) and, in viewer.cli, only inside the function that starts the window. The
  CLI's commands that write files import viewer.storage inside those commands.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _modules_after_import(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True, cwd=REPO, timeout=120,
    ).stdout
    return set(out.split())


def _import_all(package: str) -> str:
    """Code that imports every module of the package, subpackages included."""
    return (f"import importlib, pkgutil, {package}\n"
            f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
            "    importlib.import_module(m.name)\n"
            f"assert 'viewer.core.importers.feeds' in sys.modules or '{package}' != 'viewer.core'")


def _loaded(mods: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in mods if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_core_imports_no_qt_no_matplotlib_no_render_no_ui():
    mods = _modules_after_import("import sys\n" + _import_all("viewer.core"))
    assert _loaded(mods, "PySide6", "shiboken6", "matplotlib", "viewer.render", "viewer.ui",
                   "viewer.storage") == []


def test_render_imports_no_qt_and_no_ui():
    mods = _modules_after_import("import sys\n" + _import_all("viewer.render"))
    assert "viewer.render.map_figure" in mods
    assert _loaded(mods, "PySide6", "shiboken6", "viewer.ui", "viewer.storage") == []


# -- the same contracts, read from the source of every module ------------------------------
QT = ("PySide6", "shiboken6", "matplotlib.backends.backend_qt",
      "matplotlib.backends.backend_qtagg", "matplotlib.backends.backend_qtcairo",
      "matplotlib.backends.qt_compat", "viewer.ui")
ABOVE_RENDER = ("viewer.ui", "viewer.storage", "viewer.cli")  # none of it below the window
QT_HOMES = ("viewer.ui", "viewer.storage", "viewer.bench")  # Qt is theirs to import
WINDOW_STARTER = ("viewer.cli", "_run_gui")  # the CLI's window path


@dataclass(frozen=True)
class Import:
    module: str
    line: int
    function: str | None  # the outermost function it is in; None: at module level


def _within(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def imports_in(source: str, module: str, is_package: bool = False) -> list[Import]:
    """Every module the source imports, wherever the import statement is (module level,
    functions, classes, conditionals); ``from a import b`` counts as importing a and a.b,
    and relative imports are resolved against ``module``."""
    found: list[Import] = []
    package = module.split(".") if is_package else module.split(".")[:-1]

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                inner = function or getattr(child, "name", "<lambda>")
            if isinstance(child, ast.Import):
                found.extend(Import(a.name, child.lineno, function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package[:len(package) - child.level + 1]
                    base = ".".join([*parts, *([base] if base else [])])
                found.append(Import(base, child.lineno, function))
                found.extend(Import(f"{base}.{a.name}", child.lineno, function)
                             for a in child.names if a.name != "*")
            visit(child, inner)

    visit(ast.parse(source), None)
    return found


def violations(module: str, imports: list[Import]) -> list[str]:
    """The import contracts this module's imports break, one line each."""
    out = []
    for imp in imports:
        where = f"{module}:{imp.line} imports {imp.module}"
        if _within(module, "viewer.core") and _within(imp.module, "viewer.render",
                                                      *ABOVE_RENDER):
            out.append(f"{where}: the core imports no drawing and no window code")
        elif _within(module, "viewer.render") and _within(imp.module, *ABOVE_RENDER):
            out.append(f"{where}: the drawing code imports no window code")
        elif (_within(imp.module, *QT) and not _within(module, *QT_HOMES)
              and (module, imp.function) != WINDOW_STARTER):
            out.append(f"{where}: Qt outside the window, the file writes and "
                       f"{WINDOW_STARTER[0]}.{WINDOW_STARTER[1]}")
    return out


def _app_modules() -> list[tuple[str, Path]]:
    roots = {"viewer": REPO / "viewer", "viewer.assets": REPO / "assets",
             "viewer.data": REPO / "data"}
    out = []
    for name, root in roots.items():
        for path in sorted(root.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            out.append((".".join([name, *parts]), path))
    return out


def test_every_module_keeps_the_import_contracts():
    modules = _app_modules()
    assert len(modules) > 60
    broken = []
    for name, path in modules:
        is_package = path.name == "__init__.py"
        module = name.removesuffix(".__init__")
        broken += violations(module, imports_in(path.read_text(), module, is_package))
    assert broken == []


@pytest.mark.parametrize(("module", "source", "expected"), [
    ("viewer.core.x", "def f():\n    if True:\n        from PySide6.QtCore import Qt\n",
     "viewer.core.x:3 imports PySide6.QtCore: Qt outside"),
    ("viewer.core.x", "import viewer.render.palette\n", "the core imports no drawing"),
    ("viewer.core.x", "from viewer import ui\n", "the core imports no drawing"),
    ("viewer.core.importers.x", "from ...ui import main_window\n",
     "imports viewer.ui: the core imports no"),
    ("viewer.core", "from .. import storage\n", "imports viewer.storage: the core"),
    ("viewer.cli", "def _render(a):\n    from viewer.storage import write_bytes\n", None),
    ("viewer.render.x", "class A:\n    def f(self):\n        import viewer.ui.document\n",
     "the drawing code imports no window code"),
    ("viewer.render.x", "import matplotlib.backends.backend_qtagg\n", "Qt outside"),
    ("viewer.cli", "import PySide6\n", "viewer.cli:1 imports PySide6: Qt outside"),
    ("viewer.cli", "def _render(a):\n    from viewer.ui.launch import launch\n",
     "viewer.cli:2 imports viewer.ui"),
    ("viewer.cli", "def _run_gui(a):\n    def inner():\n        return 1\n"
                   "    from PySide6 import QtCore\n", None),
    ("viewer.ui.x", "from PySide6.QtWidgets import QWidget\n", None),
    ("viewer.render.x", "from matplotlib.figure import Figure\nimport viewer.core\n", None),
])
def test_the_import_checker_finds_planted_violations(module, source, expected):
    is_package = module == "viewer.core"
    found = violations(module, imports_in(source, module, is_package))
    if expected is None:
        assert found == []
    else:
        assert any(expected in line for line in found), found


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


def test_pinned_dependencies_match_the_lock_file():
    """pyproject's pins (the app's and the test tools', mypy among them) are the versions
    requirements.lock installs, and the type check covers the core and the drawing code."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    locked = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            locked[name.lower().replace("_", "-")] = version
    pins = [*project["project"]["dependencies"],
            *project["project"]["optional-dependencies"]["test"]]
    for pin in pins:
        name, _, version = pin.partition("==")
        assert locked.get(name.lower().replace("_", "-")) == version, pin
    assert "mypy" in {p.partition("==")[0] for p in pins}
    assert set(project["tool"]["mypy"]["files"]) >= {"viewer/core", "viewer/render"}


def unexplained_ignores(source: str) -> list[int]:
    """Lines with a ``type: ignore`` that neither ends in a comment saying why nor follows
    a comment line."""
    lines = source.splitlines()
    out = []
    for n, line in enumerate(lines):
        _, found, after = line.partition("# type: ignore")
        if not found:
            continue
        says_why = "#" in after or (n > 0 and lines[n - 1].strip().startswith("#"))
        if not says_why:
            out.append(n + 1)
    return out


def test_type_checked_code_explains_its_ignores():
    assert unexplained_ignores("x = f()  # type: ignore[arg-type]\n") == [1]
    assert unexplained_ignores("x = f()  # type: ignore[arg-type]  # stubs lack arrays\n") == []
    assert unexplained_ignores("# the stubs lack arrays\nx = f()  # type: ignore[arg-type]\n") \
        == []
    found = {str(path.relative_to(REPO)): lines
             for package in ("core", "render") for path in (REPO / "viewer" / package).rglob("*.py")
             if (lines := unexplained_ignores(path.read_text()))}
    assert found == {}
