"""Runs the console on the demo site across the screens an X server has.

Started by the end-to-end test, twice:

- ``save``, on an X server with two screens: checks that screen 2 got a
  full-screen wall of its own, plays four sources there, photographs both
  screens, and saves the view "two screens";
- ``restore``, on an X server with one screen: opens that view and reports
  where screen 2's wall went and what its tiles play.

Writes ``result.json`` and the screenshots into the folder it is given.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from wall_driver import tile_figures  # this folder, as the script runs from it

from console.__main__ import build_parser
from console.logs import setup_logging
from widgets.app import run_console

TIMEOUT_S = 60
SETTLED_S = 2.0
VIEW = "two screens"


def grab(screen, path: Path) -> QImage:
    image = screen.grabWindow(0).toImage()
    image.save(str(path))
    return image.convertToFormat(QImage.Format.Format_RGB32)


def settled(tiles) -> bool:
    return bool(tiles) and all(
        t.session and t.session.playing_for() > SETTLED_S and t.painted_serial > 0
        for t in tiles
    )


def on_top(window) -> bool:
    """Whether ``window`` is what one sees at its centre (no other over it)."""
    if window is None:
        return False
    centre = window.mapToGlobal(window.rect().center())
    seen = QApplication.widgetAt(centre)
    return seen is not None and seen.window() is window


def drive(window, out: Path, phase: str) -> None:
    started = time.monotonic()
    walls = window.screens
    if phase == "save":
        second = walls.windows[1].wall
        second.set_layout(4)
        for index, source in enumerate(window.site.sources[4:8]):
            second.assign(index, source)

    def wait_then_shoot():
        second_wall = walls.wall(1)
        tiles = second_wall.visible_tiles() if second_wall else []
        ready = settled(window.wall.visible_tiles()) and settled(tiles)
        if not ready and time.monotonic() - started < TIMEOUT_S:
            QTimer.singleShot(200, wait_then_shoot)
            return
        shoot([])

    def shoot(shots):
        screen = walls.windows[1].screen() if 1 in walls.windows else None
        shots.append(grab(screen, out / f"screen2-{len(shots) + 1}.png"))
        if len(shots) < 3:
            QTimer.singleShot(1000, lambda: shoot(shots))
        else:
            report(shots)

    def report(shots):
        grab(QGuiApplication.screens()[0], out / "screen1.png")
        window_2 = walls.windows.get(1)
        result = {
            "screens": len(QGuiApplication.screens()),
            "second_full_screen": window_2.isFullScreen() if window_2 else None,
            "second_on_screen": (
                QGuiApplication.screens().index(window_2.screen()) if window_2 else None
            ),
            "missing": walls.missing_screens(),
            "caption": window_2.caption.text() if window_2 else "",
            "second_on_top": on_top(window_2),
            "layouts": [wall.layout_spec.tiles for wall in walls.walls],
            "tiles": [tile_figures(t, shots) for t in window_2.wall.visible_tiles()],
        }
        if phase == "save":
            result["assigned"] = [s.id for s in window.site.sources[4:8]]
            result["saved"] = window.save_view_as(VIEW)
        (out / "result.json").write_text(json.dumps(result, indent=1))
        window.close()

    wait_then_shoot()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["save", "restore"])
    parser.add_argument("out", type=Path)
    options = parser.parse_args()
    setup_logging(1)
    if options.phase == "save":
        console = ["--demo", "--layout", "4", "--lang", "en"]
    else:
        console = ["--demo", "--view", VIEW, "--lang", "en"]
    args = build_parser().parse_args(console)
    return run_console(
        args, on_shown=lambda window: drive(window, options.out, options.phase)
    )


if __name__ == "__main__":
    sys.exit(main())
