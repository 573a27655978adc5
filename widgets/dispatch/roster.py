"""The roster: every unit by level, with its presence, status and location."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from console.dispatch import protocol as p
from console.site.model import LEVEL_ORDER
from widgets.dispatch.words import (
    GREEN,
    GREY,
    PRESENCE,
    UNIT_STATE_COLOURS,
    UNIT_STATES,
    colour,
    word,
)
from widgets.names import kind_name, level_name

NAME, PRESENCE_COLUMN, STATUS, LOCATION = range(4)
UNIT_ROLE = Qt.ItemDataRole.UserRole


class RosterView(QTreeWidget):
    """Units under their level; a level shows how many are online.

    Signals:
        unit_activated(str): the operator double-clicked a unit.
    """

    unit_activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(4)
        labels = [self.tr("Unit"), self.tr("Presence"), self.tr("Status")]
        self.setHeaderLabels([*labels, self.tr("Location")])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (PRESENCE_COLUMN, STATUS, LOCATION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._levels: dict[str, QTreeWidgetItem] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        self._units: dict[str, p.RosterUnit] = {}
        self.itemDoubleClicked.connect(self.on_item_double_clicked)

    def show_units(self, units: dict[str, p.RosterUnit]) -> None:
        """Show these units, replacing what was shown."""
        self.clear()
        self._levels.clear()
        self._items.clear()
        self._units = dict(units)
        for level in LEVEL_ORDER:
            item = QTreeWidgetItem(self)
            bold = QFont(self.font())
            bold.setBold(True)
            item.setFont(NAME, bold)
            item.setFirstColumnSpanned(True)
            self._levels[str(level)] = item
        for unit in units.values():
            self._items[unit.unit] = QTreeWidgetItem(self._levels[unit.level])
            self.show_unit(unit)
        for level in {unit.level for unit in units.values()}:
            self._count(level)
        for item in self._levels.values():
            item.setHidden(item.childCount() == 0)
        self.expandAll()

    def show_unit(self, unit: p.RosterUnit) -> None:
        """Redraw one unit (and its level's count) as the hub tells it."""
        item = self._items.get(unit.unit)
        if item is None:
            return
        before = self._units.get(unit.unit)
        self._units[unit.unit] = unit
        item.setData(NAME, UNIT_ROLE, unit.unit)
        item.setText(NAME, unit.name)
        item.setToolTip(NAME, f"{unit.name} · {kind_name(unit.kind)} · {unit.unit}")
        item.setText(PRESENCE_COLUMN, "● " + word(PRESENCE, unit.online))
        presence = QColor(GREEN if unit.online else GREY)
        item.setForeground(PRESENCE_COLUMN, QBrush(presence))
        item.setText(STATUS, word(UNIT_STATES, unit.state))
        item.setForeground(STATUS, QBrush(colour(UNIT_STATE_COLOURS, unit.state)))
        item.setText(LOCATION, _location(unit.location))
        # Counting scans the roster: only when who is online changed (a
        # position report, many a minute, changes nothing it counts).
        if before is None or before.online != unit.online:
            self._count(unit.level)

    def _count(self, level: str) -> None:
        item = self._levels[level]
        units = [u for u in self._units.values() if u.level == level]
        online = sum(u.online for u in units)
        text = self.tr("%1 (%2 of %3 online)")
        item.setText(
            NAME,
            text.replace("%1", level_name(level))
            .replace("%2", str(online))
            .replace("%3", str(len(units))),
        )

    def unit_item(self, unit: str) -> QTreeWidgetItem | None:
        return self._items.get(unit)

    @Slot(QTreeWidgetItem, int)
    def on_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        unit = item.data(NAME, UNIT_ROLE)
        if unit:
            self.unit_activated.emit(unit)


def _location(location: p.Location | None) -> str:
    if location is None:
        return "—"
    return f"{location.lat:.4f}, {location.lon:.4f}"
