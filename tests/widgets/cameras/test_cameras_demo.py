"""The demo's simulated cameras: one per camera and dome, discoverable."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from console.onvif.client import OnvifClient
from console.onvif.discovery import discover
from console.sim.cameras_demo import DEMO_PASSWORD, DEMO_USER, run_demo_cameras


def demo_source(id, kind):
    return SimpleNamespace(
        id=id,
        name=id.title(),
        kind=kind,
        group="",
        main=f"rtsp://127.0.0.1:8554/{id}/main",
        sub=f"rtsp://127.0.0.1:8554/{id}/sub",
    )


async def test_demo_cameras_serve_their_sources_streams():
    """Cameras and domes get devices with their RTSP URLs; others none."""
    sources = [
        demo_source("gate", "camera"),
        demo_source("dome-1", "ptz_dome"),
        demo_source("drone-1", "drone"),
    ]
    stop = asyncio.Event()
    ready = asyncio.get_running_loop().create_future()
    moves = []
    demo = asyncio.create_task(
        run_demo_cameras(
            sources,
            stop,
            lambda addresses, port: ready.set_result((addresses, port)),
            on_position=lambda *move: moves.append(move),
        )
    )
    try:
        addresses, discovery_port = await asyncio.wait_for(ready, 10)
        assert set(addresses) == {"gate", "dome-1"}
        found = await discover(f"127.0.0.1:{discovery_port}", timeout=0.5)
        assert {d.port for d in found} == {p for _, p in addresses.values()}

        host, port = addresses["dome-1"]
        async with OnvifClient(host, port, DEMO_USER, DEMO_PASSWORD) as client:
            probe = await client.probe()
            assert probe.ptz
            uris = {p.token: p.stream_uri for p in probe.profiles}
            assert uris["profile_main"] == "rtsp://127.0.0.1:8554/dome-1/main"
            await client.relative_move("profile_main", pan=0.2)
        for _ in range(100):
            if moves:
                break
            await asyncio.sleep(0.02)
        assert moves[-1][0] == "dome-1"
    finally:
        stop.set()
        await asyncio.wait_for(demo, 5)
