"""The dispatch dock: roster, one-key groups, call board, instructions,
history, and what it does with the hub's events."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.alarms import board_of
from console.dispatch import protocol as p
from widgets.dispatch.alarms import HubAlarms
from widgets.dispatch.banner import Alert, install_banner
from widgets.dispatch.board import CallBoard
from widgets.dispatch.history import HistoryView
from widgets.dispatch.instructions import InstructionsView
from widgets.dispatch.link import HubLink, plan_for
from widgets.dispatch.onekey import CallDialog, OneKeyBar
from widgets.dispatch.records import (
    CallRecord,
    InstructionRecord,
    site_roster,
    updated,
)
from widgets.dispatch.roster import RosterView
from widgets.dispatch.video import SharedBadges, shared_source
from widgets.dispatch.words import (
    ALARM_KINDS,
    AMBER,
    CALL_PHASES,
    GREEN,
    GREY,
    PRIORITIES,
    RED,
    word,
)
from widgets.names import severity_name

log = logging.getLogger(__name__)

LOOP_POLL_MS = 200
# A group call of a thousand units brings a thousand member events within
# seconds: the board and the history show them together, this often.
MEMBERS_SHOWN_MS = 150
STATUS_MS = 10000
SHUTDOWN_S = 3.0
CONNECTION_COLOURS = {
    "connecting": AMBER,
    "connected": GREEN,
    "reconnecting": AMBER,
    "refused": RED,
    "failed": RED,
    "off": GREY,
}


class DispatchPanel(QWidget):
    """The dispatch dock's content; it drives the link to the hub."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.site = window.site
        self.plan = plan_for(self.site)
        self.units, self.groups = site_roster(self.site)
        self.calls: dict[str, CallRecord] = {}
        self.instructions: dict[str, InstructionRecord] = {}
        self.badges = SharedBadges(window.screens)
        self.dialog: CallDialog | None = None
        self.link = None if self.plan.problem else HubLink(self.site, self.plan, self)
        self._stopping: asyncio.Task | None = None
        self._poll = QTimer(self, interval=LOOP_POLL_MS)
        self._poll.timeout.connect(self.on_poll)
        self._changed_calls: dict[str, CallRecord] = {}
        self._members_shown = QTimer(self, singleShot=True, interval=MEMBERS_SHOWN_MS)
        self._members_shown.timeout.connect(self.on_members_shown)

        self._build()
        self.hub_alarms = self._hub_alarms()
        self._connect()
        self._show_roster()
        if self.link is None:
            self._show_off()

    # Building ------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.connection = QLabel(self)
        self.connection.setWordWrap(True)
        layout.addWidget(self.connection)

        heading = QLabel(self.tr("One-key dispatch"), self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.onekey = OneKeyBar(self)
        layout.addWidget(self.onekey)

        self.tabs = QTabWidget(self)
        self.roster = RosterView(self)
        self.board = CallBoard(self.name_of, self)
        self.instruction_view = InstructionsView(self.name_of, self)
        self.history = HistoryView(self)
        self.tabs.addTab(self.roster, self.tr("Roster"))
        self.tabs.addTab(self.board, self.tr("Call"))
        self.tabs.addTab(self.instruction_view, self.tr("Instructions"))
        self.tabs.addTab(self.history, self.tr("History"))
        layout.addWidget(self.tabs, 1)

        self.banner = install_banner(self.window_)
        self.status = QLabel(self)
        self.window_.statusBar().addPermanentWidget(self.status)

    def _hub_alarms(self) -> HubAlarms | None:
        """The hub's alarms on the console's board (shared with cameras)."""
        if self.link is None:
            return None
        board = board_of(self.window_)
        alarms = HubAlarms(self.link, board, self.site, self.name_of, self)
        alarms.handled.connect(self.banner.dismiss)
        return alarms

    def _connect(self) -> None:
        self.onekey.group_pressed.connect(self.on_group_pressed)
        self.board.end_requested.connect(self.on_end_requested)
        self.instruction_view.send_requested.connect(self.on_send_requested)
        self.roster.unit_activated.connect(self.on_unit_activated)
        self.banner.acknowledged.connect(self.on_alert_acknowledged)
        link = self.link
        if link is None:
            return
        link.connection_changed.connect(self.on_connection_changed)
        link.roster_loaded.connect(self.on_roster_loaded)
        link.history_loaded.connect(self.on_history_loaded)
        link.unit_updated.connect(self.on_unit_updated)
        link.call_ringing.connect(self.on_call_ringing)
        link.call_member_changed.connect(self.on_call_member_changed)
        link.call_state_changed.connect(self.on_call_state_changed)
        link.message_received.connect(self.on_message_received)
        link.receipt_received.connect(self.on_receipt_received)
        link.alarm_raised.connect(self.on_alarm_raised)
        link.alarm_updated.connect(self.on_alarm_updated)
        link.telemetry_received.connect(self.on_telemetry_received)
        link.video_shared.connect(self.on_video_shared)
        link.hub_refused.connect(self.on_hub_refused)

    # Starting and stopping -----------------------------------------------

    def start(self) -> bool:
        """Connect now if an asyncio loop runs; whether the link started."""
        if self.link is None:
            return False
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._poll.stop()
        self.link.start()
        return True

    def start_when_loop_runs(self) -> None:
        """Connect once qasync runs the loop; the window is built before."""
        if self.link is not None and not self.start():
            self._poll.start()

    @Slot()
    def on_poll(self) -> None:
        self.start()

    async def stop(self) -> None:
        """Leave the hub (and stop the embedded one); awaitable in tests."""
        self._poll.stop()
        self.banner.stop()
        if self.link is not None:
            await self.link.stop()

    def shutdown(self) -> None:
        """The window closes: leave the hub before the app quits."""
        self._poll.stop()
        self._members_shown.stop()
        self.banner.stop()
        if self.hub_alarms is not None:
            self.hub_alarms.close()
        self.badges.close()
        if self.link is None or self.link.state == "idle":
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        # The app would quit (and its loop close) with the window, before
        # the bye went out and the embedded hub stopped; hold it until then.
        app = QApplication.instance()
        if app.quitOnLastWindowClosed():
            app.setQuitOnLastWindowClosed(False)
            self._stopping = asyncio.ensure_future(self._stop_then_quit(app))
        else:
            self._stopping = asyncio.ensure_future(self.link.stop())

    async def _stop_then_quit(self, app) -> None:
        try:
            await asyncio.wait_for(self.link.stop(), SHUTDOWN_S)
        except TimeoutError:
            log.warning("dispatch did not stop within %.0f s", SHUTDOWN_S)
        finally:
            app.quit()

    # Names ---------------------------------------------------------------

    def name_of(self, unit: str) -> str:
        known = self.units.get(unit)
        return known.name if known else unit

    def group_name(self, group: str | None) -> str:
        known = self.groups.get(group) if group else None
        return known.name if known else (group or "")

    def say(self, text: str) -> None:
        self.window_.statusBar().showMessage(text, STATUS_MS)

    # Connection ----------------------------------------------------------

    def _show_off(self) -> None:
        problem = self.plan.problem
        if problem == "no_console":
            text = self.tr("Dispatch is off: the site has no console unit")
        elif problem == "no_unit":
            text = self.tr("Dispatch is off: the site's hub names no console unit")
        else:
            text = self.tr("Dispatch is off: no token for console unit %1")
            text = text.replace("%1", self.plan.unit or "")
        self._show_connection("off", text, self.tr("Dispatch off"))
        self.onekey.setEnabled(False)
        self.tabs.setEnabled(False)

    @Slot(str, str)
    def on_connection_changed(self, state: str, detail: str) -> None:
        where = self.tr("this workstation") if self.link.embedded else detail
        me = self.name_of(self.link.unit)
        texts = {
            "connecting": self.tr("Connecting to the hub…"),
            "connected": self.tr("Connected to the hub (%1) as %2"),
            "reconnecting": self.tr("Reconnecting to the hub…"),
            "refused": self.tr("The hub refused this console: %1"),
            "failed": self.tr("The dispatch hub did not start: %1"),
        }
        text = texts.get(state, state)
        if state == "connected":
            text = text.replace("%1", where).replace("%2", me)
        else:
            text = text.replace("%1", detail)
        short = {
            "connected": self.tr("Dispatch: connected"),
            "reconnecting": self.tr("Dispatch: reconnecting"),
        }.get(state, self.tr("Dispatch: not connected"))
        self._show_connection(state, text, short)
        self.connection.setToolTip(detail)
        if state in ("reconnecting", "refused", "failed"):
            self.say(f"{text} ({detail})" if detail else text)

    def _show_connection(self, state: str, text: str, short: str) -> None:
        tint = CONNECTION_COLOURS.get(state, GREY)
        self.connection.setText("● " + text)
        self.connection.setStyleSheet(f"color: {tint}; font-weight: bold")
        self.status.setText("● " + short)
        self.status.setStyleSheet(f"color: {tint}")

    # Roster --------------------------------------------------------------

    @Slot(object)
    def on_roster_loaded(self, roster: p.Roster) -> None:
        self.units = {u.unit: u for u in roster.units}
        self.groups = {g.group: g for g in roster.groups}
        self._show_roster()
        log.info("roster: %d units, %d groups", len(self.units), len(self.groups))

    def _show_roster(self) -> None:
        field = [u for u in self.units.values() if u.unit != self.plan.unit]
        self.roster.show_units({u.unit: u for u in field})
        self.onekey.show_groups(list(self.groups.values()))
        self.instruction_view.show_targets(list(self.groups.values()), field)

    @Slot(object)
    def on_unit_updated(self, update: p.UnitUpdate) -> None:
        unit = self.units.get(update.unit)
        if unit is not None:
            self.units[update.unit] = updated(unit, update)
            self.roster.show_unit(self.units[update.unit])

    @Slot(object)
    def on_telemetry_received(self, report: p.TelemetryReport) -> None:
        unit = self.units.get(report.from_)
        if unit is not None and report.source == report.from_:
            spot = p.Location(lat=report.lat, lon=report.lon)
            self.units[unit.unit] = unit.model_copy(update={"location": spot})
            self.roster.show_unit(self.units[unit.unit])

    @Slot(str)
    def on_unit_activated(self, unit: str) -> None:
        self.instruction_view.choose_unit(unit)
        self.tabs.setCurrentWidget(self.instruction_view)

    # Calls ---------------------------------------------------------------

    @Slot(str)
    def on_group_pressed(self, group_id: str) -> None:
        group = self.groups.get(group_id)
        if group is None or self.link is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.activateWindow()
            return
        online = sum(self.units[m].online for m in group.members if m in self.units)
        self.dialog = CallDialog(group, online, self.window_)
        self.dialog.accepted.connect(self.on_dialog_accepted)
        self.dialog.open()

    @Slot()
    def on_dialog_accepted(self) -> None:
        dialog = self.dialog
        self.ring(dialog.group.group, dialog.priority(), dialog.subject())

    def ring(self, group: str, priority: p.Priority, subject: str) -> str | None:
        """Ring a group now; the call's id."""
        if self.link is None or self.link.client is None:
            self.say(self.tr("Dispatch is not connected; the call was not made"))
            return None
        call = self.link.start_call(group, priority, subject)
        record = CallRecord(call, subject, priority, group, ours=True)
        self.calls[call] = record
        self.board.follow(record)
        self.tabs.setCurrentWidget(self.board)
        self._note_call(record)
        return call

    @Slot(str)
    def on_end_requested(self, call: str) -> None:
        self.link.end_call(call)

    @Slot(object)
    def on_call_ringing(self, ring: p.CallRing) -> None:
        record = self._call(ring.call)
        record.subject, record.priority = ring.subject, ring.priority
        caller = self.name_of(ring.from_)
        if ring.priority == "emergency":
            title = self.tr("Emergency call from %1").replace("%1", caller)
            self.banner.raise_alert(Alert(ring.call, "call", title, ring.subject))
        else:
            self.say(
                self.tr("%1 is calling: %2")
                .replace("%1", caller)
                .replace("%2", ring.subject)
            )
        self._note_call(record)

    @Slot(object)
    def on_call_member_changed(self, event: p.CallMember) -> None:
        record = self._call(event.call)
        record.members[event.unit] = event.state
        self._changed_calls[record.call] = record
        if not self._members_shown.isActive():
            self._members_shown.start()

    @Slot()
    def on_members_shown(self) -> None:
        """Show the member changes that came since the last time."""
        changed, self._changed_calls = self._changed_calls, {}
        for record in changed.values():
            self._show_call(record)

    @Slot(object)
    def on_call_state_changed(self, event: p.CallState) -> None:
        record = self._call(event.call)
        record.apply(event)
        if event.state == "ended":
            self.banner.dismiss(event.call)
        self._show_call(record)

    def _call(self, call: str) -> CallRecord:
        if call not in self.calls:
            self.calls[call] = CallRecord(call)
        return self.calls[call]

    def _show_call(self, record: CallRecord) -> None:
        self._changed_calls.pop(record.call, None)
        if self.board.record is record:
            self.board.refresh()
        self._note_call(record)

    def _note_call(self, record: CallRecord) -> None:
        count = self.tr("%n units", "", len(record.members))
        target = self.group_name(record.group) or count
        detail = f"{target} · [{word(PRIORITIES, record.priority)}] {record.subject}"
        answered = record.count("answered") + record.count("left")
        outcome = (
            word(CALL_PHASES, record.state)
            + " · "
            + self.tr("%1/%2 answered")
            .replace("%1", str(answered))
            .replace("%2", str(len(record.members)))
        )
        tint = RED if record.priority == "emergency" else None
        self.history.note(record.call, self.tr("Call"), detail, outcome, tint=tint)

    @Slot(object)
    def on_history_loaded(self, rows) -> None:
        calls: dict[str, list] = {}
        for row in rows:
            calls.setdefault(row.call, []).append(row)
        for call, members in reversed(list(calls.items())):
            if self.history.has(call):
                continue
            first = members[0]
            answered = sum(m.answered_at is not None for m in members)
            detail = f"{self.group_name(first.group)} · {first.subject}"
            outcome = self.tr("%1/%2 answered").replace("%1", str(answered))
            when = datetime.fromisoformat(first.started_at).astimezone()
            self.history.note(
                call,
                self.tr("Call"),
                detail,
                outcome.replace("%2", str(len(members))),
                when=when,
                earlier=True,
            )

    # Instructions --------------------------------------------------------

    @Slot(str, list, object, bool)
    def on_send_requested(self, text: str, units: list, group, require_ack: bool):
        if self.link is None or self.link.client is None:
            self.say(self.tr("Dispatch is not connected; nothing was sent"))
            return
        msg = self.link.send_instruction(text, units, group, require_ack)
        recipients = self.groups[group].members if group else units
        target = self.group_name(group) if group else self.name_of(units[0])
        record = InstructionRecord(msg, text, target, require_ack)
        record.receipts = {u: "pending" for u in recipients if u != self.plan.unit}
        self.instructions[msg] = record
        self.instruction_view.add(record)
        self._note_instruction(record)

    @Slot(object)
    def on_receipt_received(self, receipt: p.MsgReceipt) -> None:
        record = self.instructions.get(receipt.msg)
        if record is None:
            return
        record.receive(receipt.unit, receipt.state)
        self.instruction_view.show_record(record)
        self._note_instruction(record)

    def _note_instruction(self, record: InstructionRecord) -> None:
        detail = f"→ {record.target}: {record.text}"
        outcome = self.instruction_view.summary(record)
        self.history.note(record.msg, self.tr("Instruction"), detail, outcome)

    @Slot(object)
    def on_message_received(self, message: p.MsgDeliver) -> None:
        sender = self.name_of(message.from_)
        detail = f"{sender}: {message.text}"
        self.history.note(message.msg, self.tr("Message"), detail, tint=AMBER)
        self.say(self.tr("Message from %1").replace("%1", detail))
        if message.require_ack:
            # FIXME(dispatch): the operator should acknowledge by hand; the
            # panel has no inbox yet, so reading it in history counts.
            self.link.ack_message(message.msg)

    # Alarms --------------------------------------------------------------

    @Slot(object)
    def on_alarm_raised(self, alarm: p.AlarmNew) -> None:
        sender = self.name_of(alarm.from_)
        kind = word(ALARM_KINDS, alarm.kind)
        title = f"{kind} · {sender}"
        detail = f"[{severity_name(alarm.severity)}] {title}: {alarm.text}"
        tint = RED if alarm.severity == "red" else AMBER
        self.history.note(alarm.alarm, self.tr("Alarm"), detail, tint=tint)
        if alarm.severity == "red" or alarm.kind == "sos":
            self.banner.raise_alert(Alert(alarm.alarm, "alarm", title, alarm.text))
        else:
            self.say(self.tr("Alarm: %1").replace("%1", detail))

    @Slot(object)
    def on_alarm_updated(self, update: p.AlarmUpdate) -> None:
        self.banner.dismiss(update.alarm)
        if update.state == "acknowledged":
            outcome = self.tr("Acknowledged by %1")
        else:
            outcome = self.tr("Resolved by %1")
        by = self.name_of(update.by)
        self.history.set_outcome(update.alarm, outcome.replace("%1", by))

    @Slot(object)
    def on_alert_acknowledged(self, alert: Alert) -> None:
        if alert.kind == "alarm":
            # Through the board, so that the dock and the tile agree.
            self.hub_alarms.acknowledge(alert.key)
        else:
            self.link.answer(alert.key)
        log.info("%s %s acknowledged", alert.kind, alert.key)

    @Slot(object)
    def on_hub_refused(self, error: p.Error) -> None:
        log.warning("hub refused a request: %s (%s)", error.code, error.detail)
        self.say(self.tr("The hub refused: %1").replace("%1", error.detail))

    # Shared video --------------------------------------------------------

    @Slot(object)
    def on_video_shared(self, shared: p.VideoShared) -> None:
        sender = self.name_of(shared.from_)
        try:
            source = shared_source(self.site, shared)
        except ValueError as error:
            log.warning("video shared by %s is not playable: %s", sender, error)
            text = self.tr("%1 shared a video that cannot play")
            self.say(text.replace("%1", sender))
            return
        self.badges.mark(source, self.tr("Shared by %1").replace("%1", sender))
        self.window_.screens.current.assign_next(source)
        self.say(
            self.tr("%1 shared video: %2")
            .replace("%1", sender)
            .replace("%2", source.name)
        )
        self.history.note(shared.share, self.tr("Video"), f"{sender}: {source.name}")
