"""Camera events over ONVIF PullPoint subscriptions.

Each camera gets an ``EventSubscription``: it creates a PullPoint
subscription, pulls messages in a loop, renews the subscription well before
its termination time, and when the camera goes away it logs one WARNING,
retries with a growing delay, and subscribes again once the camera is back.
Every notification becomes a plain ``CameraEvent`` handed to a callback;
the console's alarm handling consumes them.

    def on_event(event: CameraEvent): ...
    events = EventSubscription(OnvifClient(...), on_event, camera_id="gate")
    await events.start()
    ...
    await events.stop()   # unsubscribes and closes the client

It does not use onvif-zeep-async's ``PullPointManager``: that renews at
80 % of at least 60 s and restarts 40 s after an error, fixed, and leaves the
pulling to the caller. The subscription plumbing (service addresses, WSDL
bindings) is still the library's.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from console.onvif.camlog import CameraLog
from console.onvif.client import OnvifClient
from console.onvif.errors import CameraError, DeviceFault
from console.onvif.library import plain

log = logging.getLogger(__name__)

PULLPOINT_NAMESPACE = "http://www.onvif.org/ver10/events/wsdl/PullPointSubscription"

# topic fragment -> kind, first match wins; the fragments are the ONVIF
# names and the common vendor ones for the same thing.
KINDS = (
    ("MotionAlarm", "motion"),
    ("CellMotionDetector", "motion"),
    ("MotionDetector", "motion"),
    ("GlobalSceneChange", "tamper"),
    ("Tamper", "tamper"),
    ("ImageTooDark", "too_dark"),
    ("ImageTooBright", "too_bright"),
    ("ImageTooBlurry", "blurred"),
    ("LineDetector", "line_crossed"),
    ("LineCrossing", "line_crossed"),
    ("FieldDetector", "intrusion"),
    ("Intrusion", "intrusion"),
)
# Data items that carry a property's on/off state, by ONVIF topic.
STATE_ITEMS = ("State", "IsMotion", "IsInside", "IsTamper", "Active", "LogicalState")


@dataclass(frozen=True)
class CameraEvent:
    """One notification from a camera.

    ``state`` is True/False for a property (motion on, tamper off) and True
    for a pulse such as a line crossing. ``time`` is the camera's own
    timestamp, ``received`` ours. ``operation`` is ONVIF's
    PropertyOperation: "Initialized" for the state sent when a
    subscription starts, "Changed" for a change.
    """

    camera_id: str
    topic: str
    kind: str
    state: bool | None
    time: dt.datetime
    data: dict[str, str]
    operation: str = "Changed"
    received: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def event_kind(topic: str) -> str:
    for fragment, kind in KINDS:
        if fragment in topic:
            return kind
    return "other"


def parse_notification(camera_id: str, notification: dict) -> CameraEvent | None:
    """A CameraEvent from one NotificationMessage, as ``plain`` makes it.

    The message is a tt:Message that zeep has parsed into a dict, or an XML
    element where zeep did not know its type.
    """
    topic = _topic_text(notification.get("Topic"))
    message = (notification.get("Message") or {}).get("_value_1")
    if not topic or message is None:
        return None
    if hasattr(message, "tag"):
        when, operation, items = _from_element(message)
    else:
        when, operation, items = _from_dict(message)
    return CameraEvent(
        camera_id=camera_id,
        topic=topic,
        kind=event_kind(topic),
        state=_state(items),
        time=when or dt.datetime.now(dt.UTC),
        data=items,
        operation=operation or "Changed",
    )


def _topic_text(topic) -> str:
    if isinstance(topic, dict):
        topic = topic.get("_value_1")
    return str(topic).strip() if topic else ""


def _from_dict(message: dict):
    items: dict[str, str] = {}
    for part in ("Source", "Key", "Data"):
        for item in (message.get(part) or {}).get("SimpleItem") or []:
            items[str(item["Name"])] = str(item["Value"])
    return message.get("UtcTime"), message.get("PropertyOperation"), items


def _from_element(message):
    items = {
        item.get("Name"): item.get("Value")
        for item in message.iter()
        if isinstance(item.tag, str) and item.tag.endswith("}SimpleItem")
    }
    when = None
    with contextlib.suppress(TypeError, ValueError):
        when = dt.datetime.fromisoformat(message.get("UtcTime").replace("Z", "+00:00"))
    return when, message.get("PropertyOperation"), items


def _state(items: dict[str, str]) -> bool | None:
    for name in STATE_ITEMS:
        if name in items:
            return items[name].strip().lower() in ("true", "1")
    # A pulse (a line crossed) has no state item: it happened.
    return True if items else None


class EventSubscription:
    """One camera's PullPoint subscription, kept alive.

    It owns ``client``: it reconnects it after the camera was lost and
    closes it on ``stop()``, so give it a client of its own.

    Args:
        on_event: called with every CameraEvent, on the event loop.
        on_status: called with True when events flow, False when lost.
        lifetime: the subscription's termination time we ask for, seconds.
        pull_timeout: how long one PullMessages waits for messages.
        backoff, max_backoff: retry delays after the camera is lost.
    """

    def __init__(
        self,
        client: OnvifClient,
        on_event: Callable[[CameraEvent], None],
        *,
        camera_id: str | None = None,
        on_status: Callable[[bool], None] | None = None,
        lifetime: float = 60.0,
        pull_timeout: float = 5.0,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
    ):
        self.client = client
        self.on_event = on_event
        self.on_status = on_status
        self.camera_id = camera_id or client.camera_id
        self.lifetime = lifetime
        self.pull_timeout = pull_timeout
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.log = CameraLog(log, self.camera_id)
        self.live = False
        self.subscriptions = 0  # how many were created, for tests and status
        self._subscription = None
        self._pullpoint = None
        self._renew_at = 0.0
        self._left = lifetime
        self._pulled = False
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(
                self._run(), name=f"events {self.camera_id}"
            )

    async def stop(self) -> None:
        """Stop pulling, unsubscribe (best effort) and close the client."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._unsubscribe()
        await self.client.close()
        self.log.info("events stopped")

    # -- the loop

    async def _run(self) -> None:
        delay = self.backoff
        lost = False
        quick = 0  # re-subscriptions in a row whose pulls all failed
        while True:
            subscribed = self._pulled = False
            try:
                if not self.client.connected:
                    await self.client.connect()
                await self._subscribe()
                subscribed = True
                if lost:
                    self.log.info("events resumed")
                lost, delay = False, self.backoff
                self._set_live(True)
                await self._pull_until_broken()
            except CameraError as error:
                quick = quick + 1 if subscribed and not self._pulled else 0
                if subscribed and isinstance(error, DeviceFault) and quick < 3:
                    # The camera answers but dropped our subscription (it
                    # expired, or the camera is restarting): subscribe again.
                    self.log.info("subscription ended (%s), subscribing again", error)
                    await asyncio.sleep(self.backoff / 4)
                    continue
                if not lost:
                    self.log.warning(
                        "events lost: %s; retrying, every %g s at most",
                        error,
                        self.max_backoff,
                    )
                else:
                    self.log.debug("still lost: %s", error)
                lost = True
                self._set_live(False)
                await self.client.close()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_backoff)

    def _set_live(self, live: bool) -> None:
        if live != self.live:
            self.live = live
            if self.on_status is not None:
                self.on_status(live)

    async def _subscribe(self) -> None:
        camera = self.client.camera
        events = await self.client.service("events")
        request = {"InitialTerminationTime": self._termination()}
        reply = await self.client.call(
            "CreatePullPointSubscription", events.CreatePullPointSubscription(request)
        )
        address = reply.SubscriptionReference.Address._value_1
        # Where the library's services find the subscription, as its own
        # PullPointManager sets it.
        camera.xaddrs[PULLPOINT_NAMESPACE] = camera.rewrite_url(address)
        self._subscription = await self.client.call(
            "subscription service",
            camera.create_subscription_service("PullPointSubscription"),
        )
        self._pullpoint = await self.client.service("pullpoint")
        self._schedule_renewal(reply.CurrentTime, reply.TerminationTime)
        self.subscriptions += 1
        self.log.info("subscribed to events")

    def _termination(self) -> str:
        # The library writes a relative time, or an absolute one in the
        # camera's clock for cameras that mishandle relative times.
        wanted = dt.timedelta(seconds=self.lifetime)
        return self.client.camera.get_next_termination_time(wanted)

    def _schedule_renewal(self, current, termination) -> None:
        """Renew at 60 % of the time left: early enough for a slow camera."""
        left = self.lifetime
        if current is not None and termination is not None:
            left = (termination - current).total_seconds()
        self._left = max(left, 1.0)
        self._renew_at = asyncio.get_running_loop().time() + self._left * 0.6
        self.log.debug("renew in %.1f s", self._left * 0.6)

    async def _pull_until_broken(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if loop.time() >= self._renew_at:
                await self._renew()
            wait = min(self.pull_timeout, max(self._renew_at - loop.time(), 0.1))
            request = {"Timeout": dt.timedelta(seconds=wait), "MessageLimit": 20}
            reply = await self.client.call(
                "PullMessages", self._pullpoint.PullMessages(request), timeout=wait
            )
            self._pulled = True
            for notification in plain(reply).get("NotificationMessage") or []:
                self._deliver(notification)

    async def _renew(self) -> None:
        request = {"TerminationTime": self._termination()}
        reply = await self.client.call("Renew", self._subscription.Renew(request))
        self._schedule_renewal(
            getattr(reply, "CurrentTime", None), getattr(reply, "TerminationTime", None)
        )
        self.log.debug("subscription renewed")

    def _deliver(self, notification: dict) -> None:
        event = parse_notification(self.camera_id, notification)
        if event is None:
            self.log.debug("notification without topic or message ignored")
            return
        self.log.debug("event %s %s", event.topic, event.state)
        try:
            self.on_event(event)
        except Exception:
            self.log.exception("event handler failed on %s", event.topic)

    async def _unsubscribe(self) -> None:
        subscription, self._subscription = self._subscription, None
        if subscription is None or not self.client.connected:
            return
        try:
            await self.client.call("Unsubscribe", subscription.Unsubscribe())
        except CameraError as error:
            # The subscription ends on its own at its termination time.
            self.log.debug("unsubscribe failed: %s", error)
