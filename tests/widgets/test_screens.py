"""Walls on several screens: one view across them, graceful when one is gone."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from console.store import TileAssignment, View
from tests.widgets.test_wall import drop
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
    assert "screens 2" in window.statusBar().currentMessage()


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
