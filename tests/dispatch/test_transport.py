"""The websocket layer: frame size, keepalive, subprotocol."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from console.dispatch import protocol as p
from tests.dispatch.conftest import login, make_hub
from tests.support import seconds


async def test_oversized_frame_closes_1009(hub, peers):
    """A message over 64 KiB closes the connection with 1009."""
    t1 = await peers("t1")
    big = json.dumps({"type": "status", "id": "x", "ts": p.now(), "note": "x" * 70000})
    await t1.send_raw(big)
    assert await t1.closed() == 1009


async def test_oversized_after_decompression_closes_1009(hub, peers):
    """The limit holds for the decompressed size of a deflated frame."""
    t1 = await peers("t1")
    assert t1.ws.protocol.extensions  # permessage-deflate was negotiated
    await t1.send_raw("{" + " " * 80000 + "}")  # compresses to a few bytes
    assert await t1.closed() == 1009


async def test_frame_just_under_the_limit_is_parsed(hub, peers):
    """A 64 KiB frame is read, then refused by field limits."""
    t1 = await peers("t1")
    note = "x" * (p.FRAME_MAX - 200)
    ref = await t1.send("status", state="busy", note=note)
    assert (await t1.wait("error", ref=ref))["code"] == "too_large"


async def wait_for(predicate, timeout: float = 10):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds(timeout)
    while not predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_silent_peer_is_closed_1011_and_goes_offline(site, db_url):
    """A peer that answers no ping is closed with 1011 and is offline."""
    options = dict(ping_interval=seconds(0.2), ping_timeout=seconds(0.6))
    async with make_hub(site, db_url, **options) as hub:
        console = await login(hub.url, "cmd")
        t1 = await login(hub.url, "t1")
        try:
            await console.wait("unit.update", unit="t1", online=True)
            (server_side,) = [
                c for c in hub.connections if c.remote_address == t1.ws.local_address
            ]
            t1.ws.transport.pause_reading()  # no more pongs from t1
            await wait_for(lambda: server_side.protocol.close_sent is not None)
            t1.ws.transport.resume_reading()  # now it reads the hub's close
            assert await t1.closed() == 1011
            await console.wait("unit.update", unit="t1", online=False)
        finally:
            await console.close()
            await t1.close()


async def test_subprotocol_is_dispatch_v1(hub):
    """The hub speaks dispatch.v1 and refuses a client without it."""
    ws = await connect(hub.url, subprotocols=[p.SUBPROTOCOL])
    assert ws.subprotocol == "dispatch.v1"
    await ws.close()
    with pytest.raises(InvalidStatus):
        await connect(hub.url, open_timeout=seconds(5))
