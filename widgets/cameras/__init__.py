"""Cameras on the wall: PTZ on their tiles, commissioning, camera alarms.

``install(window)`` adds to the main window:

- ``window.alarms``, the console's ``AlarmBoard`` (``board_of``, shared
  with the dispatch part, which raises the hub's alarms on it): camera
  events go there;
- an event subscription per ONVIF source, feeding the board;
- alarms painted on every tile showing their camera, and the alarm dock;
- PTZ on tiles showing a PTZ camera (``ptz_view``);
- the "Add camera…" action and dialog (``add_camera``).
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QToolBar

from console.alarms import board_of
from console.site.model import Source
from widgets.cameras.add_camera import AddCameraDialog
from widgets.cameras.alarm_view import AlarmList, AlarmOverlay, AlarmSignals
from widgets.cameras.ptz_view import TilePtz
from widgets.cameras.watch import CameraWatch
from widgets.tasks import Tasks

log = logging.getLogger(__name__)

# Seconds the camera commands still running get to finish at closing;
# unsubscribing and closing the connections follow, within the console's
# closing time (widgets.app.CLOSING_S).
CLOSE_PATIENCE = 1.5
ALARM_DOCK_HEIGHT = 150


def install(window) -> CameraPart:
    """Add camera tools to the main window."""
    return CameraPart(window)


class CameraPart(QObject):
    """Everything the camera part adds to one main window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.tasks = Tasks()
        # The dispatch part installs first and may have made it already.
        self.board = board_of(window)
        self.signals = AlarmSignals(self.board, self)
        self.watch = CameraWatch(self.board)
        self.overlay = AlarmOverlay(self.board, self.signals, window.screens, self)
        self.ptz = TilePtz(window, self.tasks, self)
        link = getattr(window, "dispatch_link", None)
        if link is not None:
            # PTZ reservations pass over the hub while it is connected.
            self.ptz.reservations.attach(link)
        self.dialog: AddCameraDialog | None = None
        self.closing: asyncio.Future | None = None
        self._shut = False

        self.alarm_list = AlarmList(
            self.board, self.signals, window.site, self.ptz.operator, window
        )
        self.alarm_list.show_requested.connect(self.on_show_requested)
        self.alarm_dock = window._dock(
            self.alarm_list,
            self.tr("Alarms"),
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        # A strip under the wall: the wall stays the largest thing on screen.
        window.resizeDocks(
            [self.alarm_dock], [ALARM_DOCK_HEIGHT], Qt.Orientation.Vertical
        )
        self._build_toolbar()
        # The event loop runs only once the window is up (app.run_event_loop).
        if any(source.onvif for source in window.site.sources):
            QTimer.singleShot(0, self.on_started)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Cameras"), self.window)
        bar.setObjectName("cameras-toolbar")
        bar.setMovable(False)
        self.add_action = bar.addAction(self.tr("Add camera…"), self.add_camera)
        self.add_action.setToolTip(
            self.tr("Find a camera on the network and add it to the site")
        )
        self.window.addToolBar(bar)

    @Slot()
    def on_started(self) -> None:
        for source in self.window.site.sources:
            if source.onvif is not None:
                self.tasks.spawn(self.watch.watch(source), f"events {source.id}")

    @Slot(str)
    def on_show_requested(self, source_id: str) -> None:
        source = self.window.site.source(source_id)
        if source is None:
            return
        screens = self.window.screens
        for tile in screens.visible_tiles():
            if tile.source is not None and tile.source.id == source_id:
                tile.wall.select(tile.index)
                return
        screens.current.assign_next(source)

    @Slot()
    def add_camera(self) -> AddCameraDialog:
        if self.dialog is None:
            self.dialog = AddCameraDialog(self.window, self)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def add_source(self, source: Source) -> None:
        """A commissioned camera joins the site, the tree and the watch."""
        self.window.site.sources.append(source)
        self.window.tree.populate()
        if source.onvif is not None:
            self.tasks.spawn(self.watch.watch(source), f"events {source.id}")
        self.window.statusBar().showMessage(
            self.tr("Camera %1 added").replace("%1", source.name), 8000
        )

    def shutdown(self) -> asyncio.Future | None:
        """Stop watching and steering; the window is closing.

        Returns the future that ends the subscriptions and closes the
        cameras' connections, where an event loop can still run it.
        """
        if self._shut:
            return self.closing
        self._shut = True
        self.overlay.close()
        self.ptz.detach()
        self.signals.close()
        if self.dialog is not None:
            self.dialog.close()
        if not (self.tasks or self.watch.subscriptions or self.ptz.steerings):
            return None
        self.closing = asyncio.ensure_future(self._close())
        return self.closing

    async def _close(self) -> None:
        await self.tasks.finish(CLOSE_PATIENCE)
        await self.watch.stop()
        await self.ptz.close()
        log.info("camera part closed")
