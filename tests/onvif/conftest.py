"""Fixtures for the ONVIF tests: simulated cameras on 127.0.0.1:0."""

from __future__ import annotations

import asyncio
import time

import pytest

from console.onvif.credentials import CredentialStore
from console.sim.onvif_device import OnvifDevice
from tests.support import seconds

USER, PASSWORD = "operator", "s3cret:p@ss"
STREAMS = {
    "main": "rtsp://127.0.0.1:8554/gate/main",
    "sub": "rtsp://127.0.0.1:8554/gate/sub",
}


async def eventually(predicate, timeout: float = 5.0, what: str = ""):
    """Await until ``predicate()`` is true, without blocking the loop."""
    deadline = time.monotonic() + seconds(timeout)
    while time.monotonic() < deadline:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out after {seconds(timeout):.1f}s: {what}")


def make_device(**options) -> OnvifDevice:
    options = {
        "name": "Gate camera",
        "model": "SIM-PTZ-1",
        "user": USER,
        "password": PASSWORD,
        "streams": STREAMS,
        "location": "North gate",
        **options,
    }
    return OnvifDevice(**options)


@pytest.fixture
async def device():
    async with make_device() as running:
        yield running


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSOLE_CONFIG_DIR", str(tmp_path / "config"))
    return CredentialStore()
