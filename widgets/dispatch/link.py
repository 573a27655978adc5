"""The console's link to the dispatch hub, as Qt signals.

``HubLink`` connects a ``DispatchClient`` (role console) to the site's hub
or, when the site names none, to a hub it runs in this process so that a
single workstation dispatches on its own. Everything runs on the GUI
thread through qasync: client callbacks emit signals directly.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from console.dispatch import protocol as p
from console.dispatch.client import (
    Connected,
    Disconnected,
    DispatchClient,
    DispatchError,
)
from console.dispatch.hub import Hub
from console.dispatch.record import RecordRow, dispatch_record
from console.folders import database_url
from console.site.model import Site

log = logging.getLogger(__name__)

HUB_DB_ENV = "CONSOLE_HUB_DB"


@dataclass(frozen=True)
class Plan:
    """How this console reaches the hub; ``problem`` when it cannot."""

    url: str | None  # None: run a hub in this process
    unit: str | None
    token: str | None
    problem: str | None = None  # "no_console", "no_unit", "no_token"


def plan_for(site: Site) -> Plan:
    hub = site.hub
    if hub.url:
        if not hub.unit:
            return Plan(hub.url, None, None, "no_unit")
        return Plan(hub.url, hub.unit, hub.token, None if hub.token else "no_token")
    consoles = [u for u in site.units if u.kind == "console"]
    unit = site.unit(hub.unit) if hub.unit else (consoles[0] if consoles else None)
    if unit is None:
        return Plan(None, None, None, "no_console")
    token = hub.token or unit.token
    return Plan(None, unit.id, token, None if token else "no_token")


def hub_db_url() -> str:
    """The embedded hub's database: $CONSOLE_HUB_DB, else the data folder."""
    chosen = os.environ.get(HUB_DB_ENV)
    if chosen and "://" in chosen:
        return chosen
    if not chosen:
        return database_url("hub.db")
    path = Path(chosen)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


# What each message from the hub is told as: the signal's name.
SIGNAL_OF = {
    p.UnitUpdate: "unit_updated",
    p.CallRing: "call_ringing",
    p.CallMember: "call_member_changed",
    p.CallState: "call_state_changed",
    p.MsgDeliver: "message_received",
    p.MsgReceipt: "receipt_received",
    p.AlarmNew: "alarm_raised",
    p.AlarmUpdate: "alarm_updated",
    p.TelemetryReport: "telemetry_received",
    p.VideoShared: "video_shared",
    p.PtzHolder: "ptz_holder_changed",
    p.Error: "hub_refused",
}


