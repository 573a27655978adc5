"""The demo site keeps serving pictures when its RTSP server dies."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from console.sim.demo import DemoSite
from console.site import load_site
from tests.support import free_ports, seconds, wait_until


def rtsp_servers_of(demo: DemoSite) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(demo.process.pid), "-f", "rtsp_server.py"],
        capture_output=True,
        text=True,
    )
    return sorted(int(pid) for pid in found.stdout.split())


def plays(url: str) -> bool:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
         "stream=width", "-of", "csv=p=0", url],
        capture_output=True, text=True, timeout=seconds(20),
    )  # fmt: skip
    return probe.returncode == 0 and probe.stdout.strip() == "640"


@pytest.mark.expect_log("RTSP server")
def test_a_dead_rtsp_server_is_started_again_on_its_port(tmp_path):
    """Killed as GStreamer's own abort would, the server comes back."""
    # Three ports in a row: the two RTSP servers', then the hub's.
    ports = free_ports(3)
    demo = DemoSite(tmp_path / "demo", rtsp_port=ports, hub_port=ports + 2)
    site = load_site(demo.start()).site
    try:
        url = next(s for s in site.sources if s.kind == "drone").stream("sub")
        assert plays(url.for_client())
        first = rtsp_servers_of(demo)
        assert len(first) == 2
        os.kill(first[0], signal.SIGABRT)
        wait_until(
            lambda: len(set(rtsp_servers_of(demo)) - set(first)) == 1,
            seconds(20),
            what="a new RTSP server",
        )
        wait_until(lambda: plays(url.for_client()), seconds(20), what="pictures")
        log = (tmp_path / "demo" / "demo-site.log").read_text()
        assert "stopped; starting it again" in log
    finally:
        demo.stop()
