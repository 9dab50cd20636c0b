"""Forecast tab (issue #17): the odds, the rating brush (rating_brush.py), the
electoral-vote histogram with the majority line, the picks, the tipping points, the inputs
(bundled averages, a poll file, results plus a swing; error sizes) and the unit table with
each unit's chance (right-click a unit to rate it). The numbers come from the
ForecastController, which the probability map and its clicks share."""

from __future__ import annotations

from dataclasses import replace

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.core.errors import InputError
from viewer.core.forecast import ErrorModel
from viewer.core.forecast.state import ERROR_LIMITS
from viewer.core.units import UNITS
from viewer.render.ev_histogram import EVHistogram
from viewer.render.palette import Palette
from viewer.render.probability import percent
from viewer.render.style import MapStyle
from viewer.ui.forecast_controller import RESULTS, ForecastController
from viewer.ui.models.forecast_model import ForecastModel
from viewer.ui.models.units_model import SORT_ROLE, UNIT_ROLE
from viewer.ui.whatif.rating_brush import RatingBrushBox, show_rating_menu
from viewer.ui.when_shown import RefreshWhenShown
from viewer.ui.widgets import bold_label, plain_label, show_warning

STEPS = 10  # sliders move in tenths (what scenario files and share codes keep)
# (attribute of ErrorModel, label, maximum, unit text)
SLIDERS = (("national_sd", "National error", ERROR_LIMITS["national_sd"], "pts"),
           ("regional_sd", "Regional error", ERROR_LIMITS["regional_sd"], "pts"),
           ("unit_scale", "Unit error", ERROR_LIMITS["unit_scale"], "×"))
TIPPING_SHOWN = 8
PREFERRED_WIDTH = 280  # pixels


class HistogramCanvas(FigureCanvasQTAgg):
    """The histogram's canvas: a pick redraws only the bars over a cached frame (the axis,
    the 270 line and the names are drawn once per size, theme and year)."""

    painted = Signal()

    def __init__(self) -> None:
        super().__init__(Figure(figsize=(2.6, 1.5), dpi=100))
        self.setMinimumHeight(130)
        self.setMaximumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.draw_count = 0
        self.blit_count = 0
        self.histogram: EVHistogram | None = None
        self._key: object = None
        self._background: object | None = None
        self._texts: tuple[str, ...] = ()

    def build(self, style: MapStyle, palette: Palette) -> None:
        key = (style.theme, style.palette, tuple(sorted(palette.party_colors.items())))
        if key == self._key and self.histogram is not None:
            return
        self._key = key
        self.figure.clear()
        ax = self.figure.add_axes((0.03, 0.3, 0.94, 0.55))
        self.histogram = EVHistogram(ax, palette)
        self.histogram.set_live(True)
        self._background = None

    def show_forecast(self, forecast: object, results: object, *, now: bool = True) -> None:
        """The bars of ``forecast`` over the cached frame, on the screen at once (``now``)
        or with the window's next repaint (the map's, for a pick: one flush for both)."""
        h = self.histogram
        if h is None:
            return
        h.show(forecast, results)  # type: ignore[arg-type]
        if self._background is None or h.texts_key() != self._texts:
            self.draw_idle()
            return
        self.restore_region(self._background)
        for bars in h.bars():
            self.figure.draw_artist(bars)
        if now:
            self.blit(self.figure.bbox)
        else:
            self.update()
        self.blit_count += 1

    def draw(self) -> None:
        super().draw()
        h = self.histogram
        if h is not None:
            self._background = self.copy_from_bbox(self.figure.bbox)
            self._texts = h.texts_key()
            for bars in h.bars():
                self.figure.draw_artist(bars)
        self.draw_count += 1

    def resizeEvent(self, event: object) -> None:
        self._background = None  # the cached frame has the old size
        super().resizeEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, event: object) -> None:
        super().paintEvent(event)  # type: ignore[arg-type]
        self.painted.emit()


