"""The hub's protocol state machine, without sockets.

``HubCore`` takes frames from peers (through ``Link`` objects, one per
connection) and answers by calling ``Link.send`` and ``Link.close``. It
never awaits: the websocket layer in ``hub.py`` feeds it, and the tests
drive it with plain objects. Timers go through an injected ``Clock``.

Every step that sends stores first: a ``_step()`` block collects the
frames it sends, writes them (with their ``seq``) and the state they
change in one transaction, and sends only once that committed.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from console.dispatch import UnitLog
from console.dispatch import protocol as p
from console.dispatch.store import (
    AlarmRow,
    AlarmUpdateRow,
    FrameRow,
    GroupRow,
    MessageRow,
    OutboxRow,
    RecipientRow,
    ShareRow,
    Store,
    TelemetryRow,
    UnitRow,
)
from console.dispatch.tokens import TokenCache

log = logging.getLogger(__name__)

RATE = 50.0  # messages a second per peer, on average ("Errors", "Rate")
BURST = 100.0
TELEMETRY_PER_SECOND = 5  # per source ("Telemetry and shared video")
RETENTION = timedelta(hours=48)  # the contract asks for at least 24 h


class Link(Protocol):
    """One connection as the core sees it."""

    def send(self, frame: str) -> None: ...

    def close(self, code: int, reason: str) -> None: ...


class Timer(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    """Time for the core: a monotonic clock, wall time and timers."""

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer: ...


@dataclass(eq=False)
class Unit:
    """A registered unit as the hub keeps it in memory."""

    id: str
    name: str
    level: str
    kind: str
    token_hash: str
    state: str = "unknown"
    location: dict | None = None
    since: datetime = field(default_factory=lambda: datetime.now(UTC))
    seq: int = 0
    links: list[Peer] = field(default_factory=list)

    @property
    def role(self) -> str:
        return p.role_of(self.kind)

    @property
    def online(self) -> bool:
        return bool(self.links)

    @property
    def wants_own_calls(self) -> bool:
        """Extension ``call_updates: own``, when every connection asks."""
        return bool(self.links) and all(
            peer.call_updates == "own" for peer in self.links
        )


@dataclass
class Group:
    id: str
    name: str
    members: list[str]
    key: str | None = None


class Peer:
    """One connection: its link, its unit once authenticated, its budget."""

    def __init__(self, link: Link, clock: Clock):
        self.link = link
        self.unit: Unit | None = None
        self.session = ""
        self.call_updates = "all"
        self.log: logging.LoggerAdapter = UnitLog(log, {"unit": "-"})
        self._clock = clock
        self._tokens = BURST
        self._filled = clock.monotonic()
        self._limited_at: float | None = None

    def admit(self) -> bool:
        """Spend one token of the bucket; False when the peer is over."""
        moment = self._clock.monotonic()
        self._tokens = min(BURST, self._tokens + (moment - self._filled) * RATE)
        self._filled = moment
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    def may_warn(self) -> bool:
        """At most one rate_limited in any second ("Rate")."""
        moment = self._clock.monotonic()
        if self._limited_at is not None and moment - self._limited_at < 1.0:
            return False
        self._limited_at = moment
        return True


@dataclass
class _Batch:
    """What one step sends, held back until it is stored."""

    frames: dict[str, dict] = field(default_factory=dict)
    outbox: list[dict] = field(default_factory=list)
    sends: list[tuple[Peer, str]] = field(default_factory=list)
    seqs: dict[str, int] = field(default_factory=dict)


class SystemClock:
    """The clock of a running hub: asyncio's timers, the system's time."""

    def __init__(self, loop):
        self._loop = loop

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        return self._loop.call_later(max(0.0, delay), callback)


class HubCore:
    """Sessions, sequence numbers, owed messages and every message type."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        ring_timeout: float = 30.0,
        retention: timedelta = RETENTION,
    ):
        from console.dispatch.calls import CallDesk
        from console.dispatch.ptz import PtzDesk

        self.store = store
        self.clock = clock
        self.retention = retention
        self.units: dict[str, Unit] = {}
        self.groups: dict[str, Group] = {}
        self.tokens = TokenCache()
        self.calls = CallDesk(self, ring_timeout)
        self.ptz = PtzDesk(self)
        self._batch: _Batch | None = None
        self._bodies: dict[str, str] = {}
        self._throttles: dict[str, _Throttle] = {}
        self._handlers = self._handler_table()
        self.load()

    # Registry ------------------------------------------------------------

    def load(self) -> None:
        """Read units, groups, sequence numbers and live calls."""
        with self.store.atomic() as session:
            units = session.scalars(select(UnitRow)).all()
            groups = session.scalars(select(GroupRow)).all()
        seqs = self.store.last_seqs()
        self.units = {row.id: _unit(row, seqs.get(row.id, 0)) for row in units}
        self.groups = {
            row.id: Group(row.id, row.name, list(row.members), row.key)
            for row in groups
        }
        self.calls.load()
        log.info("hub has %d units, %d groups", len(self.units), len(self.groups))

    def consoles(self) -> list[Unit]:
        return [u for u in self.units.values() if u.kind == "console" and u.links]

    def verify(self, unit_id: str, token: str) -> bool:
        """Whether ``token`` is this unit's; slow once, so run it off-loop."""
        unit = self.units.get(unit_id)
        if unit is None:
            return False
        return self.tokens.verify(unit_id, token, unit.token_hash)

    # Sending -------------------------------------------------------------

    @contextmanager
    def _step(self) -> Iterator[None]:
        """Store what the step changes and sends, then send it."""
        if self._batch is not None:
            yield
            return
        batch = self._batch = _Batch()
        try:
            with self.store.atomic():
                yield
                now = self.clock.now()
                for row in batch.frames.values():
                    row["created_at"] = now
                self.store.add_all(FrameRow, list(batch.frames.values()))
                self.store.add_all(OutboxRow, batch.outbox)
        except BaseException:
            for unit_id, seq in batch.seqs.items():
                self.units[unit_id].seq = seq
            raise
        finally:
            self._batch = None
        for peer, frame in batch.sends:
            peer.link.send(frame)

    def post(self, units: Iterable[Unit], message: p.FromHub) -> dict[str, int]:
        """Send ``message`` to every connection of ``units``.

        Units with no connection get nothing: a message takes its ``seq``
        only when first sent ("Sequence numbers and resume"). Returns the
        number each unit gave it.
        """
        with self._step():
            return self._post(units, message)

    def _post(self, units: Iterable[Unit], message: p.FromHub) -> dict[str, int]:
        batch = self._batch
        assert batch is not None
        body = message.encode()
        numbers = {}
        for unit in units:
            if not unit.links:
                continue
            batch.seqs.setdefault(unit.id, unit.seq)
            unit.seq += 1
            numbers[unit.id] = unit.seq
            frame = p.with_seq(body, unit.seq)
            batch.sends.extend((peer, frame) for peer in unit.links)
        if numbers:
            batch.frames[message.id] = {"id": message.id, "body": body}
            now = self.clock.now()
            batch.outbox.extend(
                {"unit": u, "seq": s, "frame_id": message.id, "sent_at": now}
                for u, s in numbers.items()
            )
        return numbers

    def keep_frame(self, message: p.FromHub) -> str:
        """Store a frame now, to send later (a ring, a delivery); its body.

        It is written at once, not with the step's frames, because rows
        written in the step (a call, a message) refer to it.
        """
        body = message.encode()
        row = {"id": message.id, "body": body, "created_at": self.clock.now()}
        self.store.add_all(FrameRow, [row])
        return body

    def post_body(self, unit: Unit, frame_id: str, body: str) -> int | None:
        """Send an already stored frame to ``unit`` under a new number."""
        batch = self._batch
        assert batch is not None
        if not unit.links:
            return None
        batch.seqs.setdefault(unit.id, unit.seq)
        unit.seq += 1
        batch.outbox.append(
            {
                "unit": unit.id,
                "seq": unit.seq,
                "frame_id": frame_id,
                "sent_at": self.clock.now(),
            }
        )
        frame = p.with_seq(body, unit.seq)
        batch.sends.extend((peer, frame) for peer in unit.links)
        return unit.seq

    def post_step(self, work: Callable[[], None]) -> None:
        """Run ``work`` as a step of its own, from a timer or a close."""

        def step() -> None:
            with self._step():
                work()

        self._guarded(step)

    def refuse(self, peer: Peer, code: str, detail: str, ref: str | None) -> None:
        """Answer a refused message with ``error``; it carries a ``seq``."""
        peer.log.debug("refused %s: %s (%s)", ref, code, detail)
        assert peer.unit is not None
        error = p.Error.new(code=code, detail=detail, ref=ref)
        self.post([peer.unit], error)

    # Session -------------------------------------------------------------

    def attach(self, link: Link) -> Peer:
        return Peer(link, self.clock)

    def hello(self, peer: Peer, data: str | bytes) -> p.Hello | None:
        """The first frame: a valid ``hello``, or a refusal and a close."""
        binary = isinstance(data, bytes)
        result = p.parse(data, binary=binary)
        if isinstance(result, p.Hello):
            return result
        ref = result.ref if isinstance(result, p.Refusal) else result.id
        if isinstance(result, p.Refusal) and result.type == "hello":
            self._turn_away(peer, "bad_request", result.detail, ref, 4401)
        else:
            detail = "the first message must be a valid hello"
            self._turn_away(peer, "not_authenticated", detail, ref, 4401)
        return None

    def open(self, peer: Peer, hello: p.Hello, verified: bool) -> bool:
        """Authenticate, welcome, replay and deliver what is owed."""
        unit = self.units.get(hello.unit)
        if unit is None or not verified:
            log.warning("refused hello from %r: bad unit or token", hello.unit)
            self._turn_away(
                peer, "auth_failed", "unknown unit or bad token", hello.id, 4401
            )
            return False
        if unit.role != hello.role:
            detail = f"unit {unit.id} takes the role {unit.role}"
            log.warning("refused hello from %s: %s", unit.id, detail)
            self._turn_away(peer, "forbidden", detail, hello.id, 4403)
            return False

        peer.unit = unit
        peer.session = str(uuid.uuid4())
        peer.call_updates = hello.call_updates
        peer.log = UnitLog(log, {"unit": unit.id})
        self._welcome(peer, hello)
        came_online = not unit.links
        unit.links.append(peer)
        peer.log.info("connected (session %s)", peer.session)

        self._guarded(lambda: self._on_connect(unit, came_online))
        return True

    def _on_connect(self, unit: Unit, came_online: bool) -> None:
        with self._step():
            self._deliver_owed(unit)
            self.calls.on_connect(unit)
            if came_online:
                self.ptz.on_connect(unit)
                self._presence(unit)

    def close(self, peer: Peer) -> None:
        """The connection is gone; the unit is offline with its last one."""
        unit = peer.unit
        if unit is None or peer not in unit.links:
            return
        unit.links.remove(peer)
        peer.log.info("disconnected")
        if not unit.links:
            self._guarded(lambda: self._presence(unit))
            self.ptz.on_offline(unit)

    def _turn_away(self, peer, code, detail, ref, close_code) -> None:
        error = p.Error.new(code=code, detail=detail, ref=ref)
        peer.link.send(error.encode())
        peer.link.close(close_code, code)

    def _welcome(self, peer: Peer, hello: p.Hello) -> None:
        unit = peer.unit
        assert unit is not None
        last = unit.seq
        replay: list[tuple[int, str]] = []
        gap = False
        if hello.resume is not None:
            resume = min(hello.resume, last)
            replay = self.store.sent_after(unit.id, resume) if resume < last else []
            # Older than what the hub keeps: replay what it has, say gap.
            gap = resume < last and (not replay or replay[0][0] > resume + 1)
        welcome = p.Welcome.new(
            ref=hello.id,
            unit=unit.id,
            session=peer.session,
            last_seq=last,
            hub_time=p.now(),
            gap=True if gap else None,
        )
        peer.link.send(welcome.encode())
        for seq, body in replay:
            peer.link.send(p.with_seq(body, seq))
        if hello.resume is None:
            for seq, body in self.calls.rings_sent(unit):
                peer.link.send(p.with_seq(body, seq))

    # Receiving -----------------------------------------------------------

    def receive(self, peer: Peer, data: str | bytes) -> None:
        """One frame from an authenticated peer."""
        if not peer.admit():
            self._limited(peer, data)
            return
        if peer.log.isEnabledFor(logging.DEBUG):
            peer.log.debug("got %.200s", data)
        result = p.parse(data, binary=isinstance(data, bytes))
        self._guarded(lambda: self._dispatch(peer, result))

    def _dispatch(self, peer: Peer, result) -> None:
        if isinstance(result, p.Refusal):
            self.refuse(peer, result.code, result.detail, result.ref)
            return
        role = peer.unit.role
        if not p.may_send(role, result.type):
            detail = f"a {role} may not send {result.type}"
            self.refuse(peer, "forbidden", detail, result.id)
        elif isinstance(result, p.HubOnly):
            detail = f"only the hub sends {result.type}"
            self.refuse(peer, "unsupported", detail, result.id)
        else:
            handler = self._handlers[result.type]
            if getattr(handler, "steps_itself", False):
                handler(peer, result)
            else:
                with self._step():
                    handler(peer, result)

    def _guarded(self, work: Callable[[], None]) -> None:
        try:
            work()
        except SQLAlchemyError:
            # FIXME(dispatch): the in-memory state may now be ahead of the
            # store; a restart reloads it. Nothing was sent for the step.
            log.exception("store failed; the message was not accepted")

    def _limited(self, peer: Peer, data: str | bytes) -> None:
        if not peer.may_warn():
            return
        peer.log.warning("over its rate; dropping messages")
        ref = None
        if not isinstance(data, bytes):
            parsed = p.parse(data)
            ref = parsed.ref if isinstance(parsed, p.Refusal) else parsed.id
        detail = f"over {RATE:.0f} messages a second; dropped"
        self._guarded(lambda: self.refuse(peer, "rate_limited", detail, ref))

    def _handler_table(self) -> dict[str, Callable]:
        """Each message type's handler. A handler runs in one step (stored,
        then sent) unless it is marked ``steps_itself`` (see calls.py)."""
        return {
            "hello": self._on_hello,
            "bye": self._on_bye,
            "status": self._on_status,
            "roster": self._on_roster,
            "call.start": self.calls.on_start,
            "call.answer": self.calls.on_answer,
            "call.decline": self.calls.on_decline,
            "call.end": self.calls.on_end,
            "msg.send": self._on_msg_send,
            "msg.ack": self._on_msg_ack,
            "alarm.raise": self._on_alarm_raise,
            "alarm.ack": self._on_alarm_ack,
            "alarm.resolve": self._on_alarm_resolve,
            "telemetry": self._on_telemetry,
            "video.share": self._on_video_share,
            "ptz.reserve": self.ptz.on_reserve,
            "ptz.release": self.ptz.on_release,
        }

    # Session messages ----------------------------------------------------

    def _on_hello(self, peer: Peer, hello: p.Hello) -> None:
        self.refuse(peer, "conflict", "already authenticated", hello.id)

    def _on_bye(self, peer: Peer, bye: p.Bye) -> None:
        peer.link.close(p.CLOSE_NORMAL, "bye")

    # Units ---------------------------------------------------------------

    def _on_status(self, peer: Peer, status: p.Status) -> None:
        unit = peer.unit
        if status.state != unit.state:
            unit.since = self.clock.now()
        unit.state = status.state
        if status.location is not None:
            unit.location = status.location.model_dump(exclude_none=True)
        with self.store.atomic() as session:
            row = session.get_one(UnitRow, unit.id)
            row.state, row.location, row.since = unit.state, unit.location, unit.since
            row.note = status.note
        self._presence(unit)

    def _presence(self, unit: Unit) -> None:
        """``unit.update`` to every console ("Units and groups")."""
        update_ = p.UnitUpdate.new(
            unit=unit.id,
            online=unit.online,
            state=unit.state,
            location=unit.location,
            since=p.rfc3339(unit.since),
        )
        self.post(self.consoles(), update_)

    def _on_roster(self, peer: Peer, request: p.RosterRequest) -> None:
        units = [
            p.RosterUnit(
                unit=u.id,
                name=u.name,
                level=u.level,
                kind=u.kind,
                online=u.online,
                state=u.state,
                location=u.location,
                since=p.rfc3339(u.since),
            )
            for u in self.units.values()
        ]
        groups = [
            p.RosterGroup(group=g.id, name=g.name, members=g.members, key=g.key)
            for g in self.groups.values()
        ]
        roster = p.Roster.new(ref=request.id, units=units, groups=groups)
        self._post([peer.unit], roster)

    def resolve(
        self, peer: Peer, ref: str, ids: Iterable[str], group: str | None
    ) -> list[Unit] | None:
        """The units of a list and a group, or None after a refusal.

        The sender is left out: nobody calls or messages itself.
        """
        wanted = list(ids)
        if group is not None:
            if group not in self.groups:
                self.refuse(peer, "not_found", f"no group {group!r}", ref)
                return None
            wanted += self.groups[group].members
        unknown = [u for u in wanted if u not in self.units]
        if unknown:
            detail = f"no unit {', '.join(sorted(set(unknown)))}"
            self.refuse(peer, "not_found", detail, ref)
            return None
        ordered = dict.fromkeys(u for u in wanted if u != peer.unit.id)
        return [self.units[u] for u in ordered]

    # Messages ------------------------------------------------------------

    def _on_msg_send(self, peer: Peer, send: p.MsgSend) -> None:
        recipients = self.resolve(peer, send.id, send.to or [], send.group)
        if recipients is None:
            return
        if peer.unit.role == "terminal" and any(
            u.kind != "console" for u in recipients
        ):
            detail = "a terminal sends messages to consoles only"
            self.refuse(peer, "forbidden", detail, send.id)
            return
        with self.store.atomic() as session:
            if session.get(MessageRow, send.msg) is not None:
                self.refuse(peer, "conflict", f"msg {send.msg} exists", send.id)
                return
            message = self._store_message(peer, send, recipients)
        for unit in recipients:
            self._deliver(unit, message)

    def _store_message(self, peer, send, recipients) -> MessageRow:
        deliver = p.MsgDeliver.new(
            msg=send.msg,
            from_=peer.unit.id,
            text=send.text,
            require_ack=send.require_ack,
        )
        self.keep_frame(deliver)
        row = {
            "id": send.msg,
            "sender": peer.unit.id,
            "text": send.text,
            "require_ack": send.require_ack,
            "frame": deliver.id,
            "sent_at": self.clock.now(),
        }
        self.store.add_all(MessageRow, [row])
        self.store.add_all(
            RecipientRow, [{"msg": send.msg, "unit": u.id} for u in recipients]
        )
        with self.store.atomic() as session:
            return session.get_one(MessageRow, send.msg)

    def _deliver(self, unit: Unit, message: MessageRow) -> None:
        """``msg.deliver`` to a connected recipient, and its receipt."""
        if not unit.links:
            return
        with self.store.atomic() as session:
            self.post_body(unit, message.frame, self.frame_body(message.frame))
            row = session.get_one(RecipientRow, (message.id, unit.id))
            row.delivered_at = self.clock.now()
            self._receipt(message.sender, row, "delivered")

    def frame_body(self, frame_id: str) -> str:
        """A stored frame's body, remembered while it is being sent."""
        cached = self._bodies.get(frame_id)
        if cached is None:
            cached = self._bodies[frame_id] = self.store.frame(frame_id)
            if len(self._bodies) > 256:
                self._bodies.pop(next(iter(self._bodies)))
        return cached

    def _receipt(self, sender_id: str, row: RecipientRow, state: str) -> None:
        sender = self.units.get(sender_id)
        if sender is None or not sender.links:
            return  # owed: told when the sender next connects (extension)
        receipt = p.MsgReceipt.new(msg=row.msg, unit=row.unit, state=state)
        self._post([sender], receipt)
        row.told = state

    def _deliver_owed(self, unit: Unit) -> None:
        """Deliveries never made, receipts never told (in this order)."""
        with self.store.atomic() as session:
            undelivered = session.scalars(
                select(MessageRow)
                .join(RecipientRow, MessageRow.id == RecipientRow.msg)
                .where(RecipientRow.unit == unit.id)
                .where(RecipientRow.delivered_at.is_(None))
                .order_by(MessageRow.sent_at)
            ).all()
            for message in undelivered:
                self._deliver(unit, message)
            self._tell_receipts(session, unit)

    def _tell_receipts(self, session, unit: Unit) -> None:
        owed = session.execute(
            select(RecipientRow, MessageRow.sent_at)
            .join(MessageRow, MessageRow.id == RecipientRow.msg)
            .where(MessageRow.sender == unit.id)
            .where(RecipientRow.delivered_at.is_not(None))
            .where(RecipientRow.told.is_(None) | (RecipientRow.told != "acked"))
            .order_by(MessageRow.sent_at)
        ).all()
        for row, _ in owed:
            if row.told is None:
                self._receipt(unit.id, row, "delivered")
            if row.acked_at is not None:
                self._receipt(unit.id, row, "acked")

    def _on_msg_ack(self, peer: Peer, ack: p.MsgAck) -> None:
        with self.store.atomic() as session:
            message = session.get(MessageRow, ack.msg)
            if message is None:
                self.refuse(peer, "not_found", f"no msg {ack.msg}", ack.id)
                return
            row = session.get(RecipientRow, (ack.msg, peer.unit.id))
            if row is None:
                detail = f"{peer.unit.id} is not a recipient of {ack.msg}"
                self.refuse(peer, "forbidden", detail, ack.id)
                return
            if row.acked_at is not None:
                self.refuse(peer, "conflict", f"{ack.msg} already acked", ack.id)
                return
            row.acked_at = self.clock.now()
            row.delivered_at = row.delivered_at or row.acked_at
            self._receipt(message.sender, row, "acked")

    # Alarms --------------------------------------------------------------

    def _on_alarm_raise(self, peer: Peer, alarm: p.AlarmRaise) -> None:
        with self.store.atomic() as session:
            if session.get(AlarmRow, alarm.alarm) is not None:
                detail = f"alarm {alarm.alarm} exists"
                self.refuse(peer, "conflict", detail, alarm.id)
                return
            raised_at = self.clock.now()
            location = alarm.location
            session.add(
                AlarmRow(
                    id=alarm.alarm,
                    from_unit=peer.unit.id,
                    kind=alarm.kind,
                    severity=alarm.severity,
                    text=alarm.text,
                    camera=alarm.camera,
                    enterprise=alarm.enterprise,
                    location=location and location.model_dump(exclude_none=True),
                    raised_at=raised_at,
                )
            )
        peer.log.info(
            "raised %s alarm %s (%s)", alarm.severity, alarm.alarm, alarm.kind
        )
        new = p.AlarmNew.new(
            alarm=alarm.alarm,
            from_=peer.unit.id,
            kind=alarm.kind,
            severity=alarm.severity,
            text=alarm.text,
            camera=alarm.camera,
            enterprise=alarm.enterprise,
            location=alarm.location,
            raised_at=p.rfc3339(raised_at),
        )
        self._post(self.consoles(), new)

    def _on_alarm_ack(self, peer: Peer, ack: p.AlarmAck) -> None:
        self._alarm_change(peer, ack, "acknowledged")

    def _on_alarm_resolve(self, peer: Peer, resolve: p.AlarmResolve) -> None:
        self._alarm_change(peer, resolve, "resolved")

    def _alarm_change(self, peer: Peer, change, state: str) -> None:
        with self.store.atomic() as session:
            row = session.get(AlarmRow, change.alarm)
            if row is None:
                self.refuse(peer, "not_found", f"no alarm {change.alarm}", change.id)
                return
            if row.state == "resolved" or row.state == state:
                detail = f"alarm {change.alarm} is already {row.state}"
                self.refuse(peer, "conflict", detail, change.id)
                return
            at = self.clock.now()
            row.state = state
            session.add(
                AlarmUpdateRow(
                    alarm=row.id, state=state, by=peer.unit.id, note=change.note, at=at
                )
            )
        update_ = p.AlarmUpdate.new(
            alarm=change.alarm,
            state=state,
            by=peer.unit.id,
            note=change.note,
            at=p.rfc3339(at),
        )
        self._post(self.consoles(), update_)

    # Telemetry and video -------------------------------------------------

    def _on_telemetry(self, peer: Peer, telemetry: p.Telemetry) -> None:
        payload = telemetry.model_dump(exclude_unset=True)
        for key in ("type", "id", "ts"):
            payload.pop(key, None)
        with self.store.atomic() as session:
            session.merge(
                TelemetryRow(
                    source=telemetry.source,
                    from_unit=peer.unit.id,
                    payload=payload,
                    at=self.clock.now(),
                )
            )
        throttle = self._throttles.get(telemetry.source)
        if throttle is None:
            throttle = self._throttles[telemetry.source] = _Throttle(self)
        throttle.offer(peer.unit.id, payload)

    def forward_telemetry(self, from_unit: str, payload: dict) -> None:
        report = p.TelemetryReport.new(from_=from_unit, **payload)
        self.post(self.consoles(), report)

    def _on_video_share(self, peer: Peer, share: p.VideoShare) -> None:
        recipients = self.resolve(peer, share.id, share.to, None)
        if recipients is None:
            return
        if any(u.kind != "console" for u in recipients):
            detail = "video.share goes to consoles only"
            self.refuse(peer, "forbidden", detail, share.id)
            return
        with self.store.atomic() as session:
            if session.get(ShareRow, share.share) is not None:
                self.refuse(peer, "conflict", f"share {share.share} exists", share.id)
                return
            session.add(
                ShareRow(
                    id=share.share,
                    from_unit=peer.unit.id,
                    source=share.source,
                    url=share.url,
                    title=share.title,
                    to=[u.id for u in recipients],
                    at=self.clock.now(),
                )
            )
        shared = p.VideoShared.new(
            share=share.share,
            from_=peer.unit.id,
            source=share.source,
            url=share.url,
            title=share.title,
        )
        self._post(recipients, shared)

    # Housekeeping --------------------------------------------------------

    def prune(self) -> None:
        gone = self.store.prune(self.clock.now() - self.retention)
        log.info("pruned %d sent messages older than %s", gone, self.retention)

    def stop(self) -> None:
        self.calls.stop()
        self.ptz.stop()
        for throttle in self._throttles.values():
            throttle.stop()


