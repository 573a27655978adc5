"""The demo's dispatch side: units, one-key groups, a hub and a live fleet.

``demo_dispatch_toml()`` gives the ``[[unit]]`` and ``[[group]]`` tables
the demo site file carries (no ``[hub]``: the demo-site process runs its
own hub). ``run_demo_dispatch(site, db_url, port, stop_event)`` runs that
hub on 127.0.0.1 and a simulated terminal for every field unit: most
answer after 2 to 6 s, one declines, one stays offline, moving units send
telemetry, and one hazchem team raises an SOS every few minutes.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
from dataclasses import dataclass

from console.dispatch.client import DispatchClient
from console.dispatch.drill import AutoReply
from console.dispatch.hub import Hub

log = logging.getLogger(__name__)

AROUND = (30.66, 104.07)  # where the demo's units roam
OFFLINE = "town-hexi"  # never connects: the call board shows it offline
DECLINES = "ent-binhai"  # declines every ring
SOS_UNIT = "hazchem-1"
MOVING = ("vehicle", "drone")


@dataclass(frozen=True)
class DemoUnit:
    id: str
    name: str
    level: str
    kind: str


UNITS = [
    DemoUnit("city-cmd", "市应急指挥中心", "city", "console"),
    DemoUnit("prov-cmd", "省应急指挥中心", "province", "console"),
    DemoUnit("county-cmd", "东城县应急指挥中心", "county", "console"),
    DemoUnit("town-linjiang", "临江镇应急站", "town", "station"),
    DemoUnit("town-baisha", "白沙镇应急站", "town", "station"),
    DemoUnit("town-qingshi", "青石镇应急站", "town", "station"),
    DemoUnit("town-hexi", "河西镇应急站", "town", "station"),
    DemoUnit("hazchem-1", "危化品救援一队", "city", "handheld"),
    DemoUnit("hazchem-2", "危化品救援二队", "county", "handheld"),
    DemoUnit("vehicle-1", "应急指挥车", "city", "vehicle"),
    DemoUnit("drone-1", "无人机一组", "city", "drone"),
    DemoUnit("drone-2", "无人机二组", "county", "drone"),
    DemoUnit("ent-huayuan", "华源化工 安全员", "enterprise", "handheld"),
    DemoUnit("ent-hengtai", "恒泰石化 安全员", "enterprise", "handheld"),
    DemoUnit("ent-anda", "安达仓储 安全员", "enterprise", "handheld"),
    DemoUnit("ent-binhai", "滨海燃气 安全员", "enterprise", "handheld"),
]


def _ids(prefix: str) -> list[str]:
    return [u.id for u in UNITS if u.id.startswith(prefix)]


FIELD = [u.id for u in UNITS if u.kind != "console"]
GROUPS = [
    ("towns", "各乡镇应急站", "F1", _ids("town-")),
    ("hazchem", "危化品救援队", "F2", _ids("hazchem-")),
    ("command-vehicle", "应急指挥车", "F3", _ids("vehicle-")),
    ("drones", "无人机分队", "F4", _ids("drone-")),
    ("enterprises", "重点企业安全员", "F5", _ids("ent-")),
    ("field", "全体外勤力量", "F6", FIELD),
]


def token_of(unit: str) -> str:
    """The demo's plain tokens: fine on 127.0.0.1, never on a real site."""
    return f"demo-{unit}-token"


def demo_dispatch_toml() -> str:
    """The demo site's ``[[unit]]`` and ``[[group]]`` tables.

    The city console comes first: a console that runs without a ``[hub]``
    table takes the site's first console unit.
    """
    lines: list[str] = []
    for unit in UNITS:
        lines += [
            "[[unit]]",
            f'id = "{unit.id}"',
            f'name = "{unit.name}"',
            f'level = "{unit.level}"',
            f'kind = "{unit.kind}"',
            f'token = "{token_of(unit.id)}"',
            "",
        ]
    for ident, name, key, members in GROUPS:
        listed = ", ".join(f'"{m}"' for m in members)
        lines += [
            "[[group]]",
            f'id = "{ident}"',
            f'name = "{name}"',
            f'key = "{key}"',
            f"members = [{listed}]",
            "",
        ]
    return "\n".join(lines)


