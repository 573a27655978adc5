"""Simulated ONVIF cameras for the demo site's cameras and domes.

    async def on_ready(addresses, discovery_port):
        ...   # {"dome-1": ("127.0.0.1", 41237), ...}: write [source.onvif]
    await run_demo_cameras(SOURCES, stop_event, on_ready,
                           on_position=lambda source_id, pan, tilt, zoom: ...)

Every source of kind ``camera`` or ``ptz_dome`` gets an ``OnvifDevice``
whose profiles serve the source's own RTSP main and sub URLs, so a camera
commissioned from the demo plays the same picture. Motion comes every few
minutes at a random moment for each camera (a wall where every camera
alarms in the same second looks staged) and tamper rarely. One WS-Discovery
responder answers for all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable

from console.sim.onvif_device import MOTION, TAMPER, OnvifDevice, run_devices

log = logging.getLogger(__name__)

CAMERA_KINDS = ("camera", "ptz_dome")
DEMO_USER, DEMO_PASSWORD = "admin", "admin"
MOTION_MINUTES = (2.0, 6.0)  # between motion alarms, at random
MOTION_LASTS = 20.0  # seconds a motion alarm stays on
TAMPER_MINUTES = (25.0, 60.0)
TAMPER_LASTS = 60.0
POLL_SECONDS = 0.2


async def run_demo_cameras(
    sources,
    stop_event,
    on_ready: Callable[[dict[str, tuple[str, int]], int], None],
    *,
    on_position: Callable[[str, float, float, float], None] | None = None,
    discovery_port: int = 0,
    user: str = DEMO_USER,
    password: str = DEMO_PASSWORD,
    seed: int | None = None,
) -> None:
    """Run a simulated camera per demo camera until ``stop_event`` is set.

    ``sources`` are objects with ``id``, ``name``, ``kind``, ``main`` and
    ``sub`` (site ``Source`` entries, or anything shaped like them; the
    URLs as strings or ``StreamUrl``). ``stop_event`` is an asyncio or a
    threading Event. ``on_ready({source_id: (host, port)}, discovery_port)``
    is called once every device listens; ``on_position(source_id, pan,
    tilt, zoom)`` whenever a dome's head moves.
    """
    cameras = [s for s in sources if str(s.kind) in CAMERA_KINDS]
    devices = [_device(s, user, password, on_position) for s in cameras]
    chance = random.Random(seed)
    async with run_devices(devices, discovery_port) as fleet:
        addresses = {
            source.id: (device.host, device.port)
            for source, device in zip(cameras, devices, strict=True)
        }
        on_ready(addresses, fleet.discovery_port)
        log.info("%d demo cameras ready", len(devices))
        schedules = [asyncio.create_task(_alarms(device, chance)) for device in devices]
        try:
            while not stop_event.is_set():
                await asyncio.sleep(POLL_SECONDS)
        finally:
            for task in schedules:
                task.cancel()
            for task in schedules:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    log.info("demo cameras stopped")


def _device(source, user, password, on_position) -> OnvifDevice:
    streams = {"main": _url(source.main)}
    if getattr(source, "sub", None):
        streams["sub"] = _url(source.sub)
    hook = None
    if on_position is not None:

        def hook(pan, tilt, zoom, source_id=source.id):
            on_position(source_id, pan, tilt, zoom)

    return OnvifDevice(
        name=source.name,
        model="SIM-PTZ-1" if str(source.kind) == "ptz_dome" else "SIM-BOX-1",
        user=user,
        password=password,
        streams=streams,
        ptz=str(source.kind) == "ptz_dome",
        location=getattr(source, "group", "") or "",
        serial=source.id.upper(),
        on_position=hook,
    )


def _url(url) -> str:
    # A StreamUrl without its credentials: the device hands out locations,
    # the console adds the credential when it opens the stream.
    return url.location() if hasattr(url, "location") else str(url)


async def _alarms(device: OnvifDevice, chance: random.Random) -> None:
    """Motion every few minutes, tamper now and then, for one camera."""
    next_tamper = _minutes(chance, TAMPER_MINUTES)
    while True:
        wait = _minutes(chance, MOTION_MINUTES)
        await asyncio.sleep(wait)
        next_tamper -= wait
        if next_tamper <= 0:
            await _pulse(device, TAMPER, TAMPER_LASTS)
            next_tamper = _minutes(chance, TAMPER_MINUTES)
        else:
            await _pulse(device, MOTION, MOTION_LASTS)


async def _pulse(device: OnvifDevice, topic: str, lasts: float) -> None:
    device.trigger(topic, True)
    try:
        await asyncio.sleep(lasts)
    finally:
        device.trigger(topic, False)


def _minutes(chance: random.Random, bounds: tuple[float, float]) -> float:
    return chance.uniform(*bounds) * 60.0