class _Throttle:
    """At most five forwards a second per source, always the latest.

    Within the window the newest report waits and replaces any older one
    that waited; it goes out as soon as the window allows.
    """

    def __init__(self, core: HubCore):
        self._core = core
        self._sent: list[float] = []
        self._waiting: tuple[str, dict] | None = None
        self._timer: Timer | None = None

    def offer(self, from_unit: str, payload: dict) -> None:
        self._waiting = (from_unit, payload)
        if self._timer is None:
            self._release()

    def _release(self) -> None:
        self._timer = None
        if self._waiting is None:
            return
        moment = self._core.clock.monotonic()
        self._sent = [t for t in self._sent if moment - t < 1.0]
        if len(self._sent) >= TELEMETRY_PER_SECOND:
            # A little past the oldest forward's second, so that no
            # closed one-second window ever holds six.
            delay = self._sent[0] + 1.001 - moment
            self._timer = self._core.clock.call_later(delay, self._release)
            return
        from_unit, payload = self._waiting
        self._waiting = None
        self._sent.append(moment)
        self._core._guarded(lambda: self._core.forward_telemetry(from_unit, payload))

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _unit(row: UnitRow, seq: int) -> Unit:
    return Unit(
        id=row.id,
        name=row.name,
        level=row.level,
        kind=row.kind,
        token_hash=row.token_hash,
        state=row.state,
        location=row.location,
        since=row.since,
        seq=seq,
    )