async def run_demo_dispatch(
    site,
    db_url: str,
    port: int,
    stop_event: asyncio.Event,
    *,
    sos_every: float = 240.0,
) -> None:
    """Run the demo's hub on 127.0.0.1:``port`` and its field terminals.

    Returns once ``stop_event`` is set, with every terminal and the hub
    closed. ``site`` is a ``Site`` holding the units of
    ``demo_dispatch_toml()`` (any site with plain tokens works).
    """
    async with Hub(site, db_url, "127.0.0.1", port) as hub:
        terminals = [
            DispatchClient(hub.url, unit.id, unit.token)
            for unit in site.units
            if unit.kind != "console" and unit.token and unit.id != OFFLINE
        ]
        kinds = {unit.id: str(unit.kind) for unit in site.units}
        tasks = []
        for index, client in enumerate(terminals):
            _reply_for(client.unit).attach(client)
            client.start()
            work = _act(client, kinds.get(client.unit, ""), index, sos_every)
            tasks.append(asyncio.ensure_future(work))
        log.info("demo dispatch: hub on %s, %d terminals", hub.url, len(terminals))
        try:
            await stop_event.wait()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.gather(
                *(c.close() for c in terminals), return_exceptions=True
            )


def _draw(unit: str) -> float:
    """A number in [0, 1) that is always the same for a unit."""
    digest = hashlib.sha256(unit.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _reply_for(unit: str) -> AutoReply:
    ack_after = 1.0 + 4.0 * _draw(unit + "ack")
    if unit == DECLINES:
        return AutoReply(decline=True, ack=True, ack_after=ack_after)
    answer_after = 2.0 + 4.0 * _draw(unit)
    return AutoReply(answer_after=answer_after, ack=True, ack_after=ack_after)


async def _act(client: DispatchClient, kind: str, index: int, sos_every: float):
    """Status at once; then telemetry, status changes or an SOS."""
    await client.wait_connected()
    await client.status("available", _spot(index, 0.0))
    work = []
    if kind in MOVING:
        work.append(_telemetry(client, index))
    if client.unit == SOS_UNIT:
        work += [_on_the_move(client, index), _sos(client, index, sos_every)]
    if work:
        await asyncio.gather(*work)


async def _telemetry(client: DispatchClient, index: int, every: float = 2.0):
    step = 0
    while True:
        await asyncio.sleep(every)
        step += 1
        spot = _spot(index, step * every)
        await client.telemetry(
            client.unit,
            spot["lat"],
            spot["lon"],
            speed_mps=9.0,
            heading_deg=(index * 40 + step * 3) % 360,
            battery_pct=max(20.0, 95.0 - step * 0.05),
        )


async def _on_the_move(client: DispatchClient, index: int, every: float = 45.0):
    states = ["en_route", "on_scene", "busy", "available"]
    step = 0
    while True:
        await asyncio.sleep(every)
        step += 1
        await client.status(states[step % len(states)], _spot(index, step * every))


async def _sos(client: DispatchClient, index: int, every: float):
    while True:
        await asyncio.sleep(every)
        await client.raise_alarm(
            "sos",
            "red",
            "队员被困，请求支援",
            location=_spot(index, 0.0),
        )


def _spot(index: int, t: float) -> dict:
    angle = index * 0.7 + t / 60.0
    return {
        "lat": round(AROUND[0] + 0.03 * math.sin(angle), 6),
        "lon": round(AROUND[1] + 0.03 * math.cos(angle), 6),
        "accuracy_m": 10.0,
    }
