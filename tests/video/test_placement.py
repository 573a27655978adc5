"""A small tile's decoding stays on one processor, against real streams."""

from __future__ import annotations

import os

import pytest

from console.video.player import Engine
from console.video.stream import Phase
from tests.support import needs_two_processors
from tests.video.conftest import make_source
from tests.video.test_stream import play_until

pytestmark = needs_two_processors


def tasks() -> set[int]:
    return {int(task) for task in os.listdir("/proc/self/task")}


def on(cpus: set[int], threads) -> list[int]:
    """The threads among ``threads`` that may run only on ``cpus``."""
    found = []
    for thread in threads:
        try:
            if os.sched_getaffinity(thread) == cpus:
                found.append(thread)
        except OSError:
            pass  # ended since
    return found


def play(server, sessions, path="/red/sub", box=(320, 180)):
    session = sessions(make_source(server.url(path)), box=box)
    session.start()
    play_until(session, Phase.PLAYING)
    return session


def test_a_grid_tile_decodes_on_one_processor(server, sessions, placement):
    """A small tile's ingest and the threads libvlc starts for it all run
    on one processor; the thread that started them keeps every one."""
    allowed = os.sched_getaffinity(0)
    before = tasks()
    session = play(server, sessions)
    cpu = session.cpu
    assert cpu in allowed
    (ingest,) = session.process_ids()
    assert os.sched_getaffinity(ingest) == {cpu}
    # libvlc's input, prefetch, decoder and video output threads, and the
    # thread reading the ingest's messages.
    assert len(on({cpu}, tasks() - before)) >= 4
    assert os.sched_getaffinity(0) == allowed


def test_grid_tiles_share_the_processors(server, sessions, placement):
    """Each tile goes to the processor with the fewest; stopping gives its
    place back."""
    first, second = play(server, sessions), play(server, sessions)
    assert first.cpu != second.cpu
    assert sorted(placement.placed().values())[-2:] == [1, 1]
    first.stop()
    Engine.shared().drain()
    assert sum(placement.placed().values()) == 1


def test_a_large_tile_keeps_every_processor(server, sessions, placement):
    """A main stream in a large tile decodes on several threads: not placed."""
    session = play(server, sessions, "/red/main", box=(1280, 720))
    assert session.cpu is None
    (ingest,) = session.process_ids()
    assert os.sched_getaffinity(ingest) == set(placement.cpus)


@pytest.mark.expect_log("decoding falls behind")
def test_spreading_frees_every_thread_and_places_no_more(server, sessions, placement):
    """Spread, every thread and ingest may use every processor again, and
    the tiles started after are not placed."""
    placed = play(server, sessions)
    assert placement.spread(placed.process_ids())
    allowed = set(placement.cpus)
    assert not on({placed.cpu}, tasks())
    (ingest,) = placed.process_ids()
    assert os.sched_getaffinity(ingest) == allowed
    assert play(server, sessions).cpu is None
    assert not placement.spread()
