"""A fleet of simulated field terminals, for the demo site and drills.

Every terminal is a real ``DispatchClient`` on a real connection, run as
asyncio tasks in the calling process. Each one answers (or declines, or
misses) rings and acknowledges instructions as its ``Behaviour`` says,
reports its status and, for drones and vehicles, telemetry.

The demo site calls ``run_site_fleet(site, hub_url, stop)`` inside its
loop, or ``start_fleet_thread(hub_url, units)`` from plain code.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import threading
from dataclasses import dataclass, field

from console.dispatch.client import DispatchClient
from console.dispatch.drill import AutoReply

log = logging.getLogger(__name__)


@dataclass
class Behaviour:
    """How the simulated units act; fractions pick units by their id."""

    answer_after: float = 2.0
    decline_share: float = 0.1
    miss_share: float = 0.1
    ack: bool = True
    ack_after: float = 1.0
    report_every: float | None = 30.0
    telemetry_every: float | None = 1.0
    around: tuple[float, float] = (30.66, 104.07)  # where units roam
    call_updates: str = "all"
    extra: dict = field(default_factory=dict)

    def reply_for(self, unit: str) -> AutoReply:
        """The same unit always behaves the same way (stable by id)."""
        draw = _draw(unit)
        if draw < self.decline_share:
            return AutoReply(decline=True, ack=self.ack, ack_after=self.ack_after)
        if draw < self.decline_share + self.miss_share:
            return AutoReply(ack=self.ack, ack_after=self.ack_after)
        return AutoReply(
            answer_after=self.answer_after, ack=self.ack, ack_after=self.ack_after
        )


def _draw(unit: str) -> float:
    digest = hashlib.sha256(unit.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


async def run_fleet(
    hub_url: str,
    units: list[tuple[str, str]],
    behaviour: Behaviour | None = None,
    *,
    stop: asyncio.Event | None = None,
    kinds: dict[str, str] | None = None,
) -> None:
    """Run one terminal per (unit id, token) until ``stop`` is set."""
    behaviour = behaviour or Behaviour()
    stop = stop or asyncio.Event()
    kinds = kinds or {}
    clients = [
        DispatchClient(hub_url, unit, token, call_updates=behaviour.call_updates)
        for unit, token in units
    ]
    tasks = []
    for index, client in enumerate(clients):
        behaviour.reply_for(client.unit).attach(client)
        client.start()
        moving = kinds.get(client.unit) in ("drone", "vehicle", "handheld")
        tasks.append(asyncio.ensure_future(_report(client, behaviour, index, moving)))
    log.info("fleet of %d terminals started on %s", len(clients), hub_url)
    try:
        await stop.wait()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        log.info("fleet of %d terminals stopped", len(clients))


async def _report(client: DispatchClient, b: Behaviour, index: int, moving: bool):
    """Status now and then; telemetry along a circle for moving units."""
    await client.wait_connected()
    await client.status("available", _position(b, index, 0.0))
    step = 0
    every = [t for t in (b.report_every, b.telemetry_every if moving else None) if t]
    if not every:
        return
    while True:
        await asyncio.sleep(min(every))
        step += 1
        if moving and b.telemetry_every:
            spot = _position(b, index, step * b.telemetry_every)
            await client.telemetry(
                client.unit, spot["lat"], spot["lon"], speed_mps=8.0, battery_pct=80.0
            )
        if b.report_every and step % max(1, round(b.report_every / min(every))) == 0:
            await client.status("available", _position(b, index, step))


def _position(b: Behaviour, index: int, t: float) -> dict:
    angle = index * 0.7 + t / 60.0
    return {
        "lat": round(b.around[0] + 0.02 * math.sin(angle), 6),
        "lon": round(b.around[1] + 0.02 * math.cos(angle), 6),
        "accuracy_m": 10.0,
    }


def site_terminals(site) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The site's field units that have plain tokens, and their kinds."""
    units = [(u.id, u.token) for u in site.units if u.kind != "console" and u.token]
    kinds = {u.id: str(u.kind) for u in site.units}
    return units, kinds


async def run_site_fleet(
    site, hub_url: str, stop: asyncio.Event, behaviour: Behaviour | None = None
) -> None:
    """Every field unit of ``site`` as a simulated terminal."""
    units, kinds = site_terminals(site)
    await run_fleet(hub_url, units, behaviour, stop=stop, kinds=kinds)


class FleetThread:
    """A fleet in a thread of its own, for callers without a loop."""

    def __init__(self, hub_url: str, units, behaviour=None, kinds=None):
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(hub_url, units, behaviour, kinds),
            name="terminal-fleet",
            daemon=True,
        )

    def _run(self, hub_url, units, behaviour, kinds) -> None:
        asyncio.set_event_loop(self._loop)
        work = run_fleet(hub_url, units, behaviour, stop=self._stop, kinds=kinds)
        self._loop.run_until_complete(work)
        self._loop.close()

    def start(self) -> FleetThread:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)


def start_fleet_thread(hub_url: str, units, behaviour=None, kinds=None):
    """Start a fleet in a thread; call ``.stop()`` on the result."""
    return FleetThread(hub_url, units, behaviour, kinds).start()
