"""tools/dev.py: which Pythons it takes, and where each one's environment lives."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("dev", REPO / "tools" / "dev.py")
assert _spec and _spec.loader
dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev)


def test_supported_pythons_each_have_their_own_environment():
    assert dev.unsupported_message((3, 11, 7), "python3.11") is None
    assert dev.unsupported_message((3, 13, 0), "python3.13") is None
    assert dev.venv_dir((3, 11)) == REPO / ".venv"
    assert dev.venv_dir((3, 12)) == REPO / ".venv-3.12"
    assert dev.lock_file((3, 13)).name in ("requirements-3.13.lock", "requirements.lock")


def test_an_unsupported_python_is_named_with_the_supported_ones():
    message = dev.unsupported_message((3, 10, 13), "/usr/bin/python3.10")
    assert message is not None
    assert message.startswith("Electoral Map supports Python 3.11, 3.12 and 3.13; this is "
                              "Python 3.10.13 (/usr/bin/python3.10).")
    assert message.count("python3.1") >= 1


def test_lock_pins_are_compared_by_canonical_name():
    assert dev._pins(["PySide6_Essentials==6.11.3", "# note", "typing-extensions==4.16.0"]) == {
        ("pyside6-essentials", "6.11.3"), ("typing-extensions", "4.16.0")}


def test_find_python_refuses_unsupported_versions():
    done = subprocess.run([sys.executable, str(REPO / "tools" / "dev.py"), "find-python", "3.10"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "expected one of 3.11, 3.12, 3.13" in done.stderr
