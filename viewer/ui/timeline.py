"""The timeline under the map: every election from 1789 to 2024 on a slider (a tick per
election, a year label every few), a year box to type into, and Play, which steps through
the years at a chosen pace and stops at the end. Moving it shows that year's results in
the whole window (through the main window's ``show_year``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSlider,
    QSpinBox,
    QStyle,
    QStyleOptionSlider,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.document import ElectionDocument

PACES = (1, 2, 5, 10, 20)  # elections per second while playing
DEFAULT_PACE = 2
LABEL_STEPS = (8, 12, 20, 40, 60)  # years between labels, the smallest that fits
# Keys the slider takes for itself while it has the focus (Space is What-if ▸ Flip's
# shortcut elsewhere in the window).
OWN_KEYS = {Qt.Key.Key_Space, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left,
            Qt.Key.Key_Right}


class YearSlider(QSlider):
    """One step per election. ← → move a step, Home and End go to the first and the last
    election, Space plays or pauses."""

    play_toggled = Signal()

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, max(0, count - 1))
        self.setSingleStep(1)
        self.setPageStep(5)
        self.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.setTickInterval(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Election year")

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and Qt.Key(event.key()) in OWN_KEYS and not event.modifiers()
                & ~Qt.KeyboardModifier.KeypadModifier):
            event.accept()  # ours while focused, not a window shortcut's
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if Qt.Key(event.key()) == Qt.Key.Key_Space and not event.modifiers():
            self.play_toggled.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def tick_x(self, index: int) -> int:
        """Where the tick of election ``index`` is, in this slider's pixels."""
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                      QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                      QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        pos = QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), index, span)
        return groove.x() + pos + handle.width() // 2


