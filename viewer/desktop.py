"""The application's desktop identity, and its freedesktop.org menu entry.

`electoral-map --install-desktop-entry` writes, under the user's data folder
($XDG_DATA_HOME, else ~/.local/share):

    applications/electoral-map.desktop              the menu entry (Exec: this executable)
    icons/hicolor/<N>x<N>/apps/electoral-map.png    N in ICON_SIZES
    icons/hicolor/scalable/apps/electoral-map.svg
    mime/packages/electoral-map.xml                 the scenario file type

and `--uninstall-desktop-entry` removes exactly those files (and the folders they leave
empty). Qt-free: each file is written to a temporary file beside it, then renamed over it.

Scenario files are plain `.json` (what the window saves), so the MIME type is recognised
by content: the `"format": "electoral-map/scenario"` field near the start, as a subclass of
application/json. Other JSON files keep their usual type and application.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

APP_ID = "electoral-map"  # the .desktop file's name, the icon's name, Qt's desktopFileName
APP_NAME = "Electoral Map"
# Qt's organizationDomain; the settings path uses the organisation *name* (ui/settings.py),
# so this changes nothing stored. A reserved example domain until the project has one.
ORGANIZATION_DOMAIN = "electoral-map.example.org"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
SCENARIO_MIME = "application/x-electoral-map-scenario"

_MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{SCENARIO_MIME}">
    <comment>Electoral Map scenario</comment>
    <sub-class-of type="application/json"/>
    <icon name="{APP_ID}"/>
    <magic priority="80">
      <match type="string" value="&quot;electoral-map/scenario&quot;" offset="0:256"/>
    </magic>
  </mime-type>
</mime-info>
"""

# Characters that make an Exec argument need quoting (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopEntryError(Exception):
    """The entry cannot be written as asked (a path Exec cannot express)."""


def data_home(env: Mapping[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME when set to an absolute path (the spec ignores relative ones), else
    ~/.local/share."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_DATA_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg)
    home = env.get("HOME") or str(Path.home())
    return Path(home) / ".local" / "share"


def launch_command() -> list[str]:
    """How this installation is started: the bundle's executable, or the `electoral-map`
    script that is running, by its absolute path (a pipx link stays a link, so upgrades keep
    working), else this Python with `-m viewer`."""
    if getattr(sys, "frozen", False):  # the standalone bundle: its own executable
        return [os.path.abspath(sys.executable)]
    script = sys.argv[0] if sys.argv else ""
    if Path(script).name in ("electoral-map", "electoral-map.exe"):
        found = script if os.sep in script else shutil.which(script)
        if found and os.path.isfile(found):
            return [os.path.abspath(found)]
    return [os.path.abspath(sys.executable), "-m", "viewer"]


def exec_argument(arg: str) -> str:
    """One argument of an Exec line, quoted and escaped as the spec asks (before the
    string-level escaping of the whole value)."""
    if any(ord(c) < 32 or ord(c) == 127 for c in arg):
        raise DesktopEntryError(f"cannot put a control character in a desktop entry: {arg!r}")
    arg = arg.replace("%", "%%")
    if arg and not (_RESERVED & set(arg)):
        return arg
    return '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'


def _string_value(text: str) -> str:
    return text.replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(exec_argument(a) for a in command) + " --open %f"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        # 1.4: desktop-file-validate 0.26 (Debian 12) refuses 1.5 as unknown, and
        # nothing here needs 1.5.
        "Version=1.4",
        f"Name={APP_NAME}",
        "GenericName=Election Results Map",
        "Comment=US presidential election results: map, live blog and what-if scenarios",
        f"Exec={_string_value(exec_line)}",
        f"TryExec={_string_value(command[0])}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "StartupNotify=true",
        # One main category (two would list the app twice in some menus).
        "Categories=Education;DataVisualization;Maps;",
        "Keywords=election;electoral;president;results;map;what-if;",
        f"MimeType={SCENARIO_MIME};",
        "",
    ])


def icons_source() -> Path:
    from viewer.resources import icons_dir

    return icons_dir()


def planned_files(home: Path) -> dict[Path, str]:
    """Every file the entry consists of, mapped to its source ('' for generated text)."""
    hicolor = home / "icons" / "hicolor"
    files: dict[Path, str] = {home / "applications" / f"{APP_ID}.desktop": "",
                              home / "mime" / "packages" / f"{APP_ID}.xml": ""}
    for n in ICON_SIZES:
        files[hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png"] = f"{APP_ID}-{n}.png"
    files[hicolor / "scalable" / "apps" / f"{APP_ID}.svg"] = f"{APP_ID}.svg"
    return files


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def install(home: Path | None = None, command: list[str] | None = None,
            refresh: bool = True) -> list[Path]:
    """Write the entry, icons and MIME type; returns the files written."""
    home = data_home() if home is None else home
    entry = desktop_entry(command or launch_command())
    icons = icons_source()
    written = []
    for path, source in planned_files(home).items():
        if path.suffix == ".desktop":
            data = entry.encode()
        elif path.suffix == ".xml":
            data = _MIME_XML.encode()
        else:
            data = (icons / source).read_bytes()
        _write_atomic(path, data)
        written.append(path)
    if refresh:
        _refresh(home)
    return written


def uninstall(home: Path | None = None, refresh: bool = True) -> list[Path]:
    """Remove what `install` writes (and folders left empty by that); returns the files
    removed. When no other user MIME type or menu entry is left, the databases that
    `install` had the system tools generate go too."""
    home = data_home() if home is None else home
    removed = []
    for path in planned_files(home):
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    if refresh and removed:
        _refresh(home, after_uninstall=True)
    for path in [*planned_files(home), home / "mime" / "application" / "x"]:
        parent = path.parent
        while parent != home and home in parent.parents:
            try:
                parent.rmdir()  # only when empty
            except OSError:
                break
            parent = parent.parent
    return removed


# What update-mime-database and update-desktop-database generate (shared-mime-info,
# desktop-file-utils).
_MIME_DATABASE = ("XMLnamespaces", "aliases", "generic-icons", "globs", "globs2", "icons",
                  "magic", "mime.cache", "subclasses", "treemagic", "types", "version",
                  f"{SCENARIO_MIME}.xml")
_DESKTOP_DATABASE = ("mimeinfo.cache",)


def _refresh(home: Path, after_uninstall: bool = False) -> None:
    """Let the desktop see the change now: the MIME and desktop databases, when the tools
    are installed (their absence only delays it until the next login)."""
    for tool, folder, others, generated in (
            ("update-mime-database", home / "mime", "packages/*.xml", _MIME_DATABASE),
            ("update-desktop-database", home / "applications", "**/*.desktop",
             _DESKTOP_DATABASE)):
        if not folder.is_dir():
            continue
        if after_uninstall and not any(folder.glob(others)):
            for name in generated:  # nothing of the user's left to describe
                if (folder / name).is_file():
                    (folder / name).unlink()
            continue
        exe = shutil.which(tool)
        if exe:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                subprocess.run([exe, str(folder)], capture_output=True, timeout=60, check=False)
