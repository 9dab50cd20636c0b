"""Qt-free drawing on a plain matplotlib Figure, shared by the window and `render`."""
