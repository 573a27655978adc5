"""The real engine (FFmpeg ingest, libvlc) against real RTSP streams."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.video.stream import Phase
from tests.rtsp import RtspServer
from tests.support import free_port, wait_until
from tests.video.conftest import AUTH, BLUE, RED, make_source, solid


def play_until(session, phase, timeout=15.0):
    def reached():
        session.tick()
        return session.state.phase is phase

    wait_until(reached, timeout, what=f"{session.source.id} {phase}")


def centre_pixel(session) -> tuple[int, int, int]:
    frame = session.frame()
    offset = ((frame.height // 2) * frame.width + frame.width // 2) * 4
    blue, green, red = frame.bgra()[offset : offset + 3]
    return red, green, blue


def close_to(color: int, pixel, tolerance=40) -> bool:
    want = ((color >> 16) & 255, (color >> 8) & 255, color & 255)
    return all(abs(a - b) <= tolerance for a, b in zip(want, pixel, strict=True))


def play_red(server, sessions, box):
    """Play the red sub-stream in a tile of ``box``; the session, once its
    frames are red."""
    session = sessions(make_source(server.url("/red/sub")), box=box)
    session.start()
    play_until(session, Phase.PLAYING)
    assert close_to(RED, centre_pixel(session))
    return session


def test_h264_frames_arrive_at_tile_size_with_content(server, sessions):
    """An H.264 stream over TCP decodes into a tile-sized buffer, red; at
    half the stream's size, libyuv scales the decoder's own pictures."""
    session = play_red(server, sessions, (320, 180))
    frame = session.frame()
    assert (frame.width, frame.height) == (320, 180)
    assert frame.buffer.output == "decoder"
    # libvlc tells the stream's size a moment after its first picture.
    wait_until(lambda: session.picture_size() == (640, 360), 5, what="its size")


def test_a_tile_of_another_size_gets_frames_scaled_by_libvlc(server, sessions):
    """Where no fast ratio fits the tile, libvlc scales: 640x360 into a
    400x300 tile comes as 400x224 frames."""
    frame = play_red(server, sessions, (400, 300)).frame()
    assert (frame.width, frame.height) == (400, 224)
    assert frame.buffer.output == "scaled"


def test_h265_over_udp_plays(server, sessions):
    """An H.265 stream over UDP plays, blue, at the tile's size."""
    source = make_source(server.url("/blue/sub"), transport="udp")
    session = sessions(source, box=(480, 270))
    session.start()
    play_until(session, Phase.PLAYING)
    assert close_to(BLUE, centre_pixel(session))
    frame = session.frame()
    assert frame.width <= 480 and frame.height <= 270
    assert frame.buffer.output == "decoder"


def test_a_picture_the_console_output_declines_plays_through_vmem(server, sessions):
    """4:4:4 needs libvlc's converters: libvlc's own memory output takes
    the stream, and the picture is right all the same."""
    session = sessions(make_source(server.url("/blue/444")), box=(480, 270))
    session.start()
    play_until(session, Phase.PLAYING)
    assert close_to(BLUE, centre_pixel(session))
    assert session.frame().buffer.output == "vmem"


def test_frames_keep_coming(server, sessions):
    """A playing stream delivers frame after frame."""
    session = sessions(make_source(server.url("/red/sub")))
    session.start()
    play_until(session, Phase.PLAYING)
    first = session.frame_serial
    wait_until(lambda: session.frame_serial > first + 20, 10, what="25 fps")


def test_credentials_with_special_characters_play(locked, sessions):
    """A password with '#', '@' and ':' in the URL opens a protected stream."""
    url = locked.url("/locked", AUTH["user"], AUTH["password"])
    session = sessions(make_source(url))
    session.start()
    play_until(session, Phase.PLAYING)


def test_credentials_from_site_fields_play(locked, sessions):
    """User and password given as site fields open a protected stream."""
    source = make_source(
        locked.url("/locked"), user=AUTH["user"], password=AUTH["password"]
    )
    session = sessions(source)
    session.start()
    play_until(session, Phase.PLAYING)


def test_password_stays_off_the_command_line(locked, sessions):
    """The ingest's command line, which any user can read, has no password."""
    source = make_source(
        locked.url("/locked"), user=AUTH["user"], password=AUTH["password"]
    )
    session = sessions(source)
    session.start()
    play_until(session, Phase.PLAYING)
    assert session.process_ids()
    for pid in session.process_ids():
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
        assert b"rtsp" not in command_line and b"ss@1" not in command_line
        assert b"%401" not in command_line


@pytest.mark.expect_log("wrong credentials")
def test_wrong_credentials_are_named(locked, sessions):
    """A wrong password shows as offline with 'wrong credentials'."""
    session = sessions(make_source(locked.url("/locked", "admin", "nope")))
    session.start()
    play_until(session, Phase.RECONNECTING)
    assert session.state.reason == "wrong credentials"


@pytest.mark.expect_log("connection refused")
def test_unreachable_source_reconnects_with_countdown(sessions):
    """Nothing listening: offline, 'connection refused', then a countdown."""
    url = f"rtsp://127.0.0.1:{free_port()}/none"
    session = sessions(make_source(url))
    session.start()
    play_until(session, Phase.RECONNECTING)
    assert session.state.reason == "connection refused"
    assert session.state.retry_in() > 0
    play_until(session, Phase.CONNECTING)
    play_until(session, Phase.RECONNECTING)
    assert session.reconnects >= 1


@pytest.mark.expect_log("stream not found")
def test_unknown_path_is_named(server, sessions):
    """A path the server does not have shows 'stream not found'."""
    session = sessions(make_source(server.url("/missing")))
    session.start()
    play_until(session, Phase.RECONNECTING)
    assert session.state.reason == "stream not found on the server"


