"""The decode governor degrades evenly and steps back when calm."""

from __future__ import annotations

import pytest

from console.video.governor import DecodeGovernor, TileLoad


def wall(fps: float, reduced=frozenset(), sizes=None, maximized=None):
    sizes = sizes or [100] * 8 + [400]
    return [
        TileLoad(i, area, fps, 25.0, i in reduced, maximized == i)
        for i, area in enumerate(sizes)
    ]


@pytest.mark.expect_log("cannot keep up")
def test_overload_reduces_the_smallest_tiles_together():
    """Two overloaded looks put every smallest tile, and only those, on reduced."""
    governor = DecodeGovernor()
    assert governor.decide(wall(12), now=0) == set()
    assert governor.decide(wall(12), now=2) == set(range(8))


def test_a_single_slow_look_changes_nothing():
    """One overloaded look followed by a good one reduces nothing."""
    governor = DecodeGovernor()
    governor.decide(wall(12), now=0)
    assert governor.decide(wall(25), now=2) == set()


@pytest.mark.expect_log("cannot keep up")
def test_maximized_tile_is_never_reduced():
    """A maximized tile keeps its full rate however loaded the machine is."""
    governor = DecodeGovernor()
    loads = wall(10, sizes=[400], maximized=0)
    for second in range(0, 10, 2):
        assert governor.decide(loads, now=second) == set()


@pytest.mark.expect_log("cannot keep up")
def test_calm_brings_the_largest_reduced_back_and_backs_off():
    """After a calm spell tiles return; overload again doubles the wait."""
    governor = DecodeGovernor(calm_s=30)
    governor.decide(wall(12), now=0)
    reduced = governor.decide(wall(12), now=2)
    assert governor.decide(wall(25, reduced), now=20) == reduced
    assert governor.decide(wall(25, reduced), now=40) == set()

    governor.decide(wall(12), now=42)
    assert governor.decide(wall(12), now=44) == reduced
    assert governor.calm_s == 60


@pytest.mark.expect_log("cannot keep up")
def test_tiles_still_settling_are_reduced_with_their_size():
    """Tiles too new to judge still go to reduced with the rest of their size."""
    governor = DecodeGovernor()
    loads = wall(12) + [TileLoad(20, 100, 0.0, 25.0, False, settled=False)]
    governor.decide(loads, now=0)
    assert 20 in governor.decide(loads, now=2)


def test_tiles_still_settling_do_not_count_as_behind():
    """A wall of tiles that just started is not overloaded."""
    governor = DecodeGovernor()
    loads = [TileLoad(i, 100, 0.0, 25.0, False, settled=False) for i in range(9)]
    for second in range(0, 8, 2):
        assert governor.decide(loads, now=second) == set()


@pytest.mark.expect_log("cannot keep up")
def test_overload_is_relieved_once_before_anything_is_reduced():
    """The first overload only calls ``relieve``; if the next persists and
    nothing more relieves it, the smallest tiles are reduced."""
    relieved = []

    def relieve():
        relieved.append(True)
        return len(relieved) == 1

    governor = DecodeGovernor(relieve=relieve)
    governor.decide(wall(12), now=0)
    assert governor.decide(wall(12), now=2) == set()
    assert relieved == [True]
    governor.decide(wall(12), now=4)
    assert governor.decide(wall(12), now=6) == set(range(8))