class YearScale(QWidget):
    """The years under the slider's ticks, every few elections (as many as fit)."""

    def __init__(self, slider: YearSlider, years: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = slider
        self.years = list(years)
        self.setFixedHeight(self.fontMetrics().height() + 1)
        font = self.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        self.setFont(font)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def labelled(self) -> list[int]:
        """The years labelled at the present width: the first election, the last, and
        round years between, as close together as the labels allow."""
        if not self.years:
            return []
        metrics = self.fontMetrics()
        room = metrics.horizontalAdvance("0000") * 1.8
        per_year = self.slider.width() / max(1, self.years[-1] - self.years[0])
        step = next((s for s in LABEL_STEPS if s * per_year >= room), LABEL_STEPS[-1])
        first, last = self.years[0], self.years[-1]
        clear = room / per_year  # years kept free beside the first and the last label
        out = [first]
        out += [y for y in self.years if y % step == 0 and y - first >= clear
                and last - y >= clear]
        return [*out, last]

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = self.fontMetrics()
        offset = self.slider.x() - self.x()  # the slider and the scale share a parent
        for year in self.labelled():
            x = offset + self.slider.tick_x(self.years.index(year))
            width = metrics.horizontalAdvance(str(year))
            left = min(max(0, x - width // 2), self.width() - width)
            painter.drawText(QRect(left, 0, width, self.height()),
                             Qt.AlignmentFlag.AlignCenter, str(year))
        painter.end()


class YearBox(QSpinBox):
    """A year to type in: only election years are accepted; the arrows step from one
    election to the next."""

    def __init__(self, years: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.years = list(years)
        self.setRange(self.years[0] if self.years else 0, self.years[-1] if self.years else 0)
        self.setKeyboardTracking(False)  # the year changes on Enter, not on each digit
        self.setAccessibleName("Election year")
        self.lineEdit().setAccessibleName("Election year")
        self.setToolTip("Type an election year and press Enter")

    def validate(self, text: str, pos: int) -> object:
        state, text, pos = super().validate(text, pos)  # type: ignore[misc]
        if state == QValidator.State.Acceptable and int(text) not in self.years:
            state = QValidator.State.Intermediate  # a year without an election
        return state, text, pos

    def fixup(self, text: str) -> str:
        digits = "".join(c for c in text if c.isdigit())
        if not digits or not self.years:
            return text
        nearest = min(self.years, key=lambda y: (abs(y - int(digits)), -y))
        return str(nearest)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt's name)
        value = self.value()
        i = min(range(len(self.years)), key=lambda k: abs(self.years[k] - value))
        self.setValue(self.years[max(0, min(len(self.years) - 1, i + steps))])


class Timeline(QToolBar):
    """The timeline bar. ``show_year(year)`` shows an election (False: it was not shown,
    e.g. the user kept unsaved what-if changes); the bar follows the document's year."""

    def __init__(self, document: ElectionDocument, years: Sequence[int],
                 show_year: Callable[[int], bool], parent: QWidget | None = None) -> None:
        super().__init__("Timeline", parent)
        self.setObjectName("TimelineBar")
        self.document = document
        self.years = list(years)
        self._show_year = show_year
        self.toggleViewAction().setText("&Timeline")
        self.toggleViewAction().setStatusTip("Show or hide the timeline of every election")
        self.prev_action = QAction("&Previous election", self)
        self.prev_action.setShortcut(QKeySequence("Ctrl+["))
        self.prev_action.setIconText("◀")
        self.prev_action.setToolTip("The previous election (Ctrl+[)")
        self.prev_action.triggered.connect(lambda: self.step(-1))
        self.next_action = QAction("&Next election", self)
        self.next_action.setShortcut(QKeySequence("Ctrl+]"))
        self.next_action.setIconText("▶")
        self.next_action.setToolTip("The next election (Ctrl+])")
        self.next_action.triggered.connect(lambda: self.step(1))
        self.play_action = QAction("P&lay the elections", self)
        self.play_action.setCheckable(True)
        self.play_action.setStatusTip("Step through the elections at the chosen pace "
                                      "(Space on the timeline)")
        self.play_action.setIconText("▶ Play")
        self.play_action.toggled.connect(self._on_play)
        self.addAction(self.play_action)
        self.pace = QComboBox()
        for pace in PACES:
            self.pace.addItem(f"{pace}/s", pace)
        self.pace.setCurrentIndex(PACES.index(DEFAULT_PACE))
        self.pace.setToolTip("Elections per second while playing")
        self.pace.setAccessibleName("Play pace")
        self.pace.currentIndexChanged.connect(self._on_pace)
        self.addWidget(self.pace)
        self.addAction(self.prev_action)
        self.slider = YearSlider(len(self.years))
        self.slider.setMinimumWidth(240)
        self.slider.play_toggled.connect(self.play_action.toggle)
        self.slider.valueChanged.connect(self._on_slider)
        self.scale = YearScale(self.slider, self.years)
        track = QWidget()
        column = QVBoxLayout(track)
        column.setContentsMargins(4, 0, 4, 0)
        column.setSpacing(0)
        column.addWidget(self.slider)
        column.addWidget(self.scale)
        self.addWidget(track)
        self.addAction(self.next_action)
        self.year_box = YearBox(self.years)
        self.year_box.valueChanged.connect(self.go_to)
        self.addWidget(self.year_box)
        self.note = QLabel("")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.addWidget(self.note)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one runs 5 % slow
        self._timer.timeout.connect(self._tick)
        self._on_pace()
        document.results_replaced.connect(self._follow_document)
        self._follow_document()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), 600), hint.height())

    # -- the shown year -----------------------------------------------------------------
    def index(self) -> int | None:
        """The shown election's place on the timeline; None for results of no bundled
        election (a file opened)."""
        year = self.document.results.year
        return self.years.index(year) if year in self.years else None

    def go_to(self, year: int) -> bool:
        """Show the election of ``year`` (the nearest one before it if there was none)."""
        if not self.years:
            return False
        year = max([y for y in self.years if y <= year] or [self.years[0]])
        if year == self.document.results.year:
            self._follow_document()
            return True
        shown = self._show_year(year)
        self._follow_document()  # back to the shown year when it was not changed
        return shown

    def step(self, delta: int) -> bool:
        i = self.index()
        target = (len(self.years) - 1 if delta < 0 else 0) if i is None else i + delta
        if not 0 <= target < len(self.years):
            return False
        return self.go_to(self.years[target])

    def _on_slider(self, value: int) -> None:
        if 0 <= value < len(self.years):
            self.go_to(self.years[value])

    def _follow_document(self) -> None:
        i = self.index()
        for widget in (self.slider, self.year_box):
            widget.blockSignals(True)
        if i is not None:
            self.slider.setValue(i)
            self.year_box.setValue(self.years[i])
        for widget in (self.slider, self.year_box):
            widget.blockSignals(False)
        self.note.setText("" if i is not None or not self.years else "(results from a file)")
        self.prev_action.setEnabled(i is None or i > 0)
        self.next_action.setEnabled(i is None or i < len(self.years) - 1)
        self.scale.update()

    # -- play ---------------------------------------------------------------------------
    def _on_pace(self, *_args: object) -> None:
        pace = self.pace.currentData() or DEFAULT_PACE
        self._timer.setInterval(round(1000 / pace))

    def set_pace(self, per_second: int) -> None:
        self.pace.setCurrentIndex(PACES.index(per_second))

    def _on_play(self, on: bool) -> None:
        self.play_action.setIconText("❚❚ Pause" if on else "▶ Play")
        if on:
            i = self.index()
            if i is None or i >= len(self.years) - 1:
                self.go_to(self.years[0])  # from the start again
            self._timer.start()
        else:
            self._timer.stop()

    def _tick(self) -> None:
        i = self.index()
        if i is None or i >= len(self.years) - 1 or not self.step(1):
            self.play_action.setChecked(False)  # the end (or a year not shown): stop
            return
        if i + 1 >= len(self.years) - 1:
            self.play_action.setChecked(False)
