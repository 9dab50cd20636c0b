#!/usr/bin/env python3
"""Set up the project's own virtual environment and run the app or the tests.

    python3.11 tools/dev.py run  [electoral-map arguments]
    python3.11 tools/dev.py test [pytest arguments]   (ruff, mypy, then pytest)
    python3.11 tools/dev.py test-core [pytest arguments]   (pytest tests/core tests/cli)
    python3.11 tools/dev.py bench [--json FILE]   (figures for docs/performance.md)
    python3.11 tools/dev.py fuzz                  (thousands of fuzz examples per parser)
    python3.11 tools/dev.py bundle [--dist DIR]   (a standalone one-folder app: dist/electoral-map/)
    python3.11 tools/dev.py setup                 (only set up the environment)
    python3 tools/dev.py find-python 3.12         (print that interpreter, or exit 1)

Python 3.11, 3.12 and 3.13 are supported: run the script with the one you want
(python3.12 tools/dev.py test, …). Each version has its own environment, so switching
between them never rebuilds anything: .venv for 3.11 (the reference version: the whole
suite, mypy and the benchmark figures), .venv-3.12 and .venv-3.13 for the others.
Each installs requirements-3.X.lock when there is one, else requirements.lock (the same
pins install on all three today).

An environment is brought up to date whenever its lock or pyproject.toml change: in place
when the packages it holds still match the lock exactly, else rebuilt from scratch.
Only the Python standard library is used here, so a fresh clone needs nothing else.
"""

from __future__ import annotations

import compileall
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED = ((3, 11), (3, 12), (3, 13))
REFERENCE = (3, 11)  # .venv; requirements.lock was frozen on it


def unsupported_message(version: tuple[int, ...], executable: str) -> str | None:
    """One paragraph when this Python cannot be used, naming the ones found on PATH."""
    if tuple(version[:2]) in SUPPORTED:
        return None
    names = ", ".join(_dotted(v) for v in SUPPORTED[:-1]) + f" and {_dotted(SUPPORTED[-1])}"
    found = [_find(v) for v in SUPPORTED]
    found = [f for f in found if f]
    hint = (f"Found here: {', '.join(found)} (e.g. {found[0]} tools/dev.py run)." if found
            else "None of them was found on PATH: install one (python.org, your "
                 "distribution's python3.12 package, or pyenv) and run this script with it.")
    return (f"Electoral Map supports Python {names}; this is Python "
            f"{'.'.join(map(str, version[:3]))} ({executable}). {hint}")


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def _find(version: tuple[int, int]) -> str | None:
    """python3.X on PATH, else the newest pyenv build of it (pyenv's shims fail for versions
    it has but has not enabled)."""
    name = f"python{_dotted(version)}"
    if _works(shutil.which(name)):
        return name
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    builds = sorted(root.glob(f"{_dotted(version)}.*/bin/{name}"),
                    key=lambda p: [int(x) for x in re.findall(r"\d+", p.parts[-3])])
    return str(builds[-1]) if builds and _works(str(builds[-1])) else None


