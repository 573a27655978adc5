"""The call board: one call's members and how each answered, live."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from widgets.dispatch.records import CallRecord
from widgets.dispatch.words import (
    CALL_PHASES,
    MEMBER_COLOURS,
    MEMBER_STATES,
    PHASE_COLOURS,
    PRIORITIES,
    PRIORITY_COLOURS,
    colour,
    word,
)

UNIT, STATE = range(2)
# Members sort by what the dispatcher must act on first.
STATE_ORDER = ["declined", "missed", "offline", "ringing", "answered", "left"]


class CallBoard(QWidget):
    """The call followed now: subject, state, members; End call.

    Signals:
        end_requested(str): the operator ended the call shown.
    """

    end_requested = Signal(str)

    def __init__(self, names, parent=None):
        super().__init__(parent)
        self._names = names  # unit id -> display name
        self.record: CallRecord | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)

        self.title = QLabel(self.tr("No call yet: press a group's key"), self)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)

        row = QHBoxLayout()
        self.state_label = QLabel(self)
        self.summary = QLabel(self)
        row.addWidget(self.state_label)
        row.addWidget(self.summary, 1)
        self.end_button = QPushButton(self.tr("End call"), self)
        self.end_button.setEnabled(False)
        self.end_button.clicked.connect(self.on_end_clicked)
        row.addWidget(self.end_button)
        layout.addLayout(row)

        self.members = QTreeWidget(self)
        self.members.setRootIsDecorated(False)
        self.members.setHeaderLabels([self.tr("Unit"), self.tr("State")])
        self.members.header().setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.members, 1)

        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self.on_clock)

    def follow(self, record: CallRecord) -> None:
        """Show ``record`` from now on."""
        self.record = record
        self.refresh()
        self._clock.start()

    def refresh(self) -> None:
        record = self.record
        if record is None:
            return
        priority = word(PRIORITIES, record.priority)
        self.title.setText(f"[{priority}] {record.subject}")
        tint = colour(PRIORITY_COLOURS, record.priority).name()
        self.title.setStyleSheet(f"color: {tint}")
        self.state_label.setText("● " + word(CALL_PHASES, record.state))
        phase = colour(PHASE_COLOURS, record.state).name()
        self.state_label.setStyleSheet(f"color: {phase}; font-weight: bold")
        self.end_button.setEnabled(record.state != "ended")
        self._show_members(record)
        self.on_clock()

    def _show_members(self, record: CallRecord) -> None:
        self.members.clear()
        ordered = sorted(
            record.members.items(),
            key=lambda pair: (_rank(pair[1]), self._names(pair[0])),
        )
        for unit, state in ordered:
            item = QTreeWidgetItem(self.members)
            item.setText(UNIT, self._names(unit))
            item.setToolTip(UNIT, unit)
            item.setData(UNIT, Qt.ItemDataRole.UserRole, unit)
            item.setText(STATE, "● " + word(MEMBER_STATES, state))
            item.setForeground(STATE, QBrush(colour(MEMBER_COLOURS, state)))
            if state in ("declined", "missed"):
                item.setBackground(UNIT, QBrush(QColor(229, 72, 77, 40)))

    def member_state(self, unit: str) -> str | None:
        """What the board shows for ``unit``'s state (for tests and a11y)."""
        for index in range(self.members.topLevelItemCount()):
            item = self.members.topLevelItem(index)
            if item.data(UNIT, Qt.ItemDataRole.UserRole) == unit:
                return item.text(STATE).removeprefix("● ")
        return None

    @Slot()
    def on_clock(self) -> None:
        record = self.record
        if record is None:
            return
        end = record.ended or datetime.now()
        elapsed = int((end - record.started).total_seconds())
        answered = record.count("answered") + record.count("left")
        text = self.tr("%1 of %2 answered · %3").replace("%1", str(answered))
        text = text.replace("%2", str(len(record.members)))
        self.summary.setText(text.replace("%3", f"{elapsed // 60}:{elapsed % 60:02d}"))
        if record.state == "ended":
            self._clock.stop()

    @Slot()
    def on_end_clicked(self) -> None:
        if self.record is not None:
            self.end_requested.emit(self.record.call)


def _rank(state: str) -> int:
    return STATE_ORDER.index(state) if state in STATE_ORDER else len(STATE_ORDER)
