"""Rows and columns of a legend that lay themselves out once per resolution.

matplotlib's packers work out their children's boxes on every `get_bbox` and again at
every level of `draw`: a legend three packers deep measured its texts about 140 times
per frame (a quarter of a year switch). A legend here is built whole and never changed
afterwards (another election or style builds a new one), so a packer's layout depends
only on the output's resolution and is kept per resolution.
"""

from __future__ import annotations

from typing import Any

from matplotlib.backend_bases import RendererBase
from matplotlib.offsetbox import HPacker, VPacker

# matplotlib's layout methods are private (not in its type stubs): reached loosely typed.
_VPACKER: Any = VPacker
_HPACKER: Any = HPacker


def _memo(packer: Any, renderer: RendererBase, compute: Any) -> Any:
    key = (type(renderer), renderer.points_to_pixels(1.0))
    if packer._layout_key != key:
        packer._layout = compute(renderer)
        packer._layout_key = key
    bbox, offsets = packer._layout
    return bbox.frozen(), list(offsets)  # copies: no caller can change the next frame's


class VPack(VPacker):
    """A column (VPacker) whose layout is computed once per resolution: build it with
    its children and leave them be."""

    _layout_key: tuple[object, ...] | None = None

    def _get_bbox_and_child_offsets(self, renderer: RendererBase) -> Any:
        return _memo(self, renderer, lambda r: _VPACKER._get_bbox_and_child_offsets(self, r))


class HPack(HPacker):
    """A row (HPacker) whose layout is computed once per resolution."""

    _layout_key: tuple[object, ...] | None = None

    def _get_bbox_and_child_offsets(self, renderer: RendererBase) -> Any:
        return _memo(self, renderer, lambda r: _HPACKER._get_bbox_and_child_offsets(self, r))
