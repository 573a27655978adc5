"""PTZ on the tile: steer the camera a tile shows with keys, wheel and drag.

On a tile showing a PTZ camera (``ptz = true`` and an ``[source.onvif]``
table):

- arrow keys pan and tilt while held, and stop on release;
- + and - zoom while held; each wheel step zooms for a moment;
- Ctrl + left-drag moves toward where the pointer is, faster the farther
  it is from where the drag began, and stops on release. A plain drag
  still moves the tile's source to another tile, as everywhere on the wall;
- the context menu goes to, saves and deletes presets.

The selected tile shows a direction pad with these hints and who holds the
camera. One operator steers a camera at a time (``SharedReservations``: over
the dispatch hub while it is connected, else this console's own); a
camera held by someone else refuses and says so on the tile.
"""

from __future__ import annotations

import getpass
import logging
import math
import socket
import time

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QPen, QPolygonF
from PySide6.QtWidgets import QInputDialog, QMenu

from console.onvif.ptz import PtzReservations
from widgets.cameras.names import camera_error_text
from widgets.cameras.reservations import SharedReservations
from widgets.cameras.steering import STOPPED, Steering
from widgets.tasks import Tasks

log = logging.getLogger(__name__)

KEY_SPEED = 0.5
ZOOM_SPEED = 0.5
WHEEL_MS = 300
DRAG_DEAD_ZONE = 6  # pixels: a shaking hand does not move the camera
MESSAGE_SECONDS = 4.0
PAD = QColor(0, 0, 0, 140)
HINT = QColor(0, 0, 0, 200)  # the picture's own burnt-in text shows through less
PAD_ACTIVE = QColor("#4da3ff")
BUSY = QColor("#e5484d")

DIRECTIONS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, 1),
    Qt.Key.Key_Down: (0, -1),
}
ZOOMS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Equal: 1, Qt.Key.Key_Minus: -1}


def operator_name() -> str:
    """Who steers from this console: the OS user at this host."""
    return f"{getpass.getuser()}@{socket.gethostname()}"


def steerable(source) -> bool:
    return source is not None and source.ptz and source.onvif is not None


class _Hands:
    """What the operator is doing to one tile right now."""

    def __init__(self):
        self.keys: set[int] = set()
        self.drag_from: QPoint | None = None
        self.drag_to: QPoint | None = None
        self.wheel = 0
        self.source_id: str | None = None  # the camera these hands steer

    def velocity(self, tile) -> tuple[float, float, float]:
        pan = sum(DIRECTIONS[k][0] for k in self.keys if k in DIRECTIONS)
        tilt = sum(DIRECTIONS[k][1] for k in self.keys if k in DIRECTIONS)
        pan, tilt = pan * KEY_SPEED, tilt * KEY_SPEED
        zoom = sum(ZOOMS[k] for k in self.keys if k in ZOOMS) or self.wheel
        if self.drag_from is not None and self.drag_to is not None:
            pan, tilt = _drag_velocity(self.drag_to - self.drag_from, tile)
        return (_clamp(pan), _clamp(tilt), _clamp(zoom * ZOOM_SPEED))

    def idle(self) -> bool:
        return not self.keys and self.drag_from is None and not self.wheel


def _drag_velocity(offset: QPoint, tile) -> tuple[float, float]:
    if offset.manhattanLength() < DRAG_DEAD_ZONE:
        return 0.0, 0.0
    # Full speed at 40 % of the tile from where the drag began; quantised
    # so that a moving hand does not send a command per pixel.
    reach_x, reach_y = 0.4 * tile.width(), 0.4 * tile.height()
    pan = round(offset.x() / reach_x * 10) / 10
    tilt = -round(offset.y() / reach_y * 10) / 10
    return _clamp(pan), _clamp(tilt)


def _clamp(value: float) -> float:
    return max(-1.0, min(1.0, value))


