"""WS-Discovery against the simulator's responder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from console.onvif.discovery import (
    discover,
    parse_probe_matches,
    parse_target,
    probe_message,
)
from console.sim.onvif_device import DiscoveryResponder, run_devices
from console.site.loader import parse_site
from tests.onvif.conftest import make_device
from tests.support import seconds

ROOT = Path(__file__).resolve().parents[2]


async def test_unicast_discovery_finds_every_device():
    """A unicast probe finds each device with its address, name and model."""
    specs = [
        {"name": "Yard camera", "model": "SIM-A", "location": "East yard"},
        {"name": "Gate", "model": "SIM-B", "ptz": False},
    ]
    async with run_devices(specs) as fleet:
        found = await discover(
            f"127.0.0.1:{fleet.discovery_port}", timeout=seconds(0.5)
        )
        ports = sorted(d.port for d in fleet.devices)
    assert sorted(d.port for d in found) == ports
    yard = next(d for d in found if d.name == "Yard camera")
    assert (yard.host, yard.model, yard.location) == ("127.0.0.1", "SIM-A", "East yard")
    assert yard.xaddrs == [f"http://127.0.0.1:{yard.port}/onvif/device_service"]
    assert yard.endpoint.startswith("urn:uuid:")
    assert "dn:NetworkVideoTransmitter" in yard.types


async def test_devices_already_in_the_site_are_marked():
    """A camera whose host:port is a site source is marked with its id."""
    async with make_device() as device, DiscoveryResponder([device]) as responder:
        site = parse_site(
            "[[source]]\nid = 'gate'\nname = 'Gate'\nkind = 'camera'\n"
            "level = 'city'\nmain = 'rtsp://127.0.0.1/x'\n"
            f"onvif = {{ host = '127.0.0.1', port = {device.port} }}\n"
        ).site
        (found,) = await discover(
            f"127.0.0.1:{responder.port}", timeout=seconds(0.5), site=site
        )
    assert found.source_id == "gate" and found.in_site


async def test_nothing_answers():
    """A probe nobody answers finds nothing, quietly."""
    async with DiscoveryResponder([]) as responder:
        port = responder.port
    assert await discover(f"127.0.0.1:{port}", timeout=0.2) == []


def test_probe_and_matches_parse():
    """Replies to another probe, and garbage, are ignored."""
    message = probe_message("urn:uuid:1")
    assert b"dn:NetworkVideoTransmitter" in message
    assert parse_probe_matches(b"<not xml") == []
    assert parse_probe_matches(message) == []


def test_targets():
    """HOST:PORT targets parse; a bare host means port 3702."""
    assert parse_target("10.0.0.9:3702") == ("10.0.0.9", 3702)
    assert parse_target("cam.local") == ("cam.local", 3702)
    with pytest.raises(ValueError):
        parse_target("host:notaport")


def _namespace_reason() -> str | None:
    if os.geteuid() != 0:
        return "multicast needs root for unshare -n"
    if not (shutil.which("unshare") and shutil.which("ip")):
        return "unshare or ip is not installed"
    probe = subprocess.run(
        ["unshare", "-n", "true"], capture_output=True, text=True, timeout=10
    )
    if probe.returncode != 0:
        return f"unshare -n refused: {probe.stderr.strip()}"
    return None


def test_multicast_discovery_in_a_network_namespace():
    """A multicast probe finds devices on a namespace's own loopback."""
    reason = _namespace_reason()
    if reason:
        pytest.skip(reason)
    setup = (
        "ip link set lo up && ip link set lo multicast on && "
        'ip route add 224.0.0.0/4 dev lo && exec "$0" "$@"'
    )
    script = str(Path(__file__).with_name("multicast_check.py"))
    result = subprocess.run(
        ["unshare", "-n", "sh", "-c", setup, sys.executable, script, str(seconds(0.5))],
        capture_output=True,
        text=True,
        timeout=seconds(20),
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert sorted(d["name"] for d in found) == ["Gate", "Yard"]
