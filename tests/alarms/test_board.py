"""The alarm board without Qt: raising, de-duplication, ack and resolve."""

from __future__ import annotations

import datetime as dt

import pytest

from console.alarms import (
    CAMERA_SEVERITY,
    AlarmBoard,
    Origin,
    Severity,
    State,
)
from console.onvif.events import CameraEvent

T0 = dt.datetime(2024, 5, 1, 12, 3, 5, tzinfo=dt.UTC)


def event(kind="motion", state=True, camera="gate", at=T0, operation="Changed"):
    topics = {
        "motion": "tns1:VideoSource/MotionAlarm",
        "tamper": "tns1:VideoSource/GlobalSceneChange/ImagingService",
        "other": "tns1:Device/Trigger/Relay",
    }
    return CameraEvent(
        camera_id=camera,
        topic=topics.get(kind, f"tns1:RuleEngine/{kind}"),
        kind=kind,
        state=state,
        time=at,
        data={"State": str(state).lower()},
        operation=operation,
    )


@pytest.fixture
def board():
    return AlarmBoard(clock=lambda: T0)


@pytest.fixture
def changes(board):
    seen = []
    board.listen(lambda alarm, change: seen.append((alarm.id, change)))
    return seen


def test_camera_event_raises_an_alarm_with_its_severity(board, changes):
    """A motion event becomes a new yellow ONVIF alarm on its camera."""
    alarm = board.on_camera_event(event())
    assert (alarm.source_id, alarm.kind, alarm.severity) == (
        "gate",
        "motion",
        Severity.YELLOW,
    )
    assert (alarm.state, alarm.origin, alarm.raised_at) == (
        State.NEW,
        Origin.ONVIF,
        T0,
    )
    assert changes == [(alarm.id, "raised")]


def test_severity_of_each_camera_event_kind():
    """Tamper red, intrusion and line orange, motion yellow, too dark blue."""
    assert CAMERA_SEVERITY["tamper"] is Severity.RED
    assert CAMERA_SEVERITY["intrusion"] is Severity.ORANGE
    assert CAMERA_SEVERITY["line_crossed"] is Severity.ORANGE
    assert CAMERA_SEVERITY["motion"] is Severity.YELLOW
    assert CAMERA_SEVERITY["too_dark"] is Severity.BLUE


def test_repeated_motion_updates_one_alarm(board, changes):
    """Motion that keeps firing updates the active alarm instead of flooding."""
    first = board.on_camera_event(event())
    board.on_camera_event(event(state=False))
    later = T0 + dt.timedelta(seconds=30)
    again = board.on_camera_event(event(at=later))
    assert again is first
    assert (again.count, again.last_at, again.ongoing) == (2, later, True)
    assert len(board.active()) == 1
    assert [change for _, change in changes] == ["raised", "updated", "updated"]


def test_motion_off_ends_but_keeps_the_alarm(board):
    """Motion stopping marks the alarm ended; it stays until resolved."""
    alarm = board.on_camera_event(event())
    board.on_camera_event(event(state=False))
    assert alarm.ongoing is False
    assert board.active() == [alarm]


def test_off_state_at_subscription_raises_nothing(board, changes):
    """A camera reporting motion off when subscribed raises no alarm."""
    assert board.on_camera_event(event(state=False, operation="Initialized")) is None
    assert board.on_camera_event(event(kind="other")) is None
    assert board.active() == [] and changes == []


def test_acknowledge_then_resolve(board, changes):
    """Acknowledge marks an alarm seen; resolve takes it off the board."""
    alarm = board.on_camera_event(event())
    board.acknowledge(alarm.id, by="duty")
    assert (alarm.state, alarm.acknowledged_by) == (State.ACKNOWLEDGED, "duty")
    board.on_camera_event(event())
    assert alarm.state is State.ACKNOWLEDGED and alarm.count == 2
    board.resolve(alarm.id)
    assert board.active() == [] and not alarm.active
    assert [c for _, c in changes] == ["raised", "acknowledged", "updated", "resolved"]


def test_after_resolve_the_next_event_is_a_new_alarm(board):
    """Once resolved, the same camera's next motion raises a fresh alarm."""
    first = board.on_camera_event(event())
    board.resolve(first.id)
    second = board.on_camera_event(event())
    assert second.id != first.id and second.state is State.NEW


def test_dispatch_alarms_deduplicate_by_their_key(board):
    """A hub alarm sent twice with its id updates one alarm."""
    one = board.raise_alarm("unit-7", "fire", "red", "smoke", key="hub-17")
    two = board.raise_alarm("unit-7", "fire", "red", "flames", key="hub-17")
    other = board.raise_alarm("unit-7", "fire", "red", "smoke", key="hub-18")
    assert one is two and one.text == "flames" and one.origin is Origin.DISPATCH
    assert other is not one


def test_most_severe_unseen_newest_first(board):
    """active() and top() put red before yellow, unseen before seen."""
    motion = board.on_camera_event(event())
    tamper = board.on_camera_event(event(kind="tamper"))
    seen = board.raise_alarm("gate", "smoke", Severity.RED, origin="sensor")
    board.acknowledge(seen.id)
    assert board.active("gate") == [tamper, seen, motion]
    assert board.top("gate") is tamper
    assert board.top("elsewhere") is None


@pytest.mark.expect_log("alarm listener failed")
def test_a_failing_listener_does_not_stop_the_others(board):
    """A listener that raises is logged; the next listener still hears."""
    heard = []
    board.listen(lambda alarm, change: 1 / 0)
    board.listen(lambda alarm, change: heard.append(change))
    board.on_camera_event(event())
    assert heard == ["raised"]


def test_unsubscribe(board):
    """The callable listen() returns stops the listener."""
    heard = []
    stop = board.listen(lambda alarm, change: heard.append(change))
    stop()
    board.on_camera_event(event())
    assert heard == []


def test_only_the_latest_resolved_alarms_are_kept():
    """Alarms resolved long ago are forgotten; active ones never are."""
    board = AlarmBoard(keep_resolved=3)
    standing = board.raise_alarm("gate", "tamper", Severity.RED, key="standing")
    resolved = []
    for number in range(5):
        alarm = board.raise_alarm("yard", "motion", Severity.YELLOW, key=f"m{number}")
        resolved.append(board.resolve(alarm.id))
    assert [board.alarm(a.id) for a in resolved[:2]] == [None, None]
    assert [board.alarm(a.id) for a in resolved[2:]] == resolved[2:]
    assert board.alarm(standing.id) is standing
    assert board.active() == [standing]
