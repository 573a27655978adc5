"""Extension: PTZ reservations over the hub (ptz.reserve, ptz.release)."""

from __future__ import annotations

import asyncio

from console.dispatch import protocol as p
from tests.support import seconds


async def test_reserve_grants_a_free_camera_and_tells_every_console(peers):
    """A free camera is granted; every console gets ptz.holder."""
    cmd, cmd2 = await peers("cmd"), await peers("cmd2")
    ref = await cmd.send("ptz.reserve", camera="dome")
    answer = await cmd.wait("ptz.holder", ref=ref)
    assert (answer["unit"], answer["name"]) == ("cmd", "市指挥中心")
    assert "seq" in answer and answer["until"]
    told = await cmd2.wait("ptz.holder", camera="dome")
    assert told["unit"] == "cmd"


async def test_reserve_of_a_held_camera_is_conflict_naming_the_holder(peers):
    """Another unit's reserve of a held camera: conflict, holder named."""
    cmd, cmd2 = await peers("cmd"), await peers("cmd2")
    await cmd.wait("ptz.holder", ref=await cmd.send("ptz.reserve", camera="dome"))
    ref = await cmd2.send("ptz.reserve", camera="dome")
    error = await cmd2.wait("error", ref=ref)
    assert error["code"] == "conflict"
    assert "市指挥中心" in error["detail"] and "(cmd)" in error["detail"]


async def test_holder_renews_and_release_frees_for_everyone(peers):
    """The holder renews; its release tells every console unit null."""
    cmd, cmd2 = await peers("cmd"), await peers("cmd2")
    first = await cmd.wait("ptz.holder", ref=await cmd.send("ptz.reserve", camera="d"))
    await asyncio.sleep(0.01)
    again = await cmd.wait("ptz.holder", ref=await cmd.send("ptz.reserve", camera="d"))
    assert again["until"] > first["until"]

    ref = await cmd.send("ptz.release", camera="d")
    freed = await cmd.wait("ptz.holder", ref=ref)
    assert (freed["unit"], freed["name"], freed["until"]) == (None, None, None)
    await cmd2.wait("ptz.holder", camera="d", unit=None)
    granted = await cmd2.send("ptz.reserve", camera="d")
    assert (await cmd2.wait("ptz.holder", ref=granted))["unit"] == "cmd2"


async def test_release_by_another_unit_is_conflict(peers):
    """Only the holder releases; another unit gets conflict."""
    cmd, cmd2 = await peers("cmd"), await peers("cmd2")
    await cmd.wait("ptz.holder", ref=await cmd.send("ptz.reserve", camera="d"))
    ref = await cmd2.send("ptz.release", camera="d")
    assert (await cmd2.wait("error", ref=ref))["code"] == "conflict"


async def test_reservation_expires_after_hold_s(peers):
    """Not renewed within hold_s, the camera is free and consoles hear it."""
    cmd, cmd2 = await peers("cmd"), await peers("cmd2")
    ref = await cmd.send("ptz.reserve", camera="d", hold_s=seconds(0.3))
    await cmd.wait("ptz.holder", ref=ref)
    await cmd2.wait("ptz.holder", camera="d", unit=None, timeout=3)
    granted = await cmd2.send("ptz.reserve", camera="d")
    assert (await cmd2.wait("ptz.holder", ref=granted))["unit"] == "cmd2"


async def test_terminals_may_not_reserve_or_release(peers):
    """ptz.reserve and ptz.release from a terminal: forbidden."""
    t1 = await peers("t1")
    for type_ in ("ptz.reserve", "ptz.release"):
        ref = await t1.send(type_, camera="dome")
        assert (await t1.wait("error", ref=ref))["code"] == "forbidden"


async def test_bad_hold_s_is_bad_request(peers):
    """hold_s must be a positive number."""
    cmd = await peers("cmd")
    for hold in (0, "30", -1):
        ref = await cmd.send("ptz.reserve", camera="dome", hold_s=hold)
        assert (await cmd.wait("error", ref=ref))["code"] == "bad_request"


async def test_console_connecting_later_learns_the_holder(peers):
    """A console that connects while a camera is held gets its ptz.holder."""
    cmd = await peers("cmd")
    await cmd.wait("ptz.holder", ref=await cmd.send("ptz.reserve", camera="d"))
    late = await peers("cmd2")
    assert (await late.wait("ptz.holder", camera="d"))["unit"] == "cmd"


async def test_holder_going_offline_frees_its_cameras(peers):
    """The holder's last connection closing frees its cameras at once."""
    cmd, cmd2 = await peers("cmd"), await peers("cmd2")
    await cmd.wait("ptz.holder", ref=await cmd.send("ptz.reserve", camera="d"))
    await cmd.close()
    await cmd2.wait("ptz.holder", camera="d", unit=None)


async def test_client_helpers_raise_conflict(hub):
    """DispatchClient.reserve_ptz returns the holder, raises on conflict."""
    from console.dispatch.client import DispatchClient, DispatchError
    from tests.dispatch.conftest import TOKENS

    one = DispatchClient(hub.url, "cmd", TOKENS["cmd"], role="console")
    two = DispatchClient(hub.url, "cmd2", TOKENS["cmd2"], role="console")
    async with one, two:
        holder = await one.reserve_ptz("dome", hold_s=5)
        assert isinstance(holder, p.PtzHolder) and holder.unit == "cmd"
        try:
            await two.reserve_ptz("dome")
        except DispatchError as refused:
            assert refused.error.code == "conflict"
        else:
            raise AssertionError("cmd2 was granted a held camera")
        assert (await one.release_ptz("dome")).unit is None
