"""Runs the whole console on the demo site and photographs its wall.

Started by the end-to-end test on an Xvfb screen: opens the console exactly
as ``console --demo --layout 16`` does, waits until every tile plays, grabs
the screen three times a second apart, measures each tile, and closes the console.
Writes ``result.json`` and the screenshots into the folder it is given.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QImage

from console.__main__ import build_parser
from console.logs import setup_logging
from widgets.app import run_console

TIMEOUT_S = 60
OVERLAY_PX = 32
SHOTS = 3
SETTLED_S = 2.0


def grab(path: Path) -> QImage:
    image = QGuiApplication.primaryScreen().grabWindow(0).toImage()
    image.save(str(path))
    return image.convertToFormat(QImage.Format.Format_RGB32)


def measure(first: QImage, second: QImage, rect) -> dict:
    """How much of a tile's picture is lit, and how much of it changed."""
    lit = changed = total = 0
    # Leave out the console's overlay strips: their clock always moves.
    top = rect.top() + OVERLAY_PX
    bottom = rect.bottom() - OVERLAY_PX
    for y in range(top, bottom, 3):
        for x in range(rect.left() + 2, rect.right() - 2, 3):
            a, b = first.pixel(x, y), second.pixel(x, y)
            total += 1
            lit += (a & 0xFFFFFF) != 0
            changed += a != b
    return {"lit": lit / total, "changed": changed / total}


def tile_figures(tile, shots: list[QImage]) -> dict:
    """A tile's source and state, and how lit and moving its picture is.

    A loaded machine may hold one picture for a moment: a tile is judged
    by the most it moved between any two shots.
    """
    origin = tile.mapToGlobal(tile.rect().topLeft())
    rect = tile.rect().translated(origin)
    pairs = [measure(a, b, rect) for a, b in itertools.pairwise(shots)]
    figures = max(pairs, key=lambda f: f["changed"])
    figures["source"] = tile.source.id if tile.source else None
    figures["state"] = tile.state_text()
    return figures


def drive(window, out: Path) -> None:
    started = time.monotonic()

    def all_playing() -> bool:
        # Playing for a moment, not just since the first frame: a machine
        # busy starting everything may hold a stream back at first.
        tiles = window.wall.visible_tiles()
        return len(tiles) == 16 and all(
            t.session and t.session.playing_for() > SETTLED_S and t.painted_serial > 0
            for t in tiles
        )

    def wait_then_shoot():
        if not all_playing() and time.monotonic() - started < TIMEOUT_S:
            QTimer.singleShot(200, wait_then_shoot)
            return
        QTimer.singleShot(1500, shoot)

    shots: list[QImage] = []

    def shoot():
        shots.append(grab(out / f"wall-{len(shots) + 1}.png"))
        if len(shots) < SHOTS:
            QTimer.singleShot(1000, shoot)
        else:
            report()

    def report():
        tiles = [tile_figures(tile, shots) for tile in window.wall.visible_tiles()]
        result = {"tiles": tiles, "seconds": time.monotonic() - started}
        (out / "result.json").write_text(json.dumps(result, indent=1))
        window.close()

    wait_then_shoot()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    options = parser.parse_args()
    setup_logging(1)
    args = build_parser().parse_args(["--demo", "--layout", "16", "--lang", "zh_CN"])
    return run_console(args, on_shown=lambda window: drive(window, options.out))


if __name__ == "__main__":
    sys.exit(main())
