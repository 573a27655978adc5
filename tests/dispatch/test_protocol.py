"""The protocol's models and parse(), without any socket."""

from __future__ import annotations

import json

import pytest

from console.dispatch import protocol as p
from console.dispatch.schema import SCHEMA_FILE, schema_text


def frame(type_: str, **fields) -> str:
    return json.dumps({"type": type_, "id": "m-1", "ts": p.now(), **fields})


def test_schema_file_is_up_to_date():
    """docs/dispatch-protocol.schema.json matches the models."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_every_contract_type_has_a_model():
    """Every message type of the contract parses in its direction."""
    extensions = {"ptz.reserve", "ptz.release"}
    assert set(p.TO_HUB) - extensions == {
        "hello", "bye", "status", "roster", "call.start", "call.answer",
        "call.decline", "call.end", "msg.send", "msg.ack", "alarm.raise",
        "alarm.ack", "alarm.resolve", "telemetry", "video.share",
    }  # fmt: skip
    assert set(p.TO_PEER) >= {
        "welcome", "error", "unit.update", "roster", "call.ring",
        "call.member", "call.state", "msg.deliver", "msg.receipt",
        "alarm.new", "alarm.update", "telemetry", "video.shared",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("{", "bad_json"),
        ("[1, 2]", "bad_json"),
        ('{"type": "status", "x": NaN}', "bad_json"),
        (b"\xff\xfe", "bad_json"),
        ('{"id": "m-1"}', "bad_request"),
        ('{"type": 7, "id": "m-1"}', "bad_request"),
        (frame("call.fly"), "unknown_type"),
        (frame("status"), "bad_request"),
        (frame("status", state="asleep"), "bad_request"),
        (frame("status", state="busy", location={"lat": 91, "lon": 0}), "bad_request"),
        (frame("call.answer", call=5), "bad_request"),
        (frame("msg.send", msg="a", text="x", require_ack=True), "bad_request"),
        (frame("msg.send", msg="a", to=["t"], text="x", require_ack=1), "bad_request"),
        (frame("msg.send", msg="a", to=["t"], text="x" * 4001, require_ack=True),
         "too_large"),
        (frame("call.start", call="c", members=["u"] * 1001, priority="high",
               subject="s"), "too_large"),
        (frame("alarm.resolve", alarm="a", note="n" * 4001), "too_large"),
        ("x" * (p.FRAME_MAX + 1), "too_large"),
    ],
)  # fmt: skip
def test_parse_refuses_with_the_contract_code(data, code):
    """Each malformed frame gets the code the contract names."""
    result = p.parse(data)
    assert isinstance(result, p.Refusal)
    assert result.code == code


def test_binary_frames_are_unsupported():
    """Binary frames are reserved for voice: unsupported."""
    result = p.parse(b"{}", binary=True)
    assert isinstance(result, p.Refusal) and result.code == "unsupported"


def test_refusal_carries_the_offending_id():
    """ref is the message's id when it had one, absent for bad JSON."""
    assert p.parse(frame("status")).ref == "m-1"
    assert p.parse("{").ref is None


def test_fields_come_before_role_and_state():
    """A well-formed message parses whoever sends it: role is later."""
    message = p.parse(
        frame("call.start", call="c", group="g", priority="normal", subject="s")
    )
    assert isinstance(message, p.CallStart)
    assert not p.may_send("terminal", message.type)
    assert p.may_send("console", message.type)


def test_hub_only_types_are_known_but_not_accepted():
    """A peer sending welcome gets a HubOnly, refused by role later."""
    result = p.parse(frame("call.ring"))
    assert isinstance(result, p.HubOnly) and result.id == "m-1"


def test_hello_fields_are_strict():
    """A unit or token that is not a string is a malformed hello."""
    assert p.parse(frame("hello", unit=1, token="t", role="terminal")).code == (
        "bad_request"
    )
    assert p.parse(frame("hello", unit="u", token="t", role="boss")).code == (
        "bad_request"
    )
    hello = p.parse(frame("hello", unit="u", token="t", role="terminal", resume=4))
    assert isinstance(hello, p.Hello) and hello.resume == 4


def test_timestamps_need_an_offset():
    """ts is RFC 3339 with an offset."""
    naive = json.dumps({"type": "roster", "id": "1", "ts": "2025-01-01T10:00:00"})
    assert p.parse(naive).code == "bad_request"
    aware = json.dumps({"type": "roster", "id": "1", "ts": "2025-01-01T10:00:00Z"})
    assert isinstance(p.parse(aware), p.RosterRequest)


def test_seq_is_added_without_reencoding():
    """with_seq appends seq to a shared body, and it parses back."""
    ring = p.CallRing.new(call="c", from_="cmd", priority="high", subject="火警")
    parsed = p.parse(p.encode(ring, 41), to_hub=False)
    assert isinstance(parsed, p.CallRing)
    assert (parsed.seq, parsed.from_, parsed.subject) == (41, "cmd", "火警")


def test_telemetry_keeps_extra_fields():
    """Telemetry is forwarded unchanged, extra fields included."""
    telemetry = p.parse(frame("telemetry", source="uav-1", lat=30, lon=104, yaw=3))
    assert telemetry.model_extra == {"yaw": 3}