class TilePtz(QObject):
    """PTZ input, overlay and presets for every tile, on every screen's wall."""

    def __init__(self, window, tasks: Tasks, parent=None):
        super().__init__(parent)
        self.window = window
        self.screens = window.screens
        self.tasks = tasks
        self.operator = operator_name()
        self.reservations = SharedReservations(PtzReservations(), self.operator)
        self.reservations.changed = self._refresh_tiles
        self.steerings: dict[str, Steering] = {}
        # By tile: the tiles of every wall, each steered by its own hands.
        self._hands: dict[object, _Hands] = {}
        self._messages: dict[str, tuple[str, float]] = {}
        self._wheel_stop = QTimer(self, singleShot=True, interval=WHEEL_MS)
        self._wheel_stop.timeout.connect(self.on_wheel_stop)
        self._wheel_tile = None
        self.screens.add_overlay(self.paint)
        for wall in self.screens.walls:
            self.attach(wall)
        self.screens.wall_added.connect(self.attach)

    @Slot(object)
    def attach(self, wall) -> None:
        """Take the PTZ input of the tiles of ``wall`` that show a dome."""
        for tile in wall.tiles:
            self._listen(tile)
        wall.tile_source_changed.connect(self.on_tile_source_changed)

    def _listen(self, tile) -> None:
        """Filter the events of a tile only while it shows a steerable
        camera: a filter runs Python for every event, every paint of every
        frame included."""
        if steerable(tile.source):
            tile.installEventFilter(self)  # once, however often installed
        else:
            tile.removeEventFilter(self)

    # The cameras

    def steering(self, source) -> Steering:
        steering = self.steerings.get(source.id)
        if steering is None:
            steering = Steering(
                source,
                self.reservations,
                self.operator,
                on_refused=lambda holder: self._refused(source.id, holder),
                on_failed=lambda error: self._failed(source.id, error),
                on_presets=lambda: self._refresh_tiles(source.id),
            )
            self.steerings[source.id] = steering
        return steering

    def hands(self, tile) -> _Hands:
        return self._hands.setdefault(tile, _Hands())

    @Slot(object)
    def on_tile_source_changed(self, tile) -> None:
        """Stop what the tile was steering; read the new camera's presets."""
        self._listen(tile)
        hands = self._hands.pop(tile, None)
        steered = self.steerings.get(hands.source_id) if hands else None
        if steered is not None and not hands.idle():
            steered.want(*STOPPED)
        if steerable(tile.source) and tile.source.id not in self.steerings:
            steering = self.steering(tile.source)
            self.tasks.spawn(steering.refresh_presets(), f"presets {tile.source.id}")

    # Input

    def eventFilter(self, tile: QObject, event: QEvent) -> bool:
        if not steerable(getattr(tile, "source", None)):
            return False
        handler = self._handlers.get(event.type())
        return handler(self, tile, event) if handler else False

    def _key_press(self, tile, event) -> bool:
        key = event.key()
        if key not in DIRECTIONS and key not in ZOOMS:
            return False
        if not event.isAutoRepeat():
            self.hands(tile).keys.add(key)
            self._steer(tile)
        return True

    def _key_release(self, tile, event) -> bool:
        key = event.key()
        if key not in DIRECTIONS and key not in ZOOMS:
            return False
        if not event.isAutoRepeat():
            self.hands(tile).keys.discard(key)
            self._steer(tile)
        return True

    def _focus_out(self, tile, event) -> bool:
        # A key released while another widget has the focus never reaches
        # the tile: stop rather than turn on.
        hands = self.hands(tile)
        if hands.keys:
            hands.keys.clear()
            self._steer(tile)
        return False

    def _wheel(self, tile, event) -> bool:
        step = event.angleDelta().y()
        if not step:
            return False
        hands = self.hands(tile)
        hands.wheel = 1 if step > 0 else -1
        self._wheel_tile = tile
        self._wheel_stop.start()
        self._steer(tile)
        return True

    @Slot()
    def on_wheel_stop(self) -> None:
        tile, self._wheel_tile = self._wheel_tile, None
        if tile is not None and tile in self._hands:
            self.hands(tile).wheel = 0
            self._steer(tile)

    def _mouse_press(self, tile, event) -> bool:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.button() != Qt.MouseButton.LeftButton or not ctrl:
            return False
        tile.wall.select(tile.index)
        tile.setFocus(Qt.FocusReason.MouseFocusReason)
        hands = self.hands(tile)
        hands.drag_from = hands.drag_to = event.position().toPoint()
        tile.update()
        return True

    def _mouse_move(self, tile, event) -> bool:
        hands = self.hands(tile)
        if hands.drag_from is None:
            return False
        hands.drag_to = event.position().toPoint()
        self._steer(tile)
        tile.update()
        return True

    def _mouse_release(self, tile, event) -> bool:
        hands = self.hands(tile)
        if hands.drag_from is None:
            return False
        hands.drag_from = hands.drag_to = None
        self._steer(tile)
        tile.update()
        return True

    def _context_menu(self, tile, event) -> bool:
        tile.wall.select(tile.index)
        self.preset_menu(tile).popup(event.globalPos())
        return True

    _handlers = {
        QEvent.Type.KeyPress: _key_press,
        QEvent.Type.KeyRelease: _key_release,
        QEvent.Type.FocusOut: _focus_out,
        QEvent.Type.Wheel: _wheel,
        QEvent.Type.MouseButtonPress: _mouse_press,
        QEvent.Type.MouseMove: _mouse_move,
        QEvent.Type.MouseButtonRelease: _mouse_release,
        QEvent.Type.ContextMenu: _context_menu,
    }

    def _steer(self, tile) -> None:
        hands = self.hands(tile)
        hands.source_id = tile.source.id
        steering = self.steering(tile.source)
        if not steering.want(*hands.velocity(tile)):
            # Refused: forget the hands so that a release sends nothing.
            self._hands.pop(tile, None)
        tile.update()

    # Presets

    def preset_menu(self, tile) -> QMenu:
        """Go to, save and delete presets of the tile's camera."""
        steering = self.steering(tile.source)
        menu = QMenu(tile)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addSection(self.tr("Presets"))
        if not steering.presets:
            menu.addAction(self.tr("No presets")).setEnabled(False)
        for preset in steering.presets:
            action = menu.addAction(self.tr("Go to %1").replace("%1", preset.name))
            action.triggered.connect(
                lambda _=False, t=preset.token: self.goto_preset(tile, t)
            )
        menu.addSeparator()
        save = menu.addAction(self.tr("Save current position as preset…"))
        save.triggered.connect(lambda: self.ask_preset_name(tile))
        remove = menu.addMenu(self.tr("Delete preset"))
        remove.setEnabled(bool(steering.presets))
        for preset in steering.presets:
            action = remove.addAction(preset.name)
            action.triggered.connect(
                lambda _=False, t=preset.token: self.remove_preset(tile, t)
            )
        # Read them again for next time: another console may have changed them.
        self.tasks.spawn(steering.refresh_presets(), f"presets {tile.source.id}")
        return menu

    def ask_preset_name(self, tile) -> QInputDialog:
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(self.tr("Save preset"))
        dialog.setLabelText(self.tr("Name of the preset:"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(
            lambda name: name.strip() and self.save_preset(tile, name.strip())
        )
        dialog.open()
        return dialog

    def goto_preset(self, tile, token: str):
        steering = self.steering(tile.source)
        return self.tasks.spawn(steering.goto(token), f"goto {tile.source.id}")

    def save_preset(self, tile, name: str):
        steering = self.steering(tile.source)
        return self.tasks.spawn(steering.save(name), f"save {tile.source.id}")

    def remove_preset(self, tile, token: str):
        steering = self.steering(tile.source)
        return self.tasks.spawn(steering.remove(token), f"remove {tile.source.id}")

    # What the tiles say

    def _refused(self, source_id: str, holder: str) -> None:
        self._say(source_id, self.tr("PTZ held by %1").replace("%1", holder))

    def _failed(self, source_id: str, error) -> None:
        self._say(source_id, self.tr("PTZ: %1").replace("%1", camera_error_text(error)))

    def _say(self, source_id: str, text: str) -> None:
        self._messages[source_id] = (text, time.monotonic() + MESSAGE_SECONDS)
        self._refresh_tiles(source_id)
        QTimer.singleShot(int(MESSAGE_SECONDS * 1000) + 50, self._expire_messages)

    def _expire_messages(self) -> None:
        now = time.monotonic()
        for source_id, (_, until) in list(self._messages.items()):
            if until <= now:
                del self._messages[source_id]
                self._refresh_tiles(source_id)

    def message(self, tile) -> str | None:
        """The notice a tile shows about steering its camera, if any."""
        if not steerable(tile.source):
            return None
        text, until = self._messages.get(tile.source.id, (None, 0.0))
        if text and until > time.monotonic():
            return text
        holder = self.reservations.holder(tile.source.id)
        if holder and holder != self.operator:
            return self.tr("PTZ held by %1").replace("%1", holder)
        return None

    def _refresh_tiles(self, source_id: str) -> None:
        for tile in self.screens.tiles():
            if tile.source is not None and tile.source.id == source_id:
                tile.update()

    def paint(self, painter, tile) -> None:
        if not steerable(tile.source):
            return
        if tile.selected:
            self._paint_pad(painter, tile)
        hands = self._hands.get(tile)
        if hands is not None and hands.drag_from is not None:
            self._paint_drag(painter, hands)
        text = self.message(tile)
        if text:
            self._paint_notice(painter, tile, text)

    def _paint_pad(self, painter, tile) -> None:
        font = QFont(tile.font())
        font.setPixelSize(max(10, min(13, tile.height() // 22)))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        radius = max(16, min(32, tile.height() // 9))
        bottom = tile.height() - metrics.height() - 14
        centre = QPointF(tile.width() - radius - 10, bottom - radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PAD)
        painter.drawEllipse(centre, radius, radius)
        steering = self.steerings.get(tile.source.id)
        wanted = steering.wanted if steering else STOPPED
        for dx, dy in DIRECTIONS.values():
            active = (dx and math.copysign(1, wanted[0]) == dx and wanted[0]) or (
                dy and math.copysign(1, wanted[1]) == dy and wanted[1]
            )
            painter.setBrush(PAD_ACTIVE if active else QColor("#d7dde6"))
            painter.drawPolygon(_arrow(centre, radius, dx, dy))

        lines = [self.tr("PTZ: arrows or Ctrl+drag · wheel or +/− zoom")]
        holder = self.reservations.holder(tile.source.id)
        if holder == self.operator:
            lines.append(self.tr("You are steering"))
        line = metrics.height()
        width = max(metrics.horizontalAdvance(text) for text in lines) + 12
        right = int(centre.x() - radius - 8)
        box = QRect(right - width, int(bottom - len(lines) * line - 6), width,
                    len(lines) * line + 6)  # fmt: skip
        painter.fillRect(box, HINT)
        painter.setPen(QColor("#f2f5f8"))
        for number, text in enumerate(lines):
            row = QRect(box.x() + 6, box.y() + 3 + number * line, width, line)
            painter.drawText(row, Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_drag(self, painter, hands: _Hands) -> None:
        painter.setPen(QPen(PAD_ACTIVE, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(hands.drag_from), DRAG_DEAD_ZONE, DRAG_DEAD_ZONE)
        painter.drawLine(hands.drag_from, hands.drag_to)

    def _paint_notice(self, painter, tile, text: str) -> None:
        font = QFont(tile.font())
        font.setPixelSize(max(12, min(18, tile.height() // 16)))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = min(tile.width() - 8, metrics.horizontalAdvance(text) + 16)
        height = metrics.height() + 8
        box = QRect((tile.width() - width) // 2, (tile.height() - height) // 2,
                    width, height)  # fmt: skip
        fill = QColor(BUSY)
        fill.setAlpha(220)
        painter.fillRect(box, fill)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    async def close(self) -> None:
        for steering in self.steerings.values():
            await steering.close()

    def detach(self) -> None:
        self._wheel_stop.stop()
        self.screens.wall_added.disconnect(self.attach)
        self.screens.remove_overlay(self.paint)
        for tile in self.screens.tiles():
            tile.removeEventFilter(self)


def _arrow(centre: QPointF, radius: float, dx: int, dy: int) -> QPolygonF:
    """A small triangle on the pad pointing (dx, dy), y up."""
    tip = QPointF(centre.x() + dx * radius * 0.85, centre.y() - dy * radius * 0.85)
    base = QPointF(centre.x() + dx * radius * 0.45, centre.y() - dy * radius * 0.45)
    side = radius * 0.25
    across = QPointF(dy * side, dx * side)
    return QPolygonF([tip, base + across, base - across])
