"""Instructions with receipts, alarms, status, roster, telemetry, video."""

from __future__ import annotations

from console.dispatch import protocol as p
from tests.dispatch.conftest import login


async def test_instruction_receipts_delivered_and_acked(hub, peers):
    """msg.deliver now, receipts delivered then acked to the sender."""
    console = await peers("cmd")
    t1 = await peers("t1")
    msg = p.new_id()
    await console.send(
        "msg.send", msg=msg, to=["t1"], text="封控路口", require_ack=True
    )
    deliver = await t1.wait("msg.deliver", msg=msg)
    assert (deliver["from"], deliver["text"], deliver["require_ack"]) == (
        "cmd",
        "封控路口",
        True,
    )
    await console.wait("msg.receipt", msg=msg, unit="t1", state="delivered")
    await t1.send("msg.ack", msg=msg)
    await console.wait("msg.receipt", msg=msg, unit="t1", state="acked")

    ref = await t1.send("msg.ack", msg=msg)
    assert (await t1.wait("error", ref=ref))["code"] == "conflict"
    t2 = await peers("t2")
    ref = await t2.send("msg.ack", msg=msg)
    assert (await t2.wait("error", ref=ref))["code"] == "forbidden"


async def test_instruction_is_owed_until_the_recipient_connects(hub, peers):
    """An offline recipient gets msg.deliver on its next connection."""
    console = await peers("cmd")
    msg = p.new_id()
    await console.send("msg.send", msg=msg, group="all", text="集结", require_ack=False)
    t3 = await peers("t3")  # never connected before: no resume asked
    deliver = await t3.wait("msg.deliver", msg=msg)
    assert deliver["seq"] == t3.of("welcome")[0]["last_seq"] + 1
    await console.wait("msg.receipt", msg=msg, unit="t3", state="delivered")
    assert console.of("msg.receipt", unit="t4") == []


async def test_receipts_are_owed_to_an_offline_sender(hub, peers):
    """Extension: a receipt the sender missed is told when it returns."""
    console = await peers("cmd")
    msg = p.new_id()
    await console.send("msg.send", msg=msg, to=["t1"], text="x", require_ack=True)
    await console.close()
    t1 = await peers("t1")
    await t1.wait("msg.deliver", msg=msg)
    await t1.send("msg.ack", msg=msg)
    back = await peers("cmd")
    await back.wait("msg.receipt", msg=msg, state="delivered")
    await back.wait("msg.receipt", msg=msg, state="acked")


async def test_terminal_messages_go_to_consoles_only(hub, peers):
    """A terminal may message consoles, not other terminals."""
    console = await peers("cmd")
    t1 = await peers("t1")
    await t1.send("msg.send", msg="up-1", to=["cmd"], text="到达", require_ack=False)
    await console.wait("msg.deliver", msg="up-1")
    ref = await t1.send("msg.send", msg="up-2", to=["t2"], text="x", require_ack=False)
    assert (await t1.wait("error", ref=ref))["code"] == "forbidden"


async def test_alarm_raise_ack_resolve(hub, peers):
    """SOS from a terminal reaches consoles; ack and resolve update it."""
    console, console2 = await peers("cmd"), await peers("cmd2")
    t1 = await peers("t1")
    await t1.send(
        "alarm.raise",
        alarm="a-1",
        kind="sos",
        severity="red",
        text="被困",
        location={"lat": 30.6, "lon": 104.1},
    )
    new = await console2.wait("alarm.new", alarm="a-1")
    assert (new["from"], new["kind"], new["location"]["lat"]) == ("t1", "sos", 30.6)
    assert t1.of("alarm.new") == []

    await console.send("alarm.ack", alarm="a-1", note="已派车")
    ack = await console2.wait("alarm.update", alarm="a-1", state="acknowledged")
    assert (ack["by"], ack["note"]) == ("cmd", "已派车")
    await console.send("alarm.resolve", alarm="a-1", note="已救出")
    await console2.wait("alarm.update", alarm="a-1", state="resolved")

    ref = await console.send("alarm.resolve", alarm="a-1", note="again")
    assert (await console.wait("error", ref=ref))["code"] == "conflict"
    ref = await t1.send("alarm.ack", alarm="a-1")
    assert (await t1.wait("error", ref=ref))["code"] == "forbidden"
    ref = await t1.send("alarm.raise", alarm="a-1", kind="x", severity="red", text="")
    assert (await t1.wait("error", ref=ref))["code"] == "conflict"


async def test_status_presence_and_roster(hub, peers):
    """unit.update on presence and status; roster lists units and groups."""
    console = await peers("cmd")
    t1 = await peers("t1")
    await console.wait("unit.update", unit="t1", online=True)
    await t1.send("status", state="en_route", location={"lat": 30.0, "lon": 104.0})
    update = await console.wait("unit.update", unit="t1", state="en_route")
    assert update["location"] == {"lat": 30.0, "lon": 104.0}
    await t1.close()
    await console.wait("unit.update", unit="t1", online=False, state="en_route")

    ref = await console.send("roster")
    roster = await console.wait("roster", ref=ref)
    units = {u["unit"]: u for u in roster["units"]}
    assert units["t1"]["state"] == "en_route" and not units["t1"]["online"]
    assert units["t2"]["state"] == "unknown"
    assert units["cmd"]["name"] == "市指挥中心"
    assert roster["groups"][0] == {
        "group": "all",
        "name": "全体",
        "members": ["t1", "t2", "t3", "t4"],
        "key": "F1",
    }


async def test_telemetry_is_throttled_and_keeps_the_latest(hub, peers):
    """At most five a second per source, and the last one always arrives."""
    console = await peers("cmd")
    drone = await peers("t4")
    for step in range(20):  # bounded burst, well inside the rate limit
        await drone.send("telemetry", source="uav-7", lat=30.0 + step / 1000, lon=104)
    last = await console.wait("telemetry", source="uav-7", lat=30.019)
    forwarded = console.of("telemetry", source="uav-7")
    assert 1 < len(forwarded) <= 10
    assert forwarded[-1] is last and last["from"] == "t4"
    assert "seq" in last and last["id"] != ""


async def test_video_share_to_consoles(hub, peers):
    """video.share reaches the consoles named, not terminals."""
    console, console2 = await peers("cmd"), await peers("cmd2")
    await console.send(
        "video.share",
        share="s-1",
        source="cam-3",
        url="rtsp://127.0.0.1/cam3",
        title="北门",
        to=["cmd2"],
    )
    shared = await console2.wait("video.shared", share="s-1")
    assert (shared["from"], shared["title"]) == ("cmd", "北门")
    ref = await console.send(
        "video.share", share="s-2", source="c", url="u", title="t", to=["t1"]
    )
    assert (await console.wait("error", ref=ref))["code"] == "forbidden"


async def test_two_connections_get_the_same_numbers(hub, peers):
    """A unit on two connections receives the same messages and seq."""
    console = await peers("cmd")
    first = await peers("t1")
    second = await login(hub.url, "t1")
    try:
        msg = p.new_id()
        await console.send("msg.send", msg=msg, to=["t1"], text="x", require_ack=False)
        one = await first.wait("msg.deliver", msg=msg)
        two = await second.wait("msg.deliver", msg=msg)
        assert (one["seq"], one["id"]) == (two["seq"], two["id"])
    finally:
        await second.close()
