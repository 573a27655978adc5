"""PTZ reservations over the dispatch hub: two consoles, one dome."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.dispatch.client import DispatchClient, DispatchError
from console.dispatch.protocol import PtzHolder
from console.site import load_site
from console.video.player import Engine
from tests.support import seconds
from tests.video.conftest import FAST
from tests.widgets.cameras.conftest import cameras, run, site_text, until

UNITS = """
[[unit]]
id = "cmd"
name = "City command"
level = "city"
kind = "console"
token = "console-token-1"

[[unit]]
id = "cmd2"
name = "County command"
level = "county"
kind = "console"
token = "console-token-2"
"""


@pytest.fixture
def hub_console(qtbot, loop, fleet, site_server, tmp_path, monkeypatch):
    """The camera site's window with its embedded hub; closed after."""
    from widgets.main_window import MainWindow

    monkeypatch.setenv("CONSOLE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("CONSOLE_HUB_DB", str(tmp_path / "hub.db"))
    path = tmp_path / "site.toml"
    path.write_text(site_text(fleet, site_server) + UNITS, encoding="utf-8")
    load = load_site(path)
    assert not load.problems
    window = MainWindow(load, store=None)
    window.wall.timing = FAST
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    panel, part = window.extensions[0], window.extensions[-1]
    try:
        until(qtbot, lambda: panel.link.state == "connected", seconds(10))
        yield window
    finally:
        subscriptions = part.watch.subscriptions.values()
        until(qtbot, lambda: all(s.live for s in subscriptions))
        run(qtbot, panel.stop())
        window.close()
        if part.closing is not None:
            run(qtbot, part.closing)
        window.deleteLater()
        Engine.shared().drain()


@pytest.fixture
def console2(qtbot, hub_console):
    """County command, a plain console client on the window's hub."""
    url = hub_console.extensions[0].link.hub.url
    client = DispatchClient(url, "cmd2", "console-token-2", role="console")
    got: list = []
    client.subscribe(got.append)
    client.start()
    try:
        run(qtbot, client.wait_connected(seconds(5)))
        yield client, got
    finally:
        run(qtbot, client.close())


@pytest.fixture
def dome_tile(hub_console, fleet, qtbot):
    hub_console.wall.assign(0, hub_console.site.source("dome"))
    tile = hub_console.wall.tiles[0]
    hub_console.wall.select(0)
    tile.setFocus()
    until(qtbot, lambda: "GetPresets" in fleet.devices[1].requests)
    return tile, cameras(hub_console).ptz, fleet.devices[1]


def test_dome_held_by_another_console_refuses_and_names_it(dome_tile, console2, qtbot):
    """cmd2 holds the dome over the hub: the tile names it and refuses."""
    tile, ptz, dome = dome_tile
    other, _ = console2
    run(qtbot, other.reserve_ptz("dome"))
    until(qtbot, lambda: ptz.message(tile) == "PTZ held by County command")

    qtbot.keyPress(tile, Qt.Key.Key_Right)
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    qtbot.wait(int(seconds(0.3) * 1000))
    assert "ContinuousMove" not in dome.requests
    assert dome.position == (0.0, 0.0, 0.0)

    run(qtbot, other.release_ptz("dome"))
    until(qtbot, lambda: ptz.message(tile) is None)


def test_steering_reserves_over_the_hub_and_the_other_is_refused(
    dome_tile, console2, qtbot
):
    """The window steers: cmd2 hears it holds the dome and is refused."""
    tile, ptz, dome = dome_tile
    other, got = console2
    qtbot.keyPress(tile, Qt.Key.Key_Right)
    until(qtbot, lambda: dome.position[0] > 0.05)
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    held = until(
        qtbot,
        lambda: [e for e in got if isinstance(e, PtzHolder) and e.unit == "cmd"],
    )
    assert held[0].name == "City command"
    assert ptz.reservations.holder("dome") == ptz.operator

    with pytest.raises(DispatchError) as refused:
        run(qtbot, other.reserve_ptz("dome"))
    assert refused.value.error.code == "conflict"
    assert "City command" in refused.value.error.detail
