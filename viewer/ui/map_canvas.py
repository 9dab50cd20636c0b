"""The matplotlib canvas in the window's centre: hosts the shared MapFigure, turns
mouse moves into tooltips, clicks into unit signals and arrow keys into moves between
neighbouring units, zooms and pans the map (wheel, drag, Ctrl++/Ctrl+-/Ctrl+0, Shift+arrow
keys, double-click to reset), and redraws only on request."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from PySide6.QtCore import QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCursor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QRegion,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from viewer.core.forecast.simulate import Forecast
from viewer.core.history import Bundle
from viewer.core.live_count.model import Night
from viewer.core.scenario import Scenario
from viewer.core.shapes import MapShapes
from viewer.core.units import UNITS
from viewer.render.damage import DamageTracker
from viewer.render.map_figure import MapFigure
from viewer.render.style import LIVE, PROBABILITY, MapStyle
from viewer.render.year_frames import NOT_AHEAD, FrameSpec, election_of_year
from viewer.render.zoom import MAX_ZOOM, MapView
from viewer.resources import data_dir
from viewer.ui.details_text import count_text, unit_margin_text
from viewer.ui.document import ElectionDocument
from viewer.ui.frames_ahead import FramesAhead
from viewer.ui.history_tips import absent_text, history_lines
from viewer.ui.text_warmer import TextWarmer

ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, 1),
          Qt.Key.Key_Down: (0, -1)}
WHEEL_ZOOM = 1.25  # per notch of the wheel (120 eighths of a degree)
KEY_ZOOM = 1.5  # per Ctrl++ / Ctrl+-
KEY_PAN = 0.15  # Shift+arrow: this share of the view's width or height


def drop_pick_events(canvas: FigureCanvasBase) -> None:
    """Stop the figure's pick pass: on every press and scroll matplotlib walks all its
    artists for pick events, and nothing here listens to them (clicks are hit-tested
    against the shapes)."""
    canvas.mpl_disconnect(canvas.button_pick_id)
    canvas.mpl_disconnect(canvas.scroll_pick_id)


def _fresh(scenario: Scenario) -> bool:
    """As the timeline opens an election: nothing flipped, locked, titled or noted."""
    return not (scenario.overrides or scenario.locked or scenario.title or scenario.note)


class MapCanvas(FigureCanvasQTAgg):
    unit_clicked = Signal(str)
    unit_hovered = Signal(object)  # unit code or None
    painted = Signal()

    def __init__(self, document: ElectionDocument, shapes: MapShapes,
                 parent: QWidget | None = None) -> None:
        fig = Figure(figsize=(12, 7.5), dpi=100)
        super().__init__(fig)
        drop_pick_events(self)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 320)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys move the selection
        self.setAccessibleName("Election map")
        self.setAccessibleDescription("Click a unit for its details; arrow keys move to a "
                                      "neighbouring unit; Space flips it in what-if mode.")
        self.document = document
        self.geo_shapes = shapes
        self._tiles: MapShapes | None = None
        self.draw_count = 0  # full redraws
        self.blit_count = 0  # fast updates over the cached frame
        # What the probability map shows (forecast mode: the Forecast tab's) and its source
        self.forecast: Forecast | None = None
        self.forecast_source = ""
        # What the live-results map shows (issue #18): a night and the time it is shown at
        self.live_night: Night | None = None
        self.live_time: datetime | None = None
        self.live_ahead: tuple[datetime, ...] = ()  # see MapFigure.live_ahead
        # Maps of other years drawn ahead in another process (set by the window; None:
        # each year is drawn when shown). While the widget shows one, the figure still
        # has the year before: it catches up when the user pauses, or when anything
        # needs it (``map_figure`` brings it up to date first).
        self.frames: FramesAhead | None = None
        self.ahead_count = 0  # year changes painted from a frame drawn ahead
        self._stale = False
        self._ahead_paint = False  # a frame shown ahead waits for the end of its action
        self._painting_ahead = False
        self._ahead_spec: FrameSpec | None = None
        # The widget's pixels while it shows a frame drawn ahead (with the outlines), kept
        # to compare with the window's drawing when it catches up; its memory is kept from
        # one frame to the next (3 MB mapped afresh cost ≈ 2 ms of page faults after a
        # pause, the first step's).
        self._shown: np.ndarray | None = None
        self._timeline_used = False  # frames are drawn ahead once the year has changed
        self._bundle = Bundle(data_dir())  # the elections the timeline shows
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.setInterval(300)
        self._catch_up.timeout.connect(self._catch_up_now)
        self._ask = QTimer(self)  # a burst of draws (a resize) asks for frames once
        self._ask.setSingleShot(True)
        self._ask.setInterval(500)
        self._ask.timeout.connect(self._ask_for_frames)
        self.map_figure = MapFigure(fig, self.shapes, document.scenario, style=document.style,
                                    swing=document.swing_points)
        self.map_figure.set_live(True)
        self._damage = self._tracker()
        self.repainted_boxes: list[Bbox] = []
        self._background: object | None = None
        # After a burst of edits, fold the overlay into a fresh full frame while idle.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(700)
        self._settle.timeout.connect(self._settle_frame)
        # Several changes from one user action (edit + selection) make one repaint.
        self._fast = QTimer(self)
        self._fast.setSingleShot(True)
        self._fast.setInterval(0)
        self._fast.timeout.connect(self._update_fast_now)
        # Nothing is laid out ahead for a figure not shown (a year drawn ahead, or a closed
        # window, whose timers can still fire until it is deleted)
        self.text_warmer = TextWarmer(
            lambda: None if self._stale or not self.isVisible() else self._figure,
            self.get_renderer, self)
        self._hover: str | None = None
        # Zoom and pan: only the map's axes change; a press on a zoomed map is a click
        # when released without moving further than the drag distance, else a pan.
        self.view = MapView(self._home_limits())
        self._press: tuple[float, float, float, float, float, float] | None = None
        self._dragging = False
        self._create_zoom_actions()
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("button_press_event", self._on_press)
        self.mpl_connect("button_release_event", self._on_release)
        self.mpl_connect("figure_leave_event", lambda _e: self._set_hover(None, None))
        document.scenario_changed.connect(self._on_scenario_changed)
        document.swing_changed.connect(self._on_swing)
        document.results_replaced.connect(self._on_results_replaced)
        document.selection_changed.connect(self._on_selection)
        document.highlight_changed.connect(self._on_highlight)
        document.as_of_changed.connect(self._on_as_of)
        document.style_changed.connect(self._on_style)
        document.action_over.connect(self.paint_pending)

    @property
    def map_figure(self) -> MapFigure:
        """The figure, showing the document's election (caught up first if the widget
        shows a frame drawn ahead)."""
        if self._stale:
            self._sync_year()
        return self._figure

    @map_figure.setter
    def map_figure(self, figure: MapFigure) -> None:
        self._figure = figure
        self._stale = False

    @property
    def shapes(self) -> MapShapes:
        """The geometry in use: the geographic map, or the tile map (built on first use)."""
        if self.document.style.layout != "tiles":
            return self.geo_shapes
        if self._tiles is None:
            from viewer.core.tiles import tile_shapes

            self._tiles = tile_shapes()
        return self._tiles

    # -- drawing --------------------------------------------------------------------
    def draw(self) -> None:
        """Full redraw: the static map is cached, then the changing artists go on top."""
        self.map_figure.before_full_draw()
        super().draw()
        self._background = self.copy_from_bbox(self.figure.bbox)
        self._draw_dynamic()
        self._damage.reset()
        self.draw_count += 1
        self.text_warmer.schedule()
        if self.frames is not None and self._timeline_used:
            self._ask.start()

    def _tracker(self) -> DamageTracker:
        return DamageTracker(self.map_figure.live_parts(), lambda: self.figure.bbox)

    def _draw_dynamic(self) -> None:
        for artist in self.map_figure.dynamic_artists():
            self.figure.draw_artist(artist)  # type: ignore[arg-type]

    def update_fast(self) -> None:
        """Ask for a repaint of what changed, once the current event is handled."""
        self._fast.start()

    def update_fast_now(self) -> None:
        """Repaint what changed now, not once the current event is handled."""
        self._fast.stop()
        self._update_fast_now()

    def paint_pending(self) -> None:
        """The action is over: its repaint is made now, not after the other widgets'."""
        if self._ahead_paint:
            self._ahead_paint = False
            self._painting_ahead = True
            try:
                self.repaint()
            finally:
                self._painting_ahead = False
            self.ahead_count += 1
            return
        if self._fast.isActive():
            self.update_fast_now()

    def _update_fast_now(self) -> None:
        """Repaint what changed over the cached frame; fall back to a full draw."""
        if self._background is None:
            self.draw_idle()
            return
        self.map_figure.clip_map()  # labels drawn again over flips, cut like the rest
        boxes, parts = self._damage.plan()
        renderer = self.get_renderer()
        height = renderer.height
        for box in boxes:
            # Agg counts rows from the top here; xy is where the saved region (the whole
            # figure) has its corner, so the box comes back in place.
            x0, y0, x1, y1 = box.extents
            renderer.restore_region(self._background, bbox=(x0, height - y1, x1, height - y0),
                                    xy=(0, 0))
        for part in parts:
            for artist in part.artists():
                self.figure.draw_artist(artist)  # type: ignore[arg-type]
        self._blit_boxes(boxes)
        self.blit_count += 1
        self.repainted_boxes = boxes
        self.text_warmer.schedule()
        if self.map_figure.map.dirty_count:
            self._settle.start()

    def resizeEvent(self, event: object) -> None:
        # The cached frame has the old size: nothing may be restored from it any more.
        self._background = None
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _settle_frame(self) -> None:
        if self.map_figure.map.dirty_count:
            self.draw_idle()

    def _blit_boxes(self, boxes: list[Bbox]) -> None:
        """The boxes on the widget in one repaint (one paint and one flush to the screen,
        not one per box), each box where ``blit`` would put it."""
        ratio = self.device_pixel_ratio
        region = QRegion()
        for box in boxes:
            left, bottom, width, height = (int(v / ratio) for v in box.bounds)
            region |= QRegion(left, self.rect().height() - (bottom + height), width, height)
        if not region.isEmpty():
            self.repaint(region)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._painting_ahead and self._shown is not None:
            self._paint_frame(self._shown)
        else:
            self._paint_rects(list(event.region()))
        self.painted.emit()

    def _paint_frame(self, frame: np.ndarray) -> None:
        """A whole frame drawn ahead, straight from its pixels (opaque: nothing to erase
        under it, and Qt draws it without converting it)."""
        height, width = frame.shape[:2]
        image = QImage(frame.data, width, height, QImage.Format.Format_RGBA8888_Premultiplied)
        image.setDevicePixelRatio(self.device_pixel_ratio)
        painter = QPainter(self)
        try:
            painter.drawImage(0, 0, image)
        finally:
            painter.end()

    def _paint_rects(self, rects: list[QRect]) -> None:
        """The damaged rectangles straight from the renderer's pixels, each where it
        belongs (as FigureCanvasQTAgg.paintEvent does for its one rectangle, without
        copying the pixels out first). A figure whose face is opaque has every pixel
        opaque: its pixels are copied as they are, with nothing to erase or blend."""
        self._draw_idle()  # only does something if a draw is pending
        if not hasattr(self, "renderer"):
            return
        ratio = self.device_pixel_ratio
        buffer = self.renderer.buffer_rgba()
        height, width = buffer.shape[:2]
        opaque = self.figure.patch.get_facecolor()[3] == 1.0 and self.figure.patch.get_visible()
        image = QImage(buffer, width, height, QImage.Format.Format_RGBA8888_Premultiplied
                       if opaque else QImage.Format.Format_RGBA8888)
        image.setDevicePixelRatio(ratio)
        painter = QPainter(self)
        try:
            if opaque:
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            for rect in rects:
                if not opaque:
                    painter.eraseRect(rect)
                source = QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio,
                                rect.height() * ratio)
                painter.drawImage(QRectF(rect), image, source)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            self._draw_rect_callback(painter)  # the zoom rectangle, if one is dragged
        finally:
            painter.end()

    def _on_scenario_changed(self, units: list[str]) -> None:
        if self._covered_by_frame():
            return
        self.map_figure.scenario = self.document.scenario
        if self.document.as_of is not None:
            return  # the replay shows calls, not the scenario; it repaints on leaving
        self.map_figure.update(units)
        self.update_fast()

    def _on_swing(self, points: float) -> None:
        """The shades show margins after the swing: every unit may change."""
        if self._covered_by_frame():
            return
        self.map_figure.swing_points = points
        self.map_figure.scenario = self.document.scenario
        if self.document.as_of is not None:
            return
        self.map_figure.update()
        self.update_fast()

    def _on_as_of(self, when: object) -> None:
        from viewer.ui.replay_bar import as_of_text

        doc = self.document
        replaying = when is not None
        self.map_figure.shown_winners = doc.display_winners() if replaying else None
        live = doc.style.mode == LIVE
        # The live-results map shows the count's moment (its bar says which), not the blog's.
        self.map_figure.subtitle = as_of_text(doc.as_of) if replaying and not live else ""
        if live and not doc.style.hatched:
            return  # nothing on it shows the blog's calls (hatches do: units uncalled)
        self.map_figure.update()
        self.update_fast()

    def _on_results_replaced(self) -> None:
        """Another election (the timeline, File ▸ Open results): its frame drawn ahead
        when there is one; else the same figure, recoloured and relabelled (no new axes
        or map collection), drawn."""
        spec = self._frame_spec()
        if spec is not None:
            self._timeline_used = True
            assert self.frames is not None
            year = self.document.results.year
            years = list(self._bundle.years())
            self.frames.request(spec, years, near=year)  # at once the first time
            self.frames.prefetch(spec, years, year)
            frame = self.frames.frame(spec, year)
            buffer = np.asarray(self.get_renderer().buffer_rgba())
            if frame is not None and frame.shape == buffer.shape:
                self._show_ahead(spec, frame)
                return
        self._sync_year()
        self.draw_idle()

    def _sync_year(self) -> None:
        """The figure takes the document's election."""
        self._stale = False
        self._catch_up.stop()
        doc = self.document
        election_of_year(self._figure, doc.scenario, swing=doc.swing_points,
                         selected=doc.selected, highlighted=doc.highlighted)
        self._background = None
        self._damage = self._tracker()
        if self._hover is not None and self._hover not in doc.results.units:
            self._set_hover(None, None)  # no unit there that year
        if doc.as_of is not None:  # keep showing the replay's calls
            self._on_as_of(doc.as_of)

    # -- frames drawn ahead -------------------------------------------------------------
    def _frame_spec(self) -> FrameSpec | None:
        """What a frame drawn ahead for the document's state would be drawn with; None
        when the map is not one of the bundled elections as the timeline shows it."""
        doc = self.document
        results = doc.results
        if (self.frames is None or self.frames.dead or doc.as_of is not None
                or doc.style.mode in NOT_AHEAD or doc.swing_points or not _fresh(doc.scenario)):
            return None
        bundle = self._bundle
        if results.year not in bundle.years() or bundle.load(results.year) is not results:
            return None  # a file opened, not the bundled election
        width, height = self.figure.get_size_inches()
        return FrameSpec(str(bundle.data_dir), doc.style, (float(width), float(height)),
                         float(self.figure.dpi), self.view.limits(), self.view.zoomed)

    def years_drawn_ahead(self) -> list[int]:
        """The years whose map, as the window would show it now, has been drawn ahead."""
        spec = self._frame_spec()
        return self.frames.ready(spec) if spec is not None and self.frames else []

    def _show_ahead(self, spec: FrameSpec, frame: np.ndarray) -> None:
        """Put the frame in the widget's buffer with the outlines over it; painted when the
        action is over, before the panels. The figure catches up once the user pauses."""
        self._stale = True
        self._ahead_spec = spec
        self._fast.stop()
        self._settle.stop()
        if self._hover is not None:  # its outline and tip are of the year before
            self._hover = None
            QToolTip.hideText()
            self._idle_cursor()
        renderer = self.get_renderer()
        buffer = np.asarray(renderer.buffer_rgba())
        buffer[...] = frame
        # The figure behind has the same outline artists (every unit's shape, whatever
        # the year), clipped at the same zoomed frame: drawn last, as a full draw does.
        doc = self.document
        layer = self._figure.map
        layer.set_hover(None)
        layer.set_outlines(doc.selected, doc.highlighted, doc.results.units)
        for artist in layer.outlines():
            artist.draw(renderer)
        if self._shown is None or self._shown.shape != buffer.shape:
            self._shown = np.empty_like(buffer)
        np.copyto(self._shown, buffer)
        self._background = None
        self._ahead_paint = True
        self._catch_up.start()

    def _covered_by_frame(self) -> bool:
        """A change announced with the year change whose frame is shown: that frame has
        it already (drawn for the same state), and the figure takes it when it catches up."""
        return self._ahead_paint and self._frame_spec() == self._ahead_spec

    def _catch_up_now(self) -> None:
        """The user paused: the figure takes the year shown and is drawn. A frame drawn
        ahead that differs from the window's own drawing is never trusted again."""
        if not self._stale:
            return
        shown = self._shown  # the frame's pixels: the drawing below does not touch them
        self._sync_year()
        self.draw()  # FigureCanvasQT.draw asks for the widget's repaint
        drawn = np.asarray(self.get_renderer().buffer_rgba())
        if shown is not None and self.frames is not None and not np.array_equal(drawn, shown):
            self.frames.forget()
            self.frames.errors.append(f"{self.document.results.year}: the frame drawn "
                                      "ahead differs from the window's drawing")

    def _ask_for_frames(self) -> None:
        spec = self._frame_spec()
        if spec is not None and self.frames is not None:
            self.frames.request(spec, list(self._bundle.years()),
                                near=self.document.results.year)

    def _rebuild(self) -> None:
        doc = self.document
        fig = self.figure
        fig.clear()
        self._background = None
        self.map_figure = MapFigure(fig, self.shapes, doc.scenario, style=doc.style,
                                    swing=doc.swing_points, forecast=self.forecast,
                                    forecast_source=self.forecast_source)
        self.map_figure.set_live(True)
        if doc.style.mode == LIVE:  # the night's state, not the scenario's
            self.map_figure.live_night, self.map_figure.live_time = \
                self.live_night, self.live_time
            self.map_figure.live_ahead = self.live_ahead
            self.map_figure.update()
        self._damage = self._tracker()
        home = self._home_limits()
        if home != self.view.home:  # another layout (tiles): start from the whole map
            self.view = MapView(home)
        self._show_view()
        if doc.as_of is not None:  # keep showing the replay's calls
            self._on_as_of(doc.as_of)
        self.map_figure.map.set_selection(doc.selected)
        self.map_figure.map.set_highlight(doc.highlighted)
        self._hover = None  # the new figure has no outline under the pointer yet
        self.draw_idle()

    def set_forecast(self, forecast: Forecast | None, source: str = "") -> None:
        """The forecast the probability map shows; repainted now when it is shown (None
        leaves the map as it is: the window leaves the probability map first)."""
        if forecast is self.forecast and source == self.forecast_source:
            return
        self.forecast, self.forecast_source = forecast, source
        mf = self.map_figure
        if forecast is None or self.document.style.mode != PROBABILITY:
            return
        mf.forecast, mf.forecast_source = forecast, source
        mf.update_forecast()
        self.update_fast()

    def set_live_ahead(self, times: Sequence[datetime]) -> None:
        """Where the time cursor may go next besides the count's neighbouring updates (the
        replay's next post either way): the window lays out those strings while it waits."""
        self.live_ahead = self.map_figure.live_ahead = tuple(times)

    def show_live_results(self, night: Night | None, when: datetime | None) -> None:
        """The night and time the live-results map shows; repainted now when it is shown
        (another night: the whole map; another time of the same night: the units whose
        colour changed)."""
        self.live_night, self.live_time = night, when
        mf = self.map_figure
        same_night = mf.live_night is night and night is not None
        mf.live_night, mf.live_time = night, when
        if self.document.style.mode != LIVE:
            return
        if same_night:
            from viewer.render.live_map import update_live

            update_live(mf)
        else:
            mf.update()
        self.update_fast()

    def _on_style(self, _style: MapStyle) -> None:
        self._set_hover(None, None)
        self._rebuild()

    def _on_selection(self, unit: str | None) -> None:
        self.map_figure.map.set_selection(unit)
        self.update_fast()

    def _on_highlight(self, units: tuple[str, ...]) -> None:
        self.map_figure.map.set_highlight(units)
        self.update_fast()

    # -- mouse ----------------------------------------------------------------------
    def inaxes(self, xy: tuple[float, float]) -> Axes | None:
        """The topmost visible axes under ``xy``, as matplotlib's ``inaxes`` finds it, for
        every mouse event. This figure's axes are rectangles: their boxes answer what their
        patches' path test would, without its transforms (≈ 0.4 ms an axes per event)."""
        x, y = xy
        hit = [a for a in self.figure.get_axes() if a.get_visible()
               and (a.bbox.contains(x, y) if isinstance(a.patch, Rectangle)
                    else a.patch.contains_point(xy))]
        # the last of equal z-orders is drawn on top (as matplotlib's choice)
        return max(reversed(hit), key=lambda a: a.get_zorder()) if hit else None

    def unit_at_event(self, event: MouseEvent) -> str | None:
        if not self._in_map(event) or event.xdata is None:
            return None
        return self.map_figure.map.unit_at(event.xdata, event.ydata)

    def _in_map(self, event: MouseEvent) -> bool:
        """Over the map's frame (a zoomed map is cut short of the line under the bar)."""
        return (event.inaxes is self.map_figure.map_ax
                and self.map_figure.map_frame().contains(event.x, event.y))

    def _on_motion(self, event: MouseEvent) -> None:
        if self._stale:
            return  # a frame drawn ahead is shown: no outlines until the figure catches up
        if self._press is not None and self._drag_to(event.x, event.y):
            return  # panning: no hover outlines while the map moves under the pointer
        unit = self.unit_at_event(event)
        self._set_hover(unit, event)
        if unit is None and self._in_map(event) and event.xdata is not None:
            # land without electors that year: say why (not yet a state, did not vote)
            land = self.map_figure.map.shapes.unit_at(event.xdata, event.ydata)
            if land is not None:
                QToolTip.showText(QCursor.pos() + QPoint(12, 12),
                                  absent_text(land, self.document.results.year), self)

    def _set_hover(self, unit: str | None, event: MouseEvent | None) -> None:
        if unit == self._hover:
            return
        self._hover = unit
        self.map_figure.map.set_hover(unit)
        self.update_fast()
        self.unit_hovered.emit(unit)
        if unit is None:
            QToolTip.hideText()
            self._idle_cursor()
            return
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos() + QPoint(12, 12), self.tooltip_text(unit), self)

    @property
    def hovered(self) -> str | None:
        """The unit under the pointer."""
        return self._hover

    def tooltip_text(self, unit: str) -> str:
        doc = self.document
        results = doc.results
        name = UNITS[unit].name + (" (at large)" if unit in ("ME", "NE") else "")
        ev = results.electoral_votes[unit]
        replay = doc.as_of is not None
        # What the map shows: the replay's calls, else the scenario (the what-if map).
        winner = doc.display_winners()[unit] if replay else doc.scenario.winner(unit)
        who = (results.candidate(winner).name if winner else
               "Not called yet" if replay else "Undecided")
        margin = unit_margin_text(results, unit)
        lines = [name, count_text(ev, "electoral vote")]
        if not replay and doc.scenario.is_changed(unit):
            official = results.units[unit].winner
            lines.append(f"What-if: {who}")
            lines.append("Official result: "
                         f"{results.candidate(official).name if official else 'not decided'}"
                         f", {margin}")
        else:
            lines.append(f"Winner: {who}")
            lines.append(f"Margin: {margin}")
        if doc.style.mode == PROBABILITY and self.forecast is not None:
            from viewer.render.probability import percent

            f = self.forecast
            p = f.unit_probability.get(unit)
            a, b = f.parties
            if p is not None and a in results.parties and b in results.parties:
                lines.append(f"Chance: {results.candidate(a).surname} {percent(p)}, "
                             f"{results.candidate(b).surname} {percent(1 - p)}")
            if unit in f.picks:
                lines.append(f"Picked for {results.candidate(f.picks[unit]).surname}")
        lines += history_lines(doc, unit)  # shift against the chosen year; same since
        return "\n".join(lines)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        doc = self.document
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and doc.selected is not None:
            self.unit_clicked.emit(doc.selected)  # as a click: flips it in what-if mode
            event.accept()
            return
        step = ARROWS.get(key)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if step is not None and modifiers == Qt.KeyboardModifier.ShiftModifier:
            # Shift+arrow keys pan a zoomed map (the arrow keys alone move the selection).
            if self.view.zoomed:
                (x0, x1), (y0, y1) = self.view.limits()
                if self.view.pan_by(step[0] * KEY_PAN * (x1 - x0), step[1] * KEY_PAN * (y1 - y0)):
                    self._apply_view()
                event.accept()
            else:
                super().keyPressEvent(event)
            return
        if step is None or modifiers:
            super().keyPressEvent(event)
            return
        if doc.selected is None:
            target: str | None = "KS"  # start in the middle of the map
        else:
            target = self.shapes.neighbour(doc.selected, *step)
        if target is not None:
            doc.select(target)
            if self.view.zoomed and self.view.show(*self.shapes.place_of(target)):
                self._apply_view()  # a zoomed map follows the keys off its edge
            self.unit_hovered.emit(target)  # the status line names where the keys went
        event.accept()

    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1:
            return
        self._press = None
        if self.view.zoomed:
            if event.dblclick:
                self.reset_zoom()  # on a zoomed map a double-click resets it, not a click
                return
            if self._in_map(event) and event.xdata is not None:
                # a click or the start of a pan: which one, the release or a move tells
                self._press = (event.x, event.y, event.xdata, event.ydata,
                               self.view.cx, self.view.cy)
                self._dragging = False
                return
        unit = self.unit_at_event(event)
        if unit is not None:
            self.unit_clicked.emit(unit)

    def _on_release(self, event: MouseEvent) -> None:
        if event.button != 1 or self._press is None:
            return
        press, dragged = self._press, self._dragging
        self._press, self._dragging = None, False
        if dragged:
            self._idle_cursor()
            return
        unit = self.map_figure.map.unit_at(press[2], press[3])  # where it was pressed
        if unit is not None:
            self.unit_clicked.emit(unit)

    def _drag_to(self, x: float, y: float) -> bool:
        """Pan with the pointer held down on a zoomed map; False while the pointer is still
        within the drag distance of the press (it may yet be a click)."""
        assert self._press is not None
        x0, y0, _, _, cx, cy = self._press
        if not self._dragging:
            threshold = QApplication.startDragDistance() * self.device_pixel_ratio
            if math.hypot(x - x0, y - y0) < threshold:
                return False
            self._dragging = True
            self._set_hover(None, None)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        # Map units per pixel stay the same while panning: the press's scale holds.
        (x_lo, x_hi), _ = self.view.limits()
        per_pixel = (x_hi - x_lo) / self.map_figure.map_ax.bbox.width
        if self.view.centre_on(cx - (x - x0) * per_pixel, cy - (y - y0) * per_pixel):
            self._apply_view()
        return True

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        """The wheel zooms the map about the point under the pointer."""
        steps = event.angleDelta().y() / 120
        ratio = self.device_pixel_ratio
        pos = event.position()
        x, y = pos.x() * ratio, self.figure.bbox.height - pos.y() * ratio
        ax = self.map_figure.map_ax
        if not steps or not self.map_figure.map_frame().contains(x, y):
            event.ignore()
            return
        mx, my = ax.transData.inverted().transform((x, y))
        if self.view.zoom_by(WHEEL_ZOOM ** steps, about=(float(mx), float(my))):
            self._apply_view()
        event.accept()

    # -- zoom -----------------------------------------------------------------------
    def _create_zoom_actions(self) -> None:
        """View ▸ Zoom in / Zoom out / Reset zoom; the main window puts them in its menu.
        They are the canvas's own actions too, so their keys work wherever it is shown."""
        def action(text: str, keys: list[str], slot: Callable[[], None],
                   tip: str) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.zoom_in_action = action("Zoom in", ["Ctrl++", "Ctrl+="], self.zoom_in,
                                     "Zoom in on the map (also the mouse wheel)")
        self.zoom_out_action = action("Zoom out", ["Ctrl+-"], self.zoom_out,
                                      "Zoom out of the map")
        self.reset_zoom_action = action("Reset zoom", ["Ctrl+0"], self.reset_zoom,
                                        "Show the whole map again (also a double-click)")
        self._update_zoom_actions()

    def zoom_in(self) -> None:
        if self.view.zoom_by(KEY_ZOOM):
            self._apply_view()

    def zoom_out(self) -> None:
        if self.view.zoom_by(1 / KEY_ZOOM):
            self._apply_view()

    def reset_zoom(self) -> None:
        if self.view.zoomed:
            self.view.reset()
            self._apply_view()

    def _home_limits(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The whole map's limits, as a fresh MapFigure sets them."""
        ax = self.map_figure.map_ax
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        return (float(x0), float(x1)), (float(y0), float(y1))

    def _show_view(self) -> None:
        """Put the view on the map's axes. The cached frame shows the old view: nothing
        may be restored from it until the next full draw."""
        self.map_figure.set_map_limits(self.view.limits(), zoomed=self.view.zoomed)
        self._background = None
        self._update_zoom_actions()

    def _apply_view(self) -> None:
        self._show_view()
        self.draw_idle()  # a burst of wheel notches or drag moves makes one draw

    def _update_zoom_actions(self) -> None:
        self.zoom_in_action.setEnabled(self.view.zoom < MAX_ZOOM - 1e-9)
        self.zoom_out_action.setEnabled(self.view.zoomed)
        self.reset_zoom_action.setEnabled(self.view.zoomed)
        if self._hover is None and self._press is None:
            self._idle_cursor()

    def _idle_cursor(self) -> None:
        """An open hand where a zoomed map can be dragged; the arrow elsewhere."""
        if self.view.zoomed:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()
