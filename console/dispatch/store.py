"""What the hub keeps: units, every message it sent, calls, alarms.

The hub stores what it accepts before it acknowledges or forwards it, so a
hub killed at any moment loses nothing it has answered for. SQLite runs in
WAL mode with ``synchronous=NORMAL``: a commit survives the process being
killed (it is in the OS's hands), though not a power cut at that instant.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    create_engine,
    delete,
    event,
    exists,
    func,
    select,
    tuple_,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    sessionmaker,
)

log = logging.getLogger(__name__)


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, whatever the database keeps."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}


class UnitRow(Base):
    """A registered unit, its token hash and its last reported status."""

    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str]
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str]
    state: Mapped[str] = mapped_column(String(16), default="unknown")
    location: Mapped[dict[str, Any] | None]
    note: Mapped[str | None] = mapped_column(Text)
    since: Mapped[datetime]


class GroupRow(Base):
    """A one-key dispatch group."""

    __tablename__ = "groups"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str]
    key: Mapped[str | None] = mapped_column(String(4))
    members: Mapped[list[str]] = mapped_column(JSON)


class FrameRow(Base):
    """One message as sent, without ``seq``; many units may share it."""

    __tablename__ = "frames"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class OutboxRow(Base):
    """That ``unit`` got ``frame`` as its message number ``seq``."""

    __tablename__ = "outbox"

    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    frame_id: Mapped[str] = mapped_column(ForeignKey("frames.id"))
    sent_at: Mapped[datetime]


class CallRow(Base):
    __tablename__ = "calls"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    caller: Mapped[str] = mapped_column(String(64))
    group: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(Text)
    incident: Mapped[str | None]
    state: Mapped[str] = mapped_column(String(16))
    ring_frame: Mapped[str] = mapped_column(ForeignKey("frames.id"))
    started_at: Mapped[datetime]
    ring_until: Mapped[datetime]
    connected_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[str | None] = mapped_column(String(64))


class CallMemberRow(Base):
    """A member of a call; ``ring_seq`` is the number its ring took."""

    __tablename__ = "call_members"

    call: Mapped[str] = mapped_column(ForeignKey("calls.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    ring_seq: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime]


class CallEventRow(Base):
    """Each member state change, for the dispatch record."""

    __tablename__ = "call_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    call: Mapped[str] = mapped_column(ForeignKey("calls.id"), index=True)
    unit: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]


class MessageRow(Base):
    """An instruction; ``frame`` is the ``msg.deliver`` its recipients get."""

    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sender: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    require_ack: Mapped[bool]
    frame: Mapped[str] = mapped_column(ForeignKey("frames.id"))
    sent_at: Mapped[datetime]


class RecipientRow(Base):
    """One recipient of a message and its receipts.

    ``told`` is the last receipt state its sender has been sent, so that a
    receipt the sender missed while offline is owed to it (an extension).
    """

    __tablename__ = "recipients"

    msg: Mapped[str] = mapped_column(ForeignKey("messages.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    delivered_at: Mapped[datetime | None]
    acked_at: Mapped[datetime | None]
    told: Mapped[str | None] = mapped_column(String(16))


class AlarmRow(Base):
    __tablename__ = "alarms"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    from_unit: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str]
    severity: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    camera: Mapped[str | None]
    enterprise: Mapped[str | None]
    location: Mapped[dict[str, Any] | None]
    raised_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16), default="raised")


class AlarmUpdateRow(Base):
    __tablename__ = "alarm_updates"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    alarm: Mapped[str] = mapped_column(ForeignKey("alarms.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]


class ShareRow(Base):
    __tablename__ = "video_shares"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    from_unit: Mapped[str] = mapped_column(String(64))
    source: Mapped[str]
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str]
    to: Mapped[list[str]] = mapped_column(JSON)
    at: Mapped[datetime]


class TelemetryRow(Base):
    """The latest telemetry of each source."""

    __tablename__ = "telemetry"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    from_unit: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    at: Mapped[datetime]


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """The hub's database, used from the hub's one thread.

    ``atomic()`` opens one transaction; calls nested inside it join it, so
    a whole message (a call, its members and every frame it sends) is one
    commit.
    """

    def __init__(self, url: str):
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The open transaction, per thread: a step's nested calls share it,
        # but a reader on another thread (the console reading an embedded
        # hub's record) must get its own, never join the hub's.
        self._local = threading.local()
        log.info("store %s ready", self.engine.url.render_as_string())

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def atomic(self) -> Iterator[Session]:
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        with self._sessions() as session, session.begin():
            self._local.session = session
            try:
                yield session
            finally:
                self._local.session = None

    def add_all(self, table: type[Base], rows: list[dict]) -> None:
        """Insert many rows at once (one executemany, not one per row).

        A Core insert on the table: the ORM's bulk path costs several times
        as much per row, and a one-key call writes thousands of rows.
        """
        if rows:
            with self.atomic() as session:
                session.execute(table.__table__.insert(), rows)

    def last_seqs(self) -> dict[str, int]:
        """The number of the last message each unit was sent."""
        query = select(OutboxRow.unit, func.max(OutboxRow.seq)).group_by(OutboxRow.unit)
        with self.atomic() as session:
            return {unit: seq for unit, seq in session.execute(query)}

    def sent_after(self, unit: str, seq: int) -> list[tuple[int, str]]:
        """What ``unit`` was sent after ``seq``, as (seq, body), in order."""
        query = (
            select(OutboxRow.seq, FrameRow.body)
            .join(FrameRow, FrameRow.id == OutboxRow.frame_id)
            .where(OutboxRow.unit == unit, OutboxRow.seq > seq)
            .order_by(OutboxRow.seq)
        )
        with self.atomic() as session:
            return [(s, body) for s, body in session.execute(query)]

    def first_kept(self, unit: str) -> int | None:
        query = select(func.min(OutboxRow.seq)).where(OutboxRow.unit == unit)
        with self.atomic() as session:
            return session.scalar(query)

    def frame(self, frame_id: str) -> str:
        with self.atomic() as session:
            return session.get_one(FrameRow, frame_id).body

    def prune(self, before: datetime) -> int:
        """Forget sent messages older than ``before``.

        Each unit's newest row stays whatever its age, because it holds the
        unit's ``seq``, which must survive restarts.
        """
        newest = (
            select(OutboxRow.unit, func.max(OutboxRow.seq))
            .group_by(OutboxRow.unit)
            .subquery()
        )
        old = select(OutboxRow.unit, OutboxRow.seq).where(OutboxRow.sent_at < before)
        doomed = old.except_(select(newest))
        key = tuple_(OutboxRow.unit, OutboxRow.seq)
        with self.atomic() as session:
            gone = session.execute(delete(OutboxRow).where(key.in_(doomed)))
            self._prune_frames(session, before)
        return gone.rowcount

    def _prune_frames(self, session: Session, before: datetime) -> None:
        used = (
            exists().where(OutboxRow.frame_id == FrameRow.id),
            exists().where(MessageRow.frame == FrameRow.id),
            exists().where(CallRow.ring_frame == FrameRow.id),
        )
        session.execute(
            delete(FrameRow).where(
                FrameRow.created_at < before, *(~clause for clause in used)
            )
        )
