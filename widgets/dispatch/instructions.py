"""Instructions: a text to a unit or a group, and each recipient's receipt."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.dispatch import protocol as p
from widgets.dispatch.records import InstructionRecord
from widgets.dispatch.words import RECEIPT_COLOURS, RECEIPTS, colour, word

TEXT, RECEIPT = range(2)
MSG_ROLE = Qt.ItemDataRole.UserRole


class InstructionEdit(QLineEdit):
    """Enter sends, though the window binds Enter to maximizing a tile."""

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            event.accept()
            return True
        return super().event(event)


class InstructionsView(QWidget):
    """Write an instruction; follow its receipts unit by unit.

    Signals:
        send_requested(str, list, object, bool): text, units, group (or
            None) and whether each recipient must acknowledge.
    """

    send_requested = Signal(str, list, object, bool)

    def __init__(self, names, parent=None):
        super().__init__(parent)
        self._names = names
        self._items: dict[str, QTreeWidgetItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)

        self.target = QComboBox(self)
        self.target.setToolTip(self.tr("Who receives the instruction"))
        layout.addWidget(self.target)
        row = QHBoxLayout()
        self.text = InstructionEdit(self)
        self.text.setPlaceholderText(self.tr("Instruction, then Enter"))
        self.text.returnPressed.connect(self.on_send_clicked)
        row.addWidget(self.text, 1)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.clicked.connect(self.on_send_clicked)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.require_ack = QCheckBox(self.tr("Recipients must acknowledge"), self)
        self.require_ack.setChecked(True)
        layout.addWidget(self.require_ack)

        self.sent = QTreeWidget(self)
        self.sent.setHeaderLabels([self.tr("Instruction"), self.tr("Receipt")])
        self.sent.header().setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.sent, 1)

    def show_targets(self, groups: list[p.RosterGroup], units: list) -> None:
        """Groups first, then units; keeps the current choice if it stays."""
        current = self.target.currentData()
        self.target.clear()
        for group in groups:
            label = self.tr("Group: %1").replace("%1", group.name)
            self.target.addItem(label, f"group:{group.group}")
        for unit in units:
            self.target.addItem(unit.name, f"unit:{unit.unit}")
        index = self.target.findData(current)
        if index >= 0:
            self.target.setCurrentIndex(index)

    def choose_unit(self, unit: str) -> None:
        index = self.target.findData(f"unit:{unit}")
        if index >= 0:
            self.target.setCurrentIndex(index)
            self.text.setFocus()

    @Slot()
    def on_send_clicked(self) -> None:
        text, choice = self.text.text().strip(), self.target.currentData()
        if not text or choice is None:
            return
        kind, _, ident = choice.partition(":")
        units = [ident] if kind == "unit" else []
        group = ident if kind == "group" else None
        self.send_requested.emit(text, units, group, self.require_ack.isChecked())
        self.text.clear()

    def add(self, record: InstructionRecord) -> None:
        item = QTreeWidgetItem()
        item.setData(TEXT, MSG_ROLE, record.msg)
        self.sent.insertTopLevelItem(0, item)
        self._items[record.msg] = item
        self.show_record(record)
        item.setExpanded(True)

    def show_record(self, record: InstructionRecord) -> None:
        """Redraw one instruction and its recipients' receipts."""
        item = self._items.get(record.msg)
        if item is None:
            return
        time = record.sent.strftime("%H:%M:%S")
        item.setText(TEXT, f"{time} → {record.target}: {record.text}")
        item.setToolTip(TEXT, record.text)
        item.setText(RECEIPT, self.summary(record))
        done = "acked" if record.require_ack else "delivered"
        whole = record.receipts and all(
            s in (done, "acked") for s in record.receipts.values()
        )
        state = done if whole else "pending"
        item.setForeground(RECEIPT, QBrush(colour(RECEIPT_COLOURS, state)))
        item.takeChildren()
        for unit, state in sorted(record.receipts.items()):
            child = QTreeWidgetItem(item)
            child.setText(TEXT, self._names(unit))
            child.setData(TEXT, MSG_ROLE, unit)
            child.setText(RECEIPT, word(RECEIPTS, state))
            child.setForeground(RECEIPT, QBrush(colour(RECEIPT_COLOURS, state)))

    def summary(self, record: InstructionRecord) -> str:
        total = len(record.receipts)
        acked = record.count("acked")
        delivered = record.count("delivered") + acked
        text = self.tr("Delivered %1/%2").replace("%1", str(delivered))
        text = text.replace("%2", str(total))
        if record.require_ack:
            more = self.tr("acknowledged %1/%2").replace("%1", str(acked))
            text += " · " + more.replace("%2", str(total))
        return text

    def receipt_of(self, msg: str, unit: str) -> str | None:
        """What the view shows as ``unit``'s receipt of ``msg``."""
        item = self._items.get(msg)
        for index in range(item.childCount() if item else 0):
            child = item.child(index)
            if child.data(TEXT, MSG_ROLE) == unit:
                return child.text(RECEIPT)
        return None
