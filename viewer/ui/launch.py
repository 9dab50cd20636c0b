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
    missing = [pkg for lib, pkg in _XCB_LIBS.items() if not _have_library(lib)]
    if missing:
        return ("Electoral Map cannot open its window because system libraries that Qt needs "
                f"are missing: install {' '.join(missing)} (e.g. sudo apt install "
                f"{' '.join(missing)}), {HEADLESS_HINT}.")
    return None


def _have_library(name: str) -> bool:
    """The system has lib<name>, or the standalone bundle carries its own copy."""
    from viewer.resources import frozen_root

    root = frozen_root()
    if root is not None and any(root.glob(f"lib{name}.so*")):
        return True
    return ctypes.util.find_library(name) is not None


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


BLOG_YEAR = 2024  # the year of the bundled live blog (data/events_2024.json)


def document_for(results, events):  # type: ignore[no-untyped-def]
    """The document the window opens on. The bundled blog is 2024's: another year opens
    without it, set aside with a way back (the live blog's "Back to the 2024 results")."""
    from viewer.resources import default_results_path
    from viewer.ui.document import ElectionDocument

    document = ElectionDocument(results, events if results.year == BLOG_YEAR else [])
    if events and results.year != BLOG_YEAR:
        document.set_aside[BLOG_YEAR] = (list(events), str(default_results_path()))
    return document


def launch(results_path: Path | None = None, scenario_path: Path | None = None,
           year: int | None = None) -> int:
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
    app = QApplication.instance() or QApplication(sys.argv)
    # One window per user: when one is running, it opens the files and this launch ends.
    from viewer.ui.single_instance import Request, hand_over_or_serve

    instance = hand_over_or_serve(Request.of(results_path, scenario_path, year))
    if isinstance(instance, int):
        return instance
    from viewer.core.errors import InputError
    from viewer.core.events import EventsError, bundled_events_path, load_events
    from viewer.core.history import results_for
    from viewer.core.shapes import ShapesError, load_shapes
    from viewer.resources import data_dir

    try:
        results = results_for(results_path, year, data_dir())
        shapes = load_shapes()
    except (InputError, ShapesError) as exc:
        print(f"electoral-map: error: {exc}", file=sys.stderr)
        instance.close()
        return 2
    try:
        events = load_events(bundled_events_path())
    except EventsError as exc:
        print(f"electoral-map: warning: live-blog events not loaded: {exc}", file=sys.stderr)
        events = []

    from viewer.ui.main_window import MainWindow

    set_identity(app)
    document = document_for(results, events)
    window = MainWindow(document, shapes)
    window.first_shown.connect(settle_heap)  # a full collection: after the map is up
    window.show()
    instance.serve(window)
    if scenario_path is not None:
        window.files.open(scenario_path)
    else:
        window.files.offer_recovery()
    try:
        return app.exec()
    finally:
        instance.close()
