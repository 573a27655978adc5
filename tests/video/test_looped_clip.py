"""A demo mount that loops a clip plays on and on, and its clip is kept."""

from __future__ import annotations

import pytest

from console.video.stream import Phase
from tests.rtsp import RtspServer
from tests.support import seconds, wait_until
from tests.video.conftest import BLUE, RED, make_source, solid
from tests.video.test_stream import centre_pixel, close_to, play_until

LOOP_S = 2  # one key-frame interval at 25 fps: the shortest clip


@pytest.mark.parametrize(("codec", "colour"), [("h264", RED), ("h265", BLUE)])
def test_looped_clip_plays_across_its_turns(tmp_path, sessions, codec, colour):
    """Frames keep coming past the end of the clip, and the picture is right."""
    mount = solid("/loop", colour, codec=codec, loop_s=LOOP_S)
    with RtspServer([mount], clip_dir=tmp_path) as server:
        session = sessions(make_source(server.url("/loop")))
        session.start()
        play_until(session, Phase.PLAYING)
        first = session.frame_serial
        # Three turns of the clip: a stall at a turn would stop the serial.
        wait_until(
            lambda: session.tick() or session.frame_serial > first + 75 * LOOP_S,
            seconds(20),
            what="frames beyond three turns of the clip",
        )
        assert session.state.phase is Phase.PLAYING
        assert close_to(colour, centre_pixel(session))
    assert len(list(tmp_path.glob("*.clip"))) == 1


def test_kept_clip_is_reused_and_a_broken_one_replaced(tmp_path, sessions):
    """The next start sends the kept clip; a cut-off one is encoded again."""
    mount = solid("/loop", RED, loop_s=LOOP_S)
    with RtspServer([mount], clip_dir=tmp_path) as server:
        wait_until(lambda: list(tmp_path.glob("*.clip")), seconds(20), what="clip")
    kept = next(tmp_path.glob("*.clip"))
    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])

    with RtspServer([mount], clip_dir=tmp_path) as server:
        session = sessions(make_source(server.url("/loop")))
        session.start()
        play_until(session, Phase.PLAYING)
        assert close_to(RED, centre_pixel(session))
    assert len(kept.read_bytes()) > len(whole) // 2
