"""The hub's alarms on the alarm board, the tiles and the dock, and back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.alarms import Origin, State
from console.dispatch import protocol as p
from console.dispatch.client import DispatchClient
from tests.support import seconds
from tests.widgets.dispatch.conftest import TOKENS, run, until


@pytest.fixture
def terminal(qtbot, panel):
    """Terminal t1, connected to the window's hub; closed after."""
    client = DispatchClient(panel.link.hub.url, "t1", TOKENS["t1"])
    client.start()
    try:
        run(qtbot, client.wait_connected(seconds(5)))
        yield client
    finally:
        run(qtbot, client.close())


def updates(got, alarm: str) -> list[p.AlarmUpdate]:
    return [e for e in got if isinstance(e, p.AlarmUpdate) and e.alarm == alarm]


def cameras(window):
    return window.extensions[-1]


@pytest.mark.expect_log("drone-cam|offline|connection refused")
def test_camera_alarm_from_a_terminal_is_drawn_and_acked_from_the_dock(
    qtbot, window, terminal, console2
):
    """alarm.raise naming a site camera: on its tile; the dock's ack and
    resolve reach the hub."""
    other, got = console2
    window.wall.assign(0, window.site.source("drone-cam"))
    tile = window.wall.tiles[0]

    raised = terminal.raise_alarm(
        "intrusion", "orange", "fence cut", camera="drone-cam"
    )
    hub_id = run(qtbot, raised)
    alarm = until(qtbot, lambda: window.alarms.by_key(hub_id), what="on the board")
    assert (alarm.source_id, alarm.origin) == ("drone-cam", Origin.DISPATCH)
    assert "Town one" in alarm.text and "fence cut" in alarm.text
    assert cameras(window).overlay.alarm_on(tile) is alarm

    dock = cameras(window).alarm_list
    dock.select(alarm.id)
    qtbot.mouseClick(dock.acknowledge_button, Qt.MouseButton.LeftButton)
    acked = until(qtbot, lambda: updates(got, hub_id), what="cmd2 hears the ack")
    assert (acked[0].state, acked[0].by) == ("acknowledged", "cmd")
    assert alarm.state is State.ACKNOWLEDGED

    qtbot.mouseClick(dock.resolve_button, Qt.MouseButton.LeftButton)
    done = until(qtbot, lambda: updates(got, hub_id)[1:], what="cmd2 hears resolve")
    assert done[0].state == "resolved" and done[0].note
    assert cameras(window).overlay.alarm_on(tile) is None


def test_sos_without_camera_is_listed_and_one_ack_clears_both(
    qtbot, window, panel, terminal, console2
):
    """An SOS with no camera: in the dock with unit and place; the
    banner's acknowledge acknowledges the board too, once at the hub."""
    other, got = console2
    where = {"lat": 30.25, "lon": 120.125}
    hub_id = run(qtbot, terminal.raise_alarm("sos", "red", "help", location=where))
    alarm = until(qtbot, lambda: window.alarms.by_key(hub_id), what="on the board")
    assert alarm.source_id == "t1"
    assert "Town one" in alarm.text and "30.25000, 120.12500" in alarm.text
    dock = cameras(window).alarm_list
    assert alarm.id in dock.rows()
    bar = panel.banner.parentWidget()
    until(qtbot, bar.isVisible, what="banner shown")

    qtbot.mouseClick(panel.banner.ack_button, Qt.MouseButton.LeftButton)
    until(qtbot, lambda: updates(got, hub_id), what="cmd2 hears the ack")
    assert alarm.state is State.ACKNOWLEDGED
    assert not bar.isVisible()
    qtbot.wait(int(seconds(0.3) * 1000))
    assert len(updates(got, hub_id)) == 1
    assert not [e for e in got if isinstance(e, p.Error)]


def test_ack_by_another_console_updates_the_board_and_banner(
    qtbot, window, panel, terminal, console2
):
    """alarm.update from another console acknowledges here, sends nothing."""
    other, got = console2
    hub_id = run(qtbot, terminal.raise_alarm("gas", "red", "leak at tank 3"))
    alarm = until(qtbot, lambda: window.alarms.by_key(hub_id), what="on the board")
    bar = panel.banner.parentWidget()
    until(qtbot, bar.isVisible, what="banner shown")

    run(qtbot, other.ack_alarm(hub_id))
    until(qtbot, lambda: alarm.state is State.ACKNOWLEDGED, what="board acked")
    assert alarm.acknowledged_by == "County command"
    assert not bar.isVisible()
    qtbot.wait(int(seconds(0.3) * 1000))
    assert len(updates(got, hub_id)) == 1
