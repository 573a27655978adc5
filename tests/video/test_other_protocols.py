"""Files and HLS over HTTP play through the same ingest as RTSP."""

from __future__ import annotations

import functools
import http.server
import subprocess
import threading

import pytest

from console.site.model import Source
from console.video.stream import Phase
from tests.support import wait_until
from tests.video.test_stream import play_until


def make_clip(path, extra=(), size="320x180", seconds=4):
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
         f"testsrc2=size={size}:rate=25:duration={seconds}", "-c:v", "libx264",
         "-g", "25", *extra, "-y", str(path)],
        check=True, timeout=60,
    )  # fmt: skip


@pytest.fixture(scope="module")
def hls(tmp_path_factory):
    """An HLS playlist of a short clip, served over HTTP on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("hls")
    make_clip(folder / "index.m3u8", ["-f", "hls", "-hls_time", "1",
                                      "-hls_list_size", "0"])  # fmt: skip
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(folder)
    )
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.m3u8"
    server.shutdown()
    server.server_close()


def source(url: str, kind: str = "camera") -> Source:
    return Source(id="clip", name="clip", kind=kind, level="city", main=url)


def test_file_source_plays_and_loops(tmp_path, sessions):
    """A local H.264 file plays at the tile's size and keeps playing."""
    clip = tmp_path / "clip.mp4"
    make_clip(clip)
    session = sessions(source(str(clip), kind="file"), box=(320, 180))
    session.start()
    play_until(session, Phase.PLAYING)
    frame = session.frame()
    assert (frame.width, frame.height) == (320, 180)
    serial = session.frame_serial

    # The clip lasts four seconds; past its end a file source loops.
    def still_playing():
        session.tick()
        return session.frame_serial > serial + 120

    wait_until(still_playing, 15, what="frames past the clip's end")
    assert session.state.phase is Phase.PLAYING


def test_hls_over_http_plays(hls, sessions):
    """An HLS playlist over HTTP plays like any other source."""
    session = sessions(source(hls), box=(320, 180))
    session.start()
    play_until(session, Phase.PLAYING)
    assert session.picture_size() == (320, 180)


@pytest.mark.expect_log("no video")
def test_a_source_without_video_is_named(tmp_path, sessions):
    """A file with sound only goes offline saying it has no video."""
    sound = tmp_path / "sound.mka"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
         "sine=frequency=440:duration=2", "-y", str(sound)],
        check=True, timeout=60,
    )  # fmt: skip
    session = sessions(source(str(sound), kind="file"))
    session.start()
    play_until(session, Phase.RECONNECTING)
    assert session.state.reason == "no video"


def test_a_stream_that_changes_size_keeps_playing(tmp_path, sessions):
    """A camera that switches resolution mid-stream: libvlc opens a new
    video output, the tile gets frames of the new size with the new shape,
    without a moment with no frame, and they keep coming."""
    parts = []
    for index, (size, start) in enumerate((("640x360", 0), ("320x240", 2))):
        part = tmp_path / f"part{index}.ts"
        make_clip(part, ["-output_ts_offset", str(start)], size=size, seconds=2)
        parts.append(part.read_bytes())
    clip = tmp_path / "clip.ts"
    clip.write_bytes(b"".join(parts))
    session = sessions(source(str(clip), kind="file"), box=(320, 180))
    session.start()
    play_until(session, Phase.PLAYING)

    sizes = []

    def frame_size():
        session.tick()
        frame = session.frame()
        sizes.append(frame and (frame.width, frame.height))
        return sizes[-1]

    wait_until(lambda: frame_size() == (320, 180), 10, what="the first part")
    wait_until(lambda: frame_size() == (240, 180), 10, what="the second part")
    assert session.frame().buffer.output == "decoder"
    assert None not in sizes
    serial = session.frame_serial
    wait_until(lambda: session.frame_serial > serial + 10, 10, what="more frames")
    assert session.state.phase is Phase.PLAYING
