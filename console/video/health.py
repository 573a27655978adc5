"""Stream health: frame rate, bitrate, lost frames and reconnects over time.

A session samples libvlc's counters once a second into a ring of the last
five minutes, from which the health panel plots and the wall judges whether
decoding keeps up. libvlc refreshes its counters about once a second, so
rates are taken over a few seconds to smooth that step.
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass

HISTORY_S = 300
RATE_WINDOW_S = 5.0
# A source that had to reconnect this often in this window is flaky.
FLAKY_RECONNECTS = 3
FLAKY_WINDOW_S = 600


@dataclass(frozen=True)
class Sample:
    """The counters of one stream at one moment."""

    at: float
    frames: int
    lost: int
    read_bytes: int
    reconnects: int


@dataclass(frozen=True)
class Figures:
    """Rates derived from the samples, for people and for the governor."""

    fps: float = 0.0
    kbps: float = 0.0
    lost: int = 0
    lost_ratio: float = 0.0
    reconnects: int = 0


class StreamHealth:
    """The last minutes of one stream's counters, across reconnects."""

    def __init__(self, history_s: int = HISTORY_S):
        self.samples: collections.deque[Sample] = collections.deque(maxlen=history_s)
        self.expected_fps: float | None = None
        self._base = Sample(0.0, 0, 0, 0, 0)
        self._last = self._base

    def record(self, at: float, stats, reconnects: int) -> None:
        """Add a sample; ``stats`` counts from the current attempt's start."""
        sample = Sample(
            at,
            self._base.frames + stats.displayed,
            self._base.lost + stats.lost,
            self._base.read_bytes + stats.read_bytes,
            reconnects,
        )
        self.samples.append(sample)
        self._last = sample

    def new_attempt(self) -> None:
        """Counters start from zero in a new player: carry the totals on."""
        self._base = self._last

    def figures(self, window: float = RATE_WINDOW_S) -> Figures:
        if len(self.samples) < 2:
            return Figures(reconnects=self._last.reconnects)
        last = self.samples[-1]
        first = next(
            (s for s in self.samples if last.at - s.at <= window), self.samples[0]
        )
        span = last.at - first.at
        if span <= 0:
            return Figures(reconnects=last.reconnects)
        frames = last.frames - first.frames
        lost = last.lost - first.lost
        return Figures(
            fps=frames / span,
            kbps=(last.read_bytes - first.read_bytes) * 8 / 1000 / span,
            lost=last.lost,
            lost_ratio=lost / max(1, frames + lost),
            reconnects=last.reconnects,
        )

    def series(self, field: str) -> tuple[list[float], list[float]]:
        """Per-second rates of a counter, for plotting: (times, values)."""
        times, values = [], []
        previous = None
        for sample in self.samples:
            if previous is not None and sample.at > previous.at:
                delta = getattr(sample, field) - getattr(previous, field)
                rate = delta / (sample.at - previous.at)
                if field == "read_bytes":
                    rate = rate * 8 / 1000
                times.append(sample.at)
                values.append(max(0.0, rate))
            previous = sample
        return times, values


class FailureRecord:
    """When each source went offline, to tell a flaky feed from a bad day."""

    def __init__(self, window_s: float = FLAKY_WINDOW_S):
        self.window_s = window_s
        self._times: dict[str, collections.deque[float]] = {}

    def record(self, source_id: str, state, now=None) -> None:
        """Note a stream's new state; going to reconnect counts a failure."""
        if state.phase == "reconnecting":
            now = time.monotonic() if now is None else now
            self._times.setdefault(source_id, collections.deque()).append(now)

    def count(self, source_id: str, now=None) -> int:
        now = time.monotonic() if now is None else now
        times = self._times.get(source_id)
        while times and now - times[0] > self.window_s:
            times.popleft()
        return len(times) if times else 0

    def flaky(self, source_id: str) -> bool:
        return self.count(source_id) >= FLAKY_RECONNECTS
