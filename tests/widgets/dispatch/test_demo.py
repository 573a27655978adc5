"""The demo's dispatch side: its site tables, hub and fleet (no Qt)."""

from __future__ import annotations

import asyncio

from console.dispatch.client import CallState, DispatchClient
from console.sim.dispatch_demo import (
    DECLINES,
    OFFLINE,
    demo_dispatch_toml,
    run_demo_dispatch,
    token_of,
)
from console.site import parse_site
from tests.support import free_port, seconds


def demo_site():
    load = parse_site('[site]\nname = "demo"\n' + demo_dispatch_toml(), "demo.toml")
    assert load.problems == []
    return load.site


def test_demo_tables_give_six_one_key_groups():
    """F1 to F6, Chinese names, every field unit in the last group."""
    site = demo_site()
    assert [g.key for g in site.groups] == [f"F{n}" for n in range(1, 7)]
    assert site.units[0].kind == "console"
    field = {u.id for u in site.units if u.kind != "console"}
    assert set(site.groups[-1].members) == field
    assert all(not g.name.isascii() for g in site.groups)


async def test_demo_fleet_answers_declines_and_stays_away(tmp_path):
    """A call to the towns and enterprises: answers, one decline, one offline."""
    site = demo_site()
    stop = asyncio.Event()
    port = free_port()
    demo = asyncio.ensure_future(
        run_demo_dispatch(site, f"sqlite:///{tmp_path / 'hub.db'}", port, stop)
    )
    console = DispatchClient(
        f"ws://127.0.0.1:{port}", "city-cmd", token_of("city-cmd"), role="console"
    )
    states: list[CallState] = []
    console.subscribe(lambda e: isinstance(e, CallState) and states.append(e))
    try:
        await asyncio.wait_for(_connect(console, port), seconds(10))
        await asyncio.sleep(seconds(1))  # the fleet connects
        await console.start_call(
            members=[OFFLINE, DECLINES, "town-linjiang"], priority="high", subject="x"
        )

        async def settled():
            while not (states and states[-1].members["town-linjiang"] == "answered"):
                await asyncio.sleep(0.05)

        await asyncio.wait_for(settled(), seconds(10))
        assert states[-1].members[OFFLINE] == "offline"
        assert states[-1].members[DECLINES] == "declined"
    finally:
        await console.close()
        stop.set()
        await asyncio.wait_for(demo, seconds(10))


async def _connect(console: DispatchClient, port: int) -> None:
    """Connect once the demo's hub listens (a refused try would warn)."""
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        break
    console.start()
    await console.wait_connected(seconds(10))
