"""A console window on a site whose cameras are simulated ONVIF devices.

The devices answer real SOAP on 127.0.0.1 and their streams are the real
RTSP server of tests/widgets/conftest.py. asyncio runs inside Qt through a
qasync loop, as in the console; ``run`` drives it until a coroutine ends.
"""

from __future__ import annotations

import asyncio

import pytest
import qasync

from console.sim.onvif_device import run_devices
from console.site import load_site
from console.video.player import Engine
from tests.support import seconds
from tests.video.conftest import FAST

USER, PASSWORD = "operator", "pw:cam#1"


@pytest.fixture(scope="session")
def qasync_loop(qapp):
    """One qasync loop for the session: a second one on the same
    application never runs its callbacks."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)
    yield loop
    loop.stop()
    qapp.aboutToQuit.disconnect(loop._after_run_forever)
    loop._after_run_forever()
    loop.close()


@pytest.fixture
def loop(qasync_loop):
    """asyncio running inside Qt for this test, as in the console.

    ``already_running`` makes asyncio's callbacks run inside Qt's event
    processing (qtbot's waits, pytest-qt's own processEvents); the loop is
    marked running for this test only, so that the other tests' loops
    (pytest-asyncio's) still start.
    """
    asyncio.set_event_loop(qasync_loop)
    asyncio.events._set_running_loop(qasync_loop)
    yield qasync_loop
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


def run(qtbot, awaitable, timeout: float = 10.0):
    """Let Qt (and with it asyncio) run until ``awaitable`` is done."""
    future = asyncio.ensure_future(awaitable)
    qtbot.waitUntil(future.done, timeout=int(seconds(timeout) * 1000))
    return future.result()


def until(qtbot, predicate, timeout: float = 5.0):
    """Let Qt and asyncio run until ``predicate()`` is true; return it."""
    found = []

    def check():
        value = predicate()
        if value:
            found.append(value)
        return bool(value)

    qtbot.waitUntil(check, timeout=int(seconds(timeout) * 1000))
    return found[-1]


@pytest.fixture
def fleet(qtbot, loop, site_server):
    """A fixed camera and a PTZ dome, streaming the RTSP server's pictures."""
    specs = [
        {
            "name": "Gate",
            "model": "SIM-BOX-1",
            "ptz": False,
            "streams": {"main": site_server.url("/s0/sub")},
        },
        {
            "name": "Dome",
            "model": "SIM-PTZ-1",
            "streams": {"main": site_server.url("/s1/sub")},
        },
        {
            "name": "New camera",
            "model": "SIM-PTZ-9",
            "streams": {
                "main": site_server.url("/s2/sub"),
                "sub": site_server.url("/s3/sub"),
            },
        },
    ]
    for spec in specs:
        spec.update(user=USER, password=PASSWORD)
    devices = run_devices(specs)
    run(qtbot, devices.__aenter__())
    yield devices
    run(qtbot, devices.stop())


def site_text(fleet, site_server) -> str:
    gate, dome, _ = fleet.devices
    return f"""
[site]
name = "cameras"

[[source]]
id = "gate"
name = "Gate camera"
kind = "camera"
level = "town"
main = "{site_server.url("/s0/sub")}"
user = "{USER}"
password = "{PASSWORD}"
onvif = {{ host = "127.0.0.1", port = {gate.port}, profile = "profile_main" }}

[[source]]
id = "dome"
name = "Dome"
kind = "ptz_dome"
level = "county"
main = "{site_server.url("/s1/sub")}"
user = "{USER}"
password = "{PASSWORD}"
onvif = {{ host = "127.0.0.1", port = {dome.port}, profile = "profile_main" }}

[[source]]
id = "plain"
name = "No ONVIF"
kind = "camera"
level = "city"
main = "{site_server.url("/s4/sub")}"
"""


@pytest.fixture
def site_file(tmp_path, fleet, site_server, monkeypatch):
    monkeypatch.setenv("CONSOLE_CONFIG_DIR", str(tmp_path / "config"))
    path = tmp_path / "site.toml"
    path.write_text(site_text(fleet, site_server), encoding="utf-8")
    return path


@pytest.fixture
def console(qtbot, loop, site_file):
    """The main window on the camera site, closed and cleaned up after."""
    from widgets.main_window import MainWindow

    load = load_site(site_file)
    assert not load.problems
    window = MainWindow(load, store=None)
    window.wall.timing = FAST
    # Not qtbot.addWidget: pytest-qt would close it before this fixture's
    # teardown, with the cameras' connections still opening.
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    part = window.extensions[-1]
    # WORKAROUND(onvif-zeep-async 4): a connect cancelled while it creates
    # a service leaks that service's HTTP session; close once connected.
    subscriptions = part.watch.subscriptions.values()
    until(qtbot, lambda: all(s.live for s in subscriptions))
    window.close()
    if part.closing is not None:
        run(qtbot, part.closing)
    window.deleteLater()
    Engine.shared().drain()


def cameras(window):
    """The camera part installed on the window."""
    return window.extensions[-1]
