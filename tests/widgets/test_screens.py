"""Walls on several screens: one view across them, graceful when one is gone."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from console.store import TileAssignment, View
from console.video.stream import Phase
from tests.widgets.test_wall import drop
from widgets.names import phase_name
from widgets.tile import TILE_MIME


@pytest.mark.expect_log("screen 2 is missing")
def test_view_spans_two_screens_and_restores_on_one(window, store):
    """A view saved over two walls restores on one screen, nothing lost."""
    assert len(QGuiApplication.screens()) == 1
    second = window.screens.open_wall(1).wall
    window.set_layout(4)
    second.set_layout(9)
    window.wall.assign(0, window.site.source("s0"))
    second.assign(4, window.site.source("s1"))
    assert window.save_view_as("two screens")

    saved = store.view("two screens")
    assert saved.screens == [4, 9]
    assert TileAssignment(4, "s1", 1) in saved.tiles

    window.screens.windows[1].wall.clear()
    window.wall.clear()
    assert window.open_view("two screens")
    fallback = window.screens.windows[1]
    assert fallback.isVisible() and not fallback.isFullScreen()
    assert "not connected" in fallback.caption.text()
    assert fallback.wall.layout_spec.tiles == 9
    assert fallback.wall.tiles[4].source.id == "s1"
    assert window.wall.tiles[0].source.id == "s0"
    assert "not connected: screen 2" in window.statusBar().currentMessage()


def test_tile_dragged_to_another_screen_keeps_playing(window):
    """Dropping a tile on another screen's wall moves its playing session."""
    second = window.screens.open_wall(1).wall
    window.wall.assign(0, window.site.source("s2"))
    session = window.wall.tiles[0].session
    drop(second.tiles[3], TILE_MIME, "0:0")
    assert second.tiles[3].source.id == "s2"
    assert second.tiles[3].session is session
    assert window.wall.tiles[0].source is None


def test_old_single_screen_view_still_opens(window, store):
    """A view saved before screens were recorded opens on the main wall."""
    store.save_view(View("old", 4, [TileAssignment(1, "s3")], []))
    assert window.open_view("old")
    assert window.wall.tiles[1].source.id == "s3"
    assert window.screens.windows == {}


def playing(session) -> bool:
    return session is not None and session.state.phase is Phase.PLAYING


def test_a_second_screens_wall_counts_everywhere(window, qtbot):
    """What plays on screen 2 is on the wall for the tree, health and status."""
    second = window.screens.open_wall(1).wall
    second.assign(0, window.site.source("s1"))
    qtbot.waitUntil(lambda: playing(second.tiles[0].session), timeout=15000)

    assert window.tree.online("s1") == "online"
    assert "s1" in window.presence.skip
    assert window.health.text().startswith("1 ")
    window.health_dock.show()
    window.health_panel.refresh()
    row = [s.id for s in window.site.sources].index("s1")
    assert window.health_panel.table.item(row, 2).text() == phase_name(Phase.PLAYING)

    window.screens.windows[1].close()
    qtbot.waitUntil(lambda: 1 not in window.screens.windows)
    assert "s1" not in window.presence.skip


def test_sources_go_to_the_wall_last_clicked(window, qtbot):
    """After a click on screen 2, the tree's sources and the health plots go there."""
    second = window.screens.open_wall(1).wall
    qtbot.mouseClick(second.tiles[2], Qt.MouseButton.LeftButton)
    assert window.screens.current is second
    window.on_source_activated("s3")
    assert second.tiles[2].source.id == "s3"
    assert all(tile.source is None for tile in window.wall.tiles)
    tile, session = window.health_panel.selected_session()
    assert tile is second.tiles[2] and session is tile.session

    qtbot.mouseClick(window.wall.tiles[1], Qt.MouseButton.LeftButton)
    window.on_source_activated("s4")
    assert window.wall.tiles[1].source.id == "s4"


def test_hidden_wall_window_stops_decoding(window, qtbot):
    """A wall window that is hidden decodes nothing, and resumes when shown."""
    screen = window.screens.open_wall(1)
    screen.place_on(None)
    screen.wall.assign(0, window.site.source("s2"))
    session = screen.wall.tiles[0].session
    qtbot.waitUntil(lambda: playing(session), timeout=15000)
    assert session.visible
    screen.hide()
    assert not session.visible
    screen.show()
    assert session.visible


def test_one_governor_decides_for_every_screen(window, qtbot):
    """Reduced decoding is one decision over the tiles of all walls."""
    second = window.screens.open_wall(1).wall
    window.wall.assign(0, window.site.source("s0"))
    second.assign(0, window.site.source("s1"))
    tiles = [window.wall.tiles[0], second.tiles[0]]
    qtbot.waitUntil(lambda: all(playing(t.session) for t in tiles), timeout=15000)
    assert second.governed() == [window.wall, second]

    window.wall.governor.reduced = set(tiles)
    window.wall.governor._changed_at = time.monotonic()
    second.govern()  # not the governing wall: decides nothing
    assert not any(t.session.reduced for t in tiles)
    window.wall.govern()
    assert all(t.session.reduced for t in tiles)
    assert (window.wall.degraded, second.degraded) == (1, 1)
    assert "2 small tiles" in window.degraded.text()


def test_wall_of_an_unplugged_screen_plays_on_as_a_window(window, qtbot):
    """A screen gone, its wall becomes a window on the rest, still playing."""
    screen = window.screens.open_wall(1)
    screen.wall.assign(0, window.site.source("s5"))
    session = screen.wall.tiles[0].session
    qtbot.waitUntil(lambda: playing(session), timeout=15000)

    window.screens.on_screens_changed(None)  # what Qt calls; screen 2 is gone
    assert screen.isVisible() and not screen.isFullScreen()
    assert "not connected" in screen.caption.text()
    assert screen.wall.tiles[0].session is session and session.visible
    assert window.screens.missing_screens() == [1]
