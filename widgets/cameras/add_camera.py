"""Adding a camera: find it, probe it, check its streams, add it to the site.

Discovery and probing talk to the network for seconds; they run as
coroutines on the event loop while the dialog shows a busy bar, so the
wall keeps playing. What a camera refuses is said in words the operator
can act on, with a button to correct a camera's clock where that is why.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from console.onvif.client import OnvifClient
from console.onvif.commission import commission
from console.onvif.discovery import DiscoveredDevice, discover
from console.onvif.errors import CameraError, ClockSkew
from console.onvif.model import Probe
from console.site.model import LEVEL_ORDER
from widgets.cameras.names import camera_error_text
from widgets.names import level_name

log = logging.getLogger(__name__)

DISCOVERY_SECONDS = 2.0
PROBE_TIMEOUT = 8.0
ERROR_STYLE = "color: #e5484d;"
DONE_STYLE = "color: #3ccf6e;"


class AddCameraDialog(QDialog):
    """The "add camera" dialog; ``part`` adds what it commissions.

    ``work`` is the discovery, probe or add that runs (or ran) last; the
    tests await it.
    """

    def __init__(self, window, part, parent=None):
        super().__init__(parent or window)
        self.main_window = window
        self.part = part
        self.probe: Probe | None = None
        self.devices: list[DiscoveredDevice] = []
        self.work = None
        self.setWindowTitle(self.tr("Add camera"))
        self.resize(860, 860)

        layout = QVBoxLayout(self)
        layout.addWidget(self._discovery_box())
        layout.addWidget(self._camera_box())
        layout.addWidget(self._streams_box(), 1)
        layout.addWidget(self._entry_box())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.clock_button = QPushButton(self.tr("Correct the camera's clock"), self)
        self.clock_button.clicked.connect(self.on_correct_clock)
        self.clock_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.clock_button)
        layout.addLayout(row)
        layout.addLayout(self._buttons())
        self._busy(False)

    # Building

    def _discovery_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Device discovery"), self)
        self.target = QLineEdit(box)
        self.target.setPlaceholderText(self.tr("also ask HOST:PORT (optional)"))
        self.discover_button = QPushButton(self.tr("Discover"), box)
        self.discover_button.clicked.connect(self.on_discover)
        self.found = QTableWidget(0, 4, box)
        self.found.setHorizontalHeaderLabels(
            [self.tr("Address"), self.tr("Model"), self.tr("Name"), self.tr("In site")]
        )
        _table_style(self.found)
        self.found.setMinimumHeight(120)
        self.found.itemSelectionChanged.connect(self.on_device_chosen)
        grid = QGridLayout(box)
        grid.addWidget(self.target, 0, 0)
        grid.addWidget(self.discover_button, 0, 1)
        grid.addWidget(self.found, 1, 0, 1, 2)
        return box

    def _camera_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Camera"), self)
        self.host = QLineEdit(box)
        self.host.setPlaceholderText("192.168.1.64")
        self.port = QSpinBox(box)
        self.port.setRange(1, 65535)
        self.port.setValue(80)
        self.user = QLineEdit("admin", box)
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.probe_button = QPushButton(self.tr("Probe"), box)
        self.probe_button.setDefault(True)
        self.probe_button.clicked.connect(self.on_probe)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("Host"), box), 0, 0)
        grid.addWidget(self.host, 0, 1)
        grid.addWidget(QLabel(self.tr("Port"), box), 0, 2)
        grid.addWidget(self.port, 0, 3)
        grid.addWidget(QLabel(self.tr("User"), box), 1, 0)
        grid.addWidget(self.user, 1, 1)
        grid.addWidget(QLabel(self.tr("Password"), box), 1, 2)
        grid.addWidget(self.password, 1, 3)
        grid.addWidget(self.probe_button, 0, 4, 2, 1)
        return box

    def _streams_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Streams"), self)
        self.device_label = QLabel(box)
        self.profiles = QTableWidget(0, 6, box)
        self.profiles.setHorizontalHeaderLabels(
            [
                self.tr("Profile"),
                self.tr("Name"),
                self.tr("Encoding"),
                self.tr("Resolution"),
                self.tr("Frame rate"),
                self.tr("Stream"),
            ]
        )
        _table_style(self.profiles)
        self.profiles.setMinimumHeight(100)
        self.main_profile = QComboBox(box)
        self.sub_profile = QComboBox(box)
        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("Main stream"), box))
        form.addWidget(self.main_profile, 1)
        form.addWidget(QLabel(self.tr("Sub-stream"), box))
        form.addWidget(self.sub_profile, 1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.device_label)
        layout.addWidget(self.profiles, 1)
        layout.addLayout(form)
        return box

    def _entry_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Site entry"), self)
        self.source_id = QLineEdit(box)
        self.source_name = QLineEdit(box)
        self.level = QComboBox(box)
        for level in LEVEL_ORDER:
            self.level.addItem(level_name(level), str(level))
        self.level.setCurrentIndex(LEVEL_ORDER.index("city"))
        self.group = QLineEdit(box)
        form = QFormLayout(box)
        form.addRow(self.tr("Id"), self.source_id)
        form.addRow(self.tr("Name"), self.source_name)
        form.addRow(self.tr("Level"), self.level)
        form.addRow(self.tr("Group"), self.group)
        return box

    def _buttons(self) -> QHBoxLayout:
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setTextVisible(False)
        self.add_button = QPushButton(self.tr("Add to site"), self)
        self.add_button.clicked.connect(self.on_add)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.busy_bar)
        row.addStretch(1)
        row.addWidget(self.add_button)
        row.addWidget(close)
        return row

    # Long work

    def _run(self, coroutine, what: str):
        self._busy(True)
        self.work = self.part.tasks.spawn(self._guarded(coroutine), what)
        return self.work

    async def _guarded(self, coroutine) -> None:
        try:
            await coroutine
        except CameraError as error:
            log.info("add camera: %s", error)
            self._say(camera_error_text(error), ERROR_STYLE)
            self.clock_button.setVisible(isinstance(error, ClockSkew))
        finally:
            self._busy(False)

    def _busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        for button in (self.discover_button, self.probe_button, self.clock_button):
            button.setEnabled(not busy)
        self.add_button.setEnabled(not busy and self.probe is not None)

    def _say(self, text: str, style: str = "") -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    # Discovery

    @Slot()
    def on_discover(self):
        self._say(self.tr("Looking for cameras…"))
        return self._run(self._discover(), "camera discovery")

    async def _discover(self) -> None:
        target = self.target.text().strip() or None
        try:
            devices = await discover(
                target,
                multicast=True,
                timeout=DISCOVERY_SECONDS,
                site=self.main_window.site,
            )
        except ValueError as error:
            self._say(str(error), ERROR_STYLE)
            return
        self.devices = devices
        self.found.setRowCount(len(devices))
        for row, device in enumerate(devices):
            in_site = device.source_id or ""
            cells = [f"{device.host}:{device.port}", device.model, device.name]
            for column, text in enumerate([*cells, in_site]):
                self.found.setItem(row, column, QTableWidgetItem(text))
        self.found.resizeColumnsToContents()
        self._say(self.tr("%n cameras found", "", len(devices)))

    @Slot()
    def on_device_chosen(self) -> None:
        rows = {index.row() for index in self.found.selectedIndexes()}
        if len(rows) != 1:
            return
        device = self.devices[rows.pop()]
        self.host.setText(device.host)
        self.port.setValue(device.port)
        if device.name and not self.source_name.text():
            self.source_name.setText(device.name)
        if device.in_site:
            text = self.tr("This camera is already in the site as %1.")
            self._say(text.replace("%1", device.source_id), ERROR_STYLE)

    # Probing

    def client(self, adjust_time: bool = False) -> OnvifClient:
        return OnvifClient(
            self.host.text().strip(),
            self.port.value(),
            self.user.text(),
            self.password.text(),
            timeout=PROBE_TIMEOUT,
            adjust_time=adjust_time,
        )

    @Slot()
    def on_probe(self):
        self.probe = None
        self.clock_button.hide()
        self._show_probe(None)
        self._say(self.tr("Asking the camera…"))
        return self._run(self._probe(), "camera probe")

    async def _probe(self) -> None:
        async with self.client() as client:
            probe = await client.probe()
        self.probe = probe
        self._show_probe(probe)
        if probe.main is None:
            self._say(self.tr("The camera offers no video stream."), ERROR_STYLE)
            self.probe = None
            return
        self._say(self.tr("The camera answers. Check the streams, then add it."))

    def _show_probe(self, probe: Probe | None) -> None:
        profiles = probe.profiles if probe else []
        self.profiles.setRowCount(len(profiles))
        self.main_profile.clear()
        self.sub_profile.clear()
        self.device_label.setText(_device_text(probe) if probe else "")
        for row, profile in enumerate(profiles):
            rate = f"{profile.frame_rate:g}" if profile.frame_rate else ""
            stream = profile.stream_uri or profile.stream_error or ""
            cells = [
                profile.token,
                profile.name,
                profile.encoding or self.tr("no encoder"),
                f"{profile.width}×{profile.height}" if profile.width else "",
                rate,
                stream,
            ]
            for column, text in enumerate(cells):
                self.profiles.setItem(row, column, QTableWidgetItem(text))
            if profile.stream_uri:
                label = f"{profile.token} ({profile.width}×{profile.height})"
                self.main_profile.addItem(label, profile.token)
                self.sub_profile.addItem(label, profile.token)
        self.profiles.resizeColumnsToContents()
        if probe is None:
            return
        _choose(self.main_profile, probe.main)
        if probe.sub is None:
            # One streaming profile: the wall plays the main stream.
            self.sub_profile.clear()
            self.sub_profile.addItem(self.tr("none"), None)
        _choose(self.sub_profile, probe.sub)
        self.sub_profile.setEnabled(probe.sub is not None)
        if not self.source_name.text():
            name = f"{probe.device.manufacturer} {probe.device.model}".strip()
            self.source_name.setText(name)
        if not self.source_id.text():
            self.source_id.setText(_slug(self.source_name.text()))

    @Slot()
    def on_correct_clock(self):
        self._say(self.tr("Setting the camera's clock…"))
        return self._run(self._correct_clock(), "camera clock")

    async def _correct_clock(self) -> None:
        client = self.client()
        try:
            offset = await client.correct_clock("device")
        finally:
            await client.close()
        log.info("camera clock corrected by %.0f s", offset)
        self.clock_button.hide()
        await self._probe()

    # Adding

    @Slot()
    def on_add(self):
        self._say(self.tr("Adding the camera…"))
        return self._run(self._add(), "camera commissioning")

    async def _add(self) -> None:
        sub = self.sub_profile.currentData()
        main = self.main_profile.currentData()
        added = await commission(
            self.host.text().strip(),
            self.port.value(),
            self.user.text(),
            self.password.text(),
            source_id=self.source_id.text().strip() or None,
            name=self.source_name.text().strip() or None,
            level=self.level.currentData(),
            group=self.group.text().strip(),
            main_profile=main,
            sub_profile=sub if sub not in (None, main) else None,
            site_file=self.main_window.site.path,
            timeout=PROBE_TIMEOUT,
        )
        self.part.add_source(added.source)
        text = self.tr("%1 added to the site as %2.")
        text = text.replace("%1", added.source.name).replace("%2", added.source.id)
        self._say(text, DONE_STYLE)
        self.probe = None
        self.source_id.clear()
        self.source_name.clear()


def _table_style(table: QTableWidget) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)


def _choose(combo: QComboBox, token: str | None) -> None:
    index = combo.findData(token)
    if index >= 0:
        combo.setCurrentIndex(index)


def _device_text(probe: Probe) -> str:
    device = probe.device
    parts = [f"{device.manufacturer} {device.model}".strip(), device.firmware]
    if probe.ptz:
        parts.append("PTZ")
    return " · ".join(part for part in parts if part)


def _slug(name: str) -> str:
    # Site ids are ASCII; a Chinese name gives no slug and the operator
    # types one (commission makes one from the model otherwise).
    return re.sub(r"[^A-Za-z0-9_.\-]+", "-", name).strip("-.").lower()[:48]
