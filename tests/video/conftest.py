"""Real RTSP servers and real libvlc players for the video tests."""

from __future__ import annotations

import pytest

from console.site.model import Source
from console.video.player import Engine
from console.video.stream import StreamSession, Timing
from tests.rtsp import RtspServer
from tests.support import seconds

RED = 0xFFFF0000
BLUE = 0xFF0000FF
AUTH = {"user": "admin", "password": "p#ss@1:x", "method": "digest"}

# A patient stream in production waits seconds; the tests' streams less.
FAST = Timing(
    # libvlc refreshes its counters about once a second, later on a loaded
    # machine: a stall is declared only after a few of its refreshes.
    stall_after=seconds(3),
    give_up_stalled=seconds(6),
    connect_timeout=seconds(8),
    backoff=(seconds(0.5), seconds(1), seconds(2)),
    healthy_after=seconds(5),
)


def solid(path, color, codec="h264", width=640, height=360, **extra):
    return {
        "path": path,
        "pattern": "solid-color",
        "color": color,
        "codec": codec,
        "width": width,
        "height": height,
        "overlay": False,
        **extra,
    }


@pytest.fixture(scope="module")
def server():
    """One RTSP server with a red H.264 and a blue H.265 picture, and a
    blue H.265 picture in 4:4:4."""
    mounts = [
        solid("/red/sub", RED),
        solid("/red/main", RED, width=1280, height=720),
        solid("/blue/sub", BLUE, codec="h265"),
        solid("/blue/444", BLUE, codec="h265", profile="main-444"),
    ]
    with RtspServer(mounts) as running:
        yield running


@pytest.fixture(scope="module")
def locked():
    """An RTSP server that asks every client for a digest password."""
    with RtspServer([solid("/locked", RED)], auth=AUTH) as running:
        yield running


def make_source(url, sid="cam", **fields) -> Source:
    return Source(
        id=sid, name=sid, kind="camera", level="enterprise", main=url, **fields
    )


@pytest.fixture
def sessions():
    """Sessions made by a test, stopped afterwards whatever happens."""
    made: list[StreamSession] = []

    def make(source, box=(320, 180), which="sub", timing=FAST):
        session = StreamSession(source, box, which=which, timing=timing)
        made.append(session)
        return session

    yield make
    for session in made:
        session.stop()
    Engine.shared().drain()
