"""Start the window, or say in one sentence why it cannot start.

Qt aborts the process when it cannot open a display or load its platform plugin, so the
common causes are checked before Qt is touched.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

HEADLESS_HINT = ("or use the headless commands instead "
                 "(electoral-map summary, electoral-map render -o map.png)")

# System libraries Qt's X11 (xcb) platform plugin loads on Linux, with Debian package names.
_XCB_LIBS = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-image": "libxcb-image0",
}


def preflight(env: dict[str, str] | None = None) -> str | None:
    """A sentence describing why no window can open here, or None if it should work."""
    env = dict(os.environ if env is None else env)
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc …: Qt reports on its own
    if not platform and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return ("Electoral Map needs a graphical display, and none was found (DISPLAY is not "
                f"set): start it from a desktop session, {HEADLESS_HINT}.")
    missing = [pkg for lib, pkg in _XCB_LIBS.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return ("Electoral Map cannot open its window because system libraries that Qt needs "
                f"are missing: install {' '.join(missing)} (e.g. sudo apt install "
                f"{' '.join(missing)}), {HEADLESS_HINT}.")
    return None


def settle_heap() -> None:
    """Move everything built at start-up (shapes, figures, widgets) out of the garbage
    collector's reach: a full collection, which a large live-blog import triggers, then
    scans only what came after and pauses the window for a few ms instead of ~150."""
    import gc

    gc.collect()
    gc.freeze()


def set_identity(app) -> None:  # type: ignore[no-untyped-def]
    """Name, organisation, desktop file name and icon, so the desktop groups the window
    with its menu entry and shows our icon (settings stay where ui/settings.py says)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QIcon

    from viewer import __version__
    from viewer.desktop import APP_ID, ICON_SIZES, ORGANIZATION_DOMAIN
    from viewer.resources import icons_dir
    from viewer.ui.settings import APPLICATION, ORGANIZATION

    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    icon = QIcon()
    for n in ICON_SIZES:
        icon.addFile(str(icons_dir() / f"{APP_ID}-{n}.png"), QSize(n, n))
    app.setWindowIcon(icon)


def launch(results_path: Path | None = None, scenario_path: Path | None = None) -> int:
    problem = preflight()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:
        print("Electoral Map cannot open its window because Qt could not be loaded "
              f"({exc}): install the system's OpenGL/EGL libraries (e.g. sudo apt install "
              f"libegl1 libgl1), {HEADLESS_HINT}.", file=sys.stderr)
        return 1
    from viewer.core.errors import InputError
    from viewer.core.events import EventsError, bundled_events_path, load_events
    from viewer.core.results import load_results
    from viewer.core.shapes import ShapesError, load_shapes
    from viewer.resources import default_results_path

    try:
        results = load_results(results_path or default_results_path())
        shapes = load_shapes()
    except (InputError, ShapesError) as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        return 2
    try:
        events = load_events(bundled_events_path())
    except EventsError as exc:
        print(f"electoral-map: warning: live-blog events not loaded: {exc}", file=sys.stderr)
        events = []

    from viewer.ui.document import ElectionDocument
    from viewer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    set_identity(app)
    document = ElectionDocument(results, events)
    window = MainWindow(document, shapes)
    window.show()
    settle_heap()
    if scenario_path is not None:
        window.files.open(scenario_path)
    else:
        window.files.offer_recovery()
    return app.exec()
