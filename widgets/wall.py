"""The video wall: tiles in a layout, and the clock that keeps them moving.

One frame clock for the whole wall runs on the GUI thread. Sixty times a
second it repaints the tiles whose stream has a frame they have not shown;
four times a second it advances every stream session's state machine. The
decoder threads never talk to Qt: they only fill frame buffers.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QWidget

from console.site.model import Site, Source
from console.store.views import TileAssignment
from console.video.governor import DecodeGovernor, TileLoad
from console.video.stream import StreamSession, StreamState, Timing
from console.wall.layouts import LAYOUTS, MAX_TILES, Layout, layout_for
from widgets.tile import TileWidget

log = logging.getLogger(__name__)

FRAME_INTERVAL_MS = 16
STATE_INTERVAL_MS = 250
GOVERN_EVERY_TICKS = 8  # every two seconds
SETTLED_S = 10.0
RESIZE_SETTLE_MS = 400
# A tile whose size changed by more than this asks for frames at its new
# size; smaller changes are scaled while painting.
RESIZE_THRESHOLD = 0.2
# A tile wider than this many sub-stream widths plays the main stream; it
# goes back below the lower bound. The gap keeps it from flapping.
MAIN_ABOVE = 1.25
SUB_BELOW = 1.0
# Until a sub-stream has played, assume the common D1/CIF-class width.
SUB_WIDTH_GUESS = 704


class WallWidget(QWidget):
    """Tiles in a layout, each playing the source assigned to it.

    Signals:
        source_state_changed(str, object): a source's StreamState changed.
        assignments_changed(): the layout or a tile's source changed.
        tile_selected(int): the operator selected a tile.
        tile_source_changed(TileWidget): a tile shows another source now.
        degraded_changed(int): this many tiles are on reduced decoding now
            (also the ``degraded`` attribute).
        foreign_tile_dropped(int, int, int): a tile of the wall on another
            screen (screen, index) was dropped on this wall's tile.
    """

    source_state_changed = Signal(str, object)
    assignments_changed = Signal()
    tile_selected = Signal(int)
    tile_source_changed = Signal(object)
    degraded_changed = Signal(int)
    foreign_tile_dropped = Signal(int, int, int)

    def __init__(
        self, site: Site, parent=None, timing: Timing | None = None, screen: int = 0
    ):
        super().__init__(parent)
        self.site = site
        self.screen_number = screen
        self.timing = timing or Timing()
        self.layout_spec: Layout = LAYOUTS[4]
        self.maximized: int | None = None
        self.selected = 0
        self.tiles = [TileWidget(i, self, screen) for i in range(MAX_TILES)]
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        for tile in self.tiles:
            tile.hide()
            tile.source_dropped.connect(self.on_source_dropped)
            tile.tile_dropped.connect(self.on_tile_dropped)
            tile.activated.connect(self.toggle_maximized)
            tile.clicked.connect(self.select)
            # A signal, not an event filter: a filter runs Python for every
            # event of every tile, 400 paints a second on a 16-tile wall.
            tile.resized.connect(self.on_tile_resized)
        self._resized: set[int] = set()
        self._state_ticks = 0
        self._shown = True
        self._sub_widths: dict[str, int] = {}
        self.governor = DecodeGovernor(relieve=self.spread_decoding)
        # The walls one governor decides for, this one first; ScreenWalls
        # makes it every screen's, so that the whole console degrades evenly.
        self.governed = lambda: [self]
        self.settled_s = SETTLED_S
        self.degraded = 0
        self._settle = QTimer(self, singleShot=True, interval=RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self._apply_sizes)
        self._frame_clock = QTimer(self, interval=FRAME_INTERVAL_MS)
        self._frame_clock.timeout.connect(self.on_frame_clock)
        self._state_clock = QTimer(self, interval=STATE_INTERVAL_MS)
        self._state_clock.timeout.connect(self.on_state_clock)
        self._frame_clock.start()
        self._state_clock.start()
        self.set_layout(4)
        self.select(0)

    # Layout

    def set_layout(self, tiles: int) -> None:
        """Show a layout of ``tiles`` tiles; tiles beyond it stop playing."""
        self.layout_spec = layout_for(tiles)
        self.maximized = None
        self._place()
        for tile in self.tiles[self.layout_spec.tiles :]:
            self._stop(tile)
        for tile in self.visible_tiles():
            if tile.source is not None and tile.session is None:
                self._play(tile)
        self.select(min(self.selected, self.layout_spec.tiles - 1))
        self.refresh_visibility()
        log.info("wall layout %d", self.layout_spec.tiles)
        self.assignments_changed.emit()

    def _place(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        for tile in self.tiles:
            tile.hide()
        for r in range(MAX_TILES):
            self._grid.setRowStretch(r, 0)
            self._grid.setColumnStretch(r, 0)
        if self.maximized is not None:
            tile = self.tiles[self.maximized]
            self._grid.addWidget(tile, 0, 0)
            self._grid.setRowStretch(0, 1)
            self._grid.setColumnStretch(0, 1)
            tile.show()
            return
        grid = self.layout_spec.grid
        for r in range(grid):
            self._grid.setRowStretch(r, 1)
            self._grid.setColumnStretch(r, 1)
        for tile, cell in zip(self.tiles, self.layout_spec.cells, strict=False):
            self._grid.addWidget(tile, cell.row, cell.column, cell.rows, cell.columns)
            tile.show()

    def visible_tiles(self) -> list[TileWidget]:
        if self.maximized is not None:
            return [self.tiles[self.maximized]]
        return self.tiles[: self.layout_spec.tiles]

    @Slot(int)
    def toggle_maximized(self, index: int) -> None:
        """Fill the wall with one tile, or bring the layout back."""
        self.maximized = None if self.maximized == index else index
        self._place()
        self.select(index)
        self.refresh_visibility()

    def restore(self) -> bool:
        """Leave the maximized tile; return whether one was maximized."""
        if self.maximized is None:
            return False
        self.toggle_maximized(self.maximized)
        return True

    @Slot(int)
    def select(self, index: int) -> None:
        for tile in self.tiles:
            if tile.selected != (tile.index == index):
                tile.selected = tile.index == index
                tile.update()
        self.selected = index
        self.tile_selected.emit(index)

    # Assignments

    def assign(self, index: int, source: Source | None) -> None:
        """Play ``source`` on tile ``index`` (None clears the tile)."""
        tile = self.tiles[index]
        self._stop(tile)
        tile.source = source
        if source is not None and index < self.layout_spec.tiles:
            self._play(tile)
            self.refresh_visibility()
        tile.update()
        self.tile_source_changed.emit(tile)
        self.assignments_changed.emit()

    def assign_next(self, source: Source) -> int:
        """Put ``source`` on the selected tile if empty, else the first empty."""
        visible = self.tiles[: self.layout_spec.tiles]
        free = [t.index for t in visible if t.source is None]
        selected_free = self.selected in free
        index = self.selected if selected_free else (free[0] if free else self.selected)
        self.assign(index, source)
        self.select(index)
        return index

    @Slot(int, str)
    def on_source_dropped(self, index: int, source_id: str) -> None:
        source = self.site.source(source_id)
        if source is not None:
            self.assign(index, source)
            self.select(index)

    @Slot(int, int, int)
    def on_tile_dropped(self, screen: int, origin: int, target: int) -> None:
        if screen == self.screen_number:
            self.swap(origin, target)
        else:
            self.foreign_tile_dropped.emit(screen, origin, target)

    def take(self, index: int):
        """Remove a tile's source and playing session, to move them."""
        tile = self.tiles[index]
        taken = (tile.source, tile.session)
        tile.source, tile.session = None, None
        tile.update()
        self.tile_source_changed.emit(tile)
        return taken

    def put(self, index: int, source, session) -> None:
        """Show a source with its session as it plays; no restart."""
        tile = self.tiles[index]
        tile.source, tile.session = source, session
        tile.painted_serial = -1
        if session is not None and index >= self.layout_spec.tiles:
            self._stop(tile)
        elif source is not None and session is None and index < self.layout_spec.tiles:
            self._play(tile)
        self._resized.add(index)
        self._settle.start()
        self.refresh_visibility()
        tile.update()
        self.tile_source_changed.emit(tile)
        self.assignments_changed.emit()

    def swap(self, a: int, b: int) -> None:
        """Exchange two tiles' sources; both keep playing without a restart."""
        first, second = self.tiles[a], self.tiles[b]
        first.source, second.source = second.source, first.source
        first.session, second.session = second.session, first.session
        for tile in (first, second):
            tile.painted_serial = -1
            self._resized.add(tile.index)
            tile.update()
            self.tile_source_changed.emit(tile)
        self._settle.start()
        self.select(b)
        self.assignments_changed.emit()

    def clear(self) -> None:
        for tile in self.tiles:
            self._stop(tile)
            if tile.source is not None:
                tile.source = None
                tile.update()
                self.tile_source_changed.emit(tile)
        self.assignments_changed.emit()

    # Views

    def assignments(self) -> list[TileAssignment]:
        """What plays where on this wall, for a saved view."""
        return [
            TileAssignment(tile.index, tile.source.id, self.screen_number)
            for tile in self.tiles[: self.layout_spec.tiles]
            if tile.source is not None
        ]

    def apply(self, layout: int, assignments: list[TileAssignment]) -> list[str]:
        """Show a layout and sources; return the ids the site lacks."""
        missing = []
        for tile in self.tiles:
            self._stop(tile)
            tile.source = None
        self.layout_spec = layout_for(layout)
        for assignment in assignments:
            source = self.site.source(assignment.source)
            if source is None:
                missing.append(assignment.source)
            elif assignment.tile < MAX_TILES:
                self.tiles[assignment.tile].source = source
        self.set_layout(layout)
        for tile in self.tiles:
            self.tile_source_changed.emit(tile)
        return missing

    # Streams

    def _play(self, tile: TileWidget) -> None:
        which = self._stream_for(tile, "sub")
        session = StreamSession(tile.source, tile.box(), which, timing=self.timing)
        source_id = tile.source.id
        session.on_state(lambda state: self._on_session_state(source_id, state))
        tile.session = session
        tile.painted_serial = -1
        session.start()

    def _stop(self, tile: TileWidget) -> None:
        session, tile.session = tile.session, None
        if session is not None:
            session.stop()

    def _on_session_state(self, source_id: str, state: StreamState) -> None:
        self.source_state_changed.emit(source_id, state)

    def sessions(self) -> list[StreamSession]:
        return [t.session for t in self.tiles if t.session is not None]

    @Slot()
    def on_frame_clock(self) -> None:
        for tile in self.visible_tiles():
            session = tile.session
            if session is not None and session.frame_serial != tile.painted_serial:
                tile.update()

    @Slot()
    def on_state_clock(self) -> None:
        for tile in self.tiles:
            if tile.session is not None:
                tile.session.tick()
        # The overlays' clocks and countdowns move once a second.
        self._state_ticks += 1
        if self._state_ticks % 4 == 0:
            for tile in self.visible_tiles():
                tile.update()
        if self._state_ticks % GOVERN_EVERY_TICKS == 0:
            self.govern()

    def govern(self) -> None:
        """Put small tiles on reduced decoding while the machine is behind.

        The first of the governed walls decides for all of them, from the
        visible tiles of every screen.
        """
        walls = self.governed()
        if walls[0] is not self:
            return
        tiles = [
            tile
            for wall in walls
            for tile in wall.visible_tiles()
            if tile.session is not None and tile.session.playing_for() > 0
        ]
        loads = [
            TileLoad(
                tile,
                tile.width() * tile.height(),
                tile.session.health.figures().fps,
                tile.session.health.expected_fps,
                tile.session.reduced,
                tile.wall.maximized == tile.index,
                # A stream's rate means something once it played a while,
                # and not while it still counts the time it was hidden.
                tile.session.watched_for() > self.settled_s,
            )
            for tile in tiles
        ]
        reduced = self.governor.decide(loads, time.monotonic())
        for wall in walls:
            wall._apply_reduced(reduced)

    def spread_decoding(self) -> bool:
        """Let every tile's decoding, kept each on one processor, use every
        processor; whether any was kept (``console.video.placement``)."""
        sessions = [s for wall in self.governed() for s in wall.sessions()]
        if not sessions:
            return False
        pids = [pid for session in sessions for pid in session.process_ids()]
        return sessions[0].engine.placement.spread(pids)

    def _apply_reduced(self, reduced: set) -> None:
        count = 0
        for tile in self.tiles:
            session = tile.session
            wanted = tile in reduced
            count += wanted
            if session is not None and session.reduced != wanted:
                session.switch(reduced=wanted)
        if count != self.degraded:
            self.degraded = count
            self.degraded_changed.emit(count)

    # Sizes

    @Slot(int)
    def on_tile_resized(self, index: int) -> None:
        self._resized.add(index)
        self._settle.start()

    def _apply_sizes(self) -> None:
        for index in self._resized:
            tile = self.tiles[index]
            session = tile.session
            if session is None or not tile.isVisible():
                continue
            which = self._stream_for(tile, session.which)
            if which != session.which or _changed(session.box, tile.box()):
                session.switch(which, tile.box())
        self._resized.clear()

    def _stream_for(self, tile: TileWidget, current: str) -> str:
        """Main stream for a maximized or large tile, else the sub-stream."""
        source = tile.source
        if source.sub is None:
            return "main"
        if self.maximized == tile.index:
            return "main"
        session = tile.session
        if session is not None and session.which == "sub":
            size = session.picture_size()
            if size:
                self._sub_widths[source.id] = size[0]
        sub_width = self._sub_widths.get(source.id, SUB_WIDTH_GUESS)
        width = tile.box()[0]
        if current == "sub":
            return "main" if width > MAIN_ABOVE * sub_width else "sub"
        return "sub" if width < SUB_BELOW * sub_width else "main"

    # Visibility

    def set_shown(self, shown: bool) -> None:
        """The wall's window was minimized or hidden (False), or shown."""
        self._shown = shown
        self.refresh_visibility()

    def refresh_visibility(self) -> None:
        """Decode only what someone can see; the rest stays connected."""
        visible = {t.index for t in self.visible_tiles()} if self._shown else set()
        for tile in self.tiles:
            if tile.session is not None:
                tile.session.set_visible(tile.index in visible)

    def shutdown(self) -> None:
        """Stop every stream; the window is closing."""
        self._frame_clock.stop()
        self._state_clock.stop()
        self._settle.stop()
        for tile in self.tiles:
            self._stop(tile)


class WindowWatch(QObject):
    """Tells a wall whether its window can be seen at all: a minimized or
    hidden window's tiles stop decoding (``WallWidget.set_shown``)."""

    def __init__(self, window, wall: WallWidget):
        super().__init__(window)
        self.wall = wall
        window.installEventFilter(self)

    def eventFilter(self, window: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Hide:
            self.wall.set_shown(False)
        elif kind in (QEvent.Type.Show, QEvent.Type.WindowStateChange):
            self.wall.set_shown(not window.isMinimized())
        return False


def _changed(old: tuple[int, int], new: tuple[int, int]) -> bool:
    pairs = zip(old, new, strict=True)
    return any(abs(n - o) > RESIZE_THRESHOLD * max(o, 1) for o, n in pairs)
