"""The hub's alarms on the console's alarm board, and back.

An ``alarm.new`` becomes an alarm on the board (origin dispatch, key the
hub's alarm id), drawn on its camera's tile when ``camera`` names a site
source and listed in the alarm dock either way. An ``alarm.update`` from
any console acknowledges or resolves it there. An operator acknowledging
or resolving a hub alarm on the board (in the dock, or through the
banner) sends ``alarm.ack`` or ``alarm.resolve`` to the hub, so that every
console and every place of this one agree.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime

from PySide6.QtCore import QObject, Signal, Slot

from console.alarms import ACKNOWLEDGED, RESOLVED, Alarm, AlarmBoard, Origin
from console.dispatch import protocol as p
from widgets.dispatch.words import ALARM_KINDS, word

log = logging.getLogger(__name__)


class HubAlarms(QObject):
    """Keeps the hub's alarms and the board's in step, both ways.

    Signals:
        handled(str): the operator acknowledged or resolved the hub's
            alarm of this id here (the banner need not ask any more).
    """

    handled = Signal(str)

    def __init__(self, link, board: AlarmBoard, site, name_of, parent=None):
        super().__init__(parent)
        self.link = link
        self.board = board
        self.site = site
        self.name_of = name_of
        self.operator = name_of(link.unit) if link.unit else None
        self.alarms: dict[str, int] = {}  # the hub's alarm id -> the board's
        self._applying = False
        self._unlisten = board.listen(self.on_board_changed)
        link.alarm_raised.connect(self.on_alarm_raised)
        link.alarm_updated.connect(self.on_alarm_updated)

    def board_alarm(self, hub_id: str) -> Alarm | None:
        board_id = self.alarms.get(hub_id)
        return self.board.alarm(board_id) if board_id is not None else None

    # From the hub --------------------------------------------------------

    @Slot(object)
    def on_alarm_raised(self, new: p.AlarmNew) -> None:
        if new.alarm in self.alarms:
            return  # replayed after a reconnection: the board has it
        camera = new.camera if new.camera and self.site.source(new.camera) else None
        unit_name = self.name_of(new.from_)
        alarm = self.board.raise_alarm(
            camera or new.from_,
            new.kind,
            new.severity,
            self._text(new, unit_name, camera),
            origin=Origin.DISPATCH,
            key=new.alarm,
            at=_moment(new.raised_at),
            data={"unit": new.from_, "unit_name": unit_name, "camera": new.camera},
        )
        self.alarms[new.alarm] = alarm.id

    def _text(self, new: p.AlarmNew, unit_name: str, camera: str | None) -> str:
        text = f"{word(ALARM_KINDS, new.kind)} · {unit_name}"
        if new.text:
            text += f": {new.text}"
        if camera is None and new.location is not None:
            text += f" ({new.location.lat:.5f}, {new.location.lon:.5f})"
        return text

    @Slot(object)
    def on_alarm_updated(self, update: p.AlarmUpdate) -> None:
        alarm = self.board_alarm(update.alarm)
        if alarm is None:
            return
        # Told by the hub: nothing to send back.
        self._applying = True
        try:
            if update.state == "acknowledged":
                self.board.acknowledge(alarm.id, by=self.name_of(update.by))
            else:
                self.board.resolve(alarm.id)
        finally:
            self._applying = False

    # From the operator ---------------------------------------------------

    def acknowledge(self, hub_id: str) -> None:
        """The banner's acknowledge: through the board, which tells the hub."""
        alarm = self.board_alarm(hub_id)
        if alarm is None:
            self.link.ack_alarm(hub_id)
        else:
            self.board.acknowledge(alarm.id, by=self.operator)

    def on_board_changed(self, alarm: Alarm, change: str) -> None:
        if self._applying or alarm.origin is not Origin.DISPATCH:
            return
        if self.alarms.get(alarm.key) != alarm.id:
            return
        if change in (ACKNOWLEDGED, RESOLVED):
            self.handled.emit(alarm.key)
        with contextlib.suppress(ConnectionError):
            if change == ACKNOWLEDGED:
                log.info("alarm %s acknowledged here; telling the hub", alarm.key)
                self.link.ack_alarm(alarm.key)
            elif change == RESOLVED:
                log.info("alarm %s resolved here; telling the hub", alarm.key)
                self.link.resolve_alarm(alarm.key, self.tr("Handled"))

    def close(self) -> None:
        self._unlisten()


def _moment(raised_at: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raised_at)
    except ValueError:
        return None