class HubLink(QObject):
    """One console's connection to the hub, kept up until ``stop()``.

    Signals:
        connection_changed(str, str): "connecting", "connected",
            "reconnecting", "refused" or "failed", and a detail.
        roster_loaded(object): a ``Roster``, after every (re)connection.
        history_loaded(object): earlier calls (``RecordRow`` list) of the
            embedded hub.
        unit_updated, call_ringing, call_member_changed, call_state_changed,
        message_received, receipt_received, alarm_raised, alarm_updated,
        telemetry_received, video_shared, ptz_holder_changed,
        hub_refused (object): one message from the hub each.
    """

    connection_changed = Signal(str, str)
    roster_loaded = Signal(object)
    history_loaded = Signal(object)
    unit_updated = Signal(object)
    call_ringing = Signal(object)
    call_member_changed = Signal(object)
    call_state_changed = Signal(object)
    message_received = Signal(object)
    receipt_received = Signal(object)
    alarm_raised = Signal(object)
    alarm_updated = Signal(object)
    telemetry_received = Signal(object)
    video_shared = Signal(object)
    ptz_holder_changed = Signal(object)
    hub_refused = Signal(object)

    def __init__(self, site: Site, plan: Plan, parent=None):
        super().__init__(parent)
        self.site = site
        self.plan = plan
        self.unit = plan.unit
        self.hub: Hub | None = None
        self.client: DispatchClient | None = None
        self.state = "idle"
        self._tasks: set[asyncio.Task] = set()
        self._starting: asyncio.Task | None = None

    @property
    def embedded(self) -> bool:
        return self.plan.url is None

    @property
    def url(self) -> str | None:
        return self.hub.url if self.hub is not None else self.plan.url

    # Lifecycle -----------------------------------------------------------

    def start(self) -> None:
        """Start connecting; needs a running asyncio loop (qasync)."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start())

    async def _start(self) -> None:
        self._set_state("connecting", self.plan.url or "")
        url = self.plan.url
        if url is None:
            try:
                url = await self._start_hub()
            except Exception as error:
                log.error("embedded hub did not start: %s", error)
                self._set_state("failed", str(error))
                return
        self.client = DispatchClient(url, self.unit, self.plan.token, role="console")
        self.client.subscribe(self._on_event)
        self.client.start()

    async def _start_hub(self) -> str:
        self.hub = Hub(self.site, hub_db_url(), "127.0.0.1", 0)
        await self.hub.start()
        log.info("embedded hub for this workstation on %s", self.hub.url)
        return self.hub.url

    async def stop(self) -> None:
        """Say goodbye to the hub and stop the embedded one."""
        if self._starting is not None:
            await asyncio.gather(self._starting, return_exceptions=True)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.client is not None:
            await self.client.close()
            self.client = None
        if self.hub is not None:
            await self.hub.stop()
            self.hub = None
        self.state = "idle"

    def _set_state(self, state: str, detail: str) -> None:
        self.state = state
        self.connection_changed.emit(state, detail)

    # Events --------------------------------------------------------------

    def _on_event(self, event) -> None:
        if isinstance(event, Connected):
            self._set_state("connected", self.client.url)
            self.spawn(self._load_roster())
            if self.embedded:
                self.spawn(self._load_history())
        elif isinstance(event, Disconnected):
            state = "reconnecting" if event.retrying else "refused"
            self._set_state(state, event.reason)
        else:
            name = SIGNAL_OF.get(type(event))
            if name is not None:
                log.debug("hub: %s", event.type)
                getattr(self, name).emit(event)

    async def _load_roster(self) -> None:
        try:
            roster = await self.client.roster()
        except ConnectionError as error:
            # The next connection asks again.
            log.debug("no roster: %s", error)
            return
        except (TimeoutError, DispatchError) as error:
            log.warning("no roster from the hub: %s", str(error) or "timed out")
            return
        self.roster_loaded.emit(roster)

    async def _load_history(self) -> None:
        # FIXME(dispatch): the protocol has no history request; only the
        # embedded hub's own store tells earlier calls.
        rows: list[RecordRow] = await asyncio.to_thread(dispatch_record, self.hub.store)
        self.history_loaded.emit(rows)

    # Commands ------------------------------------------------------------

    def spawn(self, work) -> asyncio.Task:
        """Run ``work`` on the loop; a failure is logged, not lost."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("dispatch request failed: %s", task.exception())

    def _client(self) -> DispatchClient:
        if self.client is None:
            raise ConnectionError("the dispatch link has not started")
        return self.client

    def start_call(self, group: str, priority: p.Priority, subject: str) -> str:
        """Ring ``group``; the call's id, known before the hub answers."""
        call = p.new_id()
        work = self._client().start_call(
            group=group, priority=priority, subject=subject, call=call
        )
        self.spawn(work)
        log.info("call %s to %s (%s): %s", call, group, priority, subject)
        return call

    def end_call(self, call: str) -> None:
        self.spawn(self._client().end_call(call))

    def answer(self, call: str) -> None:
        self.spawn(self._client().answer(call))

    def send_instruction(
        self, text: str, to: list[str], group: str | None, require_ack: bool
    ) -> str:
        msg = p.new_id()
        work = self._client().send_message(
            text, to=to or None, group=group, require_ack=require_ack, msg=msg
        )
        self.spawn(work)
        return msg

    def ack_message(self, msg: str) -> None:
        self.spawn(self._client().ack(msg))

    def ack_alarm(self, alarm: str) -> None:
        self.spawn(self._client().ack_alarm(alarm))

    def resolve_alarm(self, alarm: str, note: str) -> None:
        self.spawn(self._client().resolve_alarm(alarm, note))