@pytest.mark.expect_log("stalled", "offline", "no picture", "no answer", "ended")
def test_stall_and_recovery_after_server_restart(sessions):
    """A hung server stalls the tile; a restarted one plays it again."""
    with RtspServer([solid("/cam", RED)]) as server:
        session = sessions(make_source(server.url("/cam")))
        session.start()
        play_until(session, Phase.PLAYING)

        server.freeze()
        play_until(session, Phase.STALLED)
        server.stop()
        play_until(session, Phase.RECONNECTING)

        server.start()
        play_until(session, Phase.PLAYING, timeout=30)
        assert session.reconnects >= 1
        assert close_to(RED, centre_pixel(session))


@pytest.mark.expect_log("offline", "connection lost")
def test_a_camera_whose_server_went_away_has_lost_its_connection(sessions):
    """A live stream whose server stops is reconnected, and the tile says
    the connection was lost, not that the stream ended."""
    with RtspServer([solid("/cam", RED)]) as server:
        session = sessions(make_source(server.url("/cam")))
        session.start()
        play_until(session, Phase.PLAYING)
        server.stop()
        play_until(session, Phase.RECONNECTING)
        assert session.state.reason == "connection lost"


def test_switch_keeps_picture_until_new_stream(server, sessions):
    """Switching to the main stream keeps frames until the new ones come."""
    source = make_source(server.url("/red/main"), sub=server.url("/red/sub"))
    session = sessions(source, box=(320, 180))
    session.start()
    play_until(session, Phase.PLAYING)
    # libvlc tells the stream's size a moment after its first picture.
    wait_until(lambda: session.picture_size() == (640, 360), 5, what="its size")

    session.switch("main", (1280, 720))
    seen_gap = False

    def switched():
        nonlocal seen_gap
        session.tick()
        seen_gap = seen_gap or session.frame() is None
        return session.picture_size() == (1280, 720)

    wait_until(switched, 15, what="main stream")
    assert not seen_gap
    assert session.state.phase is Phase.PLAYING


def test_hidden_session_stops_decoding_and_resumes(server, sessions):
    """A hidden tile decodes nothing yet stays connected; shown, it decodes."""
    session = sessions(make_source(server.url("/red/sub")))
    session.start()
    play_until(session, Phase.PLAYING)

    session.set_visible(False)
    ingest = session._current.ingest

    def held():
        session.tick()
        return ingest.held_bytes

    def next_report():  # the ingest says once a second what it read
        reported = wait_until(held, 5, what="the ingest holding")
        wait_until(lambda: held() > reported, 10, what="the camera read")

    next_report()  # libvlc's counters have caught up with the hold
    read_at = session._current.player.stats().read_bytes
    counted = session.health.samples[-1].read_bytes
    next_report()
    assert session._current.player.stats().read_bytes == read_at
    assert session.state.phase is Phase.PLAYING
    # The health figures count what the camera sends meanwhile.
    wait_until(lambda: (held(), session.health.samples[-1].read_bytes > counted)[1],
               5, what="bytes counted while hidden")  # fmt: skip

    serial = session.frame_serial
    session.set_visible(True)
    assert session.resuming  # the old picture, until a new one is shown
    # Its frame rate counts again from now, for the decode governor.
    assert session.watched_for() < session.playing_for()
    wait_until(lambda: (session.tick(), not session.resuming)[1], 10,
               what="the veil lifted")  # fmt: skip
    wait_until(lambda: (session.tick(), session.frame_serial > serial + 5)[1], 10,
               what="frames after resume")  # fmt: skip
    assert session._current.player.stats().read_bytes > read_at


@pytest.mark.expect_log("offline", "no answer", "no data", "refused", "ended")
def test_hidden_tile_learns_its_camera_went_away_and_came_back(sessions):
    """Hidden, a tile still goes offline when its camera stops sending, and
    plays again when it is back; shown, it has the camera's picture."""
    with RtspServer([solid("/cam", RED)]) as server:
        session = sessions(make_source(server.url("/cam")))
        session.start()
        play_until(session, Phase.PLAYING)
        session.set_visible(False)

        server.freeze()
        play_until(session, Phase.RECONNECTING, timeout=20)
        server.stop()
        server.start()
        play_until(session, Phase.PLAYING, timeout=30)  # still hidden
        assert session.frame() is None  # nothing decoded for nobody

        session.set_visible(True)
        wait_until(lambda: (session.tick(), session.frame() is not None)[1], 10,
                   what="a picture once shown")  # fmt: skip
        assert close_to(RED, centre_pixel(session))


def test_health_counts_frames_and_bitrate(server, sessions):
    """Health figures show about 25 fps and a bitrate for a live stream."""
    session = sessions(make_source(server.url("/red/sub")))
    session.start()
    play_until(session, Phase.PLAYING)
    wait_until(lambda: (session.tick(), len(session.health.samples) >= 9)[1], 20,
               what="nine samples")  # fmt: skip
    figures = session.health.figures()
    assert 15 < figures.fps < 35
    assert figures.kbps > 0
    assert session.health.expected_fps == 25


def test_reduced_decoding_shows_fewer_frames(server, sessions):
    """A session switched to reduced decoding shows fewer frames a second."""
    session = sessions(make_source(server.url("/red/sub")))
    session.start()
    play_until(session, Phase.PLAYING)
    session.switch(reduced=True)
    wait_until(lambda: (session.tick(), session._pending is None)[1], 15,
               what="switched")  # fmt: skip
    wait_until(lambda: (session.tick(), len(session.health.samples) >= 8)[1], 20,
               what="samples")  # fmt: skip
    assert session.reduced
    assert session.health.figures(window=4).fps < 22
