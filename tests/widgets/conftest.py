"""A real demo-like site on a real RTSP server, and a console window on it."""

from __future__ import annotations

import pytest

from console.site import parse_site
from console.store import Store
from console.video.player import Engine
from tests.rtsp import RtspServer
from tests.video.conftest import FAST

COLOURS = [0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFFFFFF00, 0xFF00FFFF, 0xFFFF00FF]


@pytest.fixture(scope="session")
def site_server():
    """Six small live sources, each a solid colour, on one RTSP server."""
    mounts = [
        {
            "path": f"/s{i}/sub",
            "pattern": "solid-color",
            "color": colour,
            "width": 320,
            "height": 180,
            "overlay": False,
            "bitrate_kbps": 200,
        }
        for i, colour in enumerate(COLOURS)
    ]
    for which, width, height in (("main", 1280, 720), ("sub", 320, 180)):
        mounts.append(
            {"path": f"/duo/{which}", "width": width, "height": height,
             "pattern": "ball", "overlay": False, "bitrate_kbps": 300}
        )  # fmt: skip
    with RtspServer(mounts) as server:
        yield server


@pytest.fixture
def site(site_server):
    entries = []
    for i in range(len(COLOURS)):
        entries.append(
            f"""
[[source]]
id = "s{i}"
name = "Source {i}"
kind = "camera"
level = "{"enterprise" if i % 2 else "town"}"
group = "Group {i // 3}"
main = "{site_server.url(f"/s{i}/sub")}"
"""
        )
    entries.append(
        f"""
[[source]]
id = "duo"
name = "Main and sub"
kind = "ptz_dome"
level = "county"
main = "{site_server.url("/duo/main")}"
sub = "{site_server.url("/duo/sub")}"
"""
    )
    load = parse_site("[site]\nname = 'test'\n" + "".join(entries), "test.toml")
    assert not load.problems
    return load


@pytest.fixture
def store(tmp_path):
    """A real SQLite file in the test's folder."""
    store = Store(f"sqlite:///{tmp_path / 'views.db'}")
    yield store
    store.close()


@pytest.fixture
def window(qtbot, site, store):
    """The console's main window on the test site, closed afterwards."""
    from widgets.main_window import MainWindow

    main = MainWindow(site, store)
    main.wall.timing = FAST
    qtbot.addWidget(main)
    main.resize(1280, 720)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    Engine.shared().drain()
