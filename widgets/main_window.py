"""The console's main window: the wall, the source tree, views and problems."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QToolBar,
)

from console.site import SiteLoad
from console.store import Store, StoreError
from console.video.presence import PresenceMonitor
from console.video.stream import Phase
from console.wall.layouts import LAYOUTS
from widgets.health import HealthPanel
from widgets.screens import ScreenWalls
from widgets.source_tree import SourceTree
from widgets.wall import WallWidget, WindowWatch

log = logging.getLogger(__name__)

ONLINE_OF_PHASE = {
    Phase.PLAYING: "online",
    Phase.STALLED: "flaky",
    Phase.OFFLINE: "offline",
    Phase.RECONNECTING: "offline",
}


class MainWindow(QMainWindow):
    """The wall in the middle, sources on the left, views in the toolbar."""

    def __init__(self, load: SiteLoad, store: Store | None, parent=None):
        super().__init__(parent)
        self.site = load.site
        self.store = store
        self.setWindowTitle(self.tr("Command console") + f" — {self.site.name}")
        self.resize(1600, 900)

        self.wall = WallWidget(self.site, self)
        WindowWatch(self, self.wall)
        self.setCentralWidget(self.wall)
        self.screens = ScreenWalls(self)
        self.tree = SourceTree(self.site, self)
        self._dock(self.tree, self.tr("Sources"), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.problems = self._problems_dock(load)
        self.health_panel = HealthPanel(self)
        self.health_dock = self._dock(
            self.health_panel,
            self.tr("Stream health"),
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.health_dock.setVisible(False)

        self._build_toolbar()
        self._build_shortcuts()
        self._build_status()

        self.presence = PresenceMonitor(self.site.sources)
        self.presence.start()
        self._presence_timer = QTimer(self, interval=2000)
        self._presence_timer.timeout.connect(self.on_presence_timer)
        self._presence_timer.start()

        self.tree.source_activated.connect(self.on_source_activated)
        self._install_extensions()
        self.connect_wall(self.wall)
        self.screens.wall_added.connect(self.connect_wall)
        self.screens.wall_closed.connect(self.on_assignments_changed)

    # Building

    def _install_extensions(self) -> None:
        """Let the dispatch and camera parts add their docks and actions."""
        from widgets import cameras, dispatch

        self.extensions = [part.install(self) for part in (dispatch, cameras)]

    def _dock(self, widget, title: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _problems_dock(self, load: SiteLoad) -> QDockWidget:
        listing = QListWidget(self)
        for problem in load.problems:
            listing.addItem(str(problem))
        title = self.tr("Site file problems (%n)", "", len(load.problems))
        dock = self._dock(listing, title, Qt.DockWidgetArea.BottomDockWidgetArea)
        dock.setVisible(bool(load.problems))
        self.problem_list = listing
        return dock

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Wall"), self)
        bar.setObjectName("wall-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr("Layout") + " ", self))
        self.layout_actions: dict[int, QAction] = {}
        group = QActionGroup(self)
        for number, tiles in enumerate(LAYOUTS, start=1):
            action = QAction(str(tiles), self, checkable=True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setToolTip(self.tr("%n tiles", "", tiles) + f"  (Ctrl+{number})")
            action.triggered.connect(lambda _=False, n=tiles: self.set_layout(n))
            group.addAction(action)
            bar.addAction(action)
            self.layout_actions[tiles] = action
        self.layout_actions[self.wall.layout_spec.tiles].setChecked(True)

        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("View") + " ", self))
        self.views = QComboBox(self)
        self.views.setMinimumWidth(180)
        self.views.setPlaceholderText(self.tr("Saved views"))
        self.views.textActivated.connect(self.open_view)
        bar.addWidget(self.views)
        self.save_action = bar.addAction(self.tr("Save view"), self.save_view)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        bar.addAction(self.tr("Delete view"), self.delete_view)
        bar.addSeparator()
        self.fullscreen_action = bar.addAction(
            self.tr("Full screen"), self.toggle_full_screen
        )
        self.fullscreen_action.setShortcut(QKeySequence("F11"))
        bar.addAction(self.tr("Clear wall"), self.wall.clear)
        health = self.health_dock.toggleViewAction()
        health.setText(self.tr("Stream health"))
        health.setShortcut(QKeySequence("Ctrl+H"))
        bar.addAction(health)
        self._refresh_views()

    def _build_shortcuts(self) -> None:
        escape = QAction(self)
        escape.setShortcut(QKeySequence("Esc"))
        escape.triggered.connect(self.on_escape)
        self.addAction(escape)
        maximize = QAction(self)
        maximize.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        maximize.triggered.connect(
            lambda: self.wall.toggle_maximized(self.wall.selected)
        )
        self.addAction(maximize)
        remove = QAction(self)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.triggered.connect(lambda: self.wall.assign(self.wall.selected, None))
        self.addAction(remove)

    def _build_status(self) -> None:
        self.degraded = QLabel(self)
        self.degraded.setStyleSheet("color: #f08c2e; font-weight: bold")
        self.degraded.hide()
        self.statusBar().addPermanentWidget(self.degraded)
        self.health = QLabel(self)
        self.statusBar().addPermanentWidget(self.health)
        sources = len(self.site.sources)
        self.statusBar().showMessage(
            self.tr("Site %1: %n sources", "", sources).replace("%1", self.site.name)
        )

    # Wall

    @Slot(object)
    def connect_wall(self, wall: WallWidget) -> None:
        """Follow one wall's streams: this window's or another screen's."""
        wall.source_state_changed.connect(self.on_source_state_changed)
        wall.assignments_changed.connect(self.on_assignments_changed)
        wall.degraded_changed.connect(self.on_degraded_changed)

    def set_layout(self, tiles: int) -> None:
        self.wall.set_layout(tiles)
        self.layout_actions[self.wall.layout_spec.tiles].setChecked(True)

    @Slot(str)
    def on_source_activated(self, source_id: str) -> None:
        source = self.site.source(source_id)
        if source is not None:
            self.screens.current.assign_next(source)

    @Slot(str, object)
    def on_source_state_changed(self, source_id: str, state) -> None:
        self.health_panel.on_source_state_changed(source_id, state)
        online = ONLINE_OF_PHASE.get(state.phase)
        failures = self.health_panel.failures
        if online == "online" and failures.flaky(source_id):
            count = failures.count(source_id)
            detail = self.tr("reconnected %n times in 10 minutes", "", count)
            self.tree.set_online(source_id, "flaky", detail)
        elif online:
            self.tree.set_online(source_id, online, state.reason)
        self._refresh_health()

    @Slot()
    def on_assignments_changed(self) -> None:
        on_wall = {s.source.id for s in self.screens.sessions()}
        self.presence.skip = on_wall
        self._refresh_health()

    @Slot()
    def on_presence_timer(self) -> None:
        """Show what the presence monitor found for sources off the wall."""
        for source_id, presence in self.presence.results().items():
            if source_id not in self.presence.skip:
                online = "online" if presence.online else "offline"
                self.tree.set_online(source_id, online, presence.reason)

    def _refresh_health(self) -> None:
        sessions = list(self.screens.sessions())
        live = sum(s.state.phase is Phase.PLAYING for s in sessions)
        down = sum(
            s.state.phase in (Phase.OFFLINE, Phase.RECONNECTING, Phase.STALLED)
            for s in sessions
        )
        text = self.tr("%1 live").replace("%1", str(live))
        if down:
            text += " · " + self.tr("%1 not playing").replace("%1", str(down))
        self.health.setText(text)

    @Slot()
    def on_degraded_changed(self) -> None:
        """Say that decoding cannot keep up, and how many tiles show less."""
        count = sum(wall.degraded for wall in self.screens.walls)
        self.degraded.setText(
            self.tr(
                "Decoding cannot keep up: %n small tiles on reduced decoding", "", count
            )
        )
        self.degraded.setVisible(count > 0)

    @Slot()
    def on_escape(self) -> None:
        if not self.wall.restore() and self.isFullScreen():
            self.toggle_full_screen()

    @Slot()
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    # Views

    def _refresh_views(self) -> None:
        if self.store is None:
            return
        try:
            names = self.store.views()
        except StoreError as error:
            self._store_failed(error)
            return
        current = self.views.currentText()
        self.views.clear()
        self.views.addItems(names)
        if current in names:
            self.views.setCurrentText(current)

    @Slot()
    def save_view(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Save view"),
            self.tr("Name of the view:"),
            text=self.views.currentText(),
        )
        if ok and name.strip():
            self.save_view_as(name.strip())

    def save_view_as(self, name: str) -> bool:
        try:
            self.store.save_view(self.screens.view(name))
        except StoreError as error:
            self._store_failed(error)
            return False
        self._refresh_views()
        self.views.setCurrentText(name)
        self.statusBar().showMessage(self.tr("View %1 saved").replace("%1", name), 5000)
        return True

    @Slot(str)
    def open_view(self, name: str) -> bool:
        try:
            view = self.store.view(name)
        except StoreError as error:
            self._store_failed(error)
            return False
        if view is None:
            return False
        missing = self.screens.apply_view(view)
        self.layout_actions[self.wall.layout_spec.tiles].setChecked(True)
        message = self.tr("View %1 opened").replace("%1", name)
        absent = self.screens.missing_screens()
        if absent:
            numbers = ", ".join(str(n + 1) for n in absent)
            message += " · " + self.tr(
                "not connected: screen %1, its wall shown in a window here"
            ).replace("%1", numbers)
        if missing:
            message += " · " + self.tr("not in this site: %1").replace(
                "%1", ", ".join(missing)
            )
        self.statusBar().showMessage(message, 8000)
        return True

    @Slot()
    def delete_view(self) -> None:
        name = self.views.currentText()
        if not name:
            return
        try:
            self.store.delete_view(name)
        except StoreError as error:
            self._store_failed(error)
            return
        self._refresh_views()

    def _store_failed(self, error: StoreError) -> None:
        QMessageBox.warning(self, self.tr("Views"), str(error))

    def closeEvent(self, event) -> None:
        for extension in self.extensions:
            extension.shutdown()
        self._presence_timer.stop()
        self.screens.shutdown()
        self.health_panel.shutdown()
        self.presence.stop()
        self.wall.shutdown()
        super().closeEvent(event)
