"""Coroutines the console's parts start from the GUI thread, kept track of.

qasync runs asyncio inside Qt's event loop; a slot starts a coroutine with
``Tasks.spawn``. The set keeps a reference to every task (asyncio itself
keeps only weak ones), logs what fails, and ends what is left when the
window closes.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class Tasks:
    def __init__(self):
        self._running: set[asyncio.Task] = set()

    def __bool__(self) -> bool:
        return bool(self._running)

    def spawn(self, coroutine, what: str) -> asyncio.Task:
        """Run ``coroutine`` on the event loop; ``what`` names it in logs."""
        task = asyncio.ensure_future(coroutine)
        task.set_name(what)
        self._running.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._running.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("%s failed: %s", task.get_name(), error, exc_info=error)

    async def finish(self, patience: float) -> None:
        """Let running tasks end for ``patience`` seconds, then cancel.

        A connect cancelled halfway leaks an HTTP session inside
        onvif-zeep-async, so short tasks are better left to finish.
        """
        await finish(self._running, patience)


async def finish(tasks, patience: float) -> None:
    """Wait up to ``patience`` seconds for ``tasks``; cancel and await the rest."""
    tasks = list(tasks)
    if not tasks:
        return
    _, late = await asyncio.wait(tasks, timeout=patience)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
