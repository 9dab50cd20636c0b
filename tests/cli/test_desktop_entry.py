"""`electoral-map --install-desktop-entry` / `--uninstall-desktop-entry`, in a temporary home."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from viewer import desktop
from viewer.cli import main

SIZES = desktop.ICON_SIZES


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "home").mkdir()
    return tmp_path / "data"


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def parse_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_install_writes_a_valid_entry_icons_and_mime_type(home, capsys):
    assert main(["--install-desktop-entry"]) == 0
    out = capsys.readouterr().out
    entry_path = home / "applications" / "electoral-map.desktop"
    assert f"wrote {entry_path}" in out
    entry = parse_entry(entry_path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Electoral Map"
    assert entry["Icon"] == "electoral-map"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Education;DataVisualization;Maps;"
    assert entry["MimeType"] == "application/x-electoral-map-scenario;"
    # run by pytest, not by the electoral-map script: this Python with -m viewer
    assert entry["Exec"] == f"{sys.executable} -m viewer --open %f"
    assert Path(entry["TryExec"]).is_absolute() and Path(entry["TryExec"]).exists()

    hicolor = home / "icons" / "hicolor"
    for n in SIZES:
        assert png_size(hicolor / f"{n}x{n}" / "apps" / "electoral-map.png") == (n, n)
    svg = ET.parse(hicolor / "scalable" / "apps" / "electoral-map.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"

    mime = ET.parse(home / "mime" / "packages" / "electoral-map.xml").getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    mime_type = mime.find(f"{ns}mime-type")
    assert mime_type is not None
    assert mime_type.get("type") == "application/x-electoral-map-scenario"
    parent = mime_type.find(f"{ns}sub-class-of")
    assert parent is not None and parent.get("type") == "application/json"
    # nothing left behind from the atomic writes
    assert not [p for p in tree(home) if Path(p).name.endswith(".tmp")]


def test_the_mime_magic_matches_what_the_window_saves(results_2024):
    from viewer.core.scenario import Scenario
    from viewer.core.scenario_file import scenario_to_json

    head = scenario_to_json(Scenario(results_2024)).encode()[:256]
    assert b'"electoral-map/scenario"' in head


def test_uninstall_removes_exactly_what_install_wrote(home, tmp_path, capsys):
    # the user's own files in the same folders stay
    (home / "applications").mkdir(parents=True)
    (home / "applications" / "other.desktop").write_text("[Desktop Entry]\nType=Application\n")
    before = tree(tmp_path)
    assert main(["--install-desktop-entry"]) == 0
    assert len(tree(home)) > len(before)
    capsys.readouterr()
    assert main(["--uninstall-desktop-entry"]) == 0
    out = capsys.readouterr().out
    assert out.count("removed ") == 2 + len(SIZES) + 1
    # update-desktop-database, where installed, keeps its cache of the other entries' types
    assert [p for p in tree(tmp_path) if not p.endswith("mimeinfo.cache")] == before
    assert main(["--uninstall-desktop-entry"]) == 0
    assert "No Electoral Map desktop entry was installed" in capsys.readouterr().out


def test_without_xdg_data_home_the_entry_goes_under_local_share(home, tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_DATA_HOME")
    assert main(["--install-desktop-entry"]) == 0
    assert (tmp_path / "home/.local/share/applications/electoral-map.desktop").is_file()
    assert not home.exists()
    assert main(["--uninstall-desktop-entry"]) == 0
    assert tree(tmp_path / "home") == [".local", ".local/share"]  # the data folder itself stays


def test_a_relative_xdg_data_home_is_ignored(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": "relative/share"}
    assert desktop.data_home(env) == tmp_path / ".local" / "share"


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="update-mime-database (shared-mime-info) is not installed")
def test_the_mime_database_knows_the_type_until_uninstalled(home, tmp_path):
    assert main(["--install-desktop-entry"]) == 0
    types = home / "mime" / "types"
    assert "application/x-electoral-map-scenario" in types.read_text()
    assert main(["--uninstall-desktop-entry"]) == 0
    assert not (home / "mime").exists()


def test_exec_quotes_paths_with_spaces_and_reserved_characters():
    assert desktop.exec_argument("/usr/bin/electoral-map") == "/usr/bin/electoral-map"
    assert desktop.exec_argument("/home/a b/bin/python") == '"/home/a b/bin/python"'
    assert desktop.exec_argument('/x/"$`\\') == '"/x/\\"\\$\\`\\\\"'
    assert desktop.exec_argument("/100%/python") == "/100%%/python"
    # in the file, the value's own backslashes are escaped once more
    line = desktop.desktop_entry(["/a\\b/electoral-map"]).splitlines()
    assert 'Exec="/a\\\\\\\\b/electoral-map" --open %f' in line
    with pytest.raises(desktop.DesktopEntryError):
        desktop.exec_argument("/tmp/a\nb")


def test_the_installed_script_is_named_by_its_absolute_path(tmp_path, monkeypatch):
    script = tmp_path / "bin" / "electoral-map"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert desktop.launch_command() == [str(script)]
    monkeypatch.setattr(sys, "argv", ["/somewhere/viewer/__main__.py"])
    assert desktop.launch_command() == [sys.executable, "-m", "viewer"]


def test_desktop_flags_take_no_other_arguments(home, capsys):
    assert main(["--install-desktop-entry", "summary"]) == 2
    assert "takes no other arguments" in capsys.readouterr().err
    assert main(["--install-desktop-entry", "--uninstall-desktop-entry"]) == 2
    assert "not allowed with" in capsys.readouterr().err
    assert not home.exists()


def test_open_is_the_window_with_a_scenario(monkeypatch, tmp_path, capsys):
    import viewer.cli as cli

    opened = []
    monkeypatch.setattr(cli, "_run_gui",
                        lambda args: opened.append(getattr(args, "scenario", None)) or 0)
    assert main(["--open", str(tmp_path / "s.json")]) == 0
    assert main(["--open"]) == 0
    assert opened == [tmp_path / "s.json", None]
    assert main(["--open", "x.json", "--scenario", "y.json"]) == 2
    assert "either --open or --scenario" in capsys.readouterr().err
    assert main(["--open", "x.json", "summary"]) == 2


def test_version(capsys):
    import viewer

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"electoral-map {viewer.__version__}\n"


def test_a_real_process_installs_into_a_temporary_home(tmp_path):
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "viewer", "--install-desktop-entry"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".local/share/icons/hicolor/48x48/apps/electoral-map.png").is_file()


@pytest.mark.parametrize("command", [None, ["/opt/Electoral Map/electoral-map"],
                                     ["/usr/bin/python3.11", "-m", "viewer"]])
def test_the_entry_passes_desktop_file_validate(home, command):
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    (entry_path,) = [p for p in desktop.install(home, command, refresh=False)
                     if p.suffix == ".desktop"]
    done = subprocess.run([tool, str(entry_path)], capture_output=True, text=True, timeout=60)
    # errors exit 1; warnings and hints are printed too: none is expected
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_a_bundle_starts_its_own_executable(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/electoral-map/electoral-map")
    assert desktop.launch_command() == ["/opt/electoral-map/electoral-map"]
