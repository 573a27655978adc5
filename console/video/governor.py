"""When the machine cannot decode every tile at full rate, degrade evenly.

Left alone, an overloaded wall makes every tile stutter. The governor looks
at each visible tile's frame rate against its stream's own every couple of
seconds; when a good share of tiles fall behind, twice in a row, it puts
the smallest tiles (all of one size at once, so the wall stays even) on
reduced decoding, which halves their cost. The large and maximized tiles,
where people look closest, are reduced last and never when maximized.
After a calm spell it gives the largest reduced tiles their full rate back,
and waits twice as long before the next try if that overloads again.

Before it reduces anything, it lets ``relieve`` try once what costs no
picture: the wall spreads the tiles' decoding, kept each on one processor
(``console.video.placement``), over every processor again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass

log = logging.getLogger(__name__)

BEHIND = 0.8  # a tile showing under 80 % of its stream's rate is behind
OVERLOADED_SHARE = 0.25  # this share of tiles behind means overload
PATIENCE = 2  # consecutive overloaded looks before acting
CALM_S = 30.0  # seconds without overload before stepping back
SAME_SIZE = 1.1  # tiles within 10 % of each other's area are one size


@dataclass(frozen=True)
class TileLoad:
    """What the governor knows of one visible, playing tile."""

    tile: Hashable  # whatever names the tile: the tile itself, on any wall
    area: int
    fps: float
    expected_fps: float | None
    reduced: bool
    maximized: bool = False
    settled: bool = True  # played long enough for its rate to mean anything

    def behind(self) -> bool:
        if self.reduced or not self.expected_fps or not self.settled:
            return False
        return self.fps < BEHIND * self.expected_fps


class DecodeGovernor:
    """Decides which tiles decode at a reduced rate.

    Attributes:
        reduced: the tiles on reduced decoding now.
    """

    def __init__(
        self, calm_s: float = CALM_S, relieve: Callable[[], bool] | None = None
    ):
        self.reduced: set[Hashable] = set()
        # Called at an overload before reducing: whether it changed anything.
        self.relieve = relieve or (lambda: False)
        self.calm_s = calm_s
        self._strikes = 0
        self._changed_at = 0.0
        self._stepped_back = False

    def decide(self, tiles: list[TileLoad], now: float) -> set[Hashable]:
        """The tiles that should be reduced, given how they do now."""
        present = {t.tile for t in tiles}
        self.reduced &= present
        behind = [t for t in tiles if t.behind()]
        if tiles and len(behind) >= max(1, OVERLOADED_SHARE * len(tiles)):
            self._strikes += 1
        else:
            self._strikes = 0
        if self._strikes >= PATIENCE:
            if self.relieve():
                self._strikes = 0  # look again before reducing
            else:
                self._reduce_smallest(tiles, now)
        elif not behind and self.reduced and now - self._changed_at > self.calm_s:
            self._restore_largest(tiles, now)
        return set(self.reduced)

    def _reduce_smallest(self, tiles: list[TileLoad], now: float) -> None:
        self._strikes = 0
        candidates = [
            t for t in tiles if t.tile not in self.reduced and not t.maximized
        ]
        if not candidates:
            return
        if self._stepped_back:
            # Full rate came back too early: be slower to try again.
            self.calm_s *= 2
            self._stepped_back = False
        smallest = min(t.area for t in candidates)
        chosen = {t.tile for t in candidates if t.area <= smallest * SAME_SIZE}
        self.reduced |= chosen
        self._changed_at = now
        log.warning(
            "decoding cannot keep up: %d tiles on reduced decoding", len(self.reduced)
        )

    def _restore_largest(self, tiles: list[TileLoad], now: float) -> None:
        reduced = [t for t in tiles if t.tile in self.reduced]
        if not reduced:
            return
        largest = max(t.area for t in reduced)
        back = {t.tile for t in reduced if t.area * SAME_SIZE >= largest}
        self.reduced -= back
        self._changed_at = now
        self._stepped_back = True
        log.info("decoding keeps up: %d tiles back to full rate", len(back))
