"""Alarms on the video and in a list: tiles paint their camera's alarm, the
alarm dock lists every active alarm with acknowledge and resolve."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.alarms import Alarm, AlarmBoard, Severity, State
from widgets.cameras.names import SEVERITY_COLOURS, alarm_name, state_name
from widgets.names import severity_name

log = logging.getLogger(__name__)

BLINK_MS = 500
ALARM_ID = Qt.ItemDataRole.UserRole


def local_time(alarm: Alarm) -> str:
    """When the alarm last fired, on this computer's clock."""
    return (alarm.last_at or alarm.raised_at).astimezone().strftime("%H:%M:%S")


class AlarmSignals(QObject):
    """The board's changes as a Qt signal, for widgets to connect to.

    Signals:
        alarm_changed(Alarm, str): an alarm was raised, updated,
            acknowledged or resolved.
    """

    alarm_changed = Signal(object, str)

    def __init__(self, board: AlarmBoard, parent=None):
        super().__init__(parent)
        self._unlisten = board.listen(self.alarm_changed.emit)

    def close(self) -> None:
        self._unlisten()


class AlarmOverlay(QObject):
    """Paints the most urgent alarm of a tile's source over its video: a
    border in the severity's colour (blinking while a red alarm is new)
    and a caption naming the alarm and when it fired. Serves the walls of
    every screen (``screens``, a ScreenWalls)."""

    def __init__(self, board: AlarmBoard, signals: AlarmSignals, screens, parent=None):
        super().__init__(parent)
        self.board = board
        self.screens = screens
        self.blink_on = True
        self._blink = QTimer(self, interval=BLINK_MS)
        self._blink.timeout.connect(self.on_blink)
        screens.add_overlay(self.paint)
        signals.alarm_changed.connect(self.on_alarm_changed)

    def alarm_on(self, tile) -> Alarm | None:
        if tile.source is None:
            return None
        return self.board.top(tile.source.id)

    @Slot(object, str)
    def on_alarm_changed(self, alarm: Alarm, change: str) -> None:
        for tile in self.screens.tiles():
            if tile.source is not None and tile.source.id == alarm.source_id:
                tile.update()
        blinking = any(_blinks(a) for a in self.board.active())
        if blinking and not self._blink.isActive():
            self._blink.start()
        elif not blinking:
            self._blink.stop()
            self.blink_on = True

    @Slot()
    def on_blink(self) -> None:
        self.blink_on = not self.blink_on
        for tile in self.screens.visible_tiles():
            alarm = self.alarm_on(tile)
            if alarm is not None and _blinks(alarm):
                tile.update()

    def paint(self, painter, tile) -> None:
        alarm = self.alarm_on(tile)
        if alarm is None:
            return
        colour = SEVERITY_COLOURS[alarm.severity]
        if self.blink_on or not _blinks(alarm):
            width = 5 if alarm.state is State.NEW else 2
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour, width))
            inset = width // 2 + 1
            painter.drawRect(tile.rect().adjusted(inset, inset, -inset, -inset))
        self._paint_caption(painter, tile, alarm, colour)

    def _paint_caption(self, painter, tile, alarm: Alarm, colour: QColor) -> None:
        font = QFont(tile.font())
        font.setPixelSize(max(12, min(18, tile.height() // 16)))
        font.setBold(True)
        painter.setFont(font)
        text = caption(alarm)
        metrics = painter.fontMetrics()
        pad = 6
        width = metrics.horizontalAdvance(text) + 2 * pad
        height = metrics.height() + pad
        # Below the tile's name strip, where the picture's top usually is sky.
        top = metrics.height() + 14
        box = QRect((tile.width() - width) // 2, top, width, height)
        fill = QColor(colour)
        fill.setAlpha(230 if alarm.state is State.NEW else 150)
        painter.fillRect(box, fill)
        dark_text = alarm.severity in (Severity.YELLOW, Severity.ORANGE)
        painter.setPen(QColor("#111111") if dark_text else QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def close(self) -> None:
        self._blink.stop()
        self.screens.remove_overlay(self.paint)


def _blinks(alarm: Alarm) -> bool:
    return alarm.severity is Severity.RED and alarm.state is State.NEW


def caption(alarm: Alarm) -> str:
    """ "Motion detected 12:03:05 ×3": what a tile says about its alarm."""
    text = f"{alarm_name(alarm)} {local_time(alarm)}"
    if alarm.count > 1:
        text += f" ×{alarm.count}"
    return text


def _place(alarm: Alarm) -> str:
    """Where an alarm with no camera comes from: the raising unit."""
    return alarm.data.get("unit_name") or alarm.source_id


class AlarmList(QWidget):
    """Active alarms, the most urgent first, with the operator's actions.

    Signals:
        show_requested(str): the operator wants this source on the wall.
    """

    show_requested = Signal(str)
    COLUMNS = 6

    def __init__(
        self, board: AlarmBoard, signals: AlarmSignals, site, operator: str, parent=None
    ):
        super().__init__(parent)
        self.board = board
        self.site = site
        self.operator = operator
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(self.COLUMNS)
        self.tree.setHeaderLabels(
            [
                self.tr("Severity"),
                self.tr("Time"),
                self.tr("Camera"),
                self.tr("Alarm"),
                self.tr("State"),
                self.tr("Times"),
            ]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemDoubleClicked.connect(self.on_item_double_clicked)
        self.tree.currentItemChanged.connect(self.on_current_changed)

        self.acknowledge_button = QPushButton(self.tr("Acknowledge"), self)
        self.acknowledge_button.clicked.connect(self.on_acknowledge)
        self.resolve_button = QPushButton(self.tr("Resolve"), self)
        self.resolve_button.clicked.connect(self.on_resolve)
        self.show_button = QPushButton(self.tr("Show on wall"), self)
        self.show_button.clicked.connect(self.on_show)

        buttons = QVBoxLayout()
        for button in (self.acknowledge_button, self.resolve_button, self.show_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        signals.alarm_changed.connect(self.on_alarm_changed)
        self.refresh()

    def rows(self) -> list[int]:
        """The alarm ids listed, top to bottom."""
        return [
            self.tree.topLevelItem(i).data(0, ALARM_ID)
            for i in range(self.tree.topLevelItemCount())
        ]

    @Slot(object, str)
    def on_alarm_changed(self, alarm: Alarm, change: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        current = self.selected()
        self.tree.clear()
        for alarm in self.board.active():
            item = self._item(alarm)
            self.tree.addTopLevelItem(item)
            if alarm.id == current:
                self.tree.setCurrentItem(item)
        for column in range(self.COLUMNS - 1):
            self.tree.resizeColumnToContents(column)
        self._enable()

    def _item(self, alarm: Alarm) -> QTreeWidgetItem:
        source = self.site.source(alarm.source_id)
        item = QTreeWidgetItem(
            [
                severity_name(alarm.severity),
                local_time(alarm),
                source.name if source else _place(alarm),
                alarm_name(alarm),
                state_name(alarm.state),
                str(alarm.count),
            ]
        )
        item.setData(0, ALARM_ID, alarm.id)
        colour = SEVERITY_COLOURS[alarm.severity]
        item.setBackground(0, QBrush(colour))
        item.setForeground(0, QBrush(QColor("#111111")))
        if alarm.state is State.NEW:
            bold = QFont(self.font())
            bold.setBold(True)
            for column in range(self.COLUMNS):
                item.setFont(column, bold)
        return item

    def selected(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ALARM_ID) if item is not None else None

    def select(self, alarm_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ALARM_ID) == alarm_id:
                self.tree.setCurrentItem(item)

    def _enable(self) -> None:
        alarm = self.board.alarm(self.selected() or 0)
        self.acknowledge_button.setEnabled(bool(alarm and alarm.state is State.NEW))
        self.resolve_button.setEnabled(bool(alarm and alarm.active))
        self.show_button.setEnabled(alarm is not None)

    @Slot()
    def on_current_changed(self, *_) -> None:
        self._enable()

    @Slot()
    def on_acknowledge(self) -> None:
        alarm_id = self.selected()
        if alarm_id is not None:
            self.board.acknowledge(alarm_id, by=self.operator)

    @Slot()
    def on_resolve(self) -> None:
        alarm_id = self.selected()
        if alarm_id is not None:
            self.board.resolve(alarm_id)

    @Slot()
    def on_show(self) -> None:
        alarm = self.board.alarm(self.selected() or 0)
        if alarm is not None:
            self.show_requested.emit(alarm.source_id)

    @Slot(QTreeWidgetItem, int)
    def on_item_double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        alarm = self.board.alarm(item.data(0, ALARM_ID))
        if alarm is not None:
            self.show_requested.emit(alarm.source_id)
