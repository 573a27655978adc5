"""What the panel knows of units, calls and instructions, without Qt.

The hub tells changes one message at a time; these records gather them so
that the views can redraw a unit, a call or an instruction whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from console.dispatch import protocol as p
from console.site.model import Site


def site_roster(site: Site) -> tuple[dict, dict]:
    """The site's units and groups as the hub would tell them, all offline.

    The panel shows them before the hub has answered, so the one-key
    groups work from the first second.
    """
    since = p.now()
    units = {
        u.id: p.RosterUnit(
            unit=u.id,
            name=u.name,
            level=str(u.level),
            kind=str(u.kind),
            online=False,
            state="unknown",
            since=since,
        )
        for u in site.units
    }
    groups = {
        g.id: p.RosterGroup(group=g.id, name=g.name, members=g.members, key=g.key)
        for g in site.groups
    }
    return units, groups


def updated(unit: p.RosterUnit, update: p.UnitUpdate) -> p.RosterUnit:
    return unit.model_copy(
        update={
            "online": update.online,
            "state": update.state,
            "location": update.location,
            "since": update.since,
        }
    )


@dataclass
class CallRecord:
    """One call: who it rings and how each member answered."""

    call: str
    subject: str = ""
    priority: str = "normal"
    group: str | None = None
    ours: bool = False
    state: str = "ringing"
    members: dict[str, str] = field(default_factory=dict)
    started: datetime = field(default_factory=datetime.now)
    ended: datetime | None = None

    def count(self, state: str) -> int:
        return sum(s == state for s in self.members.values())

    def apply(self, event: p.CallState) -> None:
        self.state = event.state
        self.members.update(event.members)
        if event.state == "ended" and self.ended is None:
            self.ended = datetime.now()


@dataclass
class InstructionRecord:
    """One instruction and its receipt from each recipient."""

    msg: str
    text: str
    target: str  # the group's or units' display names
    require_ack: bool
    receipts: dict[str, str] = field(default_factory=dict)  # unit -> state
    sent: datetime = field(default_factory=datetime.now)

    def receive(self, unit: str, state: str) -> None:
        # "acked" never goes back to "delivered", whatever order they come.
        if self.receipts.get(unit) != "acked":
            self.receipts[unit] = state

    def count(self, state: str) -> int:
        return sum(s == state for s in self.receipts.values())
