"""The console window with its embedded hub, real terminals, qasync's loop.

The panel starts the hub in-process on 127.0.0.1:0 over a SQLite file in
the test's folder; terminals are real ``DispatchClient``s that answer,
decline or stay away as each test needs.
"""

from __future__ import annotations

import asyncio

import pytest
import qasync

from console.dispatch.client import DispatchClient
from console.dispatch.drill import AutoReply
from console.site import SiteLoad, parse_site
from console.video.player import Engine
from tests.support import seconds

SITE = """
[site]
name = "dispatch test"

[[source]]
id = "drone-cam"
name = "Drone camera"
kind = "drone"
level = "county"
main = "rtsp://127.0.0.1:9/drone"

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

[[unit]]
id = "t1"
name = "Town one"
level = "town"
kind = "station"
token = "terminal-token-1"

[[unit]]
id = "t2"
name = "Hazchem team"
level = "county"
kind = "handheld"
token = "terminal-token-2"

[[unit]]
id = "t3"
name = "Enterprise officer"
level = "enterprise"
kind = "handheld"
token = "terminal-token-3"

[[unit]]
id = "t4"
name = "Drone team"
level = "county"
kind = "drone"
token = "terminal-token-4"

[[group]]
id = "field"
name = "All field units"
members = ["t1", "t2", "t3", "t4"]
key = "F1"
"""

TOKENS = {
    "cmd2": "console-token-2",
    "t1": "terminal-token-1",
    "t2": "terminal-token-2",
    "t3": "terminal-token-3",
}


@pytest.fixture(scope="module")
def loop(qapp):
    """qasync's loop inside Qt's, running whenever Qt processes events.

    ``already_running`` lets pytest-qt drive it (qtbot.waitUntil, key
    clicks): the console, too, runs asyncio only inside Qt's loop. One
    loop serves the module: a second qasync loop in the same process
    never hears back from its worker threads.
    """
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    # Not loop.stop(): it calls QApplication.exit(), and every Qt loop
    # the later tests wait in would end at once.
    loop._QEventLoop__is_running = False
    loop.close()
    # The loop said it runs from its start; other modules' loops must not
    # find it still running.
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


def until(qtbot, predicate, timeout: float = 10.0, what: str = ""):
    """Let Qt (and asyncio in it) run until ``predicate()`` is true."""
    found = []

    def check():
        value = predicate()
        if value:
            found.append(value)
        return bool(value)

    try:
        qtbot.waitUntil(check, timeout=int(seconds(timeout) * 1000))
    except AssertionError:
        raise AssertionError(f"timed out after {timeout}s: {what}") from None
    return found[-1]


def run(qtbot, work, timeout: float = 10.0):
    """Run the coroutine ``work`` on the loop; its result."""
    task = asyncio.ensure_future(work)
    until(qtbot, task.done, timeout, f"{work!r} to finish")
    return task.result()


@pytest.fixture
def site():
    load = parse_site(SITE, "dispatch-test.toml")
    assert load.problems == []
    return load.site


@pytest.fixture
def window(qtbot, loop, site, tmp_path, monkeypatch):
    """The console window, connected to its embedded hub; closed after."""
    from widgets.main_window import MainWindow

    monkeypatch.setenv("CONSOLE_HUB_DB", str(tmp_path / "hub.db"))
    # Not qtbot.addWidget: pytest-qt would close the window before this
    # fixture's teardown has left the hub.
    main = MainWindow(SiteLoad(site, []), None)
    main.resize(1400, 800)
    main.show()
    qtbot.waitExposed(main)
    panel = main.extensions[0]
    try:
        until(qtbot, lambda: panel.link.state == "connected", what="connected")
        yield main
    finally:
        run(qtbot, panel.stop())
        main.close()
        Engine.shared().drain()


@pytest.fixture
def panel(window):
    return window.extensions[0]


@pytest.fixture
def terminals(qtbot, panel):
    """t1 and t2 answer, t3 declines, t4 never connects; all closed after."""
    url = panel.link.hub.url
    clients: dict[str, DispatchClient] = {}
    seen: dict[str, list] = {}
    detach = []
    replies = {
        "t1": AutoReply(answer_after=0.2, ack=True, ack_after=0.5),
        "t2": AutoReply(answer_after=0.4, ack=True, ack_after=0.5),
        "t3": AutoReply(decline=True),
    }
    for unit, reply in replies.items():
        client = DispatchClient(url, unit, TOKENS[unit])
        seen[unit] = []
        client.subscribe(seen[unit].append)
        detach.append(reply.attach(client))
        client.start()
        clients[unit] = client
    try:

        async def connected():
            for client in clients.values():
                await client.wait_connected(seconds(5))

        run(qtbot, connected())
        until(
            qtbot,
            lambda: all(panel.units[u].online for u in replies),
            what="the panel sees the terminals online",
        )
        yield clients, seen
    finally:
        for undo in detach:
            undo()
        for client in clients.values():
            run(qtbot, client.close())


@pytest.fixture
def console2(qtbot, panel):
    """A second console (cmd2) on the same hub, keeping all it gets."""
    client = DispatchClient(panel.link.hub.url, "cmd2", TOKENS["cmd2"], role="console")
    got: list = []
    client.subscribe(got.append)
    client.start()
    try:
        run(qtbot, client.wait_connected(seconds(5)))
        yield client, got
    finally:
        run(qtbot, client.close())
