"""One-key calls: ringing a group at once and following every member.

Part of the hub's core (no I/O): ``CallDesk`` keeps the calls that still
ring or are connected in memory, mirrors every change in the store, and
tells the caller, every console and every member (section "Calls").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from console.dispatch import protocol as p
from console.dispatch.store import CallEventRow, CallMemberRow, CallRow

if TYPE_CHECKING:
    from console.dispatch.core import HubCore, Peer, Timer, Unit

log = logging.getLogger(__name__)

# Member states in which a member still holds a call open.
HOLDING = frozenset({"ringing", "offline", "answered"})
# What the caller's end makes of each member still in the call.
AT_CALLER_END = {"ringing": "missed", "offline": "missed", "answered": "left"}


def steps_itself(handler):
    """Mark a message handler that stores and sends in steps of its own:
    the hub's core then runs it outside the one step it gives the others."""
    handler.steps_itself = True
    return handler


@dataclass
class Call:
    """A call that has not ended."""

    id: str
    caller: str
    priority: str
    subject: str
    incident: str | None
    state: str
    ring_frame: str
    ring_body: str
    ring_until: datetime
    members: dict[str, str]
    ring_seq: dict[str, int] = field(default_factory=dict)
    timer: Timer | None = None


class CallDesk:
    """Starts, rings, answers and ends calls for the hub's core."""

    def __init__(self, core: HubCore, ring_timeout: float):
        self.core = core
        self.ring_timeout = ring_timeout
        self.active: dict[str, Call] = {}

    def load(self) -> None:
        """Take up the calls a previous run left ringing or connected."""
        with self.core.store.atomic() as session:
            rows = session.scalars(select(CallRow).where(CallRow.state != "ended"))
            for row in rows.all():
                members = session.execute(
                    select(CallMemberRow).where(CallMemberRow.call == row.id)
                ).scalars()
                call = _call_from(row, list(members), self.core.store)
                self.active[call.id] = call
                self._arm(call)
        if self.active:
            log.info("took up %d calls still in progress", len(self.active))

    def stop(self) -> None:
        for call in self.active.values():
            if call.timer is not None:
                call.timer.cancel()

    # Starting ------------------------------------------------------------

    @steps_itself
    def on_start(self, peer: Peer, start: p.CallStart) -> None:
        members = self.core.resolve(peer, start.id, start.members or [], start.group)
        if members is None:
            return
        if not members:
            detail = "the call has no member besides its caller"
            self.core.refuse(peer, "conflict", detail, start.id)
            return
        with self.core.store.atomic() as session:
            if start.call in self.active or session.get(CallRow, start.call):
                detail = f"call {start.call} exists"
                self.core.refuse(peer, "conflict", detail, start.id)
                return

        # Ring first, in a step of its own, so that the rings leave before
        # the many call.member updates of the start (a one-key call is
        # about how fast every member rings).
        call = self._ring(peer.unit, start, members)
        with self.core._step():
            self._record(call, call.members, self.core.clock.now())
            self._tell(call, list(call.members), phase_changed=True)
        self._arm(call)
        peer.log.info(
            "started %s call %s to %d members", call.priority, call.id, len(members)
        )

    def _ring(self, caller: Unit, start: p.CallStart, members: list[Unit]) -> Call:
        now = self.core.clock.now()
        ring = p.CallRing.new(
            call=start.call,
            from_=caller.id,
            priority=start.priority,
            subject=start.subject,
            incident=start.incident,
        )
        call = Call(
            id=start.call,
            caller=caller.id,
            priority=start.priority,
            subject=start.subject,
            incident=start.incident,
            state="ringing",
            ring_frame=ring.id,
            ring_body="",
            ring_until=now + timedelta(seconds=self.ring_timeout),
            members={u.id: "ringing" if u.links else "offline" for u in members},
        )
        with self.core._step():
            call.ring_body = self.core.keep_frame(ring)
            self.core.store.add_all(CallRow, [_call_row(call, start, now)])
            for unit in members:
                seq = self.core.post_body(unit, ring.id, call.ring_body)
                if seq is not None:
                    call.ring_seq[unit.id] = seq
            self.core.store.add_all(CallMemberRow, _member_rows(call, now))
        self.active[call.id] = call
        return call

    # Member replies ------------------------------------------------------

    def on_answer(self, peer: Peer, answer: p.CallAnswer) -> None:
        call = self._member_call(peer, answer.call, answer.id)
        if call is not None:
            self._change(call, {peer.unit.id: "answered"})

    def on_decline(self, peer: Peer, decline: p.CallDecline) -> None:
        call = self._member_call(peer, decline.call, decline.id)
        if call is not None:
            self._change(call, {peer.unit.id: "declined"}, reason=decline.reason)

    def on_end(self, peer: Peer, end: p.CallEnd) -> None:
        unit = peer.unit.id
        call = self.active.get(end.call)
        caller = call.caller if call else self._stored_caller(end.call)
        if caller is None:
            self.core.refuse(peer, "not_found", f"no call {end.call}", end.id)
        elif unit == caller:
            if call is None:
                detail = f"call {end.call} has ended"
                self.core.refuse(peer, "conflict", detail, end.id)
                return
            changes = {
                u: AT_CALLER_END[s] for u, s in call.members.items() if s in HOLDING
            }
            self._change(call, changes, end=True)
        else:
            call = self._member_call(peer, end.call, end.id, leaving=True)
            if call is not None:
                self._change(call, {unit: "left"})

    def _member_call(
        self, peer: Peer, call_id: str, ref: str, leaving: bool = False
    ) -> Call | None:
        """The call a member replies to, or None once refused.

        Not a call: not_found; not a member: forbidden; an ended call or
        a member already out of it: conflict ("Errors", check order).
        """
        unit = peer.unit.id
        call = self.active.get(call_id)
        if call is None:
            stored = self._stored_member(call_id, unit)
            if stored is None:
                self.core.refuse(peer, "not_found", f"no call {call_id}", ref)
            elif stored is False:
                detail = f"{unit} is not a member of {call_id}"
                self.core.refuse(peer, "forbidden", detail, ref)
            else:
                detail = f"call {call_id} has ended"
                self.core.refuse(peer, "conflict", detail, ref)
            return None
        state = call.members.get(unit)
        if state is None:
            detail = f"{unit} is not a member of {call_id}"
            self.core.refuse(peer, "forbidden", detail, ref)
            return None
        allowed = ("ringing", "answered") if leaving else ("ringing",)
        if state not in allowed:
            detail = f"{unit} has already {state} call {call_id}"
            self.core.refuse(peer, "conflict", detail, ref)
            return None
        return call

    def _stored_member(self, call_id: str, unit: str):
        """For an ended call: None if unknown, False if not a member."""
        with self.core.store.atomic() as session:
            if session.get(CallRow, call_id) is None:
                return None
            return session.get(CallMemberRow, (call_id, unit)) is not None

    def _stored_caller(self, call_id: str) -> str | None:
        with self.core.store.atomic() as session:
            row = session.get(CallRow, call_id)
            return None if row is None else row.caller

    # Presence ------------------------------------------------------------

    def on_connect(self, unit: Unit) -> None:
        """Ring a member that connects while its call rings for it."""
        for call in list(self.active.values()):
            if call.members.get(unit.id) != "offline" or call.state == "ended":
                continue
            seq = self.core.post_body(unit, call.ring_frame, call.ring_body)
            call.ring_seq[unit.id] = seq
            self._change(call, {unit.id: "ringing"}, ring_seq=seq)

    def rings_sent(self, unit: Unit) -> list[tuple[int, str]]:
        """Rings this unit was sent that still ring, with their numbers.

        Replayed to a connection that does not resume, since a ring that
        still rings is owed to it (see the docs, "Interpretations").
        """
        return [
            (call.ring_seq[unit.id], call.ring_body)
            for call in self.active.values()
            if call.members.get(unit.id) == "ringing" and unit.id in call.ring_seq
        ]

    # Changes -------------------------------------------------------------

    def _arm(self, call: Call) -> None:
        delay = (call.ring_until - self.core.clock.now()).total_seconds()
        call.timer = self.core.clock.call_later(
            delay, lambda: self.core._guarded(lambda: self._time_out(call.id))
        )

    def _time_out(self, call_id: str) -> None:
        """No answer within the ring timeout: ``missed``, offline included."""
        call = self.active.get(call_id)
        if call is None:
            return
        call.timer = None
        changes = {
            u: "missed" for u, s in call.members.items() if s in ("ringing", "offline")
        }
        if changes:
            self._change(call, changes)

    def _change(
        self,
        call: Call,
        changes: dict[str, str],
        *,
        end: bool = False,
        reason: str | None = None,
        ring_seq: int | None = None,
    ) -> None:
        """Apply member changes, end the call if they do, tell everyone."""
        now = self.core.clock.now()
        before = call.state
        call.members.update(changes)
        if call.state == "ringing" and "answered" in changes.values():
            call.state = "connected"
        if end or not any(s in HOLDING for s in call.members.values()):
            call.state = "ended"
        with self.core._step():
            self._store_change(call, changes, now, before, reason, ring_seq)
            self._tell(call, list(changes), phase_changed=call.state != before)
        if call.state == "ended":
            self._finish(call)

    def _store_change(self, call, changes, now, before, reason, ring_seq):
        with self.core.store.atomic() as session:
            rows = [
                {"call": call.id, "unit": u, "state": s, "changed_at": now}
                for u, s in changes.items()
            ]
            for row in rows:
                if reason is not None:
                    row["reason"] = reason
                if ring_seq is not None:
                    row["ring_seq"] = ring_seq
            if rows:
                session.execute(update(CallMemberRow), rows)
            if call.state != before:
                values = {"state": call.state}
                if call.state == "connected":
                    values["connected_at"] = now
                if call.state == "ended":
                    values["ended_at"] = now
                session.execute(
                    update(CallRow).where(CallRow.id == call.id).values(**values)
                )
            self._record(call, changes, now)

    def _record(self, call: Call, changes, now) -> None:
        self.core.store.add_all(
            CallEventRow,
            [
                {"call": call.id, "unit": u, "state": call.members[u], "at": now}
                for u in changes
            ],
        )

    def _finish(self, call: Call) -> None:
        if call.timer is not None:
            call.timer.cancel()
        self.active.pop(call.id, None)
        log.info("call %s ended: %s", call.id, _tally(call.members))

    def _tell(self, call: Call, changed: list[str], phase_changed: bool) -> None:
        """``call.member`` for each change, then ``call.state``.

        To the caller, every console and every member. A member that asked
        for ``call_updates: own`` (extension) hears only of itself.
        """
        core = self.core
        everyone = {u.id: u for u in core.consoles()}
        for unit_id in [call.caller, *call.members]:
            unit = core.units.get(unit_id)
            if unit is not None and unit.links:
                everyone[unit_id] = unit
        own = [
            u
            for u in everyone.values()
            if u.id in call.members and u.id != call.caller and u.wants_own_calls
        ]
        own_ids = {u.id for u in own}
        full = [u for u in everyone.values() if u.id not in own_ids]
        for unit_id in changed:
            member = p.CallMember.quick(
                call=call.id, unit=unit_id, state=call.members[unit_id]
            )
            core._post(full, member)
        state = p.CallState.quick(call=call.id, state=call.state, members=call.members)
        core._post(full, state)
        for unit in own:
            self._tell_own(call, unit, unit.id in changed, phase_changed)

    def _tell_own(self, call: Call, unit: Unit, changed: bool, phase: bool):
        mine = call.members[unit.id]
        if changed:
            member = p.CallMember.quick(call=call.id, unit=unit.id, state=mine)
            self.core._post([unit], member)
        if changed or phase:
            state = p.CallState.quick(
                call=call.id, state=call.state, members={unit.id: mine}
            )
            self.core._post([unit], state)


