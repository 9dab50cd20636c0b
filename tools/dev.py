#!/usr/bin/env python3
"""Set up the project's own virtual environment (.venv) and run the app or the tests.

    python3.11 tools/dev.py run  [electoral-map arguments]
    python3.11 tools/dev.py test [pytest arguments]   (ruff, mypy, then pytest)
    python3.11 tools/dev.py bench [--json FILE]   (figures for docs/performance.md)
    python3.11 tools/dev.py fuzz                  (thousands of fuzz examples per parser)

The environment is rebuilt whenever requirements.lock or pyproject.toml change.
Only the Python standard library is used here, so a fresh clone needs nothing else.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def _wanted() -> str:
    h = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def _run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)  # type: ignore[arg-type]


def ensure_env() -> None:
    want = _wanted()
    if STAMP.is_file() and STAMP.read_text() == want and PYTHON.exists():
        return
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Electoral Map needs Python 3.11 to set up (this is "
                 f"{sys.version.split()[0]}): run this script with python3.11.")
    print(f"Setting up {VENV.name} (pinned packages from requirements.lock)…", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "install", "-r", "requirements.lock"])
    _run([*pip, "install", "--no-deps", "--no-build-isolation", "-e", "."])
    STAMP.write_text(want)


def cmd_run(args: list[str]) -> int:
    ensure_env()
    return subprocess.call([str(BIN / "electoral-map"), *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    ensure_env()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    lint = subprocess.call([str(BIN / "ruff"), "check", "viewer", "tests", "tools"], cwd=ROOT,
                           env=env)
    # viewer/core and viewer/render (pyproject.toml [tool.mypy]); cached in .mypy_cache
    types = subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT, env=env)
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    if lint:
        print("ruff found problems (see above)", file=sys.stderr)
    if types:
        print("mypy found type errors (see above)", file=sys.stderr)
    return tests or lint or types


def cmd_bench(args: list[str]) -> int:
    ensure_env()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(PYTHON), "-m", "viewer.bench", *args], cwd=ROOT, env=env)


def cmd_fuzz(args: list[str]) -> int:
    ensure_env()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HYPOTHESIS_PROFILE="fuzz")
    return subprocess.call([str(PYTHON), "-m", "pytest", "tests/fuzz", *args], cwd=ROOT, env=env)


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "bench": cmd_bench, "fuzz": cmd_fuzz,
                "setup": lambda _a: (ensure_env(), 0)[1]}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
