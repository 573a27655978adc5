"""One wall per screen: each with its own layout, one view across them all.

The main window's wall is screen 1's (index 0). Every further screen gets a
wall window of its own, full screen there, with its own layout buttons. A
saved view records each screen's layout and tiles; restored where a screen
is missing, that screen's wall opens as an ordinary window on the screens
that are there, so nothing saved goes unseen. Tiles move between screens
by drag and drop, playing on without a restart.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from console.store.views import View
from console.wall.layouts import LAYOUTS
from widgets.wall import WallWidget, WindowWatch

log = logging.getLogger(__name__)


class WallWindow(QWidget):
    """The wall of one more screen, with that wall's own layout buttons.

    Signals:
        closed(int): the window closed (its screen number); its wall has
            stopped playing.
    """

    closed = Signal(int)

    def __init__(self, site, screen_number: int, timing=None, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.screen_number = screen_number
        self.wall = WallWidget(site, self, timing=timing, screen=screen_number)
        WindowWatch(self, self.wall)
        self.caption = QLabel(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.caption)
        bar.addStretch(1)
        for tiles in LAYOUTS:
            button = QToolButton(self)
            button.setText(str(tiles))
            button.clicked.connect(lambda _=False, n=tiles: self.wall.set_layout(n))
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.wall, 1)
        # The main window's keys for the selected tile, on this screen too.
        keys = {
            "Esc": self.wall.restore,
            "Return": lambda: self.wall.toggle_maximized(self.wall.selected),
            "Enter": lambda: self.wall.toggle_maximized(self.wall.selected),
            "Del": lambda: self.wall.assign(self.wall.selected, None),
        }
        for key, action in keys.items():
            QShortcut(QKeySequence(key), self).activated.connect(action)
        self.set_caption(missing=False)

    def set_caption(self, missing: bool) -> None:
        number = self.screen_number + 1
        text = self.tr("Screen %1").replace("%1", str(number))
        if missing:
            text = self.tr("Screen %1 (not connected: shown here)").replace(
                "%1", str(number)
            )
        self.caption.setText(text)
        self.setWindowTitle(text)

    def place_on(self, screen) -> None:
        """Fill ``screen``, or be an ordinary window if it is missing."""
        if screen is None:
            self.set_caption(missing=True)
            self.showNormal()
            self.resize(1280, 760)
            return
        self.set_caption(missing=False)
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def closeEvent(self, event) -> None:
        self.wall.shutdown()
        super().closeEvent(event)
        self.closed.emit(self.screen_number)


class ScreenWalls(QObject):
    """Every wall of the console, the main window's first.

    The tools that work on tiles (alarm overlays, PTZ, the health panel,
    the source tree) serve every wall: they take ``walls`` at the start
    and each wall opened later through ``wall_added``; what they paint
    over tiles goes through ``add_overlay``, on every wall at once. ``current`` is the
    wall where the operator last selected a tile; sources picked in the
    tree go there.

    Signals:
        wall_added(WallWidget): the wall of one more screen was opened.
        wall_closed(): the window of a further screen was closed, and its
            wall with it.
    """

    wall_added = Signal(object)
    wall_closed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.windows: dict[int, WallWindow] = {}
        self.current: WallWidget = window.wall
        self._overlays: list = []
        self._connect(window.wall)
        application = QGuiApplication.instance()
        application.screenAdded.connect(self.on_screens_changed)
        application.screenRemoved.connect(self.on_screens_changed)

    @Slot(object)
    def on_screens_changed(self, _screen) -> None:
        """A screen was plugged or unplugged: put every wall where it fits.

        A screen plugged in gets a wall (its own again, if it had one); the
        wall of a screen unplugged plays on as a window over the main one.
        """
        self.open_screens()
        screens = QGuiApplication.screens()
        for number, window in self.windows.items():
            window.place_on(screens[number] if number < len(screens) else None)
        self.raise_fallbacks()
        log.info("screens changed: %d connected", len(screens))

    @property
    def walls(self) -> list[WallWidget]:
        extra = [self.windows[n].wall for n in sorted(self.windows)]
        return [self.window.wall, *extra]

    def wall(self, screen_number: int) -> WallWidget | None:
        if screen_number == 0:
            return self.window.wall
        window = self.windows.get(screen_number)
        return window.wall if window else None

    def open_screens(self) -> None:
        """A wall window for every screen besides the main window's."""
        for number, screen in enumerate(QGuiApplication.screens()[1:], start=1):
            self.open_wall(number).place_on(screen)

    def open_wall(self, number: int) -> WallWindow:
        window = self.windows.get(number)
        if window is None:
            window = WallWindow(self.window.site, number)
            window.closed.connect(self._forget)
            self.windows[number] = window
            self._connect(window.wall)
            log.info("wall for screen %d", number + 1)
            self.wall_added.emit(window.wall)
        return window

    def tiles(self):
        """Every tile of every wall."""
        for wall in self.walls:
            yield from wall.tiles

    def visible_tiles(self):
        """The tiles shown now, on every wall."""
        for wall in self.walls:
            yield from wall.visible_tiles()

    def sessions(self):
        """The stream sessions of every wall."""
        for wall in self.walls:
            yield from wall.sessions()

    def add_overlay(self, paint) -> None:
        """Paint ``paint(painter, tile)`` over every tile of every wall,
        those of walls opened later too (see ``TileWidget.add_overlay``)."""
        self._overlays.append(paint)
        for tile in self.tiles():
            tile.add_overlay(paint)

    def remove_overlay(self, paint) -> None:
        """Paint it no more; again (a window closed twice) does nothing."""
        if paint not in self._overlays:
            return
        self._overlays.remove(paint)
        for tile in self.tiles():
            tile.remove_overlay(paint)

    def _connect(self, wall: WallWidget) -> None:
        for tile in wall.tiles:
            for paint in self._overlays:
                tile.add_overlay(paint)
        wall.governed = lambda: self.walls
        for tile in wall.tiles:
            tile.clicked.connect(lambda _index, chosen=wall: self._chose(chosen))
        wall.foreign_tile_dropped.connect(
            lambda screen, origin, target, to=wall: self.move_tile(
                screen, origin, to.screen_number, target
            )
        )

    @Slot(int)
    def _forget(self, number: int) -> None:
        """A wall window was closed: a later view opens a new one there."""
        window = self.windows.pop(number, None)
        if window is None:
            return
        if self.current is window.wall:
            self._chose(self.window.wall)
        window.deleteLater()
        log.info("wall for screen %d closed", number + 1)
        self.wall_closed.emit()

    def _chose(self, wall: WallWidget) -> None:
        self.current = wall

    @Slot(int, int, int, int)
    def move_tile(self, from_screen: int, origin: int, to_screen: int, target: int):
        """Swap two tiles of different screens; both keep playing."""
        source_wall, target_wall = self.wall(from_screen), self.wall(to_screen)
        if source_wall is None or target_wall is None:
            return
        moving = source_wall.take(origin)
        staying = target_wall.take(target)
        target_wall.put(target, *moving)
        source_wall.put(origin, *staying)
        target_wall.select(target)

    # Views

    def view(self, name: str) -> View:
        """One view across every screen's wall."""
        tiles = [a for wall in self.walls for a in wall.assignments()]
        layouts = [wall.layout_spec.tiles for wall in self.walls]
        return View(name, layouts[0], tiles, layouts)

    def apply_view(self, view: View) -> list[str]:
        """Show a view on every screen it names; missing screens get windows."""
        layouts = view.screens or [view.layout]
        missing = self.window.wall.apply(layouts[0], view.on_screen(0))
        screens = QGuiApplication.screens()
        for number, layout in enumerate(layouts[1:], start=1):
            window = self.open_wall(number)
            screen = screens[number] if number < len(screens) else None
            if screen is None:
                log.warning("view %r: screen %d is missing", view.name, number + 1)
            window.place_on(screen)
            missing += window.wall.apply(layout, view.on_screen(number))
        for number in [n for n in self.windows if n >= len(layouts)]:
            self.windows[number].wall.clear()
        self.raise_fallbacks()
        return missing

    def raise_fallbacks(self) -> None:
        """Put the walls of missing screens over the main window, to be seen."""
        for number in self.missing_screens():
            window = self.windows[number]
            window.raise_()
            window.activateWindow()

    def missing_screens(self) -> list[int]:
        present = len(QGuiApplication.screens())
        return [n for n in self.windows if n >= present]

    def shutdown(self) -> None:
        for window in list(self.windows.values()):
            window.close()
