"""Health figures and the record of failures, from plain counters."""

from __future__ import annotations

from console.video.health import FLAKY_RECONNECTS, FailureRecord, StreamHealth
from console.video.player import Stats
from console.video.stream import Phase, StreamState


def test_rates_from_counters():
    """25 pictures and 100 kB a second give 25 fps and 800 kbit/s."""
    health = StreamHealth()
    for second in range(6):
        health.record(float(second), Stats(displayed=25 * second,
                      read_bytes=100_000 * second), 0)  # fmt: skip
    figures = health.figures()
    assert round(figures.fps) == 25
    assert round(figures.kbps) == 800


def test_counters_carry_across_attempts():
    """A new player's counters start at zero; the totals go on growing."""
    health = StreamHealth()
    health.record(0.0, Stats(displayed=0), 0)
    health.record(1.0, Stats(displayed=25), 0)
    health.new_attempt()
    health.record(2.0, Stats(displayed=25), 1)
    times, fps = health.series("frames")
    assert fps == [25.0, 25.0]
    assert health.figures().reconnects == 1


def test_flaky_after_repeated_reconnects():
    """Three reconnects in ten minutes flag a source; old ones expire."""
    record = FailureRecord(window_s=600)
    down = StreamState(Phase.RECONNECTING, reason="x")
    for minute in range(FLAKY_RECONNECTS):
        record.record("cam", down, now=minute * 60.0)
    assert record.count("cam", now=200.0) == FLAKY_RECONNECTS
    assert record.count("cam", now=700.0) == 1
    record.record("cam", StreamState(Phase.PLAYING), now=701.0)
    assert record.count("cam", now=701.0) == 1
