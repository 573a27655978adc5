"""The hub's core without sockets: links are lists, time is turned by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from console.dispatch import protocol as p
from console.dispatch.core import HubCore
from console.dispatch.hub import register_site
from console.dispatch.store import Store
from tests.dispatch.conftest import TEST_COST, TOKENS


class HandClock:
    """Time that moves only when the test says; timers fire on advance."""

    def __init__(self):
        self.t = 1000.0
        self.wall = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
        self.timers: list[list] = []

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return self.wall

    def call_later(self, delay, callback):
        timer = [self.t + max(0.0, delay), callback, False]
        self.timers.append(timer)
        return _Handle(timer)

    def advance(self, seconds: float) -> None:
        end = self.t + seconds
        while True:
            due = [t for t in self.timers if not t[2] and t[0] <= end]
            if not due:
                break
            timer = min(due, key=lambda t: t[0])
            timer[2] = True
            self._move(timer[0] - self.t)
            timer[1]()
        self._move(end - self.t)

    def _move(self, seconds: float) -> None:
        self.t += seconds
        self.wall += timedelta(seconds=seconds)


class _Handle:
    def __init__(self, timer):
        self._timer = timer

    def cancel(self):
        self._timer[2] = True


class ListLink:
    """A link that keeps what the core sends, decoded."""

    def __init__(self):
        self.got: list[dict] = []
        self.closed: tuple[int, str] | None = None

    def send(self, frame: str) -> None:
        self.got.append(json.loads(frame))

    def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    def of(self, type_, **match):
        return [
            m
            for m in self.got
            if m["type"] == type_ and all(m.get(k) == v for k, v in match.items())
        ]


@pytest.fixture
def core(site, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'core.sqlite'}")
    register_site(store, site, TEST_COST)
    clock = HandClock()
    hub = HubCore(store, clock, ring_timeout=30)
    hub.hand = clock
    yield hub
    hub.stop()
    store.close()


def frame(type_: str, **fields) -> str:
    return json.dumps({"type": type_, "id": p.new_id(), "ts": p.now(), **fields})


def join(core: HubCore, unit: str, **hello):
    link = ListLink()
    peer = core.attach(link)
    role = "console" if unit.startswith("cmd") else "terminal"
    first = frame("hello", unit=unit, token=TOKENS[unit], role=role, **hello)
    message = core.hello(peer, first)
    assert core.open(peer, message, core.verify(unit, TOKENS[unit]))
    return peer, link


def test_ring_timeout_counts_from_the_start_for_everyone(core):
    """At 30 s, ringing and offline members alike become missed."""
    _, console = join(core, "cmd")
    t1, t1_link = join(core, "t1")
    peer, _ = join(core, "cmd2")
    core.receive(
        peer,
        frame(
            "call.start", call="c", members=["t1", "t2"], priority="high", subject="s"
        ),
    )
    assert t1_link.of("call.ring", call="c")
    core.hand.advance(29.9)
    assert not console.of("call.member", state="missed")
    core.hand.advance(0.2)
    missed = {m["unit"] for m in console.of("call.member", state="missed")}
    assert missed == {"t1", "t2"}
    assert console.of("call.state", state="ended")


def test_telemetry_window_holds_five_and_sends_the_latest(core):
    """Five forwards in any second; the newest waiting one goes next."""
    _, console = join(core, "cmd")
    drone, _ = join(core, "t4")
    for n in range(12):
        core.receive(drone, frame("telemetry", source="uav", lat=n, lon=0))
        core.hand.advance(0.01)
    assert [m["lat"] for m in console.of("telemetry")] == [0, 1, 2, 3, 4]
    core.hand.advance(1.0)
    forwarded = [m["lat"] for m in console.of("telemetry")]
    assert forwarded[-1] == 11 and len(forwarded) == 6


@pytest.mark.expect_log("over its rate")
def test_token_bucket_refills_at_fifty_a_second(core):
    """Burst 100, then 50 a second; one rate_limited per second at most."""
    peer, link = join(core, "t1")
    for _ in range(150):
        core.receive(peer, frame("roster"))
    assert len(link.of("roster")) == 100
    assert len(link.of("error", code="rate_limited")) == 1
    core.hand.advance(1.0)
    for _ in range(60):
        core.receive(peer, frame("roster"))
    assert len(link.of("roster")) == 150
    assert len(link.of("error", code="rate_limited")) == 2


def test_refused_hello_closes_without_seq(core):
    """Before authentication errors carry no seq and the link closes."""
    link = ListLink()
    peer = core.attach(link)
    assert core.hello(peer, "nonsense") is None
    assert link.closed == (4401, "not_authenticated")
    assert "seq" not in link.got[0]


def test_seq_grows_by_one_across_everything(core):
    """Errors, replies and traffic share one per-unit sequence."""
    peer, link = join(core, "cmd")
    core.receive(peer, frame("roster"))
    core.receive(peer, "{bad")
    core.receive(peer, frame("status", state="busy"))
    seqs = [m["seq"] for m in link.got if "seq" in m]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 4


def test_resume_older_than_kept_sets_gap(core):
    """Resuming from before what the hub keeps replays the rest, gap true."""
    peer, link = join(core, "cmd")
    for _ in range(3):
        core.receive(peer, frame("roster"))
    core.hand.advance(3600 * 49)
    core.prune()
    core.close(peer)
    _, again = join(core, "cmd", resume=0)
    welcome = again.of("welcome")[0]
    assert welcome["gap"] is True
    replayed = [m["seq"] for m in again.got if "seq" in m]
    assert replayed[0] == welcome["last_seq"]
