"""Every error code of the contract, and every refusal of a session."""

from __future__ import annotations

import asyncio
import json

import pytest

from console.dispatch import protocol as p
from tests.dispatch.conftest import TOKENS, open_raw
from tests.support import seconds

pytestmark = pytest.mark.expect_log("refused hello", "over its rate")


async def refused_hello(hub, **fields) -> tuple[dict, int | None]:
    peer = await open_raw(hub.url)
    await peer.send("hello", **fields)
    code = await peer.closed()
    return peer.got[0], code


async def test_bad_token_is_auth_failed_4401(hub):
    """A bad token: auth_failed, close 4401."""
    error, code = await refused_hello(hub, unit="t1", token="wrong", role="terminal")
    assert (error["code"], code) == ("auth_failed", 4401)


async def test_unknown_unit_is_auth_failed_4401(hub):
    """An unknown unit: auth_failed, close 4401."""
    error, code = await refused_hello(hub, unit="ghost", token="x", role="terminal")
    assert (error["code"], code) == ("auth_failed", 4401)


async def test_wrong_role_is_forbidden_4403(hub):
    """A terminal unit asking to be a console: forbidden, close 4403."""
    error, code = await refused_hello(
        hub, unit="t1", token=TOKENS["t1"], role="console"
    )
    assert (error["code"], code) == ("forbidden", 4403)


async def test_malformed_hello_is_bad_request_4401(hub):
    """A hello with a token that is not a string: bad_request, 4401."""
    error, code = await refused_hello(hub, unit="t1", token=123, role="terminal")
    assert (error["code"], code) == ("bad_request", 4401)
    error, code = await refused_hello(hub, unit="t1", token="x", role="chief")
    assert (error["code"], code) == ("bad_request", 4401)


@pytest.mark.parametrize(
    "first", ["not json", b"\x00binary", json.dumps({"type": "roster", "id": "r"})]
)
async def test_anything_but_hello_first_is_not_authenticated(hub, first):
    """Bad JSON, a binary frame or another type first: 4401."""
    peer = await open_raw(hub.url)
    await peer.send_raw(first)
    code = await peer.closed()
    assert (peer.got[0]["code"], code) == ("not_authenticated", 4401)


async def test_token_hash_from_the_site_is_accepted(hub, peers):
    """A unit given as token_hash logs in with its token."""
    peer = await peers("hashed")
    assert peer.of("welcome")[0]["unit"] == "hashed"


async def error_for(peer, type_=None, raw=None, **fields) -> dict:
    if raw is not None:
        before = len(peer.of("error"))
        await peer.send_raw(raw)
        await peer.wait("error", count=before + 1)
        return peer.of("error")[-1]
    ref = await peer.send(type_, **fields)
    return await peer.wait("error", ref=ref)


async def test_every_error_code_after_authentication(hub, peers):
    """bad_json ... unsupported answer without closing the connection."""
    console = await peers("cmd")
    t1 = await peers("t1")
    cases = [
        (console, dict(raw="{oops"), "bad_json"),
        (console, dict(type_="call.fly"), "unknown_type"),
        (console, dict(type_="status", state="asleep"), "bad_request"),
        (t1, dict(type_="call.start", call="c", group="all", priority="high",
                  subject="s"), "forbidden"),
        (console, dict(type_="call.answer", call="nope"), "not_found"),
        (console, dict(type_="alarm.ack", alarm="nope"), "not_found"),
        (console, dict(type_="call.start", call="c2", group="nope",
                       priority="high", subject="s"), "not_found"),
        (console, dict(type_="hello", unit="cmd", token="x", role="console"),
         "conflict"),
        (console, dict(type_="msg.send", msg="m", to=["t1"], text="x" * 4001,
                       require_ack=False), "too_large"),
        (console, dict(raw=b"\x01\x02"), "unsupported"),
        (console, dict(type_="welcome"), "unsupported"),
        (t1, dict(type_="welcome"), "forbidden"),
    ]  # fmt: skip
    for peer, how, code in cases:
        error = await error_for(peer, **how)
        assert error["code"] == code, (how, error)
    if_ref = await error_for(console, type_="status", state="asleep")
    assert if_ref["ref"] and "seq" in if_ref
    assert console.ws.close_code is None and t1.ws.close_code is None


async def test_rate_limited_is_told_at_most_once_a_second(hub, peers):
    """Past the burst, excess is dropped with one rate_limited a second."""
    t1 = await peers("t1")
    other = await peers("t2")
    loop = asyncio.get_running_loop()
    began = loop.time()
    for _ in range(300):  # bounded: three bursts' worth, sent at once
        await t1.send("roster")
    took = loop.time() - began
    await t1.wait("roster", count=100)
    await t1.wait("error", code="rate_limited")
    await asyncio.sleep(seconds(0.3))  # let the answers to the burst land
    answered = len(t1.of("roster"))
    limited = t1.of("error", code="rate_limited")
    assert 100 <= answered < 300
    # One per started second of sending, however slow the machine.
    assert 1 <= len(limited) <= int(took) + 1

    # The other peer is not slowed: its roster comes back at once.
    ref = await other.send("roster")
    await other.wait("roster", ref=ref)
    assert other.of("error") == []
    assert p.may_send("terminal", "roster")