class ForecastTab(RefreshWhenShown, QWidget):
    def __init__(self, controller: ForecastController) -> None:
        super().__init__()
        self.controller = controller
        self.document = doc = controller.document
        layout = QVBoxLayout(self)
        self.odds = bold_label(scale=1.35)
        self.odds.setAccessibleName("Forecast odds")
        layout.addWidget(self.odds)
        # The brush right under the odds: the dock is about 300 px high at 1400×900, and
        # below the histogram and the texts it would need scrolling to be found.
        self.rating = RatingBrushBox(controller)
        layout.addWidget(self.rating)
        self.histogram = HistogramCanvas()
        self.histogram.setAccessibleName("Electoral-vote histogram")
        layout.addWidget(self.histogram)
        self.summary = plain_label()
        layout.addWidget(self.summary)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # moving: working, no known end
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setAccessibleName("Conditioning on a rare combination")
        self.busy.hide()
        layout.addWidget(self.busy)
        self.condition = plain_label()
        layout.addWidget(self.condition)
        picks_row = QHBoxLayout()
        self.picks = plain_label()
        self.clear_picks = QPushButton("Clear picks")
        self.clear_picks.setToolTip("Release every unit picked on the map (one undo step)")
        self.clear_picks.clicked.connect(controller.clear_picks)
        picks_row.addWidget(self.picks, 1)
        picks_row.addWidget(self.clear_picks)
        layout.addLayout(picks_row)
        self.tipping = plain_label()
        layout.addWidget(self.tipping)
        layout.addWidget(self._inputs_box())
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter units (name or code)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the forecast's units")
        layout.addWidget(self.filter)
        self.model = ForecastModel(controller)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ForecastModel.TIPPING, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setMinimumHeight(240)
        self.table.setAccessibleName("Forecast by state and district")
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        layout.addWidget(self.table, 1)
        self._fitted = False
        # What the histogram shows: (forecast, results, chart), each compared by identity
        self._histogram_shows: tuple[object, object, object] | None = None
        # One slider drag: one new set of draws when it pauses or ends, and one undo step.
        self._model_timer = QTimer(self)
        self._model_timer.setSingleShot(True)
        self._model_timer.setInterval(200)
        self._model_timer.timeout.connect(self._apply_model)
        controller.wanted.append(self.isVisible)
        # After the map: a pick repaints the map in this pass, the tab in the next one.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh_if_shown)
        controller.changed.connect(self._later.start)
        controller.brush_changed.connect(self._later.start)
        controller.busy_changed.connect(self._on_busy)
        doc.style_changed.connect(lambda _s: self.refresh_if_shown())
        self.refresh_if_shown()

    def sizeHint(self) -> QSize:
        """No wider than the other tabs ask: the What-if panel must leave the map its room."""
        hint = super().sizeHint()
        return QSize(min(hint.width(), PREFERRED_WIDTH), hint.height())

    # -- inputs --------------------------------------------------------------------------
    def _inputs_box(self) -> QGroupBox:
        box = QGroupBox("Inputs")
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow panel
        self.source = QComboBox()
        self.source.setAccessibleName("Forecast input")
        # the panel stays narrow: long input names are cut in the box, whole in its list
        self.source.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(14)
        self.source.activated.connect(self._on_source)
        form.addRow("From:", self.source)
        row = QVBoxLayout()
        self.open_polls = QPushButton("Open poll averages…")
        self.open_polls.setToolTip("A CSV of final poll averages for the shown year "
                                   "(unit,pct_DEM,pct_REP, or FiveThirtyEight's layout)")
        self.open_polls.clicked.connect(self.open_polls_dialog)
        row.addWidget(self.open_polls)
        self.reset_edits = QPushButton("Undo table edits")
        self.reset_edits.setToolTip("Put every margin edited in the table back")
        self.reset_edits.clicked.connect(self.controller.reset_edits)
        row.addWidget(self.reset_edits)
        form.addRow(row)
        self.swing = QDoubleSpinBox()
        self.swing.setRange(-20.0, 20.0)
        self.swing.setSingleStep(0.5)
        self.swing.setDecimals(1)
        self.swing.setSuffix(" pts")
        self.swing.setAccessibleName("Uniform swing toward the first candidate")
        self.swing.lineEdit().setAccessibleName(self.swing.accessibleName())
        self.swing.valueChanged.connect(self.controller.set_swing)
        self.swing_label = QLabel("Swing:")
        form.addRow(self.swing_label, self.swing)
        self.sliders: dict[str, QSlider] = {}
        self.slider_labels: dict[str, QLabel] = {}
        for name, text, top, _unit in SLIDERS:
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, round(top * STEPS))
            slider.setPageStep(STEPS // 2)
            slider.setAccessibleName(text)
            slider.setValue(round(getattr(self.controller.model, name) * STEPS))
            slider.valueChanged.connect(lambda _v, n=name: self._on_slider(n))
            slider.sliderPressed.connect(self._on_press)
            label = QLabel()
            self.sliders[name], self.slider_labels[name] = slider, label
            form.addRow(label, slider)
        self.reset_errors = QPushButton("Default error sizes")
        self.reset_errors.clicked.connect(self._default_errors)
        form.addRow(self.reset_errors)
        self._label_sliders()
        return box

    def _label_sliders(self) -> None:
        for name, text, _top, unit in SLIDERS:
            value = self.sliders[name].value() / STEPS
            shown = f"{value:.1f} {unit}" if unit != "×" else f"{value:.1f}×"
            self.slider_labels[name].setText(f"{text}: {shown}")

    _moved = "national_sd"  # the slider moved last
    _drags = 0  # slider presses so far: each drag's changes share a merge key
    _drag_key: str | None = None  # the pending change's: None for a key press or a click

    def _on_press(self) -> None:
        self._drags += 1

    def _on_slider(self, name: str) -> None:
        self._moved = name
        held = self.sliders[name].isSliderDown()
        self._drag_key = f"{name} drag {self._drags}" if held else None
        self._label_sliders()
        self._model_timer.start()  # a drag, or keys held, make one new set of draws

    def _apply_model(self, default: bool = False) -> None:
        """The sliders' sizes as an undo step: each pause of a drag and its end merge into
        the drag's one step; a key press (or a run of them) is a step of its own."""
        values = {name: self.sliders[name].value() / STEPS for name, *_ in SLIDERS}
        label = ("Default error sizes" if default else
                 f"Forecast: {self.slider_labels[self._moved].text().lower()}")
        self.controller.set_model(replace(self.controller.model, **values), label=label,
                                  merge_key=None if default else self._drag_key)

    def _default_errors(self) -> None:
        default = ErrorModel()
        self._set_sliders(default)
        self._model_timer.stop()
        self._apply_model(default=True)  # one step of its own

    def _set_sliders(self, model: ErrorModel) -> None:
        """Show ``model``'s sizes (after an undo, a scenario opened) without a new step."""
        for name, *_ in SLIDERS:
            self.sliders[name].blockSignals(True)
            self.sliders[name].setValue(round(getattr(model, name) * STEPS))
            self.sliders[name].blockSignals(False)
        self._label_sliders()

    def _on_source(self, index: int) -> None:
        self.controller.set_source(str(self.source.itemData(index)))

    def open_polls_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open poll averages", "",
                                              "Poll averages (*.csv);;All files (*)")
        if path:
            self.open_polls_file(path)

    def open_polls_file(self, path: str) -> bool:
        try:
            self.controller.open_polls(path)
        except InputError as exc:
            show_warning(self, "Could not use the poll averages",
                         f"{exc}\n\nThe forecast's inputs are kept.")
            return False
        return True

    def _on_current(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if current.isValid():
            unit = current.data(UNIT_ROLE)
            if unit in self.document.results.units:
                self.document.select(unit)

    def _on_table_menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        index = self.table.indexAt(pos)
        if index.isValid():
            show_rating_menu(self.controller, str(index.data(UNIT_ROLE)), self.table,
                             self.table.viewport().mapToGlobal(pos))

    def _on_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.clear_picks.setEnabled(not busy and bool(self.controller.picks))
        if busy:
            self.condition.setText("Conditioning on a rare combination: drawing more "
                                   "simulated elections…")

    # -- showing -------------------------------------------------------------------------
    def refresh(self, *_args: object) -> None:
        c = self.controller
        f = c.forecast  # computes it if need be (the tab is shown)
        self.model.refresh()
        self._fill_sources()
        self.swing.setVisible(c.source == RESULTS)
        self.swing_label.setVisible(c.source == RESULTS)
        self.reset_edits.setEnabled(bool(c.edits))
        self.rating.refresh()
        if not self._model_timer.isActive():  # not while a drag waits to be applied
            self._set_sliders(c.model)
        self.table.setEnabled(c.inputs is not None)
        self._show_histogram(f)
        picks = ", ".join(f"{UNITS[u].name} → {c._surname(p)}" for u, p in c.picks.items())
        if c.brush is not None:  # clicks rate units now, not pick them
            self.picks.setText(f"Picks: {picks or 'none'}. The rating brush is on: a click "
                               "on the map rates the unit (Esc ends it).")
        else:
            self.picks.setText(f"Picks: {picks}" if picks else
                               "Picks: none. On the probability map (View ▸ Probability "
                               "map), click a unit to pick it for a candidate; again for "
                               "the other; again to release it.")
        self.clear_picks.setEnabled(bool(c.picks) and not c.busy)
        refused = c.refused_text()
        self.condition.setText(refused + " The pick is not kept." if refused else
                               c.condition_text())
        if c.busy:
            self._on_busy(True)
        if f is None:
            why = c.problem or ("These picks leave too few simulated elections for a "
                                "number." if c.picks else "No forecast.")
            self.odds.setText("No forecast")
            self.summary.setText(why)
            self.tipping.setText("")
        else:
            self.odds.setText(self._odds_text(f))
            self.summary.setText(self._summary_text(f))
            self.tipping.setText(self._tipping_text(f))
        if not self._fitted and f is not None:
            self.table.resizeColumnsToContents()
            self._fitted = True

    def _fill_sources(self) -> None:
        c = self.controller
        items = c.sources()
        current = [self.source.itemData(i) for i in range(self.source.count())]
        self.source.blockSignals(True)
        if current != [k for k, _ in items]:
            self.source.clear()
            for key, text in items:
                self.source.addItem(text, key)
        keys = [k for k, _ in items]
        self.source.setCurrentIndex(keys.index(c.source) if c.source in keys else len(keys) - 1)
        self.source.blockSignals(False)
        if self.swing.value() != c.swing:
            self.swing.blockSignals(True)
            self.swing.setValue(c.swing)
            self.swing.blockSignals(False)

    def show_pick_now(self) -> None:
        """A pick is about to paint the map: the histogram's bars are drawn, to be painted
        with it (Qt paints every widget waiting in the window when one repaints), before
        the events list and the other panels have their turn; the rest of the tab (the
        odds, the table) in the next pass, as ``refresh``."""
        c = self.controller
        if not self.isVisible() or c.busy:  # conditioning on a thread: refresh follows
            return
        f = c.forecast
        self._show_histogram(f, now=False)

    def _show_histogram(self, f: object, *, now: bool = True) -> None:
        doc = self.document
        self.histogram.build(doc.style, Palette.for_results(doc.results, doc.style))
        shown = (f, doc.results, self.histogram.histogram)
        if self._histogram_shows is not None and all(
                a is b for a, b in zip(shown, self._histogram_shows, strict=True)):
            return  # shown with the pick already (show_pick_now)
        self._histogram_shows = shown
        self.histogram.show_forecast(f, doc.results, now=now)

    def _odds_text(self, f) -> str:  # type: ignore[no-untyped-def]
        c = self.controller
        a, b = f.parties
        w = f.win_probability
        return (f"{c._surname(a)} {percent(w[a])} · {c._surname(b)} {percent(w[b])} · "
                f"tie {percent(f.tie_probability)}")

    def _summary_text(self, f) -> str:  # type: ignore[no-untyped-def]
        c = self.controller
        a, b = f.parties
        m = f.expected_popular_margin
        lead = c._surname(a if m >= 0 else b)
        lines = [f"Expected electoral votes: {c._surname(a)} {f.expected_ev[a]:.0f}, "
                 f"{c._surname(b)} {f.expected_ev[b]:.0f} (90 %: {f.ev_percentile(a, 0.05)}–"
                 f"{f.ev_percentile(a, 0.95)} for {c._surname(a)}).",
                 f"Popular vote: {lead} +{abs(m):.1f} expected; the Electoral College and "
                 f"popular vote split {percent(f.split_probability)} of the time.",
                 f"{f.draws:,} simulated elections (seed {f.seed})"
                 + (f", {f.effective_draws:,.0f} effective after the picks" if f.picks else "")
                 + "; inputs: " + (c.inputs.label if c.inputs is not None else "") + "."]
        if c.edits:
            lines.append(f"Edited in the table: {', '.join(sorted(c.edits))}.")
        if f.unpolled:
            lines.append(f"No polls for {len(f.unpolled)} units: their previous result is "
                         "shifted by the national polling change.")
        return "\n".join(lines)

    def _tipping_text(self, f) -> str:  # type: ignore[no-untyped-def]
        top = list(f.tipping_point.items())[:TIPPING_SHOWN]
        if not top:
            return ""
        return "Tipping point: " + ", ".join(f"{UNITS[u].name} {100 * p:.0f}%"
                                             for u, p in top)
