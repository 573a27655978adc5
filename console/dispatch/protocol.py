"""The dispatch protocol, version 1, without any I/O.

Typed models for every message of docs/dispatch-protocol.md, and ``parse``,
which turns one frame into a message or into the exact error the contract
prescribes. The hub and the client build on this module; neither the
websocket layer nor the database appears here.

The contract's check order (section "Errors") is JSON, known ``type``,
fields, role, then state. ``parse`` runs the first three; ``may_send``
answers the fourth; the state checks belong to the hub.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

SUBPROTOCOL = "dispatch.v1"

# Limits of the contract ("Transport" and "Errors").
FRAME_MAX = 64 * 1024
TEXT_MAX = 4000
LIST_MAX = 1000

# Close codes of the contract ("Session" and "Transport").
CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_TOO_BIG = 1009
CLOSE_KEEPALIVE = 1011
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403

Role = Literal["console", "terminal"]
Level = Literal["province", "city", "county", "town", "enterprise"]
UnitKind = Literal["console", "handheld", "vehicle", "drone", "station"]
UnitState = Literal["available", "busy", "en_route", "on_scene", "off_duty"]
ShownState = Literal["unknown", "available", "busy", "en_route", "on_scene", "off_duty"]
Priority = Literal["emergency", "high", "normal"]
MemberState = Literal["ringing", "offline", "answered", "declined", "missed", "left"]
CallPhase = Literal["ringing", "connected", "ended"]
Severity = Literal["red", "orange", "yellow", "blue"]
ReceiptState = Literal["delivered", "acked"]
AlarmState = Literal["acknowledged", "resolved"]
ErrorCode = Literal[
    "bad_json",
    "bad_request",
    "unknown_type",
    "not_authenticated",
    "auth_failed",
    "forbidden",
    "not_found",
    "conflict",
    "too_large",
    "unsupported",
    "rate_limited",
]
# Extension: how many call updates a member wants (see docs, "Extensions").
CallUpdates = Literal["all", "own"]

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"([Zz]|[+-]\d{2}:\d{2})$"
)


def _rfc3339(value: str) -> str:
    """Accept RFC 3339 date-times with an offset, as the envelope demands."""
    match = _RFC3339.match(value)
    if not match:
        raise ValueError("not an RFC 3339 time with an offset")
    try:
        datetime(*(int(part) for part in match.groups()[:6]))
    except ValueError as error:
        raise ValueError(f"not a valid time: {error}") from None
    return value


Timestamp = Annotated[str, AfterValidator(_rfc3339)]
Id = Annotated[str, Field(min_length=1)]
UnitId = Annotated[str, Field(min_length=1)]
Text = Annotated[str, Field(max_length=TEXT_MAX)]
UnitList = Annotated[list[UnitId], Field(max_length=LIST_MAX)]


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> str:
    """The hub's or a client's clock as RFC 3339 with offset."""
    return rfc3339(datetime.now(UTC))


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


class Model(BaseModel):
    """Strict about types, tolerant of fields it does not know.

    Peers may add fields (the contract allows extensions), so unknown
    fields are ignored rather than refused.
    """

    model_config = ConfigDict(strict=True, extra="ignore", populate_by_name=True)


class Location(Model):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    accuracy_m: float | None = Field(None, ge=0)


class Message(Model):
    """The envelope every message carries (section "Envelope")."""

    TYPE: ClassVar[str] = ""

    type: str
    id: Id
    ts: Timestamp

    @classmethod
    def new(cls, **fields: Any):
        """A message of this type with a fresh id and the current time."""
        return cls(type=cls.TYPE, id=new_id(), ts=now(), **fields)

    @classmethod
    def quick(cls, **fields: Any):
        """Like ``new`` without validation, for the hub's own messages.

        Only for fields that are already plain and valid: a call start
        builds thousands of ``call.member`` messages.
        """
        return cls.model_construct(type=cls.TYPE, id=new_id(), ts=now(), **fields)

    def encode(self) -> str:
        return self.model_dump_json(by_alias=True, exclude_none=True)


def _typed(name: str):
    """The ``type`` field of one message type, a literal in the schema."""
    return Annotated[Literal[name], Field(description=f"always {name!r}")]


# Peer -> hub ---------------------------------------------------------------


class Hello(Message):
    TYPE = "hello"
    type: _typed("hello")
    unit: UnitId
    token: str
    role: Role
    resume: int | None = Field(None, ge=0)
    call_updates: CallUpdates = "all"


class Bye(Message):
    TYPE = "bye"
    type: _typed("bye")
    seq: int | None = None


class Status(Message):
    TYPE = "status"
    type: _typed("status")
    state: UnitState
    location: Location | None = None
    note: Text | None = None


class RosterRequest(Message):
    TYPE = "roster"
    type: _typed("roster")


class CallStart(Message):
    TYPE = "call.start"
    type: _typed("call.start")
    call: Id
    group: Id | None = None
    members: UnitList | None = None
    priority: Priority
    subject: Text
    incident: str | None = None

    @model_validator(mode="after")
    def _has_someone(self):
        if self.group is None and not self.members:
            raise ValueError("call.start needs a group or members")
        return self


class CallAnswer(Message):
    TYPE = "call.answer"
    type: _typed("call.answer")
    call: Id


class CallDecline(Message):
    TYPE = "call.decline"
    type: _typed("call.decline")
    call: Id
    reason: str | None = None


class CallEnd(Message):
    TYPE = "call.end"
    type: _typed("call.end")
    call: Id


class MsgSend(Message):
    TYPE = "msg.send"
    type: _typed("msg.send")
    msg: Id
    to: UnitList | None = None
    group: Id | None = None
    text: Text
    require_ack: bool

    @model_validator(mode="after")
    def _has_recipient(self):
        if self.group is None and not self.to:
            raise ValueError("msg.send needs to or group")
        return self


class MsgAck(Message):
    TYPE = "msg.ack"
    type: _typed("msg.ack")
    msg: Id


class AlarmRaise(Message):
    TYPE = "alarm.raise"
    type: _typed("alarm.raise")
    alarm: Id
    kind: str = Field(min_length=1)
    severity: Severity
    text: Text
    camera: str | None = None
    enterprise: str | None = None
    location: Location | None = None


class AlarmAck(Message):
    TYPE = "alarm.ack"
    type: _typed("alarm.ack")
    alarm: Id
    note: Text | None = None


class AlarmResolve(Message):
    TYPE = "alarm.resolve"
    type: _typed("alarm.resolve")
    alarm: Id
    note: Text


class Telemetry(Message):
    """Forwarded "with the payload unchanged", so extra fields are kept."""

    model_config = ConfigDict(extra="allow")
    TYPE = "telemetry"
    type: _typed("telemetry")
    source: Id
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    alt_m: float | None = None
    heading_deg: float | None = None
    speed_mps: float | None = None
    battery_pct: float | None = None


class VideoShare(Message):
    TYPE = "video.share"
    type: _typed("video.share")
    share: Id
    source: str
    url: str
    title: str
    to: UnitList


# Extension: PTZ reservations between consoles (docs, "Extensions").
PTZ_HOLD_S = 30.0
PTZ_HOLD_MAX_S = 600.0


class PtzReserve(Message):
    TYPE = "ptz.reserve"
    type: _typed("ptz.reserve")
    camera: Id
    hold_s: float | None = Field(None, gt=0, le=PTZ_HOLD_MAX_S)


class PtzRelease(Message):
    TYPE = "ptz.release"
    type: _typed("ptz.release")
    camera: Id


# Hub -> peer ---------------------------------------------------------------


class FromHub(Message):
    """Every message the hub sends after ``welcome`` carries ``seq``."""

    seq: int | None = None


class Welcome(Message):
    TYPE = "welcome"
    type: _typed("welcome")
    ref: str
    unit: UnitId
    session: str
    last_seq: int
    hub_time: Timestamp
    gap: bool | None = None


class Error(FromHub):
    TYPE = "error"
    type: _typed("error")
    ref: str | None = None
    code: ErrorCode
    detail: str


class UnitUpdate(FromHub):
    TYPE = "unit.update"
    type: _typed("unit.update")
    unit: UnitId
    online: bool
    state: ShownState
    location: Location | None = None
    since: Timestamp


class RosterUnit(Model):
    unit: UnitId
    name: str
    level: Level
    kind: UnitKind
    online: bool
    state: ShownState
    location: Location | None = None
    since: Timestamp


class RosterGroup(Model):
    group: Id
    name: str
    members: list[UnitId]
    key: str | None = Field(None, description="extension: the one-key key")


class Roster(FromHub):
    TYPE = "roster"
    type: _typed("roster")
    ref: str
    units: list[RosterUnit]
    groups: list[RosterGroup]


class CallRing(FromHub):
    TYPE = "call.ring"
    type: _typed("call.ring")
    call: Id
    from_: UnitId = Field(alias="from")
    priority: Priority
    subject: str
    incident: str | None = None


class CallMember(FromHub):
    TYPE = "call.member"
    type: _typed("call.member")
    call: Id
    unit: UnitId
    state: MemberState


class CallState(FromHub):
    TYPE = "call.state"
    type: _typed("call.state")
    call: Id
    state: CallPhase
    members: dict[str, MemberState]


class MsgDeliver(FromHub):
    TYPE = "msg.deliver"
    type: _typed("msg.deliver")
    msg: Id
    from_: UnitId = Field(alias="from")
    text: str
    require_ack: bool


class MsgReceipt(FromHub):
    TYPE = "msg.receipt"
    type: _typed("msg.receipt")
    msg: Id
    unit: UnitId
    state: ReceiptState


class AlarmNew(FromHub):
    TYPE = "alarm.new"
    type: _typed("alarm.new")
    alarm: Id
    from_: UnitId = Field(alias="from")
    kind: str
    severity: Severity
    text: str
    camera: str | None = None
    enterprise: str | None = None
    location: Location | None = None
    raised_at: Timestamp


class AlarmUpdate(FromHub):
    TYPE = "alarm.update"
    type: _typed("alarm.update")
    alarm: Id
    state: AlarmState
    by: UnitId
    note: str | None = None
    at: Timestamp


class TelemetryReport(FromHub):
    """A ``telemetry`` as the hub forwards it: the payload plus ``from``."""

    model_config = ConfigDict(extra="allow")
    TYPE = "telemetry"
    type: _typed("telemetry")
    from_: UnitId = Field(alias="from")
    source: Id
    lat: float
    lon: float
    alt_m: float | None = None
    heading_deg: float | None = None
    speed_mps: float | None = None
    battery_pct: float | None = None


class VideoShared(FromHub):
    TYPE = "video.shared"
    type: _typed("video.shared")
    share: Id
    from_: UnitId = Field(alias="from")
    source: str
    url: str
    title: str


class PtzHolder(FromHub):
    """Who steers ``camera`` now; ``unit`` null when nobody does.

    The answer to a ``ptz.reserve`` or ``ptz.release`` carries ``ref``.
    ``unit``, ``name`` and ``until`` are sent as null, not left out, so
    that "released" reads as such.
    """

    TYPE = "ptz.holder"
    type: _typed("ptz.holder")
    ref: str | None = None
    camera: Id
    unit: UnitId | None
    name: str | None
    until: Timestamp | None

    def encode(self) -> str:
        body = self.model_dump(mode="json", by_alias=True)
        for optional in ("ref", "seq"):
            if body.get(optional) is None:
                body.pop(optional, None)
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


TO_HUB: dict[str, type[Message]] = {
    m.TYPE: m
    for m in (
        Hello,
        Bye,
        Status,
        RosterRequest,
        CallStart,
        CallAnswer,
        CallDecline,
        CallEnd,
        MsgSend,
        MsgAck,
        AlarmRaise,
        AlarmAck,
        AlarmResolve,
        Telemetry,
        VideoShare,
        PtzReserve,
        PtzRelease,
    )
}
TO_PEER: dict[str, type[Message]] = {
    m.TYPE: m
    for m in (
        Welcome,
        Error,
        Bye,
        UnitUpdate,
        Roster,
        CallRing,
        CallMember,
        CallState,
        MsgDeliver,
        MsgReceipt,
        AlarmNew,
        AlarmUpdate,
        TelemetryReport,
        VideoShared,
        PtzHolder,
    )
}
# Types only the hub sends: a peer sending one is refused by role.
HUB_ONLY = frozenset(TO_PEER) - frozenset(TO_HUB)
KNOWN_TYPES = frozenset(TO_HUB) | frozenset(TO_PEER)

# Section "Errors", paragraph "Roles".
TERMINAL_MAY_SEND = frozenset(
    {
        "status",
        "roster",
        "call.answer",
        "call.decline",
        "call.end",
        "msg.send",
        "msg.ack",
        "alarm.raise",
        "telemetry",
        "bye",
    }
)


def may_send(role: str, type_: str) -> bool:
    """The role check: a console may send everything, a terminal a list."""
    return role == "console" or type_ in TERMINAL_MAY_SEND


def role_of(kind: str) -> Role:
    """The one role a unit of this kind may take (section "Session")."""
    return "console" if kind == "console" else "terminal"


@dataclass(frozen=True)
class Refusal:
    """A frame the protocol refuses, with the error that answers it."""

    code: str
    detail: str
    ref: str | None = None
    type: str | None = None

    def error(self) -> Error:
        return Error.new(code=self.code, detail=self.detail, ref=self.ref)


@dataclass(frozen=True)
class HubOnly:
    """A well-formed envelope whose type only the hub may send."""

    type: str
    id: str


# Error types that mean "a field over its limit", answered with too_large.
_LIMIT_ERRORS = {"string_too_long", "too_long"}


def parse(
    data: str | bytes, *, binary: bool = False, to_hub: bool = True
) -> Message | HubOnly | Refusal:
    """One frame as a message, or the refusal the contract prescribes.

    ``data`` is the frame's payload (bytes are decoded as UTF-8); a binary
    frame (``binary=True``) is ``unsupported`` (section "Transport").
    ``to_hub`` chooses the direction: the hub parses what peers send, a
    client what the hub sends.
    """
    if binary:
        return Refusal("unsupported", "binary frames are reserved for voice")
    if len(data) > FRAME_MAX:
        return Refusal("too_large", f"frames are at most {FRAME_MAX} bytes")
    obj = _decode(data)
    if isinstance(obj, Refusal):
        return obj
    ref = obj.get("id") if isinstance(obj.get("id"), str) else None

    type_ = obj.get("type")
    if not isinstance(type_, str):
        return Refusal("bad_request", "type: a string is required", ref)
    if type_ not in KNOWN_TYPES:
        return Refusal("unknown_type", f"unknown type {type_!r}", ref, type_)
    models = TO_HUB if to_hub else TO_PEER
    if type_ not in models:
        return _hub_only(obj, type_, ref)
    return validate(models[type_], obj, ref)


def _decode(data: str | bytes) -> dict | Refusal:
    try:
        obj = json.loads(data, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as error:
        return Refusal("bad_json", f"not JSON: {error}")
    if not isinstance(obj, dict):
        return Refusal("bad_json", "a frame is one JSON object")
    return obj


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _hub_only(obj: dict, type_: str, ref: str | None) -> HubOnly | Refusal:
    envelope = validate(Message, obj, ref)
    if isinstance(envelope, Refusal):
        return envelope
    return HubOnly(type_, envelope.id)


def validate(model: type[Message], obj: dict, ref: str | None = None):
    """Validate ``obj`` as ``model``; field errors become the refusal."""
    try:
        return model.model_validate(obj)
    except ValidationError as error:
        problems = error.errors(include_url=False)
    code = "bad_request"
    if all(p["type"] in _LIMIT_ERRORS for p in problems):
        code = "too_large"
    detail = "; ".join(_describe(p) for p in problems[:5])
    return Refusal(code, detail, ref, obj.get("type"))


def _describe(problem: dict) -> str:
    field = ".".join(str(part) for part in problem["loc"]) or "message"
    message = problem["msg"]
    if problem["type"] == "missing":
        message = "required"
    return f"{field}: {message}"


def encode(message: Message, seq: int | None = None) -> str:
    """The frame of ``message``, with ``seq`` when given."""
    body = message.encode()
    return body if seq is None else with_seq(body, seq)


def with_seq(body: str, seq: int) -> str:
    """Add ``seq`` to an encoded message without encoding it again.

    One body serves every unit a message goes to; only ``seq`` differs.
    """
    return f'{body[:-1]},"seq":{seq}}}'


def json_schema() -> dict:
    """The JSON Schema of both directions, generated from the models."""
    from pydantic import TypeAdapter

    def union(models):
        return Annotated[_union(models), Field(discriminator="type")]

    to_hub = TypeAdapter(union(TO_HUB)).json_schema(by_alias=True)
    to_peer = TypeAdapter(union(TO_PEER)).json_schema(by_alias=True)
    defs = {**to_hub.pop("$defs", {}), **to_peer.pop("$defs", {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Dispatch protocol, version 1",
        "description": (
            "Every frame is one JSON object; see docs/dispatch-protocol.md. "
            f"Subprotocol {SUBPROTOCOL}, frames at most {FRAME_MAX} bytes."
        ),
        "oneOf": [
            {"title": "peer to hub", **to_hub},
            {"title": "hub to peer", **to_peer},
        ],
        "$defs": dict(sorted(defs.items())),
    }


def _union(models: dict[str, type[Message]]):
    from typing import Union

    return Union[tuple(models.values())]  # noqa: UP007 - built at runtime
