"""The asyncio client: typed events, helpers, reconnect and resume."""

from __future__ import annotations

import asyncio

import pytest

from console.dispatch.client import (
    CallRing,
    Connected,
    Disconnected,
    DispatchClient,
    DispatchError,
    MsgDeliver,
    MsgReceipt,
)
from console.dispatch.drill import AutoReply
from tests.dispatch.conftest import TOKENS, make_hub
from tests.support import seconds

FAST = (0.05, 0.2)  # backoff for tests


def client(url: str, unit: str, **options) -> DispatchClient:
    role = "console" if unit.startswith("cmd") else "terminal"
    return DispatchClient(url, unit, TOKENS[unit], role=role, backoff=FAST, **options)


async def next_of(events: list, kind, timeout: float = 5, **match):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds(timeout)
    while loop.time() < deadline:
        for event in events:
            if isinstance(event, kind) and all(
                getattr(event, k) == v for k, v in match.items()
            ):
                return event
        await asyncio.sleep(0.01)
    raise AssertionError(f"no {kind.__name__} {match} in {events}")


def recorder(c: DispatchClient) -> list:
    seen: list = []
    c.subscribe(seen.append)
    return seen


async def test_client_helpers_and_typed_events(hub):
    """A console rings, a terminal answers itself; events are models."""
    async with client(hub.url, "cmd") as console, client(hub.url, "t1") as t1:
        seen_console, seen_t1 = recorder(console), recorder(t1)
        AutoReply(answer_after=0, ack=True).attach(t1)
        await console.wait_connected(seconds(5))
        await t1.wait_connected(seconds(5))

        roster = await console.roster()
        assert {u.unit for u in roster.units} >= {"cmd", "t1"}
        call = await console.start_call(members=["t1"], priority="high", subject="s")
        ring = await next_of(seen_t1, CallRing, call=call)
        assert ring.from_ == "cmd"
        msg = await console.send_message("到岗", to=["t1"], require_ack=True)
        await next_of(seen_t1, MsgDeliver, msg=msg)
        await next_of(seen_console, MsgReceipt, msg=msg, state="acked")
        assert t1.last_seq == max(e.seq for e in seen_t1 if getattr(e, "seq", None))


async def test_request_error_raises(hub):
    """A refused request raises DispatchError with the hub's error."""
    async with client(hub.url, "t1") as t1:
        from console.dispatch import protocol as p

        with pytest.raises(DispatchError) as refused:
            await t1.request(
                p.CallStart.new(call="c", group="all", priority="high", subject="s")
            )
        assert refused.value.error.code == "forbidden"


@pytest.mark.expect_log("hub unreachable", "refused hello")
async def test_client_rides_out_a_hub_restart(site, db_url):
    """After the hub restarts, the client resumes and misses nothing."""
    first = make_hub(site, db_url)
    await first.start()
    port = first.port
    async with client(first.url, "t1") as t1:
        seen = recorder(t1)
        await t1.wait_connected(seconds(5))
        await first.stop()
        await next_of(seen, Disconnected)

        # While the hub is down nothing is lost: it is queued or owed.
        second = make_hub(site, db_url, port=port)
        await second.start()
        try:
            await next_of(seen, Connected)
            async with client(second.url, "cmd") as console:
                await console.wait_connected(seconds(5))
                msg = await console.send_message("回来了", to=["t1"])
                await next_of(seen, MsgDeliver, msg=msg)
            seqs = [e.seq for e in seen if getattr(e, "seq", None)]
            assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
        finally:
            await second.stop()


@pytest.mark.expect_log("hub refused us", "refused hello")
async def test_client_stops_on_auth_failure(hub):
    """A bad token is not retried; the client reports the refusal."""
    bad = DispatchClient(hub.url, "t1", "wrong-token", backoff=FAST)
    seen = recorder(bad)
    async with bad:
        gone = await next_of(seen, Disconnected)
        assert not gone.retrying and bad.refused.code == "auth_failed"


@pytest.mark.expect_log("hub unreachable")
async def test_client_reconnects_after_a_drop(hub):
    """A dropped link comes back by itself and resumes."""
    async with client(hub.url, "t2") as t2, client(hub.url, "cmd") as console:
        seen = recorder(t2)
        await t2.wait_connected(seconds(5))
        await console.wait_connected(seconds(5))
        t2.drop()
        await next_of(seen, Disconnected)
        msg = await console.send_message("x", to=["t2"])
        await next_of(seen, MsgDeliver, msg=msg)
        welcomes = [e for e in seen if isinstance(e, Connected)]
        assert welcomes  # reconnected at least once