def _call_row(call: Call, start: p.CallStart, now: datetime) -> dict:
    return {
        "id": call.id,
        "caller": call.caller,
        "group": start.group,
        "priority": call.priority,
        "subject": call.subject,
        "incident": call.incident,
        "state": call.state,
        "ring_frame": call.ring_frame,
        "started_at": now,
        "ring_until": call.ring_until,
    }


def _member_rows(call: Call, now: datetime) -> list[dict]:
    return [
        {
            "call": call.id,
            "unit": unit,
            "state": state,
            "ring_seq": call.ring_seq.get(unit),
            "changed_at": now,
        }
        for unit, state in call.members.items()
    ]


def _call_from(row: CallRow, members: list[CallMemberRow], store) -> Call:
    return Call(
        id=row.id,
        caller=row.caller,
        priority=row.priority,
        subject=row.subject,
        incident=row.incident,
        state=row.state,
        ring_frame=row.ring_frame,
        ring_body=store.frame(row.ring_frame),
        ring_until=row.ring_until,
        members={m.unit: m.state for m in members},
        ring_seq={m.unit: m.ring_seq for m in members if m.ring_seq is not None},
    )


def _tally(members: dict[str, str]) -> str:
    counts: dict[str, int] = {}
    for state in members.values():
        counts[state] = counts.get(state, 0) + 1
    return ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