def _works(exe: str | None) -> bool:
    if exe is None:
        return False
    try:  # a pyenv shim is on PATH even when its version is not enabled
        return subprocess.run([exe, "-c", "pass"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def venv_dir(version: tuple[int, int]) -> Path:
    return ROOT / (".venv" if version == REFERENCE else f".venv-{version[0]}.{version[1]}")


def lock_file(version: tuple[int, int]) -> Path:
    own = ROOT / f"requirements-{version[0]}.{version[1]}.lock"
    return own if own.is_file() else ROOT / "requirements.lock"


VERSION = sys.version_info[:2]
VENV = venv_dir(VERSION)
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wanted() -> dict[str, str]:
    lock = lock_file(VERSION)
    return {"python": f"{VERSION[0]}.{VERSION[1]}", "lock_file": lock.name,
            "lock": _digest(lock), "project": _digest(ROOT / "pyproject.toml")}


def _stamp() -> dict[str, str] | None:
    try:
        got = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return None  # none yet, or the single hash written before per-version environments
    return got if isinstance(got, dict) else None


def _run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)  # type: ignore[arg-type]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines: list[str]) -> set[tuple[str, str]]:
    pins = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, _, version = line.partition("==")
            pins.add((_canonical(name), version.strip()))
    return pins


def _matches_lock(lock: Path) -> bool:
    """The environment holds exactly the locked packages (besides pip and the project)."""
    out = subprocess.run([str(PYTHON), "-m", "pip", "freeze", "--all", "--exclude-editable",
                          "--disable-pip-version-check"], capture_output=True, text=True,
                         cwd=ROOT)
    if out.returncode:
        return False
    have = {p for p in _pins(out.stdout.splitlines())
            if p[0] not in ("pip", "electoral-map")}
    return have == _pins(lock.read_text().splitlines())


def _python_is(version: tuple[int, int]) -> bool:
    if not PYTHON.exists():
        return False
    out = subprocess.run([str(PYTHON), "-c", "import sys; print(*sys.version_info[:2])"],
                         capture_output=True, text=True)
    return out.returncode == 0 and out.stdout.split() == [str(v) for v in version]


def ensure_env() -> None:
    problem = unsupported_message(sys.version_info[:3], sys.executable)
    if problem:
        sys.exit(problem)
    want = _wanted()
    have = _stamp()
    if have == want and PYTHON.exists():
        return
    lock = lock_file(VERSION)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    # The other versions' environments serve the tests: their modules are compiled when
    # first imported, not all at install (which takes 2-3 minutes on a small machine).
    fast = [] if VERSION == REFERENCE else ["--no-compile"]
    if _python_is(VERSION):
        # Bring the environment up to date in place (seconds, and nothing disappears under
        # a test run elsewhere); rebuild only when a package left the lock.
        print(f"Updating {VENV.name} ({lock.name} or pyproject.toml changed)…", flush=True)
        if not (have and have.get("lock") == want["lock"]):
            _run([*pip, "install", *fast, "-r", lock.name])
        if _matches_lock(lock):
            _run([*pip, "install", "--no-deps", "--no-build-isolation", "-e", "."])
            STAMP.write_text(json.dumps(want))
            return
        print(f"{VENV.name} holds packages that are not in {lock.name}: rebuilding it.",
              flush=True)
    print(f"Setting up {VENV.name} for Python {want['python']} (pinned packages from "
          f"{lock.name}; a few minutes)…", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    _run([*pip, "install", *fast, "-r", lock.name])
    _run([*pip, "install", "--no-deps", "--no-build-isolation", "-e", "."])
    STAMP.write_text(json.dumps(want))


def _test_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1", **extra)


def cmd_run(args: list[str]) -> int:
    ensure_env()
    # The app's modules compiled ahead, as pip does for installed packages: where
    # PYTHONDONTWRITEBYTECODE is set, every launch would compile them all (≈ 0.2 s).
    compileall.compile_dir(str(ROOT / "viewer"), quiet=1)
    return subprocess.call([str(BIN / "electoral-map"), *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    ensure_env()
    env = _test_env()
    lint = subprocess.call([str(BIN / "ruff"), "check", "viewer", "tests", "tools"], cwd=ROOT,
                           env=env)
    # viewer/core and viewer/render (pyproject.toml [tool.mypy]); cached in .mypy_cache
    types = subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT, env=env)
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *_workers(args), *args], cwd=ROOT,
                            env=env)
    if lint:
        print("ruff found problems (see above)", file=sys.stderr)
    if types:
        print("mypy found type errors (see above)", file=sys.stderr)
    return tests or lint or types


def _workers(args: list[str]) -> list[str]:
    """One pytest process per core (pytest-xdist), at most four: the window tests are
    CPU-bound and independent (each has its own settings folder, instance name and
    temporary files). Not when the caller chose (-n) or debugs (-x, --pdb)."""
    if any(a in ("-x", "--pdb", "--exitfirst") or a.startswith(("-n", "--numprocesses"))
           for a in args):
        return []
    cores = min(4, os.cpu_count() or 1)
    return ["-n", str(cores), "--dist", "worksteal"] if cores > 1 else []


def cmd_test_core(args: list[str]) -> int:
    """The Qt-free core and the command line: what CI runs on the other Pythons."""
    ensure_env()
    return subprocess.call([str(PYTHON), "-m", "pytest", "-p", "no:cacheprovider",
                            "tests/core", "tests/cli", *args], cwd=ROOT, env=_test_env())


def cmd_bench(args: list[str]) -> int:
    ensure_env()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(PYTHON), "-m", "viewer.bench", *args], cwd=ROOT, env=env)


def cmd_fuzz(args: list[str]) -> int:
    ensure_env()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HYPOTHESIS_PROFILE="fuzz")
    return subprocess.call([str(PYTHON), "-m", "pytest", "tests/fuzz", *args], cwd=ROOT, env=env)


