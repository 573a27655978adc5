"""The ingest (remux) against a real RTSP server: holding and playing again."""

from __future__ import annotations

import itertools
import os
import subprocess
import threading
import time

import pytest

from console.site.model import StreamUrl
from console.video.ingest import Ingest
from tests.rtsp import RtspServer
from tests.support import seconds, wait_until

FPS = 25
FRAME_S = 1 / FPS


@pytest.fixture(scope="module")
def sparse():
    """A camera that sends a key frame every 30 seconds, and a moving picture."""
    mount = {"path": "/sparse", "width": 320, "height": 180, "fps": FPS,
             "pattern": "ball", "keyframe_s": 30}  # fmt: skip
    with RtspServer([mount]) as running:
        yield running


def drain(fd: int, into: bytearray) -> threading.Thread:
    """Read the ingest's pipe, as libvlc would, until it closes."""

    def read():
        while chunk := os.read(fd, 65536):
            into.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def packets(ts: bytes) -> list[tuple[float, bool]]:
    """(DTS in seconds, key frame) of each video packet of an MPEG-TS."""
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
         "packet=dts_time,flags", "-of", "csv=p=0", "-"],
        input=ts, capture_output=True, timeout=seconds(20), check=True,
    )  # fmt: skip
    # Each packet's line: DTS, flags, then the side data ffprobe adds for
    # MPEG-TS (empty here), each on a line of its own.
    lines = [line for line in probe.stdout.decode().splitlines() if line]
    rows = [line.split(",")[:2] for line in lines]
    return [(float(dts), flags.startswith("K")) for dts, flags in rows]


def test_a_held_ingest_writes_nothing_then_replays_from_the_key_frame(sparse):
    """Held, remux writes nothing but still reads the camera; played again,
    it first writes the interval since the last key frame, squeezed into the
    moment before the live packet, so a decoder needs no new key frame, and
    its timeline goes on from where it stopped."""
    ingest = Ingest(StreamUrl.parse(sparse.url("/sparse")))
    written = bytearray()
    reader = drain(ingest.start(), written)
    try:
        wait_until(lambda: len(written) > 20_000, 10, what="the first packets")
        time.sleep(seconds(1))  # and a second of live ones
        ingest.hold(True)
        time.sleep(seconds(0.5))
        held_at = len(written)
        reported = wait_until(lambda: ingest.held_bytes, 5, what="held report")
        time.sleep(seconds(1.5))
        assert len(written) == held_at  # nothing while held
        assert ingest.held_bytes > reported  # the camera still sends
        ingest.hold(False)
        wait_until(lambda: ingest.replayed > 0, 5, what="replay")
        time.sleep(seconds(0.5))
    finally:
        ingest.stop()
        reader.join(seconds(5))

    timeline = packets(bytes(written))
    keys = [i for i, (_, key) in enumerate(timeline) if key]
    # Only the stream's first packet was a key frame (the interval is 30 s);
    # the second is its replay.
    assert len(keys) == 2 and keys[0] == 0
    resumed = keys[1]
    steps = [b[0] - a[0] for a, b in itertools.pairwise(timeline)]
    before, replay, live = (
        steps[: resumed - 1],
        steps[resumed - 1 : resumed + ingest.replayed],
        steps[resumed + ingest.replayed :],
    )
    assert ingest.replayed > 10 and len(live) > 5
    # What libavformat read while it probed came squeezed before the first
    # packet it had to wait for; the timeline never has a gap.
    assert sum(step < FRAME_S / 2 for step in before[:20]) >= 5
    assert all(0 < step <= FRAME_S + 0.002 for step in before)
    assert all(step == pytest.approx(FRAME_S, abs=0.002) for step in before[-10:])
    # The hold leaves no gap: the replay comes within a frame of the last
    # packet written, squeezed and rising, and the live packets follow it.
    assert all(0 < step <= FRAME_S + 0.002 for step in replay)
    assert all(step == pytest.approx(FRAME_S, abs=0.002) for step in live)
