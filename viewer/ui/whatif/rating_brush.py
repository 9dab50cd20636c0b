"""The Forecast tab's "Rate units" box (issue #17): a brush, as on 270toWin and YAPms, that
rates units clicked on the probability map (Safe, Likely, Lean, Tilt for a side; Toss-up;
or clear the rating), the list of units rated, and the table's right-click menu that
rates a unit too. The ratings themselves live in the ForecastController (undo steps)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QWidget,
)

from viewer.core.forecast import ErrorModel
from viewer.core.forecast.inputs import RATING_LEVELS, RATING_TABLE
from viewer.core.forecast.state import TOSS_UP, Rating
from viewer.core.units import UNIT_CODES, UNITS
from viewer.render.palette import Palette
from viewer.render.probability import probability_color
from viewer.ui.forecast_controller import CLEAR_RATING, ForecastController
from viewer.ui.widgets import plain_label

# Strongest first, as the rating sites list them; then the brush that takes ratings away.
BRUSH_LEVELS: tuple[str, ...] = (*reversed(RATING_LEVELS), CLEAR_RATING)
DEFAULT_LEVEL = "Lean"
SHOWN_RATED = 6  # units named in the box; the table shows them all
SWATCH = 14  # pixels


def nominal_chance(level: str) -> float:
    """About how often a unit rated ``level`` alone goes to its side under the default
    error model (normal approximation of the t errors): the shade the map gives it."""
    margin, spread = RATING_TABLE[level]
    m = ErrorModel()
    sd = math.sqrt(m.national_sd ** 2 + m.regional_sd ** 2 + (spread * m.unit_scale) ** 2)
    return 0.5 * (1.0 + math.erf(margin / (sd * math.sqrt(2.0))))


def swatch(palette: Palette, parties: tuple[str, str], rating: Rating) -> QIcon:
    """A square in the shade a rated unit takes on the probability map."""
    level, party = rating
    pixmap = QPixmap(SWATCH, SWATCH)
    if level == CLEAR_RATING:
        pixmap.fill(Qt.GlobalColor.transparent)
        return QIcon(pixmap)
    p = nominal_chance(level)
    rgb = probability_color(palette, parties, p if party == parties[0] else 1.0 - p)
    pixmap.fill(QColor.fromRgbF(*rgb))
    return QIcon(pixmap)


class RatingBrushBox(QGroupBox):
    def __init__(self, controller: ForecastController) -> None:
        super().__init__("Rate units")
        self.controller = controller
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow panel
        row = QHBoxLayout()
        self.level = QComboBox()
        self.level.setAccessibleName("Rating level")
        for level in BRUSH_LEVELS:
            self.level.addItem(level, level)
        self.level.setCurrentIndex(BRUSH_LEVELS.index(DEFAULT_LEVEL))
        self.side = QComboBox()
        self.side.setAccessibleName("Rating side")
        row.addWidget(self.level)
        row.addWidget(self.side, 1)
        form.addRow(row)
        self.button = QPushButton("Rate on the map")
        self.button.setCheckable(True)
        self.button.setAccessibleName("Rating brush")
        self.button.setToolTip("While on, a click on a unit of the probability map rates it "
                               "instead of picking it (one undo step each); Esc or this "
                               "button ends it")
        self.clear = QPushButton("Clear ratings")
        self.clear.setToolTip("Take every rating away (one undo step)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.button, 1)
        buttons.addWidget(self.clear)
        form.addRow(buttons)
        self.hint = plain_label()
        form.addRow(self.hint)
        self.rated = plain_label()
        form.addRow(self.rated)
        self.level.currentIndexChanged.connect(self._on_choice)
        self.side.currentIndexChanged.connect(self._on_choice)
        self.button.toggled.connect(self._on_toggled)
        self.clear.clicked.connect(controller.clear_ratings)
        controller.brush_changed.connect(self.refresh)

    def brush(self) -> Rating:
        """The rating the choices make (the side is None for Toss-up and Clear rating)."""
        level = str(self.level.currentData())
        side = self.side.currentData()
        return (level, None if level in (TOSS_UP, CLEAR_RATING) or side is None
                else str(side))

    def _on_choice(self, *_args: object) -> None:
        self.side.setEnabled(self.brush()[0] not in (TOSS_UP, CLEAR_RATING))
        if self.controller.brush is not None:
            self.controller.set_brush(self.brush())  # a new colour for the brush in hand
        self.refresh()

    def _on_toggled(self, on: bool) -> None:
        if on != (self.controller.brush is not None):
            self.controller.set_brush(self.brush() if on else None)
        self.refresh()  # refused (no forecast): the button springs back

    def refresh(self) -> None:
        c = self.controller
        doc = c.document
        self._fill_sides()
        on = c.brush is not None
        self.button.blockSignals(True)
        self.button.setChecked(on)
        self.button.blockSignals(False)
        brush = self.brush()
        name = c.rating_name(brush)
        palette = Palette.for_results(doc.results, doc.style)
        self.button.setIcon(swatch(palette, c.parties, brush))
        self.button.setText(f"Rating: {name}" if on else "Rate on the map")
        font = self.button.font()
        font.setBold(on)  # the mode in hand shows from afar
        self.button.setFont(font)
        self.button.setEnabled(c.inputs is not None or on)
        if on:
            what = ("take their rating away" if brush[0] == CLEAR_RATING
                    else f"rate them {name}")
            self.hint.setText(f"Click units on the map to {what}. Esc or the button ends "
                              "it.")
        elif brush[0] == CLEAR_RATING:
            self.hint.setText("Clear rating: a click takes a unit's rating away.")
        else:
            margin, spread = RATING_TABLE[brush[0]]
            lead = "no lead" if brush[0] == TOSS_UP else f"+{margin:g} pts"
            self.hint.setText(f"{name}: {lead}, spread {spread:g} pts (about "
                              f"{100 * nominal_chance(brush[0]):.0f} % for its side).")
        rated = [u for u in UNIT_CODES if u in c.ratings]
        shown = ", ".join(f"{UNITS[u].name} {c.rating_name(c.ratings[u])}"
                          for u in rated[:SHOWN_RATED])
        more = f" and {len(rated) - SHOWN_RATED} more" if len(rated) > SHOWN_RATED else ""
        self.rated.setText(f"Rated: {shown}{more}." if rated else "No unit rated.")
        self.clear.setEnabled(bool(rated))

    def _fill_sides(self) -> None:
        c = self.controller
        wanted = [(c._surname(p), p) for p in c.parties]
        now = [(self.side.itemText(i), self.side.itemData(i)) for i in range(self.side.count())]
        if now == wanted:
            return
        self.side.blockSignals(True)
        self.side.clear()
        for text, party in wanted:
            self.side.addItem(text, party)
        self.side.blockSignals(False)


def rating_menu(controller: ForecastController, unit: str, parent: QWidget) -> QMenu:
    """The unit table's right-click menu: rate the unit for a side, Toss-up, or clear."""
    c = controller
    menu = QMenu(f"Rate {UNITS[unit].name}", parent)
    now = c.ratings.get(unit)
    for party in c.parties:
        sub = menu.addMenu(f"Rate {UNITS[unit].name} for {c._surname(party)}")
        for level in reversed(RATING_LEVELS[1:]):
            action = sub.addAction(level)
            action.setCheckable(True)
            action.setChecked(now == (level, party))
            action.triggered.connect(lambda _on=False, r=(level, party): c.rate(unit, r))
    toss = menu.addAction(f"Rate {UNITS[unit].name} {TOSS_UP}")
    toss.setCheckable(True)
    toss.setChecked(now == (TOSS_UP, None))
    toss.triggered.connect(lambda _on=False: c.rate(unit, (TOSS_UP, None)))
    menu.addSeparator()
    clear = menu.addAction(f"Clear {UNITS[unit].name}'s rating")
    clear.setEnabled(now is not None)
    clear.triggered.connect(lambda _on=False: c.rate(unit, None))
    return menu


def show_rating_menu(controller: ForecastController, unit: str, parent: QWidget,
                     where: QPoint) -> None:
    if controller.inputs is None:
        return
    menu = rating_menu(controller, unit, parent)
    menu.exec(where)
    menu.deleteLater()
