"""Qt-free core: results, scenarios, electoral arithmetic, shapes and events.

Nothing in this package may import PySide6 or matplotlib; a test enforces it.
"""
