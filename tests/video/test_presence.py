"""The presence probe against a real RTSP server and a closed port."""

from __future__ import annotations

from console.site.model import StreamUrl
from console.video.presence import probe
from tests.support import free_port


def test_rtsp_server_is_online(server):
    """An RTSP server answering OPTIONS is online."""
    assert probe(StreamUrl.parse(server.url("/red/sub"))).online


def test_closed_port_is_offline_with_reason():
    """Nothing listening is offline, 'connection refused'."""
    presence = probe(StreamUrl.parse(f"rtsp://127.0.0.1:{free_port()}/x"))
    assert (presence.online, presence.reason) == (False, "connection refused")


def test_missing_file_is_offline(tmp_path):
    """A file source whose file is gone is offline."""
    presence = probe(StreamUrl.parse(str(tmp_path / "none.mp4")))
    assert presence.reason == "file not found"
