"""Helpers every test module shares: one timing unit, waiting, ports, and
the marks of what a machine may lack."""

from __future__ import annotations

import contextlib
import os
import socket
import time

import pytest

# One timing unit for every test, scaled for slow machines:
# CONSOLE_TEST_TIME_SCALE=3 gives every wait three times as long.
TIME_SCALE = float(os.environ.get("CONSOLE_TEST_TIME_SCALE", "1"))


def seconds(value: float) -> float:
    """A duration in the tests' timing unit."""
    return value * TIME_SCALE


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.05, what=""):
    """Poll ``predicate`` until it is true; fail with ``what`` on timeout."""
    deadline = time.monotonic() + seconds(timeout)
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {seconds(timeout):.1f}s: {what}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive TCP ports on 127.0.0.1 that are
    all free right now: the demo site's two RTSP servers take a port and
    the next, and the next, left to chance, can be another's."""
    for _ in range(100):
        first = free_port()
        with contextlib.ExitStack() as held:
            try:
                for port in range(first, first + count):
                    sock = held.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return first
    raise RuntimeError(f"no {count} consecutive free ports on 127.0.0.1")


# Placing decoding on processors takes two of them.
needs_two_processors = pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2, reason="placing needs two processors"
)
