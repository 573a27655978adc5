"""Camera events from a simulated camera become alarms on tiles and in the dock."""

from __future__ import annotations

from PySide6.QtCore import Qt

from console.alarms import Severity, State
from console.sim.onvif_device import MOTION, TAMPER
from tests.widgets.cameras.conftest import cameras, until
from widgets.cameras.alarm_view import caption


def subscribed(window, fleet, qtbot):
    part = cameras(window)
    gate, dome, _ = fleet.devices
    until(qtbot, lambda: gate.subscriptions and dome.subscriptions)
    return part, gate, dome


def test_window_exposes_the_alarm_board(console):
    """window.alarms is the board the dispatch part raises alarms on."""
    part = cameras(console)
    assert console.alarms is part.board
    alarm = console.alarms.raise_alarm("plain", "fire", "red", "smoke", key="h1")
    assert part.alarm_list.rows() == [alarm.id]


def test_motion_becomes_an_alarm_painted_on_its_tile(console, fleet, qtbot):
    """A motion event on the camera is listed, painted on its tile, acked."""
    part, gate, _ = subscribed(console, fleet, qtbot)
    console.wall.assign(0, console.site.source("gate"))
    console.wall.assign(1, console.site.source("dome"))

    gate.trigger(MOTION, True)
    alarm = until(qtbot, lambda: console.alarms.top("gate"))
    assert (alarm.kind, alarm.severity, alarm.state) == (
        "motion",
        Severity.YELLOW,
        State.NEW,
    )
    assert part.alarm_list.rows() == [alarm.id]
    assert part.overlay.alarm_on(console.wall.tiles[0]) is alarm
    assert part.overlay.alarm_on(console.wall.tiles[1]) is None
    assert caption(alarm).startswith("Motion detected ")

    # The border is painted in the severity's yellow at the tile's edge.
    image = console.wall.tiles[0].grab().toImage()
    edge = image.pixelColor(2, image.height() // 2)
    assert (edge.red(), edge.green(), edge.blue()) == (0xE6, 0xB4, 0x22)

    part.alarm_list.select(alarm.id)
    part.alarm_list.acknowledge_button.click()
    assert alarm.state is State.ACKNOWLEDGED
    part.alarm_list.resolve_button.click()
    assert part.alarm_list.rows() == []
    assert part.overlay.alarm_on(console.wall.tiles[0]) is None


def test_repeated_motion_stays_one_alarm(console, fleet, qtbot):
    """Motion going on, off and on again updates the one alarm."""
    part, gate, _ = subscribed(console, fleet, qtbot)
    gate.trigger(MOTION, True)
    gate.trigger(MOTION, False)
    gate.trigger(MOTION, True)
    until(qtbot, lambda: (a := console.alarms.top("gate")) and a.count == 2)
    assert len(part.alarm_list.rows()) == 1
    assert part.alarm_list.tree.topLevelItem(0).text(5) == "2"


def test_tamper_blinks_red(console, fleet, qtbot):
    """A tamper alarm is red and its border blinks until acknowledged."""
    part, _, dome = subscribed(console, fleet, qtbot)
    console.wall.assign(0, console.site.source("dome"))
    dome.trigger(TAMPER, True)
    alarm = until(qtbot, lambda: console.alarms.top("dome"))
    assert alarm.severity is Severity.RED
    phases = set()
    until(qtbot, lambda: phases.add(part.overlay.blink_on) or len(phases) == 2)
    console.alarms.acknowledge(alarm.id)
    assert part.overlay.blink_on is True
    assert not part.overlay._blink.isActive()


def test_double_click_puts_the_camera_on_the_wall(console, fleet, qtbot):
    """Double-clicking an alarm shows its camera on the wall."""
    part, gate, _ = subscribed(console, fleet, qtbot)
    gate.trigger(MOTION, True)
    until(qtbot, lambda: part.alarm_list.rows())
    assert all(tile.source is None for tile in console.wall.tiles)
    item = part.alarm_list.tree.topLevelItem(0)
    part.alarm_list.tree.itemDoubleClicked.emit(item, 0)
    shown = [t for t in console.wall.visible_tiles() if t.source is not None]
    assert [t.source.id for t in shown] == ["gate"]
    assert console.wall.selected == shown[0].index
    # Asked again, the camera already on the wall is selected, not doubled.
    console.wall.select(3)
    part.alarm_list.tree.itemDoubleClicked.emit(item, 0)
    assert console.wall.selected == shown[0].index
    assert Qt.DockWidgetArea.BottomDockWidgetArea == console.dockWidgetArea(
        part.alarm_dock
    )


def test_alarm_on_another_screen_is_painted_and_shown_there(console, fleet, qtbot):
    """A camera on screen 2 gets its alarm border; "show on wall" finds it."""
    part, gate, _ = subscribed(console, fleet, qtbot)
    second = console.screens.open_wall(1).wall
    second.assign(2, console.site.source("gate"))

    gate.trigger(MOTION, True)
    alarm = until(qtbot, lambda: console.alarms.top("gate"))
    assert part.overlay.alarm_on(second.tiles[2]) is alarm
    image = second.tiles[2].grab().toImage()
    edge = image.pixelColor(2, image.height() // 2)
    assert (edge.red(), edge.green(), edge.blue()) == (0xE6, 0xB4, 0x22)

    second.select(0)
    part.on_show_requested("gate")
    assert second.selected == 2
    assert all(tile.source is None for tile in console.wall.tiles)
