"""PTZ reservations between consoles: one unit steers a camera at a time.

Part of the hub's core (no I/O), an extension of version 1 (docs,
"Extensions"). ``PtzDesk`` grants ``ptz.reserve`` to the unit that holds
the camera or to anyone when it is free, lets the holder ``ptz.release``
it, and tells every console who holds what with ``ptz.holder``. A
reservation lapses ``hold_s`` seconds after the holder's last reserve.

The reservations live in memory only: a hub restart frees every camera,
and the consoles, which renew while they steer, take them again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from console.dispatch import protocol as p

if TYPE_CHECKING:
    from console.dispatch.core import HubCore, Peer, Timer, Unit

log = logging.getLogger(__name__)


@dataclass
class Hold:
    """One camera's reservation."""

    camera: str
    unit: Unit
    until: datetime
    timer: Timer


class PtzDesk:
    """Reserves, renews, releases and expires PTZ reservations."""

    def __init__(self, core: HubCore):
        self.core = core
        self.holds: dict[str, Hold] = {}

    def on_reserve(self, peer: Peer, reserve: p.PtzReserve) -> None:
        unit = peer.unit
        hold = self.holds.get(reserve.camera)
        if hold is not None and hold.unit is not unit:
            self._busy(peer, hold, reserve.id)
            return
        if hold is not None:
            hold.timer.cancel()
        seconds = reserve.hold_s or p.PTZ_HOLD_S
        until = self.core.clock.now() + timedelta(seconds=seconds)
        timer = self.core.clock.call_later(
            seconds, lambda: self._expire(reserve.camera, until)
        )
        hold = self.holds[reserve.camera] = Hold(reserve.camera, unit, until, timer)
        peer.log.debug("PTZ %s held until %s", reserve.camera, until)
        self.core._post(self.core.consoles(), self._holder(hold, reserve.id))

    def on_release(self, peer: Peer, release: p.PtzRelease) -> None:
        hold = self.holds.get(release.camera)
        if hold is None:
            # Already free (it lapsed, say): tell the sender alone.
            free = _released(release.camera, release.id)
            self.core._post([peer.unit], free)
            return
        if hold.unit is not peer.unit:
            self._busy(peer, hold, release.id)
            return
        self._free(hold, release.id)

    def on_connect(self, unit: Unit) -> None:
        """A console that connects learns who holds what."""
        if unit.kind != "console":
            return
        for hold in self.holds.values():
            self.core._post([unit], self._holder(hold, None))

    def on_offline(self, unit: Unit) -> None:
        """A unit gone offline steers nothing: free its cameras now
        rather than when they lapse."""
        for hold in [h for h in self.holds.values() if h.unit is unit]:
            self.core.post_step(lambda hold=hold: self._free(hold, None))

    def stop(self) -> None:
        for hold in self.holds.values():
            hold.timer.cancel()

    def _busy(self, peer: Peer, hold: Hold, ref: str) -> None:
        detail = (
            f"camera {hold.camera} is held by {hold.unit.name} "
            f"({hold.unit.id}) until {p.rfc3339(hold.until)}"
        )
        self.core.refuse(peer, "conflict", detail, ref)

    def _expire(self, camera: str, until: datetime) -> None:
        hold = self.holds.get(camera)
        # A renewal replaced this hold's timer; only its own may end it.
        if hold is None or hold.until != until:
            return
        log.info("PTZ %s reservation of %s lapsed", camera, hold.unit.id)
        self.core.post_step(lambda: self._free(hold, None))

    def _free(self, hold: Hold, ref: str | None) -> None:
        hold.timer.cancel()
        self.holds.pop(hold.camera, None)
        log.info("PTZ %s released by %s", hold.camera, hold.unit.id)
        self.core._post(self.core.consoles(), _released(hold.camera, ref))

    def _holder(self, hold: Hold, ref: str | None) -> p.PtzHolder:
        return p.PtzHolder.new(
            ref=ref,
            camera=hold.camera,
            unit=hold.unit.id,
            name=hold.unit.name,
            until=p.rfc3339(hold.until),
        )


def _released(camera: str, ref: str | None) -> p.PtzHolder:
    """What consoles are told when nobody holds ``camera`` any more."""
    return p.PtzHolder.new(ref=ref, camera=camera, unit=None, name=None, until=None)
