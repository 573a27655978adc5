"""One-key dispatch: a button and a function key per group, and the quick
question that follows (subject and whether it is an emergency).

A dispatcher woken at 3 a.m. presses the group's key and then Enter: the
subject is filled in and the priority is high unless Emergency is ticked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.dispatch import protocol as p
from widgets.dispatch.words import ORANGE, RED

log = logging.getLogger(__name__)

DEFAULT_SUBJECT = "一键调度"  # what field crews read on their terminals
COLUMNS = 2
# Keys the console's window already uses for itself.
TAKEN_KEYS = {"F11": "full screen"}


def _key_order(group: p.RosterGroup) -> tuple[int, str]:
    key = group.key or ""
    return (int(key[1:]) if key else 99, group.name)


class OneKeyBar(QWidget):
    """A button per group, bound to its function key in the whole app.

    Signals:
        group_pressed(str): the operator pressed a group's button or key.
    """

    group_pressed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: dict[str, QShortcut] = {}

    def show_groups(self, groups: list[p.RosterGroup]) -> None:
        self._clear()
        for index, group in enumerate(sorted(groups, key=_key_order)):
            button = self._button(group)
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons[group.group] = button
            if group.key:
                self._bind(group.key, group.group)

    def _button(self, group: p.RosterGroup) -> QPushButton:
        label = f"{group.key}  {group.name}" if group.key else group.name
        button = QPushButton(label, self)
        button.setObjectName("one-key")
        button.setMinimumHeight(40)
        count = self.tr("%n units", "", len(group.members))
        button.setToolTip(f"{group.name} · {count}")
        button.clicked.connect(lambda: self.group_pressed.emit(group.group))
        return button

    def _bind(self, key: str, group: str) -> None:
        if key in TAKEN_KEYS:
            log.warning(
                "group %s: %s is the console's %s key", group, key, TAKEN_KEYS[key]
            )
        shortcut = QShortcut(QKeySequence(key), self.window())
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(lambda: self.group_pressed.emit(group))
        self.shortcuts[group] = shortcut

    def _clear(self) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.buttons.clear()
        self.shortcuts.clear()


class CallDialog(QDialog):
    """The one question before a group rings: subject and emergency.

    ``subject()`` and ``priority()`` tell the choice once accepted.
    """

    def __init__(self, group: p.RosterGroup, online: int, parent=None):
        super().__init__(parent)
        self.group = group
        self.setWindowTitle(self.tr("One-key dispatch"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)

        title = QLabel(f"{group.key or ''}  {group.name}", self)
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        reach = self.tr("Rings %n units", "", len(group.members))
        reach += " · " + self.tr("%1 online").replace("%1", str(online))
        layout.addWidget(QLabel(reach, self))

        form = QFormLayout()
        self.subject_edit = QLineEdit(DEFAULT_SUBJECT, self)
        self.subject_edit.selectAll()
        form.addRow(self.tr("Subject"), self.subject_edit)
        # A big toggle rather than a check box: it must read at a glance.
        self.emergency_box = QPushButton(self.tr("&Emergency"), self)
        self.emergency_box.setCheckable(True)
        self.emergency_box.setAutoDefault(False)
        self.emergency_box.setToolTip(self.tr("Emergency calls ring with priority"))
        self.emergency_box.toggled.connect(self.on_emergency_toggled)
        form.addRow("", self.emergency_box)
        layout.addLayout(form)

        buttons = QDialogButtonBox(self)
        self.ring_button = buttons.addButton(
            self.tr("Ring now (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ring_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.on_emergency_toggled(False)

    def subject(self) -> str:
        return self.subject_edit.text().strip() or DEFAULT_SUBJECT

    def priority(self) -> p.Priority:
        return "emergency" if self.emergency_box.isChecked() else "high"

    @Slot(bool)
    def on_emergency_toggled(self, emergency: bool) -> None:
        colour = RED if emergency else ORANGE
        self.ring_button.setStyleSheet(
            f"background: {colour}; color: black; font-weight: bold; padding: 6px"
        )
        toggle = f"background: {RED}; color: white" if emergency else ""
        self.emergency_box.setStyleSheet(f"{toggle}; padding: 6px 18px")
