"""Runs the whole console on the demo site and photographs its wall.

Started by the end-to-end test on an Xvfb screen: opens the console exactly
as ``console --demo --layout 16`` does, waits until every tile plays, grabs
the screen twice a second apart, measures each tile, and closes the console.
Writes ``result.json`` and the two screenshots into the folder it is given.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QImage

from console.__main__ import build_parser
from console.logs import setup_logging
from console.video.stream import Phase
from widgets.app import run_console

TIMEOUT_S = 60


def grab(path: Path) -> QImage:
    image = QGuiApplication.primaryScreen().grabWindow(0).toImage()
    image.save(str(path))
    return image.convertToFormat(QImage.Format.Format_RGB32)


def measure(first: QImage, second: QImage, rect) -> dict:
    """How much of a tile's picture is lit, and how much of it changed."""
    lit = changed = total = 0
    # Leave out the overlay rows at top and bottom: their clock always moves.
    top = rect.top() + rect.height() // 6
    bottom = rect.bottom() - rect.height() // 6
    for y in range(top, bottom, 3):
        for x in range(rect.left() + 2, rect.right() - 2, 3):
            a, b = first.pixel(x, y), second.pixel(x, y)
            total += 1
            lit += (a & 0xFFFFFF) != 0
            changed += a != b
    return {"lit": lit / total, "changed": changed / total}


def drive(window, out: Path) -> None:
    started = time.monotonic()

    def all_playing() -> bool:
        tiles = window.wall.visible_tiles()
        return len(tiles) == 16 and all(
            t.session
            and t.session.state.phase is Phase.PLAYING
            and t.painted_serial > 0
            for t in tiles
        )

    def wait_then_shoot():
        if not all_playing() and time.monotonic() - started < TIMEOUT_S:
            QTimer.singleShot(200, wait_then_shoot)
            return
        QTimer.singleShot(1500, shoot_first)

    def shoot_first():
        window._first = grab(out / "wall-1.png")
        QTimer.singleShot(1000, shoot_second)

    def shoot_second():
        second = grab(out / "wall-2.png")
        tiles = []
        for tile in window.wall.visible_tiles():
            rect = tile.geometry().translated(
                tile.parentWidget().mapToGlobal(tile.parentWidget().rect().topLeft())
            )
            figures = measure(window._first, second, rect)
            figures["source"] = tile.source.id if tile.source else None
            figures["state"] = tile.state_text()
            tiles.append(figures)
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
