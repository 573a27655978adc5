"""Steering a PTZ camera, one operator at a time.

``PtzReservations`` says who steers which camera. A reservation lapses
after ``hold`` seconds without a steering command, so an operator who walks
away does not lock a camera; every command renews it. The state is plain
data (``snapshot()`` / ``restore()``) so that the dispatch hub can carry it
between consoles later; for now each console holds its own.

``PtzController`` steers one camera through an ``OnvifClient`` and asks the
reservations before every move.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from console.onvif.camlog import CameraLog
from console.onvif.client import OnvifClient
from console.onvif.errors import CameraError, DeviceFault
from console.onvif.model import Preset, PtzPosition

log = logging.getLogger(__name__)

HOLD_SECONDS = 30.0


class PtzBusy(CameraError):
    """Another operator steers this camera."""

    def __init__(self, camera: str, holder: str, remaining: float):
        self.holder = holder
        self.remaining = remaining
        super().__init__(
            f"{holder} is steering this camera (free in {remaining:.0f} s "
            "unless they go on)",
            camera,
        )


@dataclass(frozen=True)
class Reservation:
    camera: str
    operator: str
    expires: float  # on the reservations' clock


class PtzReservations:
    """Who steers which camera, with expiry.

    ``clock`` is any monotonic clock in seconds; tests pass their own.
    """

    def __init__(
        self, hold: float = HOLD_SECONDS, clock: Callable[[], float] = time.monotonic
    ):
        self.hold = hold
        self.clock = clock
        self._held: dict[str, Reservation] = {}

    def acquire(self, camera: str, operator: str, force: bool = False) -> Reservation:
        """Take or renew ``camera`` for ``operator``; PtzBusy if someone else
        holds it. ``force`` takes it over (a supervisor's override)."""
        current = self._current(camera)
        if current and current.operator != operator and not force:
            raise PtzBusy(camera, current.operator, current.expires - self.clock())
        if current is None or current.operator != operator:
            log.info("PTZ %s taken by %s", camera, operator)
        reservation = Reservation(camera, operator, self.clock() + self.hold)
        self._held[camera] = reservation
        return reservation

    def release(self, camera: str, operator: str) -> bool:
        """Give ``camera`` up; only its holder can."""
        current = self._current(camera)
        if current is None or current.operator != operator:
            return False
        del self._held[camera]
        log.info("PTZ %s released by %s", camera, operator)
        return True

    def holder(self, camera: str) -> str | None:
        current = self._current(camera)
        return current.operator if current else None

    def snapshot(self) -> dict[str, dict]:
        """camera -> {"operator", "remaining"} for every live reservation."""
        now = self.clock()
        return {
            camera: {"operator": r.operator, "remaining": round(r.expires - now, 3)}
            for camera in list(self._held)
            if (r := self._current(camera))
        }

    def restore(self, snapshot: dict[str, dict]) -> None:
        """Take over the reservations another console (or the hub) sent."""
        now = self.clock()
        self._held = {
            camera: Reservation(camera, entry["operator"], now + entry["remaining"])
            for camera, entry in snapshot.items()
            if entry["remaining"] > 0
        }

    def _current(self, camera: str) -> Reservation | None:
        reservation = self._held.get(camera)
        if reservation and reservation.expires <= self.clock():
            del self._held[camera]
            log.info("PTZ %s reservation of %s lapsed", camera, reservation.operator)
            return None
        return reservation


def _clamp(value: float) -> float:
    return max(-1.0, min(1.0, float(value)))


class PtzController:
    """Steer one camera's head through its main profile.

    Velocities and steps are in ONVIF's generic spaces: pan, tilt and zoom
    in [-1, 1]. With ``reservations`` and ``operator`` every command first
    takes (or renews) the camera for the operator.
    """

    def __init__(
        self,
        client: OnvifClient,
        profile: str,
        camera: str | None = None,
        reservations: PtzReservations | None = None,
        operator: str | None = None,
    ):
        self.client = client
        self.profile = profile
        self.camera = camera or client.camera_id
        self.reservations = reservations
        self.operator = operator
        self.log = CameraLog(log, self.camera)

    def _reserve(self) -> None:
        if self.reservations is not None:
            self.reservations.acquire(self.camera, self.operator or "operator")

    def release(self) -> None:
        if self.reservations is not None:
            self.reservations.release(self.camera, self.operator or "operator")

    async def move(
        self, pan: float, tilt: float, zoom: float = 0.0, timeout: float | None = None
    ) -> None:
        """Start moving at a velocity; the camera goes on until ``stop()``
        (or ``timeout`` seconds, a guard against a lost stop)."""
        self._reserve()
        self.log.debug("move %.2f %.2f %.2f", pan, tilt, zoom)
        await self.client.continuous_move(
            self.profile, _clamp(pan), _clamp(tilt), _clamp(zoom), timeout
        )

    async def stop(self) -> None:
        self._reserve()
        await self.client.stop(self.profile)

    async def zoom(self, speed: float, timeout: float | None = None) -> None:
        """Zoom in (positive) or out (negative) until ``stop()``."""
        await self.move(0.0, 0.0, speed, timeout)

    async def step(self, pan: float = 0.0, tilt: float = 0.0, zoom: float = 0.0):
        """Move by a step. A camera without RelativeMove is driven for a
        moment at the step's velocity instead."""
        self._reserve()
        try:
            await self.client.relative_move(
                self.profile, _clamp(pan), _clamp(tilt), _clamp(zoom)
            )
        except DeviceFault as fault:
            self.log.info("RelativeMove refused (%s), stepping by velocity", fault)
            await self.client.continuous_move(
                self.profile, _clamp(pan), _clamp(tilt), _clamp(zoom), 0.5
            )

    async def position(self) -> PtzPosition:
        return await self.client.ptz_position(self.profile)

    async def presets(self) -> list[Preset]:
        return await self.client.presets(self.profile)

    async def goto(self, preset: str) -> None:
        self._reserve()
        self.log.info("to preset %s", preset)
        await self.client.goto_preset(self.profile, preset)

    async def save(self, name: str, preset: str | None = None) -> str:
        """Save the current view as preset ``name`` (replacing ``preset``)."""
        self._reserve()
        token = await self.client.set_preset(self.profile, name, preset)
        self.log.info("preset %s saved as %s", name, token)
        return token

    async def remove(self, preset: str) -> None:
        self._reserve()
        await self.client.remove_preset(self.profile, preset)
        self.log.info("preset %s removed", preset)
