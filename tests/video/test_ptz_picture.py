"""The simulated PTZ dome's picture moves when its head does."""

from __future__ import annotations

import time

import numpy

from console.video.stream import Phase
from tests.rtsp import RtspServer
from tests.support import seconds, wait_until
from tests.video.test_stream import play_until


def changed(before: bytes, after: bytes) -> float:
    """The share of pixel bytes that differ by more than an encoder's noise."""
    old = numpy.frombuffer(before, numpy.uint8).astype(numpy.int16)
    new = numpy.frombuffer(after, numpy.uint8).astype(numpy.int16)
    return float(numpy.mean(numpy.abs(old - new) > 24))


def test_moving_the_head_changes_the_picture(sessions):
    """After a pan, tilt and zoom the dome shows another part of its scene."""
    from tests.video.conftest import make_source

    # A still scene, so that only the head's movement changes the picture.
    mount = {"path": "/dome/sub", "ptz": True, "pattern": "colors", "speed": 0,
             "overlay": False, "width": 320, "height": 180}  # fmt: skip
    with RtspServer([mount]) as server:
        session = sessions(make_source(server.url("/dome/sub")))
        session.start()
        play_until(session, Phase.PLAYING)
        before = session.frame().bgra()
        time.sleep(seconds(0.5))
        session.tick()
        # Each key frame encodes the still scene a little differently.
        assert changed(before, session.frame().bgra()) < 0.02, "it moves"
        server.move("/dome/", 1.0, 1.0, 0.9)
        time.sleep(seconds(1))

        def moved():
            session.tick()
            frame = session.frame()
            return frame is not None and changed(before, frame.bgra()) > 0.2

        wait_until(moved, 10, what="a new part of the scene")
        assert session.state.phase is Phase.PLAYING
