"""Automatic replies for drills, tests and simulated terminals.

``AutoReply`` answers or declines every ring and acknowledges every
instruction that asks for it, on a client's behalf.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from console.dispatch.client import CallRing, DispatchClient, MsgDeliver

log = logging.getLogger(__name__)


@dataclass
class AutoReply:
    """What a unit does by itself: ``answer_after`` seconds or never."""

    answer_after: float | None = None
    decline: bool = False
    ack: bool = False
    ack_after: float = 0.0

    def attach(self, client: DispatchClient):
        """Start replying for ``client``; returns the undo."""
        tasks: set[asyncio.Task] = set()

        def on_event(event) -> None:
            work = self._reply(client, event)
            if work is not None:
                task = asyncio.ensure_future(work)
                tasks.add(task)
                task.add_done_callback(tasks.discard)

        undo = client.subscribe(on_event)

        def detach() -> None:
            undo()
            for task in list(tasks):
                task.cancel()

        return detach

    def _reply(self, client: DispatchClient, event):
        if isinstance(event, CallRing):
            if self.decline:
                return client.decline(event.call, "drill: auto-decline")
            if self.answer_after is not None:
                return _later(self.answer_after, client.answer(event.call))
        if isinstance(event, MsgDeliver) and event.require_ack and self.ack:
            return _later(self.ack_after, client.ack(event.msg))
        return None


async def _later(delay: float, work) -> None:
    if delay > 0:
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            work.close()
            raise
    await work
