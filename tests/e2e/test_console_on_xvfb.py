"""End to end: the whole console on the demo site, on a real X screen."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import seconds, wait_until

pytestmark = pytest.mark.e2e
DRIVER = Path(__file__).with_name("wall_driver.py")
SCREENS_DRIVER = Path(__file__).with_name("screens_driver.py")


@contextlib.contextmanager
def x_server(screens: int = 1):
    """A private X server with ``screens`` screens of 1920x1080, ended after."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: run scripts/setup")
    for number in range(150, 200):
        if not Path(f"/tmp/.X{number}-lock").exists():
            break
    display = f":{number}"
    layout = []
    for screen in range(screens):
        layout += ["-screen", str(screen), "1920x1080x24"]
    server = subprocess.Popen(
        ["Xvfb", display, *layout, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, what="Xvfb")
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def xvfb():
    with x_server() as display:
        yield display


def rtsp_servers() -> list[str]:
    found = subprocess.run(
        ["pgrep", "-f", "rtsp_server.py --config .*demo"], capture_output=True,
        text=True,
    )  # fmt: skip
    return found.stdout.split()


def assert_no_errors(log: str) -> None:
    """The console logged no error, closing included (a task left pending,
    a connection left open)."""
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert errors == [], "\n".join(errors[:20])


def log_of(source: str | None, log: str) -> str:
    """The console's log lines about one source, to explain a failure."""
    lines = [line for line in log.splitlines() if source and source in line]
    return "\n".join(lines[-40:])


def run_driver(command: list[str], display: str, data: Path, out: Path):
    """Run a driver on ``display`` with its data in ``data``; its result
    and the console's log (kept in ``out``, with the screenshots)."""
    out.mkdir(exist_ok=True)
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env["XDG_DATA_HOME"] = str(data)
    result = subprocess.run(
        [sys.executable, *command, str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds(120),
    )
    (out / "console.log").write_text(result.stderr)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_errors(result.stderr)
    return json.loads((out / "result.json").read_text()), result.stderr


def test_sixteen_tile_view_shows_moving_video_everywhere(xvfb, tmp_path):
    """Every tile of a 16-tile demo view shows a lit, moving picture."""
    figures, log = run_driver([str(DRIVER)], xvfb, tmp_path / "data", tmp_path)
    tiles = figures["tiles"]
    assert len(tiles) == 16
    for tile in tiles:
        assert tile["source"], tile
    assert_playing(tiles, [tile["source"] for tile in tiles], log)
    assert rtsp_servers() == [], "the demo site outlived the console"


def run_screens_driver(phase: str, display: str, data: Path, out: Path) -> dict:
    return run_driver([str(SCREENS_DRIVER), phase], display, data, out)[0]


# The demo's "ball" cameras move a ball of under 1 % of the picture over a
# still background, and their coding noise is below what a pixel shows: a
# moving tile may change only that much between shots, a frozen one not at
# all.
MOVED = 0.003


def assert_playing(tiles: list[dict], sources: list[str], log: str) -> None:
    assert [tile["source"] for tile in tiles] == sources
    for tile in tiles:
        story = log_of(tile["source"], log)
        assert tile["lit"] > 0.05, (tile, story)
        assert tile["changed"] > MOVED, (tile, story)


def test_view_on_two_real_screens_restores_on_one(tmp_path):
    """Screen 2 gets its own full-screen wall; without it, a window shows it."""
    data = tmp_path / "data"
    with x_server(screens=2) as display:
        saved = run_screens_driver("save", display, data, tmp_path / "save")
    log = (tmp_path / "save" / "console.log").read_text()
    second = saved["assigned"]
    assert len(second) == 4
    assert saved["screens"] == 2
    assert saved["second_on_screen"] == 1 and saved["second_full_screen"]
    assert saved["missing"] == [] and saved["saved"]
    assert_playing(saved["tiles"], second, log)

    with x_server(screens=1) as display:
        restored = run_screens_driver("restore", display, data, tmp_path / "restore")
    log = (tmp_path / "restore" / "console.log").read_text()
    assert restored["screens"] == 1 and restored["missing"] == [1]
    assert not restored["second_full_screen"] and restored["second_on_top"]
    assert "not connected" in restored["caption"]
    assert restored["layouts"] == [4, 4]
    assert_playing(restored["tiles"], second, log)
    assert rtsp_servers() == [], "the demo site outlived the console"
