"""Each small tile's decoding stays on one processor.

A frame of a grid tile passes through five threads of execution on its way
to the wall: the remux process writes it into the pipe, libvlc's prefetch
thread reads it and wakes the input thread, which demuxes it and wakes the
decoder thread, which decodes it and wakes the video output thread. Waking
a thread that sleeps on another processor is dear: on the 2-core VM the
console is benchmarked on, a wake-up cost 12 us of CPU across processors
against 1.6 us on the same one, and a 16-tile wall wakes threads about
3,700 times a second.

So the pipeline of each tile small enough to decode on a single thread is
placed on one processor. The thread that starts it takes that processor's
affinity only while it starts the ingest and the player, and everything
started meanwhile inherits it: the remux process, libvlc's input thread,
and the prefetch, decoder and video output threads the input thread starts
later. Each pipeline goes to the processor with the fewest placed now, so
a wall of equal tiles shares the processors evenly. On the 16-tile wall
benchmark this took the console's CPU from about 0.24 cores to 0.21.

Large tiles decode their main stream on several threads and keep every
processor. A processor of placed pipelines cannot lend work to another, so
when decoding falls behind the governor first spreads every pipeline over
every processor again (``spread``), and only then reduces decoding.
"""

from __future__ import annotations

import contextlib
import logging
import os

log = logging.getLogger(__name__)

SUPPORTED = hasattr(os, "sched_setaffinity") and os.path.isdir("/proc/self/task")


class CorePlacement:
    """Which processor each placed pipeline runs on.

    Attributes:
        cpus: the processors this process may run on, as it started.
        enabled: whether new pipelines are placed; off on one processor,
            where the operating system cannot place threads, and after
            ``spread``.
    """

    def __init__(self, cpus: set[int] | None = None):
        allowed = cpus if cpus is not None else _allowed()
        self.cpus = sorted(allowed)
        self.enabled = SUPPORTED and len(self.cpus) > 1
        self._placed = dict.fromkeys(self.cpus, 0)

    @contextlib.contextmanager
    def place(self, wanted: bool = True):
        """Run the body on one processor, which it yields, if ``wanted``
        and placing is on; else run it as it is and yield None.

        Whatever the body starts (threads, processes) stays on that
        processor; call ``release`` with it once that has stopped.
        """
        if not (wanted and self.enabled):
            yield None
            return
        cpu = min(self.cpus, key=self._placed.__getitem__)
        before = os.sched_getaffinity(0)
        if not _set_affinity(0, {cpu}):
            # The processor went away (hot-unplugged, a cgroup changed).
            log.warning("cannot place decoding on processor %d", cpu)
            self.enabled = False
            yield None
            return
        try:
            yield cpu
        finally:
            os.sched_setaffinity(0, before)
        # Counted once started: a body that failed left nothing there.
        self._placed[cpu] += 1

    def release(self, cpu: int | None) -> None:
        """A pipeline placed on ``cpu`` has stopped."""
        if cpu is not None and self._placed.get(cpu, 0) > 0:
            self._placed[cpu] -= 1

    def placed(self) -> dict[int, int]:
        """How many pipelines each processor has now."""
        return dict(self._placed)

    def spread(self, pids=()) -> bool:
        """Let every thread of this process, and the processes ``pids``,
        run on every processor again, and place nothing more; whether
        anything was placed to spread."""
        if not self.enabled:
            return False
        self.enabled = False
        allowed = set(self.cpus)
        for task in _tasks():
            _set_affinity(task, allowed)
        for pid in pids:
            _set_affinity(pid, allowed)
        log.warning("decoding falls behind: every tile may decode on any processor")
        return True


def _allowed() -> set[int]:
    if not SUPPORTED:
        return {0}
    return os.sched_getaffinity(0)


def _tasks() -> list[int]:
    """The threads of this process."""
    try:
        return [int(task) for task in os.listdir("/proc/self/task")]
    except OSError:
        return []


def _set_affinity(pid: int, cpus: set[int]) -> bool:
    """Whether the thread or process ``pid`` (0: this thread) now runs on
    ``cpus``; one that ended since it was listed needs nothing."""
    try:
        os.sched_setaffinity(pid, cpus)
    except OSError:
        return False
    return True
