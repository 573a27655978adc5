"""A dispatch client for terminals and consoles, in asyncio, without Qt.

``DispatchClient`` connects with ``hello``, resumes from the last ``seq``
it saw after any drop or hub restart (with backoff), and hands every
message from the hub to its subscribers as a typed model from
``protocol``, beside two events of its own, ``Connected`` and
``Disconnected``. A Qt panel subscribes a callback and turns events into
signals; a script iterates ``events()``::

    async with DispatchClient(url, "town-01", token) as client:
        async for event in client.events():
            if isinstance(event, CallRing):
                await client.answer(event.call)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from console.dispatch import UnitLog
from console.dispatch import protocol as p
from console.dispatch.protocol import (  # noqa: F401 - re-exported for users
    AlarmNew,
    AlarmUpdate,
    CallMember,
    CallRing,
    CallState,
    Error,
    MsgDeliver,
    MsgReceipt,
    PtzHolder,
    Roster,
    TelemetryReport,
    UnitUpdate,
    VideoShared,
    Welcome,
)

log = logging.getLogger(__name__)

# Refusals of a hello that retrying cannot cure.
FATAL = frozenset({"auth_failed", "forbidden", "bad_request"})
QUEUE_MAX = 1000


@dataclass(frozen=True)
class Connected:
    """The hub welcomed us; replayed and owed messages follow."""

    welcome: Welcome


@dataclass(frozen=True)
class Disconnected:
    """The connection is gone; ``retrying`` unless it was refused or closed."""

    code: int | None
    reason: str
    retrying: bool


class DispatchError(Exception):
    """The hub refused a request; ``error`` is its ``error`` message."""

    def __init__(self, error: Error):
        super().__init__(f"{error.code}: {error.detail}")
        self.error = error


Event = p.Message | Connected | Disconnected


class DispatchClient:
    """One unit's connection to the hub, kept up until ``close()``.

    ``last_seq`` is the number of the last message seen; pass it back in
    (persisted by the caller if it likes) to resume where a previous run
    stopped.
    """

    def __init__(
        self,
        url: str,
        unit: str,
        token: str,
        *,
        role: p.Role = "terminal",
        last_seq: int | None = None,
        call_updates: p.CallUpdates = "all",
        backoff: tuple[float, float] = (0.5, 30.0),
        open_timeout: float = 10.0,
        ping_interval: float | None = 20.0,
        ssl=None,
    ):
        self.url, self.unit, self.role = url, unit, role
        self.last_seq = last_seq
        self.session: str | None = None
        self.refused: Error | None = None
        self._token = token
        self._call_updates = call_updates
        self._backoff = backoff
        self._open_timeout = open_timeout
        self._ping_interval = ping_interval
        self._ssl = ssl
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task | None = None
        self._closing = False
        self._up = asyncio.Event()
        self._queued: list[str] = []
        self._subscribers: list[Callable[[Event], Any]] = []
        self._waiting: dict[str, asyncio.Future] = {}
        self.log = UnitLog(log, {"unit": unit})

    # Lifecycle -----------------------------------------------------------

    async def __aenter__(self) -> DispatchClient:
        self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.ensure_future(self._keep_connected())

    async def close(self, bye: bool = True) -> None:
        """Say ``bye`` when connected, and stop reconnecting."""
        self._closing = True
        if self._ws is not None and bye:
            with contextlib.suppress(ConnectionClosed):
                await self._ws.send(p.Bye.new().encode())
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    @property
    def connected(self) -> bool:
        return self._up.is_set()

    async def wait_connected(self, timeout: float | None = None) -> None:
        await asyncio.wait_for(self._up.wait(), timeout)

    def drop(self) -> None:
        """Cut the connection without a goodbye (for drills and tests)."""
        if self._ws is not None and self._ws.transport is not None:
            self._ws.transport.abort()

    # Events --------------------------------------------------------------

    def subscribe(self, callback: Callable[[Event], Any]) -> Callable[[], None]:
        """Call ``callback(event)`` for every event; returns the undo."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    async def events(self) -> AsyncIterator[Event]:
        """Every event from now on, until the client closes."""
        queue: asyncio.Queue[Event] = asyncio.Queue()
        undo = self.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            undo()

    def _emit(self, event: Event) -> None:
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:
                self.log.exception("subscriber failed on %s", type(event).__name__)

    # Connection ----------------------------------------------------------

    async def _keep_connected(self) -> None:
        delay = self._backoff[0]
        while not self._closing:
            code, reason = None, ""
            try:
                async with connect(
                    self.url,
                    subprotocols=[p.SUBPROTOCOL],
                    max_size=p.FRAME_MAX,
                    open_timeout=self._open_timeout,
                    ping_interval=self._ping_interval,
                    ssl=self._ssl,
                ) as ws:
                    if await self._open(ws):
                        delay = self._backoff[0]
                        await self._read(ws)
                    code, reason = ws.close_code, ws.close_reason or ""
            except (OSError, TimeoutError, InvalidHandshake) as error:
                reason = str(error) or type(error).__name__
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else None
                reason = closed.rcvd.reason if closed.rcvd else "connection lost"
            self._lost()
            retrying = not self._closing and self.refused is None
            self._emit(Disconnected(code, reason, retrying))
            if not retrying:
                return
            self.log.warning("hub unreachable (%s); retry in %.1fs", reason, delay)
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, self._backoff[1])

    async def _open(self, ws: ClientConnection) -> bool:
        hello = p.Hello.new(
            unit=self.unit,
            token=self._token,
            role=self.role,
            resume=self.last_seq,
            call_updates=self._call_updates,
        )
        # exclude_defaults: call_updates (an extension) only when asked for.
        await ws.send(hello.model_dump_json(exclude_none=True, exclude_defaults=True))
        answer = p.parse(await ws.recv(), to_hub=False)
        if isinstance(answer, Error):
            self._refused(answer)
            return False
        if not isinstance(answer, Welcome):
            self.log.warning("hub answered hello with %r", answer)
            return False
        self._welcomed(ws, answer)
        return True

    def _refused(self, error: Error) -> None:
        self.log.warning("hub refused us: %s (%s)", error.code, error.detail)
        if error.code in FATAL:
            self.refused = error
        self._emit(error)

    def _welcomed(self, ws: ClientConnection, welcome: Welcome) -> None:
        if self.last_seq is None or welcome.last_seq < self.last_seq:
            if self.last_seq is not None:
                self.log.warning(
                    "hub is at seq %d, behind our %d", welcome.last_seq, self.last_seq
                )
            self.last_seq = welcome.last_seq
        if welcome.gap:
            self.log.warning("hub no longer keeps all we missed")
        self.session = welcome.session
        self._ws = ws
        self._up.set()
        self.log.info("connected to %s", self.url)
        self._emit(Connected(welcome))
        queued, self._queued = self._queued, []
        for frame in queued:
            asyncio.ensure_future(self._send_frame(frame))

    async def _read(self, ws: ClientConnection) -> None:
        async for data in ws:
            message = p.parse(data, binary=isinstance(data, bytes), to_hub=False)
            if isinstance(message, p.Refusal | p.HubOnly):
                self.log.warning("unreadable message from the hub: %r", message)
                continue
            seq = getattr(message, "seq", None)
            if seq is not None and seq > (self.last_seq or 0):
                self.last_seq = seq
            waiter = self._waiting.pop(getattr(message, "ref", None) or "", None)
            if waiter is not None and not waiter.done():
                waiter.set_result(message)
            self._emit(message)

    def _lost(self) -> None:
        self._ws = None
        self._up.clear()
        for waiter in self._waiting.values():
            if not waiter.done():
                waiter.set_exception(ConnectionError("connection to the hub lost"))
        self._waiting.clear()

    # Sending -------------------------------------------------------------

    async def send(self, message: p.Message) -> str:
        """Send ``message`` now, or once connected again; its id."""
        await self._send_frame(message.encode())
        return message.id

    async def _send_frame(self, frame: str) -> None:
        ws = self._ws
        if ws is None:
            if len(self._queued) >= QUEUE_MAX:
                raise ConnectionError("not connected and the queue is full")
            self._queued.append(frame)
            return
        try:
            await ws.send(frame)
        except ConnectionClosed:
            # FIXME(dispatch): a frame sent into a dying connection is lost;
            # the contract has no receipt for most peer messages.
            self.log.warning("connection lost while sending")

    async def request(self, message: p.Message, timeout: float = 10.0) -> p.Message:
        """Send and wait for the answer that carries ``ref``."""
        await self.wait_connected(timeout)
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[message.id] = waiter
        await self.send(message)
        answer = await asyncio.wait_for(waiter, timeout)
        if isinstance(answer, Error):
            raise DispatchError(answer)
        return answer

    # Helpers, one per message a peer sends --------------------------------

    async def roster(self, timeout: float = 10.0) -> Roster:
        return await self.request(p.RosterRequest.new(), timeout)

    async def status(
        self,
        state: p.UnitState,
        location: dict | None = None,
        note: str | None = None,
    ) -> str:
        return await self.send(p.Status.new(state=state, location=location, note=note))

    async def start_call(
        self,
        *,
        group: str | None = None,
        members: list[str] | None = None,
        priority: p.Priority = "normal",
        subject: str = "",
        incident: str | None = None,
        call: str | None = None,
    ) -> str:
        """Ring a group and/or units; the call's id."""
        call = call or p.new_id()
        await self.send(
            p.CallStart.new(
                call=call,
                group=group,
                members=members,
                priority=priority,
                subject=subject,
                incident=incident,
            )
        )
        return call

    async def answer(self, call: str) -> str:
        return await self.send(p.CallAnswer.new(call=call))

    async def decline(self, call: str, reason: str | None = None) -> str:
        return await self.send(p.CallDecline.new(call=call, reason=reason))

    async def end_call(self, call: str) -> str:
        return await self.send(p.CallEnd.new(call=call))

    async def send_message(
        self,
        text: str,
        *,
        to: list[str] | None = None,
        group: str | None = None,
        require_ack: bool = False,
        msg: str | None = None,
    ) -> str:
        """Send an instruction; the message's id (``msg``)."""
        msg = msg or p.new_id()
        await self.send(
            p.MsgSend.new(
                msg=msg, to=to, group=group, text=text, require_ack=require_ack
            )
        )
        return msg

    async def ack(self, msg: str) -> str:
        return await self.send(p.MsgAck.new(msg=msg))

    async def raise_alarm(
        self,
        kind: str,
        severity: p.Severity,
        text: str,
        *,
        camera: str | None = None,
        enterprise: str | None = None,
        location: dict | None = None,
        alarm: str | None = None,
    ) -> str:
        """Raise an alarm (``kind="sos"`` for an SOS); the alarm's id."""
        alarm = alarm or p.new_id()
        await self.send(
            p.AlarmRaise.new(
                alarm=alarm,
                kind=kind,
                severity=severity,
                text=text,
                camera=camera,
                enterprise=enterprise,
                location=location,
            )
        )
        return alarm

    async def ack_alarm(self, alarm: str, note: str | None = None) -> str:
        return await self.send(p.AlarmAck.new(alarm=alarm, note=note))

    async def resolve_alarm(self, alarm: str, note: str) -> str:
        return await self.send(p.AlarmResolve.new(alarm=alarm, note=note))

    async def telemetry(self, source: str, lat: float, lon: float, **extra) -> str:
        return await self.send(
            p.Telemetry.new(source=source, lat=lat, lon=lon, **extra)
        )

    async def share_video(
        self, source: str, url: str, title: str, to: list[str]
    ) -> str:
        share = p.new_id()
        await self.send(
            p.VideoShare.new(share=share, source=source, url=url, title=title, to=to)
        )
        return share

    # Extension: PTZ reservations (docs, "Extensions") ---------------------

    async def reserve_ptz(
        self, camera: str, hold_s: float | None = None, timeout: float = 10.0
    ) -> PtzHolder:
        """Take or renew ``camera``; DispatchError ``conflict`` if held."""
        return await self.request(
            p.PtzReserve.new(camera=camera, hold_s=hold_s), timeout
        )

    async def release_ptz(self, camera: str, timeout: float = 10.0) -> PtzHolder:
        return await self.request(p.PtzRelease.new(camera=camera), timeout)
