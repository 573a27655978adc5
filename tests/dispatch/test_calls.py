"""One-key calls through a real hub, with real websocket terminals."""

from __future__ import annotations

import asyncio

from console.dispatch import protocol as p
from tests.dispatch.conftest import login


async def test_group_call_tracks_every_member(hub, peers):
    """Answered, declined, missed and offline-then-connecting members."""
    console = await peers("cmd")
    t1, t2, _t3 = await peers("t1"), await peers("t2"), await peers("t3")
    call = p.new_id()
    await console.send(
        "call.start", call=call, group="all", priority="emergency", subject="化工厂泄漏"
    )

    ring = await t1.wait("call.ring", call=call)
    assert ring["from"] == "cmd" and ring["priority"] == "emergency"
    start = await console.wait("call.state", call=call)
    assert start["members"] == {
        "t1": "ringing",
        "t2": "ringing",
        "t3": "ringing",
        "t4": "offline",
    }
    assert len(console.of("call.member", call=call)) == 4

    await t1.send("call.answer", call=call)
    await t2.send("call.decline", call=call, reason="在途")
    t4 = await peers("t4")  # connects while the call still rings for it
    await t4.wait("call.ring", call=call)
    await console.wait("call.member", call=call, unit="t4", state="ringing")

    # t3 and t4 never answer: missed at the ring timeout, then t1 leaves.
    await console.wait("call.member", call=call, unit="t3", state="missed", timeout=8)
    await console.wait("call.member", call=call, unit="t4", state="missed")
    await t1.send("call.end", call=call)
    ended = await console.wait("call.state", call=call, state="ended")
    assert ended["members"] == {
        "t1": "left",
        "t2": "declined",
        "t3": "missed",
        "t4": "missed",
    }
    states = [m["state"] for m in console.of("call.state", call=call)]
    assert states[0] == "ringing" and "connected" in states

    # Every member heard of every change too; member before state.
    kinds = [m["type"] for m in t2.got if m.get("call") == call]
    assert kinds.index("call.member") < kinds.index("call.state")
    assert t2.seqs() == list(range(t2.seqs()[0], t2.seqs()[0] + len(t2.seqs())))


async def test_call_replies_are_checked_in_contract_order(hub, peers):
    """Unknown call: not_found; non-member: forbidden; twice: conflict."""
    console = await peers("cmd")
    t1, t2 = await peers("t1"), await peers("t2")
    call = p.new_id()
    await console.send(
        "call.start", call=call, members=["t1"], priority="high", subject="x"
    )
    await t1.wait("call.ring", call=call)

    ref = await t1.send("call.answer", call="no-such-call")
    assert (await t1.wait("error", ref=ref))["code"] == "not_found"
    ref = await t2.send("call.answer", call=call)
    assert (await t2.wait("error", ref=ref))["code"] == "forbidden"
    await t1.send("call.answer", call=call)
    ref = await t1.send("call.decline", call=call)
    assert (await t1.wait("error", ref=ref))["code"] == "conflict"
    ref = await console.send(
        "call.start", call=call, members=["t1"], priority="high", subject="x"
    )
    assert (await console.wait("error", ref=ref))["code"] == "conflict"

    await console.send("call.end", call=call)
    await console.wait("call.state", call=call, state="ended")
    # A non-member answering an ended call gets forbidden, not conflict.
    ref = await t2.send("call.answer", call=call)
    assert (await t2.wait("error", ref=ref))["code"] == "forbidden"
    ref = await t1.send("call.answer", call=call)
    assert (await t1.wait("error", ref=ref))["code"] == "conflict"


async def test_caller_end_settles_every_member(hub, peers):
    """The caller's end: ringing members missed, answered ones left."""
    console = await peers("cmd")
    t1, _t2 = await peers("t1"), await peers("t2")
    call = p.new_id()
    await console.send(
        "call.start", call=call, members=["t1", "t2"], priority="normal", subject="s"
    )
    await t1.wait("call.ring", call=call)
    await t1.send("call.answer", call=call)
    await console.wait("call.state", call=call, state="connected")
    await console.send("call.end", call=call)
    ended = await console.wait("call.state", call=call, state="ended")
    assert ended["members"] == {"t1": "left", "t2": "missed"}


async def test_own_call_updates_extension(hub, peers):
    """A member asking call_updates=own hears only of itself."""
    console = await peers("cmd")
    t1 = await peers("t1", call_updates="own")
    await peers("t2")
    call = p.new_id()
    await console.send(
        "call.start", call=call, members=["t1", "t2"], priority="high", subject="s"
    )
    state = await t1.wait("call.state", call=call)
    assert state["members"] == {"t1": "ringing"}
    assert [m["unit"] for m in t1.of("call.member", call=call)] == ["t1"]
    full = await console.wait("call.state", call=call)
    assert full["members"] == {"t1": "ringing", "t2": "ringing"}


async def test_ring_is_owed_to_a_reconnecting_member(hub, peers):
    """A member that drops and comes back without resume rings again."""
    console = await peers("cmd")
    t1 = await peers("t1")
    call = p.new_id()
    await console.send(
        "call.start", call=call, members=["t1"], priority="high", subject="s"
    )
    ring = await t1.wait("call.ring", call=call)
    await t1.close()
    again = await login(hub.url, "t1")
    try:
        replayed = await again.wait("call.ring", call=call)
        assert (replayed["id"], replayed["seq"]) == (ring["id"], ring["seq"])
    finally:
        await again.close()
    await asyncio.sleep(0)