# -- the standalone bundle -------------------------------------------------------------
# PyInstaller (requirements-bundle.lock) is installed on demand into a folder of its own
# under build/, put on PYTHONPATH for the build only: the project's environment keeps
# exactly requirements.lock (anything else there makes ensure_env rebuild it), and people
# who never bundle never download it.
BUNDLE_LOCK = ROOT / "requirements-bundle.lock"
BUNDLE_TOOLS = ROOT / "build" / f"bundle-tools-{VERSION[0]}.{VERSION[1]}"
APP = "electoral-map"
# What the app reads at run time, as (source, folder in the bundle): the checkout's layout,
# which viewer/resources.py looks for under sys._MEIPASS.
BUNDLE_DATA = (("data", "data"), ("assets/shapes", "assets/shapes"),
               ("assets/icons", "assets/icons"))
# Imported by the test and development tools only (never by the app's code paths), GUI
# toolkits matplotlib could use but the app does not, and setuptools (found through
# optional imports; its run-time hook alone would add about 0.1 s to every start).
BUNDLE_EXCLUDES = ("pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "tkinter",
                   "PyInstaller", "IPython", "viewer.bench", "setuptools", "pkg_resources",
                   "_distutils_hack", "distutils")


def ensure_bundle_tools() -> None:
    stamp = BUNDLE_TOOLS / ".installed"
    want = _digest(BUNDLE_LOCK)
    if stamp.is_file() and stamp.read_text() == want:
        return
    print(f"Installing PyInstaller into {BUNDLE_TOOLS.relative_to(ROOT)} "
          f"({BUNDLE_LOCK.name})…", flush=True)
    shutil.rmtree(BUNDLE_TOOLS, ignore_errors=True)
    _run([str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q", "install",
          "--no-deps", "--target", str(BUNDLE_TOOLS), "-r", BUNDLE_LOCK.name])
    stamp.write_text(want)


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()
               and not f.is_symlink()) / 1e6


def cmd_bundle(args: list[str]) -> int:
    """Build dist/electoral-map/ (or DIR/electoral-map/ with --dist DIR): the app, Python,
    Qt and the data in one folder, started by its `electoral-map` executable."""
    import argparse
    import time

    parser = argparse.ArgumentParser(prog="tools/dev.py bundle")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the electoral-map folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=None,
                        help="PyInstaller's work folder (default: build/pyinstaller-3.X/)")
    opts = parser.parse_args(args)
    ensure_env()
    ensure_bundle_tools()
    dist = opts.dist.resolve()
    work = (opts.work or ROOT / "build" / f"pyinstaller-{VERSION[0]}.{VERSION[1]}").resolve()
    cmd = [str(PYTHON), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--onedir", "--name", APP, "--distpath", str(dist), "--workpath", str(work),
           "--specpath", str(work), "--collect-submodules", "viewer"]
    for source, target in BUNDLE_DATA:
        cmd += ["--add-data", f"{ROOT / source}{os.pathsep}{target}"]
    for name in BUNDLE_EXCLUDES:
        cmd += ["--exclude-module", name]
    cmd.append(str(ROOT / "viewer" / "__main__.py"))
    env = dict(os.environ, PYTHONPATH=str(BUNDLE_TOOLS), PYTHONDONTWRITEBYTECODE="1")
    start = time.monotonic()
    _run(cmd, env=env)
    exe = dist / APP / (f"{APP}.exe" if os.name == "nt" else APP)
    print(f"Built {exe} in {time.monotonic() - start:.0f} s "
          f"({_size_mb(dist / APP):.0f} MB); try: {exe} render -o map.png", flush=True)
    return 0


def cmd_find_python(args: list[str]) -> int:
    """Print the interpreter of a supported version (e.g. 3.12), or exit 1 when absent."""
    try:
        version = tuple(int(x) for x in args[0].split("."))
    except (IndexError, ValueError):
        version = ()
    if version not in SUPPORTED:
        print(f"expected one of {', '.join(map(_dotted, SUPPORTED))}", file=sys.stderr)
        return 2
    found = _find(version)  # type: ignore[arg-type]
    if found is None:
        return 1
    print(found)
    return 0


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "test-core": cmd_test_core,
                "bench": cmd_bench, "fuzz": cmd_fuzz, "bundle": cmd_bundle,
                "find-python": cmd_find_python,
                "setup": lambda _a: (ensure_env(), 0)[1]}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
