import os
import sys

if getattr(sys, "frozen", False):
    # The standalone bundle: PyInstaller's matplotlib hook points MPLCONFIGDIR at a new
    # temporary folder on every run, which rebuilds matplotlib's font cache each time
    # (about 2 s a command); matplotlib's usual per-user folders serve instead.
    os.environ.pop("MPLCONFIGDIR", None)

if sys.argv[1:] == ["--frame-worker"]:  # the bundle's maps drawn ahead (year_frames.py)
    from viewer.render.year_frames import main as frame_worker

    frame_worker()
    raise SystemExit(0)

from viewer.cli import main

raise SystemExit(main())
