"""Steering the simulated camera and reserving it for one operator."""

from __future__ import annotations

import pytest

from console.onvif.client import OnvifClient
from console.onvif.ptz import PtzBusy, PtzController, PtzReservations
from tests.onvif.conftest import PASSWORD, USER, eventually, make_device


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def steering():
    moves = []
    device = make_device(on_position=lambda *p: moves.append(p))
    async with device, OnvifClient("127.0.0.1", device.port, USER, PASSWORD) as c:
        yield device, PtzController(c, "profile_main", "gate"), moves


async def test_continuous_move_and_stop(steering):
    """A move runs until stop; the on_position hook sees the head move."""
    device, ptz, moves = steering
    await ptz.move(0.8, -0.4)
    await eventually(lambda: device.position[0] > 0.1, what="pan right")
    await ptz.stop()
    stopped = device.position
    position = await ptz.position()
    assert position.moving is False
    assert position.pan == pytest.approx(stopped[0], abs=1e-3)
    assert position.tilt < 0
    assert moves and moves[-1] == pytest.approx(stopped)


async def test_zoom_and_step(steering):
    """Zoom runs at a speed; a step moves by a translation."""
    device, ptz, _ = steering
    await ptz.zoom(1.0)
    await eventually(lambda: device.position[2] > 0.1, what="zoom in")
    await ptz.stop()
    zoom = device.position[2]
    await ptz.step(pan=-0.5)
    await eventually(lambda: device.position[0] == pytest.approx(-0.5), what="step")
    assert device.position[2] == pytest.approx(zoom)


async def test_presets(steering):
    """Save, list, go to and remove presets."""
    device, ptz, _ = steering
    await ptz.step(pan=0.4, tilt=0.2)
    await eventually(lambda: device.position[:2] == pytest.approx((0.4, 0.2)))
    token = await ptz.save("Main gate")
    await ptz.step(pan=-0.4)
    await eventually(lambda: device.position[0] == pytest.approx(0.0))
    (preset,) = await ptz.presets()
    assert (preset.token, preset.name) == (token, "Main gate")
    assert preset.pan == pytest.approx(0.4)
    await ptz.goto(token)
    await eventually(lambda: device.position[0] == pytest.approx(0.4), what="goto")
    await ptz.remove(token)
    assert await ptz.presets() == []


async def test_controller_respects_reservation(steering):
    """A second operator cannot steer while the first holds the camera."""
    device, ptz, _ = steering
    reservations = PtzReservations()
    first = PtzController(ptz.client, "profile_main", "gate", reservations, "li")
    second = PtzController(ptz.client, "profile_main", "gate", reservations, "wang")
    await first.move(0.5, 0)
    with pytest.raises(PtzBusy, match="li is steering"):
        await second.stop()
    await first.stop()
    first.release()
    await second.move(-0.5, 0)
    await second.stop()
    assert reservations.holder("gate") == "wang"


def test_reservation_expires_and_renews():
    """A reservation lapses after its hold time unless renewed."""
    clock = FakeClock()
    reservations = PtzReservations(hold=30, clock=clock)
    reservations.acquire("gate", "li")
    clock.now += 20
    reservations.acquire("gate", "li")
    clock.now += 20
    with pytest.raises(PtzBusy) as busy:
        reservations.acquire("gate", "wang")
    assert busy.value.holder == "li" and busy.value.remaining == pytest.approx(10)
    clock.now += 11
    assert reservations.holder("gate") is None
    reservations.acquire("gate", "wang")
    assert reservations.holder("gate") == "wang"


def test_release_only_by_holder_and_force():
    """Only the holder releases; a forced acquire takes over."""
    reservations = PtzReservations(clock=FakeClock())
    reservations.acquire("gate", "li")
    assert reservations.release("gate", "wang") is False
    reservations.acquire("gate", "chief", force=True)
    assert reservations.holder("gate") == "chief"
    assert reservations.release("gate", "chief") is True
    assert reservations.holder("gate") is None


def test_snapshot_restores_elsewhere():
    """A snapshot carries reservations to another console."""
    clock = FakeClock()
    here = PtzReservations(hold=30, clock=clock)
    here.acquire("gate", "li")
    clock.now += 5
    there = PtzReservations(clock=clock)
    there.restore(here.snapshot())
    assert there.snapshot() == {"gate": {"operator": "li", "remaining": 25.0}}
