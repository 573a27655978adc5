"""Steering one PTZ camera toward what the operator's hands ask for.

Keys, the wheel and a drag only say which velocity is wanted; one worker
per camera sends ContinuousMove or Stop until the camera does that. Key
presses arrive faster than a camera answers, so the worker always sends
the newest wish and skips the ones in between: a release can never be
overtaken by the press before it.

While the head moves the worker sends the move again every few seconds
with a timeout a little longer: if the console dies with a key held, the
camera stops by itself instead of turning to its end stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from console.onvif.camlog import CameraLog
from console.onvif.credentials import CredentialError
from console.onvif.errors import CameraError
from console.onvif.model import Preset
from console.onvif.ptz import PtzBusy, PtzController
from console.site.model import Source
from widgets.cameras.watch import client_for

log = logging.getLogger(__name__)

RESEND_SECONDS = 4.0
# Stopped this long, the camera is given up for other operators.
RELEASE_SECONDS = 5.0
MOVE_TIMEOUT = 8.0
STOPPED = (0.0, 0.0, 0.0)


class Steering:
    """One camera's PTZ worker, presets and reservation.

    Args:
        reservations: a ``SharedReservations`` (or ``PtzReservations``).
        on_refused(holder): someone else holds the camera.
        on_failed(error): the camera could not do what was asked.
        on_presets(): the preset list changed.
    """

    def __init__(
        self,
        source: Source,
        reservations,
        operator: str,
        on_refused: Callable[[str], None],
        on_failed: Callable[[CameraError], None],
        on_presets: Callable[[], None],
    ):
        self.source = source
        self.reservations = reservations
        self.operator = operator
        self.on_refused = on_refused
        self.on_failed = on_failed
        self.on_presets = on_presets
        self.log = CameraLog(log, source.id)
        self.wanted = STOPPED
        self.sent = STOPPED
        self.presets: list[Preset] = []
        self._controller: PtzController | None = None
        self._connecting = asyncio.Lock()
        self._changed: asyncio.Event | None = None
        self._worker: asyncio.Task | None = None
        self._release: asyncio.TimerHandle | None = None

    @property
    def camera(self) -> str:
        return self.source.id

    def holder(self) -> str | None:
        return self.reservations.holder(self.camera)

    def held_by_other(self) -> str | None:
        holder = self.holder()
        return holder if holder and holder != self.operator else None

    # Continuous moves

    def want(self, pan: float, tilt: float, zoom: float) -> bool:
        """Ask for a velocity (all zero: stop); False if refused."""
        wanted = (round(pan, 2), round(tilt, 2), round(zoom, 2))
        other = self.held_by_other()
        if other and wanted != STOPPED:
            self.on_refused(other)
            return False
        if wanted == self.wanted:
            return True
        self.wanted = wanted
        self._wake()
        return True

    def _wake(self) -> None:
        if self._worker is None or self._worker.done():
            self._changed = asyncio.Event()
            self._worker = asyncio.ensure_future(self._run())
            self._worker.set_name(f"PTZ {self.camera}")
        self._changed.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RESEND_SECONDS):
                    await self._changed.wait()
            self._changed.clear()
            wanted = self.wanted
            if wanted == self.sent and wanted == STOPPED:
                continue
            await self._send(wanted)

    async def _send(self, wanted: tuple[float, float, float]) -> None:
        try:
            self._keep()
            if wanted != STOPPED:
                await self._reserve()
            controller = await self.controller()
            if wanted == STOPPED:
                await controller.stop()
                self._release_later()
            else:
                await controller.move(*wanted, timeout=MOVE_TIMEOUT)
            self.sent = wanted
        except PtzBusy as busy:
            self.wanted = self.sent = STOPPED
            self.on_refused(busy.holder)
        except (CameraError, CredentialError) as error:
            self.log.warning("PTZ command failed: %s", error)
            # Asked again only when the operator asks again.
            self.wanted = self.sent = STOPPED
            await self._drop()
            self.on_failed(error)

    # The reservation

    async def _reserve(self) -> None:
        """Take or renew the camera (over the hub when it is connected)."""
        reserve = getattr(self.reservations, "reserve", None)
        if reserve is not None:
            await reserve(self.camera, self.operator)

    def _keep(self) -> None:
        if self._release is not None:
            self._release.cancel()
            self._release = None

    def _release_later(self) -> None:
        self._keep()
        loop = asyncio.get_running_loop()
        self._release = loop.call_later(RELEASE_SECONDS, self._give_up)

    def _give_up(self) -> None:
        self._release = None
        if self.wanted == STOPPED:
            self.reservations.release(self.camera, self.operator)

    # The camera

    async def controller(self) -> PtzController:
        """The connected controller, connecting on first use."""
        async with self._connecting:
            if self._controller is None:
                self._controller = await self._connect()
            return self._controller

    async def _connect(self) -> PtzController:
        client = client_for(self.source)
        try:
            await client.connect()
            profile = self.source.onvif.profile or await _ptz_profile(client)
        except BaseException:
            # Cancelled too: the window closing must not leak the session.
            await client.close()
            raise
        return PtzController(
            client, profile, self.camera, self.reservations, self.operator
        )

    async def _drop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            await controller.client.close()

    # Presets

    async def refresh_presets(self) -> list[Preset]:
        try:
            controller = await self.controller()
            self.presets = await controller.presets()
        except (CameraError, CredentialError) as error:
            self.log.warning("presets not read: %s", error)
            await self._drop()
            self.on_failed(error)
        self.on_presets()
        return self.presets

    async def goto(self, token: str) -> None:
        await self._preset_call(lambda c: c.goto(token))

    async def save(self, name: str) -> None:
        await self._preset_call(lambda c: c.save(name))
        await self.refresh_presets()

    async def remove(self, token: str) -> None:
        await self._preset_call(lambda c: c.remove(token))
        await self.refresh_presets()

    async def _preset_call(self, call) -> None:
        other = self.held_by_other()
        if other:
            self.on_refused(other)
            return
        try:
            self._keep()
            await self._reserve()
            await call(await self.controller())
            self._release_later()
        except PtzBusy as busy:
            self.on_refused(busy.holder)
        except (CameraError, CredentialError) as error:
            self.log.warning("preset command failed: %s", error)
            await self._drop()
            self.on_failed(error)

    async def close(self) -> None:
        self._keep()
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        await self._drop()


async def _ptz_profile(client) -> str:
    """The first profile with a PTZ configuration, for a site entry that
    names none."""
    profiles = await client.profiles()
    chosen = next((p for p in profiles if p.ptz), profiles[0] if profiles else None)
    if chosen is None:
        raise CameraError("the camera has no media profile", client.camera_id)
    return chosen.token
