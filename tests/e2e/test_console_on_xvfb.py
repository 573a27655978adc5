"""End to end: the whole console on the demo site, on a real X screen."""

from __future__ import annotations

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


@pytest.fixture
def xvfb():
    """A private X screen of 1920x1080, ended afterwards."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: run scripts/setup")
    for number in range(150, 200):
        if not Path(f"/tmp/.X{number}-lock").exists():
            break
    display = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, what="Xvfb")
    yield display
    server.terminate()
    server.wait(timeout=10)


def rtsp_servers() -> list[str]:
    found = subprocess.run(
        ["pgrep", "-f", "rtsp_server.py --config .*demo"], capture_output=True,
        text=True,
    )  # fmt: skip
    return found.stdout.split()


def log_of(source: str | None, log: str) -> str:
    """The console's log lines about one source, to explain a failure."""
    lines = [line for line in log.splitlines() if source and source in line]
    return "\n".join(lines[-40:])


def test_sixteen_tile_view_shows_moving_video_everywhere(xvfb, tmp_path):
    """Every tile of a 16-tile demo view shows a lit, moving picture."""
    env = dict(os.environ, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, str(DRIVER), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds(120),
    )
    (tmp_path / "console.log").write_text(result.stderr)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads((tmp_path / "result.json").read_text())
    tiles = figures["tiles"]
    assert len(tiles) == 16
    for tile in tiles:
        story = log_of(tile["source"], result.stderr)
        assert tile["source"], tile
        assert tile["lit"] > 0.05, (tile, story)
        assert tile["changed"] > 0.01, (tile, story)
    assert rtsp_servers() == [], "the demo site outlived the console"
