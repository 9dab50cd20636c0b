import os
import sys

if getattr(sys, "frozen", False):
    # The standalone bundle: PyInstaller's matplotlib hook points MPLCONFIGDIR at a new
    # temporary folder on every run, which rebuilds matplotlib's font cache each time
    # (about 2 s a command); matplotlib's usual per-user folders serve instead.
    os.environ.pop("MPLCONFIGDIR", None)

from viewer.cli import main

raise SystemExit(main())
