"""The alert banner: emergencies that nobody in the hall may miss.

An SOS, a red alarm or an emergency call ringing this console puts a
flashing red banner across the top of the window and beeps until the
operator acknowledges it. It is modal-free: the wall and the dispatch
panel stay usable while it flashes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
)

from widgets.dispatch.words import RED

log = logging.getLogger(__name__)

FLASH_MS = 500
BEEP_EVERY_MS = 3000
ON, OFF = RED, "#7a1a1e"


@dataclass(frozen=True)
class Alert:
    """One thing to acknowledge: an alarm or a call ringing us."""

    key: str  # the alarm's or the call's id
    kind: str  # "alarm" or "call"
    title: str
    detail: str


class AlertBanner(QFrame):
    """Alerts, oldest first; the banner shows while one is pending.

    Signals:
        acknowledged(object): the operator acknowledged this ``Alert``.
    """

    acknowledged = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("alert-banner")
        self.pending: list[Alert] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.text = QLabel(self)
        font = self.text.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.text.setFont(font)
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.more = QLabel(self)
        layout.addWidget(self.more)
        self.ack_button = QPushButton(self)
        self.ack_button.setMinimumHeight(36)
        self.ack_button.setStyleSheet(
            "background: white; color: #b3161b; font-weight: bold; padding: 4px 16px"
        )
        self.ack_button.clicked.connect(self.on_ack_clicked)
        layout.addWidget(self.ack_button)

        self._lit = False
        self._flash = QTimer(self, interval=FLASH_MS)
        self._flash.timeout.connect(self.on_flash)
        self._beep = QTimer(self, interval=BEEP_EVERY_MS)
        self._beep.timeout.connect(QApplication.beep)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if not isinstance(parent, QToolBar):
            self.setVisible(False)

    def raise_alert(self, alert: Alert) -> None:
        if any(a.key == alert.key for a in self.pending):
            return
        log.info("alert %s: %s", alert.key, alert.title)
        self.pending.append(alert)
        QApplication.beep()
        self._show()

    def dismiss(self, key: str) -> None:
        """Take an alert away that was handled elsewhere (another console)."""
        self.pending = [a for a in self.pending if a.key != key]
        self._show()

    @Slot()
    def on_ack_clicked(self) -> None:
        if self.pending:
            alert = self.pending.pop(0)
            self.acknowledged.emit(alert)
            self._show()

    def _show(self) -> None:
        if not self.pending:
            self._flash.stop()
            self._beep.stop()
            self._bar().setVisible(False)
            return
        alert = self.pending[0]
        self.text.setText(f"⚠ {alert.title} — {alert.detail}")
        others = len(self.pending) - 1
        self.more.setText(self.tr("+%n more", "", others) if others else "")
        label = self.tr("Answer") if alert.kind == "call" else self.tr("Acknowledge")
        self.ack_button.setText(label)
        self._bar().setVisible(True)
        if not self._flash.isActive():
            self._flash.start()
            self._beep.start()
            self.on_flash()

    def _bar(self):
        """The toolbar holding the banner, or the banner when it has none."""
        parent = self.parentWidget()
        return parent if isinstance(parent, QToolBar) else self

    @Slot()
    def on_flash(self) -> None:
        self._lit = not self._lit
        self.setStyleSheet(
            f"#alert-banner {{ background: {ON if self._lit else OFF}; }}"
            " QLabel { color: white; }"
        )

    def stop(self) -> None:
        self._flash.stop()
        self._beep.stop()


def install_banner(window) -> AlertBanner:
    """The banner across the top of ``window``, above its toolbar."""
    bar = QToolBar(window)
    bar.setObjectName("alert-bar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    bar.setStyleSheet("QToolBar { border: 0; padding: 0; spacing: 0; }")
    first = window.findChild(QToolBar, "wall-toolbar")
    if first is None:
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    else:
        window.insertToolBar(first, bar)
        window.insertToolBarBreak(first)
    banner = AlertBanner(bar)
    bar.addWidget(banner)
    bar.setVisible(False)
    return banner
