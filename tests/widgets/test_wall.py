"""The wall's widgets: layouts, views, drag and drop, maximize."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QRect, QSize, Qt
from PySide6.QtGui import QDropEvent, QRegion

from console.store import View
from console.video.stream import Phase
from console.wall.layouts import LAYOUTS
from tests.support import seconds
from widgets.tile import SOURCE_MIME, TILE_MIME, _bars, _close, _fit, _placed


def fill(window, count):
    for index, source in enumerate(window.site.sources[:count]):
        window.wall.assign(index, source)


def wait_live(qtbot, window, count, timeout=20):
    def live():
        sessions = window.wall.sessions()
        playing = [s for s in sessions if s.state.phase is Phase.PLAYING]
        assert len(playing) >= count

    qtbot.waitUntil(live, timeout=int(seconds(timeout) * 1000))


def drop(widget, mime_type, payload):
    mime = QMimeData()
    mime.setData(mime_type, payload.encode())
    centre = widget.rect().center()
    event = QDropEvent(
        centre.toPointF(),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


@pytest.mark.parametrize("tiles", sorted(LAYOUTS))
def test_every_layout_shows_its_tiles(window, tiles):
    """Each layout shows exactly its number of tiles, in its grid."""
    window.set_layout(tiles)
    visible = [t for t in window.wall.tiles if t.isVisible()]
    assert len(visible) == tiles
    assert window.layout_actions[tiles].isChecked()


def test_large_tile_of_six_is_larger(window):
    """In the 1 + 5 layout the first tile is the large one."""
    window.set_layout(6)
    window.wall.layout()
    tiles = window.wall.tiles
    assert tiles[0].width() > 1.8 * tiles[1].width()


def test_layout_shortcuts(window, qtbot):
    """Ctrl+7 opens the 16-tile layout."""
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.wall.layout_spec.tiles == 16


def test_sources_play_on_tiles(window, qtbot):
    """Sources put on tiles play, and their tiles repaint with frames."""
    fill(window, 4)
    wait_live(qtbot, window, 4)
    tile = window.wall.tiles[0]
    qtbot.waitUntil(lambda: tile.painted_serial > 0, timeout=5000)
    assert "Live" in tile.state_text()


def test_drop_source_on_tile(window, qtbot):
    """A source dropped on a tile plays there."""
    drop(window.wall.tiles[2], SOURCE_MIME, "s3")
    assert window.wall.tiles[2].source.id == "s3"
    wait_live(qtbot, window, 1)


def test_drag_tile_onto_another_swaps(window, qtbot):
    """Dropping one tile on another swaps their sources and sessions."""
    fill(window, 2)
    first = window.wall.tiles[0].session
    drop(window.wall.tiles[1], TILE_MIME, "0:0")
    assert window.wall.tiles[0].source.id == "s1"
    assert window.wall.tiles[1].source.id == "s0"
    assert window.wall.tiles[1].session is first


def test_source_tree_double_click_fills_selected_tile(window):
    """Activating a source in the tree puts it on the selected empty tile."""
    window.wall.select(3)
    window.tree.source_activated.emit("s5")
    assert window.wall.tiles[3].source.id == "s5"


def test_double_click_maximizes_and_restores(window, qtbot):
    """Double-clicking a tile fills the wall with it; again brings it back."""
    fill(window, 4)
    tile = window.wall.tiles[1]
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert window.wall.maximized == 1
    assert [t.index for t in window.wall.tiles if t.isVisible()] == [1]
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert window.wall.maximized is None
    assert sum(t.isVisible() for t in window.wall.tiles) == 4


def test_escape_restores_maximized_tile(window, qtbot):
    """Esc leaves the maximized tile."""
    window.wall.toggle_maximized(0)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.wall.maximized is None


def test_view_saved_and_restored(window, store, qtbot):
    """A saved view restores its layout and sources from the database."""
    window.set_layout(9)
    fill(window, 3)
    window.wall.swap(0, 2)
    assert window.save_view_as("night shift")

    window.wall.clear()
    window.set_layout(1)
    assert window.open_view("night shift")
    assert window.wall.layout_spec.tiles == 9
    assert [t.source.id if t.source else None for t in window.wall.tiles[:4]] == [
        "s2",
        "s1",
        "s0",
        None,
    ]
    assert store.views() == ["night shift"]


def test_view_with_unknown_source_opens_the_rest(window, store):
    """A view naming a source the site lacks opens with what it has."""
    store.save_view(View("old", 4, [], [0]))
    from console.store import TileAssignment

    store.save_view(
        View("old", 4, [TileAssignment(0, "gone"), TileAssignment(1, "s1")], [0])
    )
    assert window.open_view("old")
    assert window.wall.tiles[1].source.id == "s1"
    assert window.wall.tiles[0].source is None
    assert "gone" in window.statusBar().currentMessage()


def test_layout_shrink_stops_hidden_tiles(window, qtbot):
    """Tiles beyond a smaller layout stop playing and resume when it grows."""
    window.set_layout(4)
    fill(window, 4)
    window.set_layout(1)
    assert window.wall.tiles[3].session is None
    window.set_layout(4)
    assert window.wall.tiles[3].session is not None


def test_tree_shows_online_state(window, qtbot):
    """A playing source shows online in the source tree."""
    fill(window, 1)
    qtbot.waitUntil(
        lambda: window.tree.online("s0") == "online",
        timeout=int(seconds(15) * 1000),
    )
    assert window.tree.online("s1") == "unknown"


def test_tree_search_filters(window):
    """The search box keeps only matching sources."""
    window.tree.search.setText("Source 4")
    proxy = window.tree.proxy
    visible = []

    def walk(parent):
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            visible.append(index.data())
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    assert "Source 4" in visible
    assert "Source 3" not in visible


def test_site_problems_are_listed(qtbot, store):
    """A bad site entry is listed by file and line; the rest opens."""
    from console.site import parse_site
    from widgets.main_window import MainWindow

    load = parse_site(
        '[[source]]\nid = "x"\nname = "X"\nkind = "tank"\nlevel = "town"\n'
        'main = "rtsp://127.0.0.1:1/x"\n',
        "bad.toml",
    )
    window = MainWindow(load, store)
    qtbot.addWidget(window)
    window.show()
    assert window.problems.isVisible()
    assert "bad.toml:4 [kind]" in window.problem_list.item(0).text()
    window.close()


def test_tree_shows_presence_of_sources_off_the_wall(window, qtbot):
    """Sources not on the wall show online once the monitor has asked them."""
    window.on_presence_timer()
    qtbot.waitUntil(
        lambda: (window.on_presence_timer(), window.tree.online("s4"))[1] == "online",
        timeout=int(seconds(10) * 1000),
    )


def test_bars_and_picture_cover_the_tile_once():
    """What painting fills beside a centred picture, with the picture,
    covers every pixel of the tile exactly once."""
    tile = QRect(0, 0, 479, 269)
    for picture in ((640, 360), (4, 3), (1, 1), (478, 268), (9, 16)):
        target = _fit(picture, tile)
        parts = [target, *_bars(tile, target)]
        covered = QRegion()
        for part in parts:
            assert not covered.intersects(part), (picture, part)
            covered += part
        assert covered == QRegion(tile), picture


def test_frames_rounded_to_even_are_drawn_unscaled():
    """A frame a pixel smaller than its tile's picture is drawn as it is,
    centred; a frame of another size is scaled to fit."""
    assert _close(QSize(478, 269), QSize(478, 268))
    assert not _close(QSize(640, 360), QSize(478, 268))
    tile = QRect(0, 0, 479, 269)
    assert _placed((640, 360), QSize(478, 268), tile) == QRect(0, 0, 478, 268)
    assert _placed((640, 360), QSize(640, 360), tile) == QRect(0, 0, 478, 269)
