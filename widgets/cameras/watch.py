"""Camera events onto the alarm board: one subscription per ONVIF source.

Every site source with an ``[source.onvif]`` table gets an
``EventSubscription``; its CameraEvents go to ``AlarmBoard.on_camera_event``
under the source's id, so an alarm names the site source it is about.
"""

from __future__ import annotations

import logging

from console.alarms import AlarmBoard
from console.onvif.client import OnvifClient
from console.onvif.credentials import CredentialError, source_credentials
from console.onvif.events import EventSubscription
from console.site.model import Source

log = logging.getLogger(__name__)


def client_for(source: Source, timeout: float = 10.0) -> OnvifClient:
    """A new client for a source's ONVIF service; CredentialError if its
    credential cannot be read."""
    user, password, adjust = source_credentials(source)
    return OnvifClient(
        source.onvif.host,
        source.onvif.port,
        user,
        password,
        camera_id=source.id,
        timeout=timeout,
        adjust_time=adjust,
    )


class CameraWatch:
    """The event subscriptions of a site's ONVIF cameras."""

    def __init__(self, board: AlarmBoard):
        self.board = board
        self.subscriptions: dict[str, EventSubscription] = {}

    async def watch(self, source: Source) -> bool:
        """Subscribe to a source's events; False if it cannot be watched."""
        if source.onvif is None or source.id in self.subscriptions:
            return False
        try:
            client = client_for(source)
        except CredentialError as error:
            log.warning("events of %s not watched: %s", source.id, error)
            return False
        subscription = EventSubscription(
            client, self.board.on_camera_event, camera_id=source.id
        )
        self.subscriptions[source.id] = subscription
        await subscription.start()
        return True

    async def stop(self) -> None:
        subscriptions, self.subscriptions = self.subscriptions, {}
        for subscription in subscriptions.values():
            await subscription.stop()
