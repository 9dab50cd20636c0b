"""The PySide6 window: a thin layer over viewer.core and viewer.render."""
