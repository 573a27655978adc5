"""The history of calls, instructions, messages and alarms, newest first."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

TIME, WHAT, DETAIL, OUTCOME = range(4)


class HistoryView(QTreeWidget):
    """One row per call, instruction, message or alarm, updated in place."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setHeaderLabels(
            [self.tr("Time"), self.tr("What"), self.tr("Details"), self.tr("Outcome")]
        )
        header = self.header()
        header.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch)
        for column in (TIME, WHAT, OUTCOME):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._rows: dict[str, QTreeWidgetItem] = {}

    def note(
        self,
        key: str,
        what: str,
        detail: str,
        outcome: str = "",
        when: datetime | None = None,
        tint: str | None = None,
        earlier: bool = False,
    ) -> None:
        """Add the row ``key`` or update it; ``earlier`` rows go below."""
        item = self._rows.get(key)
        if item is None:
            item = QTreeWidgetItem()
            stamp = (when or datetime.now()).strftime(
                "%m-%d %H:%M" if earlier else "%H:%M:%S"
            )
            item.setText(TIME, stamp)
            if earlier:
                self.addTopLevelItem(item)
            else:
                self.insertTopLevelItem(0, item)
            self._rows[key] = item
        item.setText(WHAT, what)
        item.setText(DETAIL, detail)
        item.setToolTip(DETAIL, detail)
        item.setText(OUTCOME, outcome)
        if tint:
            item.setForeground(WHAT, QBrush(QColor(tint)))

    def set_outcome(self, key: str, outcome: str) -> None:
        item = self._rows.get(key)
        if item is not None:
            item.setText(OUTCOME, outcome)

    def texts(self, key: str) -> list[str]:
        """The row's time, what, details and outcome, as shown."""
        item = self._rows[key]
        return [item.text(column) for column in (TIME, WHAT, DETAIL, OUTCOME)]

    def has(self, key: str) -> bool:
        return key in self._rows
