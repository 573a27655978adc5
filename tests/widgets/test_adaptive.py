"""The wall spends decoding on what people can see, at the size they see."""

from __future__ import annotations

import os
import time

import pytest

from console.video.stream import Phase
from tests.support import needs_two_processors, seconds


def ms(value: float) -> int:
    return int(seconds(value) * 1000)


def playing(session) -> bool:
    return session is not None and session.state.phase is Phase.PLAYING


def test_grid_tile_plays_sub_and_maximized_plays_main(window, qtbot):
    """A grid tile plays the sub-stream; maximized, the main stream; and back."""
    window.set_layout(16)
    window.wall.assign(0, window.site.source("duo"))
    session = window.wall.tiles[0].session
    qtbot.waitUntil(lambda: playing(session), timeout=ms(15))
    assert session.which == "sub"
    assert session.picture_size() == (320, 180)

    window.wall.toggle_maximized(0)
    qtbot.waitUntil(lambda: session.picture_size() == (1280, 720), timeout=ms(15))
    assert session.which == "main"

    window.wall.toggle_maximized(0)
    qtbot.waitUntil(lambda: session.picture_size() == (320, 180), timeout=ms(15))
    assert session.which == "sub"


def test_switch_shows_no_black_gap(window, qtbot):
    """While the main stream starts, the tile keeps painting the sub-stream."""
    window.set_layout(4)
    window.wall.assign(0, window.site.source("duo"))
    session = window.wall.tiles[0].session
    qtbot.waitUntil(
        lambda: playing(session) and session.frame() is not None, timeout=ms(15)
    )
    window.wall.toggle_maximized(0)
    gaps = 0
    deadline = time.monotonic() + seconds(15)
    while session.picture_size() != (1280, 720) and time.monotonic() < deadline:
        qtbot.wait(20)
        gaps += session.frame() is None
    assert session.picture_size() == (1280, 720)
    assert gaps == 0


@needs_two_processors
@pytest.mark.expect_log("decoding falls behind")
def test_grid_tiles_decode_each_on_one_processor_until_spread(window, qtbot, placement):
    """Grid tiles decode each on one processor, shared evenly; spread,
    the wall's tiles may all use every processor, and a tile assigned
    after that is not placed."""
    window.set_layout(16)
    for index in range(2):
        window.wall.assign(index, window.site.sources[index])
    sessions = [window.wall.tiles[i].session for i in range(2)]
    qtbot.waitUntil(lambda: all(playing(s) for s in sessions), timeout=ms(15))
    assert {s.cpu for s in sessions} <= set(placement.cpus)
    assert sessions[0].cpu != sessions[1].cpu

    assert window.wall.spread_decoding()
    for session in sessions:
        (ingest,) = session.process_ids()
        assert os.sched_getaffinity(ingest) == set(placement.cpus)
    window.wall.assign(2, window.site.sources[2])
    later = window.wall.tiles[2].session
    qtbot.waitUntil(lambda: playing(later), timeout=ms(15))
    assert later.cpu is None


def test_tiles_covered_by_a_maximized_tile_stop_and_resume(window, qtbot):
    """Covered tiles stop decoding but stay connected; uncovered, they resume."""
    window.set_layout(4)
    for index in range(3):
        window.wall.assign(index, window.site.sources[index])
    sessions = [window.wall.tiles[i].session for i in range(3)]
    qtbot.waitUntil(lambda: all(playing(s) for s in sessions), timeout=ms(15))

    window.wall.toggle_maximized(0)
    covered = sessions[1:]
    assert all(not s.visible for s in covered)
    ingests = [s._current.ingest for s in covered]
    qtbot.waitUntil(lambda: all(i.held_bytes for i in ingests), timeout=ms(5))

    def next_reports():  # the ingests say once a second what they read
        reported = [i.held_bytes for i in ingests]
        qtbot.waitUntil(
            lambda: all(
                i.held_bytes > n for i, n in zip(ingests, reported, strict=True)
            ),
            timeout=ms(5),
        )

    next_reports()  # libvlc's counters have caught up with the hold
    before = [s._current.player.stats() for s in covered]
    next_reports()  # the cameras still send
    after = [s._current.player.stats() for s in covered]
    for old, new in zip(before, after, strict=True):
        assert new.read_bytes == old.read_bytes  # and nothing reaches libvlc

    serials = [s.frame_serial for s in covered]
    window.wall.toggle_maximized(0)
    assert all(s.visible and s.resuming for s in covered)
    window.wall.tiles[1].grab()  # paints the veiled old picture
    qtbot.waitUntil(lambda: not any(s.resuming for s in covered), timeout=ms(10))
    qtbot.waitUntil(
        lambda: all(
            s.frame_serial > n + 3 for s, n in zip(covered, serials, strict=True)
        ),
        timeout=ms(10),
    )


def test_minimized_window_stops_decoding(window, qtbot):
    """A minimized wall decodes nothing; restored, it decodes again."""
    window.wall.assign(0, window.site.sources[0])
    session = window.wall.tiles[0].session
    qtbot.waitUntil(lambda: playing(session), timeout=ms(15))
    window.showMinimized()
    qtbot.waitUntil(lambda: not session.visible, timeout=ms(5))
    window.showNormal()
    qtbot.waitUntil(lambda: session.visible, timeout=ms(5))


def test_health_panel_plots_the_selected_tile(window, qtbot):
    """The health panel plots the selected tile and lists every source."""
    window.health_dock.show()
    window.wall.assign(0, window.site.sources[0])
    window.wall.select(0)
    session = window.wall.tiles[0].session
    qtbot.waitUntil(lambda: len(session.health.samples) >= 4, timeout=ms(15))
    window.health_panel.refresh()
    xs, ys = window.health_panel.fps_curve.getData()
    assert len(xs) >= 3 and max(ys) > 10
    table = window.health_panel.table
    assert table.rowCount() == len(window.site.sources)
    assert table.item(0, 0).text() == window.site.sources[0].name
    assert float(table.item(0, 3).text()) > 10


def test_reduced_tiles_are_marked_and_announced(window, qtbot):
    """A tile on reduced decoding says so; the status bar counts them."""
    window.wall.assign(0, window.site.sources[0])
    session = window.wall.tiles[0].session
    qtbot.waitUntil(lambda: playing(session), timeout=ms(15))
    window.wall.settled_s = 0
    qtbot.waitUntil(lambda: session.playing_for() > 0, timeout=ms(5))
    window.wall.governor.reduced = {window.wall.tiles[0]}
    window.wall.governor._changed_at = time.monotonic()
    window.wall.govern()
    assert session.reduced
    assert "reduced decoding" in window.wall.tiles[0].state_text()
    assert window.degraded.isVisibleTo(window)
    assert "1 small tiles" in window.degraded.text()
