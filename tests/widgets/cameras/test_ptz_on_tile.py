"""Steering the simulated dome from its tile: keys, wheel, drag, presets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.widgets.cameras.conftest import cameras, run, until


@pytest.fixture
def dome_tile(console, fleet, qtbot):
    """Tile 0 shows the dome, selected and focused."""
    console.wall.assign(0, console.site.source("dome"))
    tile = console.wall.tiles[0]
    console.wall.select(0)
    tile.setFocus()
    ptz = cameras(console).ptz
    # Its presets are read as soon as it is on the tile.
    until(qtbot, lambda: "GetPresets" in fleet.devices[1].requests)
    return tile, ptz, fleet.devices[1]


def test_arrow_key_moves_while_held_and_stops_on_release(dome_tile, qtbot):
    """Right arrow pans right (ContinuousMove) until released (Stop)."""
    tile, ptz, dome = dome_tile
    qtbot.keyPress(tile, Qt.Key.Key_Right)
    until(qtbot, lambda: dome.position[0] > 0.05)
    assert "ContinuousMove" in dome.requests
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    until(qtbot, lambda: not dome.motion.moving and "Stop" in dome.requests)
    stopped = dome.position
    qtbot.wait(200)
    assert dome.position == stopped
    assert ptz.reservations.holder("dome") == ptz.operator


def test_up_arrow_tilts_up_and_wheel_zooms(dome_tile, qtbot):
    """Up tilts up; a wheel step zooms in for a moment, then stops."""
    tile, _, dome = dome_tile
    qtbot.keyPress(tile, Qt.Key.Key_Up)
    until(qtbot, lambda: dome.position[1] > 0.05)
    qtbot.keyRelease(tile, Qt.Key.Key_Up)
    until(qtbot, lambda: not dome.motion.moving)

    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(tile.mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(tile, wheel)
    until(qtbot, lambda: dome.position[2] > 0.02)
    until(qtbot, lambda: not dome.motion.moving)


def test_ctrl_drag_moves_toward_the_pointer(dome_tile, qtbot):
    """Ctrl+drag to the left pans left until the button is released."""
    tile, _, dome = dome_tile
    centre = tile.rect().center()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, ctrl, centre)
    qtbot.mouseMove(tile, centre - QPoint(tile.width() // 4, 0))
    until(qtbot, lambda: dome.position[0] < -0.05)
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, ctrl, centre)
    until(qtbot, lambda: not dome.motion.moving)


def test_presets_save_and_goto(dome_tile, qtbot):
    """Save the position as a preset, move away, go back to it by the menu."""
    tile, ptz, dome = dome_tile
    qtbot.keyPress(tile, Qt.Key.Key_Left)
    until(qtbot, lambda: dome.position[0] < -0.1)
    qtbot.keyRelease(tile, Qt.Key.Key_Left)
    until(qtbot, lambda: not dome.motion.moving)
    saved = dome.position

    run(qtbot, ptz.save_preset(tile, "Gate view"))
    steering = ptz.steerings["dome"]
    assert [p.name for p in steering.presets] == ["Gate view"]

    qtbot.keyPress(tile, Qt.Key.Key_Right)
    until(qtbot, lambda: dome.position[0] > saved[0] + 0.1)
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    until(qtbot, lambda: not dome.motion.moving)

    menu = ptz.preset_menu(tile)
    goto = next(a for a in menu.actions() if a.text() == "Go to Gate view")
    goto.trigger()
    until(qtbot, lambda: dome.position == pytest.approx(saved, abs=1e-3))
    menu.close()

    menu = ptz.preset_menu(tile)
    delete = next(a for a in menu.actions() if a.text() == "Delete preset").menu()
    delete.actions()[0].trigger()
    until(qtbot, lambda: not steering.presets and "RemovePreset" in dome.requests)
    menu.close()


def test_camera_held_by_another_operator_refuses(dome_tile, qtbot):
    """A dome reserved by someone else is not steered and the tile says so."""
    tile, ptz, dome = dome_tile
    ptz.reservations.acquire("dome", "duty@console-2")
    qtbot.keyPress(tile, Qt.Key.Key_Right)
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    qtbot.wait(300)
    assert "ContinuousMove" not in dome.requests
    assert "Stop" not in dome.requests
    assert ptz.message(tile) == "PTZ held by duty@console-2"
    assert dome.position == (0.0, 0.0, 0.0)


def test_tiles_without_ptz_keep_their_keys(console, fleet, qtbot):
    """A fixed camera's tile leaves arrows and drags to the wall."""
    console.wall.assign(0, console.site.source("gate"))
    tile = console.wall.tiles[0]
    ptz = cameras(console).ptz
    qtbot.keyPress(tile, Qt.Key.Key_Right)
    qtbot.keyRelease(tile, Qt.Key.Key_Right)
    assert ptz.steerings == {} and ptz.message(tile) is None


def test_dome_on_another_screen_steers_from_its_tile(console, fleet, qtbot):
    """PTZ works on the tiles of every screen's wall."""
    second = console.screens.open_wall(1).wall
    second.assign(1, console.site.source("dome"))
    tile = second.tiles[1]
    dome = fleet.devices[1]
    until(qtbot, lambda: "GetPresets" in dome.requests)
    qtbot.keyPress(tile, Qt.Key.Key_Left)
    until(qtbot, lambda: dome.position[0] < -0.05)
    qtbot.keyRelease(tile, Qt.Key.Key_Left)
    until(qtbot, lambda: not dome.motion.moving and "Stop" in dome.requests)
