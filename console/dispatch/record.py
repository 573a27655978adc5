"""The dispatch record: who called whom, when, and how it went.

One row per call member, read from what the hub stored; exported as CSV
or JSON for the after-action report.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from console.dispatch.store import CallEventRow, CallMemberRow, CallRow, Store


@dataclass(frozen=True)
class RecordRow:
    call: str
    started_at: str
    caller: str
    group: str | None
    priority: str
    subject: str
    incident: str | None
    member: str
    outcome: str
    answered_at: str | None
    reason: str | None
    call_state: str
    ended_at: str | None


def dispatch_record(
    store: Store, since: datetime | None = None, until: datetime | None = None
) -> list[RecordRow]:
    """Every member of every call started in [since, until), oldest first."""
    query = (
        select(CallRow, CallMemberRow)
        .join(CallMemberRow, CallMemberRow.call == CallRow.id)
        .order_by(CallRow.started_at, CallRow.id, CallMemberRow.unit)
    )
    if since is not None:
        query = query.where(CallRow.started_at >= since)
    if until is not None:
        query = query.where(CallRow.started_at < until)
    with store.atomic() as session:
        pairs = session.execute(query).all()
        answers = _answers(session)
    return [_row(call, member, answers) for call, member in pairs]


def _answers(session) -> dict[tuple[str, str], datetime]:
    query = select(CallEventRow.call, CallEventRow.unit, CallEventRow.at).where(
        CallEventRow.state == "answered"
    )
    return {(c, u): at for c, u, at in session.execute(query)}


def _row(call: CallRow, member: CallMemberRow, answers) -> RecordRow:
    answered = answers.get((call.id, member.unit))
    return RecordRow(
        call=call.id,
        started_at=_time(call.started_at),
        caller=call.caller,
        group=call.group,
        priority=call.priority,
        subject=call.subject,
        incident=call.incident,
        member=member.unit,
        outcome=member.state,
        answered_at=_time(answered),
        reason=member.reason,
        call_state=call.state,
        ended_at=_time(call.ended_at),
    )


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def export_record(rows: list[RecordRow], path: str | Path) -> None:
    """Write ``rows`` to ``path``: JSON for ``.json``, CSV otherwise."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = [asdict(row) for row in rows]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, [f.name for f in fields(RecordRow)])
        writer.writeheader()
        writer.writerows(asdict(row) for row in rows)
