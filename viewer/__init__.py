"""Electoral Map: a desktop viewer for US presidential election results."""

__version__ = "0.1.0"
