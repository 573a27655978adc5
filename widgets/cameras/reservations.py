"""Who steers which camera: over the dispatch hub while it is connected.

``SharedReservations`` looks like ``PtzReservations`` to the steering
(``acquire``, ``release``, ``holder``) and adds ``reserve``, awaited
before each command. While the dispatch link is connected, reservations
pass over the hub (the ``ptz.*`` extension): every console sees who holds
a camera and a camera held by another unit refuses. Without the link it
falls back to this console's own ``PtzReservations``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from console.dispatch import protocol as p
from console.dispatch.client import DispatchError
from console.onvif.ptz import PtzBusy, PtzReservations

log = logging.getLogger(__name__)

HOLD_SECONDS = 30.0
# Renew well before the hold lapses; a steering worker resends every 4 s.
RENEW_SECONDS = 10.0


class SharedReservations:
    """PTZ reservations over the hub when connected, else local ones."""

    def __init__(self, local: PtzReservations, operator: str):
        self.local = local
        self.operator = operator
        self.link = None
        self.holders: dict[str, p.PtzHolder] = {}
        self.changed: Callable[[str], None] = lambda camera: None
        self._granted: dict[str, float] = {}
        self._releasing: set[asyncio.Task] = set()

    def attach(self, link) -> None:
        """Reserve over ``link`` (a ``HubLink``) whenever it is connected."""
        self.link = link
        link.ptz_holder_changed.connect(self.on_holder)
        link.connection_changed.connect(self.on_connection_changed)

    @property
    def over_hub(self) -> bool:
        link = self.link
        return bool(link and link.state == "connected" and link.client)

    # What the hub says ---------------------------------------------------

    def on_holder(self, holder: p.PtzHolder) -> None:
        if holder.unit is None:
            self.holders.pop(holder.camera, None)
        else:
            self.holders[holder.camera] = holder
        if holder.unit != self.link.unit:
            self._granted.pop(holder.camera, None)
        self.changed(holder.camera)

    def on_connection_changed(self, state: str, detail: str) -> None:
        # What the hub said no longer holds; a new connection tells again.
        if state != "connected":
            cameras = list(self.holders)
            self.holders.clear()
            self._granted.clear()
            for camera in cameras:
                self.changed(camera)

    # The PtzReservations face --------------------------------------------

    def holder(self, camera: str) -> str | None:
        if not self.over_hub:
            return self.local.holder(camera)
        holder = self.holders.get(camera)
        if holder is None:
            return None
        return self.operator if holder.unit == self.link.unit else holder.name

    def acquire(self, camera: str, operator: str, force: bool = False):
        """Refuse what another unit holds; ``reserve`` took it already."""
        if not self.over_hub:
            return self.local.acquire(camera, operator, force)
        other = self._other(camera)
        if other is not None:
            raise PtzBusy(camera, other, HOLD_SECONDS)
        return None

    def release(self, camera: str, operator: str) -> bool:
        if not self.over_hub:
            return self.local.release(camera, operator)
        if camera not in self._granted:
            return False
        self._granted.pop(camera)
        task = asyncio.ensure_future(self._release(camera))
        self._releasing.add(task)
        task.add_done_callback(self._releasing.discard)
        return True

    # Over the hub --------------------------------------------------------

    async def reserve(self, camera: str, operator: str) -> None:
        """Take or renew ``camera`` before a command; PtzBusy if held."""
        if not self.over_hub:
            self.local.acquire(camera, operator)
            return
        other = self._other(camera)
        if other is not None:
            raise PtzBusy(camera, other, HOLD_SECONDS)
        granted = self._granted.get(camera)
        if granted is not None and time.monotonic() - granted < RENEW_SECONDS:
            return
        try:
            holder = await self.link.client.reserve_ptz(camera, HOLD_SECONDS)
        except DispatchError as refused:
            if refused.error.code != "conflict":
                raise
            holder = self._other(camera) or refused.error.detail
            raise PtzBusy(camera, holder, 0) from refused
        except (ConnectionError, TimeoutError) as error:
            # FIXME(cameras): steering on with a local reservation while the
            # hub is away; another console may do the same meanwhile.
            log.info("PTZ %s not reserved over the hub: %s", camera, error)
            self.local.acquire(camera, operator)
            return
        self._granted[camera] = time.monotonic()
        self.on_holder(holder)

    async def _release(self, camera: str) -> None:
        try:
            await self.link.client.release_ptz(camera)
        except (DispatchError, ConnectionError, TimeoutError) as error:
            # It lapses by itself on the hub.
            log.info("PTZ %s not released: %s", camera, error)

    def _other(self, camera: str) -> str | None:
        holder = self.holders.get(camera)
        if holder is None or holder.unit == self.link.unit:
            return None
        return holder.name or holder.unit
