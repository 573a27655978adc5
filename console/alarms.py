"""The alarm board: every alarm the command centre must see, in one place.

Alarms come from cameras (ONVIF events), from the dispatch hub (a field
unit's ``alarm.new``) and from sensors. The board keeps them, tells its
listeners about every change, and lets an operator acknowledge ("I have
seen it") and resolve ("it is dealt with") them. It is plain Python, runs
on the event loop's thread and imports no Qt; the widgets listen to it.

    board = AlarmBoard()
    board.listen(lambda alarm, change: ...)   # "raised", "updated", ...
    alarm = board.raise_alarm("gate", "smoke", Severity.RED, "smoke seen",
                              origin=Origin.DISPATCH, key="alarm-17")
    board.acknowledge(alarm.id, by="duty officer")
    board.resolve(alarm.id)

A repeated alarm does not flood the board: while an alarm with the same
key is active (new or acknowledged), raising it again updates that alarm
(``count``, ``last_at``) instead of adding one. The key is ``key`` when
given (a hub's alarm id), else (origin, source, kind). A camera whose
motion detector keeps firing therefore shows one motion alarm, with how
often and when it last fired. An alarm updated after it was acknowledged
stays acknowledged: the operator already knows this camera sees motion.

Severity of camera events, chosen here once (``CAMERA_SEVERITY``):

- tamper (the picture was covered, turned or sprayed): red, because the
  camera is blind from then on and it is often the start of an intrusion.
- intrusion (an object inside a guarded area) and line_crossed: orange,
  a person or vehicle where it should not be.
- motion: yellow, frequent and mostly harmless, but worth a look.
- too_dark, too_bright, blurred: blue, the picture's quality, not an event.
- anything else ("other"): no alarm.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

log = logging.getLogger(__name__)


class Severity(StrEnum):
    """How urgent an alarm is, most urgent first."""

    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    BLUE = "blue"

    @property
    def rank(self) -> int:
        """0 for red up to 3 for blue: sort by it to see the worst first."""
        return _RANKS[self]


_RANKS = {severity: rank for rank, severity in enumerate(Severity)}


class State(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class Origin(StrEnum):
    ONVIF = "onvif"
    DISPATCH = "dispatch"
    SENSOR = "sensor"


CAMERA_SEVERITY = {
    "tamper": Severity.RED,
    "intrusion": Severity.ORANGE,
    "line_crossed": Severity.ORANGE,
    "motion": Severity.YELLOW,
    "too_dark": Severity.BLUE,
    "too_bright": Severity.BLUE,
    "blurred": Severity.BLUE,
}

# What listeners are told happened to an alarm.
RAISED, UPDATED, ACKNOWLEDGED, RESOLVED = (
    "raised",
    "updated",
    "acknowledged",
    "resolved",
)

Listener = Callable[["Alarm", str], None]

# Resolved alarms the board still answers for (``AlarmBoard.alarm``); older
# ones are forgotten, so that weeks of alarms do not pile up in memory. The
# hub keeps its alarms' history in its database.
KEEP_RESOLVED = 1000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Alarm:
    """One alarm on the board.

    ``source_id`` is the site source (camera) or unit it concerns;
    ``raised_at`` is when it first fired, ``last_at`` when it last did and
    ``count`` how often. ``ongoing`` is False once a camera said the
    condition ended (motion stopped); the alarm stays until resolved.
    """

    id: int
    source_id: str
    kind: str
    severity: Severity
    text: str
    raised_at: dt.datetime
    origin: Origin
    key: str
    state: State = State.NEW
    last_at: dt.datetime | None = None
    count: int = 1
    ongoing: bool = True
    acknowledged_by: str | None = None
    data: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.state is not State.RESOLVED


class AlarmBoard:
    """The alarms of one console, with listeners.

    Listeners are called as ``listener(alarm, change)`` after every change;
    one that raises is logged and does not stop the others.
    """

    def __init__(
        self, clock: Callable[[], dt.datetime] = _now, keep_resolved=KEEP_RESOLVED
    ):
        self.clock = clock
        self.keep_resolved = keep_resolved
        self._alarms: dict[int, Alarm] = {}
        self._active_by_key: dict[str, int] = {}
        self._resolved: deque[int] = deque()
        self._listeners: list[Listener] = []
        self._ids = itertools.count(1)

    # Listening

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` on every change; returns what unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _tell(self, alarm: Alarm, change: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(alarm, change)
            except Exception:
                log.exception("alarm listener failed on alarm %s", alarm.id)

    # Raising

    def raise_alarm(
        self,
        source_id: str,
        kind: str,
        severity: Severity | str,
        text: str = "",
        *,
        origin: Origin | str = Origin.DISPATCH,
        key: str | None = None,
        at: dt.datetime | None = None,
        data: dict | None = None,
    ) -> Alarm:
        """Raise an alarm, or update the active one with the same key."""
        origin = Origin(origin)
        key = key or alarm_key(origin, source_id, kind)
        at = at or self.clock()
        current = self.by_key(key)
        if current is not None:
            return self._repeat(current, at, text, data)
        alarm = Alarm(
            id=next(self._ids),
            source_id=source_id,
            kind=kind,
            severity=Severity(severity),
            text=text,
            raised_at=at,
            last_at=at,
            origin=origin,
            key=key,
            data=dict(data or {}),
        )
        self._alarms[alarm.id] = alarm
        self._active_by_key[key] = alarm.id
        log.info("alarm %s raised: %s %s on %s", alarm.id, severity, kind, source_id)
        self._tell(alarm, RAISED)
        return alarm

    def _repeat(self, alarm: Alarm, at, text: str, data) -> Alarm:
        alarm.count += 1
        alarm.last_at = at
        alarm.ongoing = True
        alarm.text = text or alarm.text
        alarm.data.update(data or {})
        log.debug("alarm %s fired again (%d times)", alarm.id, alarm.count)
        self._tell(alarm, UPDATED)
        return alarm

    def end(self, key: str) -> Alarm | None:
        """The condition behind the active alarm ``key`` ended (motion
        stopped). The alarm stays on the board: an operator resolves it."""
        alarm = self.by_key(key)
        if alarm is None or not alarm.ongoing:
            return alarm
        alarm.ongoing = False
        self._tell(alarm, UPDATED)
        return alarm

    def on_camera_event(self, event) -> Alarm | None:
        """Turn an ONVIF ``CameraEvent`` into an alarm (or update one).

        A state going on raises; going off ends the active alarm. A state
        reported off when a subscription starts means nothing.
        """
        severity = CAMERA_SEVERITY.get(event.kind)
        if severity is None:
            return None
        key = alarm_key(Origin.ONVIF, event.camera_id, event.kind)
        if event.state is False:
            return self.end(key)
        return self.raise_alarm(
            event.camera_id,
            event.kind,
            severity,
            event.topic,
            origin=Origin.ONVIF,
            key=key,
            at=event.time,
            data=dict(event.data),
        )

    # Operator's actions

    def acknowledge(self, alarm_id: int, by: str | None = None) -> Alarm:
        """Mark an alarm seen; KeyError if there is no such alarm."""
        alarm = self._alarms[alarm_id]
        if alarm.state is State.NEW:
            alarm.state = State.ACKNOWLEDGED
            alarm.acknowledged_by = by
            log.info("alarm %s acknowledged by %s", alarm_id, by or "operator")
            self._tell(alarm, ACKNOWLEDGED)
        return alarm

    def resolve(self, alarm_id: int) -> Alarm:
        """Take an alarm off the board; the next one with its key is new."""
        alarm = self._alarms[alarm_id]
        if alarm.active:
            alarm.state = State.RESOLVED
            self._active_by_key.pop(alarm.key, None)
            log.info("alarm %s resolved", alarm_id)
            self._tell(alarm, RESOLVED)
            self._forget_old_resolved(alarm)
        return alarm

    def _forget_old_resolved(self, alarm: Alarm) -> None:
        # A console runs for weeks; what was dealt with long ago goes.
        self._resolved.append(alarm.id)
        while len(self._resolved) > self.keep_resolved:
            self._alarms.pop(self._resolved.popleft(), None)

    # Reading

    def alarm(self, alarm_id: int) -> Alarm | None:
        """An alarm by id: active, or among the latest resolved ones."""
        return self._alarms.get(alarm_id)

    def active(self, source_id: str | None = None) -> list[Alarm]:
        """Active alarms, the most severe and then the newest first."""
        alarms = [
            a
            for a in self._each_active()
            if source_id is None or a.source_id == source_id
        ]
        alarms.sort(key=_urgency)
        return alarms

    def top(self, source_id: str) -> Alarm | None:
        """The alarm a tile showing ``source_id`` should show, if any.

        Tiles ask on every paint: this looks at active alarms only.
        """
        shown = (a for a in self._each_active() if a.source_id == source_id)
        return min(shown, key=_urgency, default=None)

    def by_key(self, key: str) -> Alarm | None:
        """The active alarm with this key (a hub's alarm id), if any."""
        alarm_id = self._active_by_key.get(key)
        return self._alarms[alarm_id] if alarm_id is not None else None

    def _each_active(self):
        # Raised in id order: a key raised again goes to the end with its
        # new, larger id, so ties sort as they would over all alarms.
        return (self._alarms[i] for i in self._active_by_key.values())


def board_of(owner) -> AlarmBoard:
    """``owner.alarms``, made on first use.

    The console's parts install one after the other; whichever needs the
    board first makes it, so that they all share one.
    """
    board = getattr(owner, "alarms", None)
    if board is None:
        board = owner.alarms = AlarmBoard()
    return board


def alarm_key(origin: Origin | str, source_id: str, kind: str) -> str:
    """What makes two alarms the same one: where, on what, of what kind."""
    return f"{Origin(origin)}/{source_id}/{kind}"


def _urgency(alarm: Alarm) -> tuple:
    """Most severe first; within a severity unseen first, then newest."""
    last = (alarm.last_at or alarm.raised_at).timestamp()
    return (alarm.severity.rank, alarm.state is State.ACKNOWLEDGED, -last)
