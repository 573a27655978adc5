"""A tile of the wall: one source's picture, with what an operator must know.

The tile paints the newest frame of its stream session and, over it, the
source's name and level, a live clock and the stream's state
(``tile_labels``). It never
waits for video: the wall's frame clock calls ``update()`` when a frame is
new, and the tile paints whatever frame is newest then.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QFont,
    QImage,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QApplication, QWidget

from console.site.model import Source
from console.video.player import SNAP_PX
from console.video.stream import Phase, StreamSession
from widgets.frame_painter import FramePainter
from widgets.names import level_name, phase_name, reason_text
from widgets.tile_labels import CLOCK, label_font, name_label, state_label

log = logging.getLogger(__name__)

SOURCE_MIME = "application/x-console-source"
TILE_MIME = "application/x-console-tile"

PHASE_COLOURS = {
    Phase.IDLE: QColor("#7a8699"),
    Phase.CONNECTING: QColor("#e6b422"),
    Phase.PLAYING: QColor("#3ccf6e"),
    Phase.STALLED: QColor("#f08c2e"),
    Phase.OFFLINE: QColor("#e5484d"),
    Phase.RECONNECTING: QColor("#e5484d"),
}
LEVEL_COLOURS = {
    "province": QColor("#8e6cef"),
    "city": QColor("#3b82f6"),
    "county": QColor("#14b8a6"),
    "town": QColor("#84cc16"),
    "enterprise": QColor("#f59e0b"),
}
BACKGROUND = QColor("#05070a")
SELECTED = QColor("#4da3ff")


class TileWidget(QWidget):
    """One tile; the wall owns its stream session.

    Signals:
        source_dropped(int, str): a source was dropped on tile ``index``.
        tile_dropped(int, int, int): tile ``from`` of the wall on screen
            ``screen`` was dropped on tile ``to`` (screen, from, to).
        activated(int): the tile was double-clicked.
        clicked(int): the tile was clicked (it becomes the selected tile).
        resized(int): the tile's size changed.
    """

    source_dropped = Signal(int, str)
    tile_dropped = Signal(int, int, int)
    activated = Signal(int)
    clicked = Signal(int)
    resized = Signal(int)

    def __init__(self, index: int, parent=None, screen: int = 0):
        super().__init__(parent)
        self.index = index
        self.screen_number = screen
        self.source: Source | None = None
        self.session: StreamSession | None = None
        self.selected = False
        self.painted_serial = -1
        self.frames_painted = 0  # new frames painted so far
        self._frames = FramePainter()
        self._placement_key = None
        self._placement: tuple[QRect, list[QRect]] = (QRect(), [])
        self._press: QPoint | None = None
        self._overlays: list = []
        self._font: tuple[int, QFont] | None = None
        self._name: tuple[tuple | None, QImage | None] = (None, None)
        self._state: tuple[tuple | None, QImage | None] = (None, None)
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(QSize(64, 36))
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    @property
    def wall(self):
        """The wall this tile belongs to."""
        return self.parentWidget()

    def add_overlay(self, paint) -> None:
        """Paint more over the picture: ``paint(painter, tile)``, in order.

        Alarms and PTZ controls draw themselves through this; their input
        reaches them through ``installEventFilter`` on the tile.
        """
        self._overlays.append(paint)
        self.update()

    def remove_overlay(self, paint) -> None:
        if paint in self._overlays:
            self._overlays.remove(paint)
            self.update()

    def box(self) -> tuple[int, int]:
        """The size, in device pixels, frames should arrive at."""
        ratio = self.devicePixelRatioF()
        return max(2, int(self.width() * ratio)), max(2, int(self.height() * ratio))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit(self.index)

    # Painting

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        frame = self.session.frame() if self.session else None
        if frame is None:
            painter.fillRect(self.rect(), BACKGROUND)
        else:
            self._paint_frame(painter, frame)
            if frame.serial != self.painted_serial:
                self.frames_painted += 1
            self.painted_serial = frame.serial
        if self.source is None:
            self._paint_empty(painter)
        else:
            self._paint_overlay(painter, frame is not None)
        for paint in self._overlays:
            painter.save()
            paint(painter, self)
            painter.restore()
        if self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(SELECTED, 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_frame(self, painter: QPainter, frame) -> None:
        picture = self.session.picture_size() or (frame.width, frame.height)
        target, bars = self._target(picture, frame)
        self._frames.paint(painter, frame, target)
        # Only the bars beside the picture: filling the whole tile under
        # every frame was a fifth of what painting a frame cost.
        for bar in bars:
            painter.fillRect(bar, BACKGROUND)

    def _target(self, picture: tuple[int, int], frame) -> tuple[QRect, list[QRect]]:
        """Where a frame showing ``picture`` is drawn, and the bars beside
        it; kept until the tile, the picture or the frame size changes."""
        key = (picture, frame.width, frame.height, self.width(), self.height())
        if key != self._placement_key:
            size = QSize(frame.width, frame.height)
            target = _placed(picture, size, self.rect())
            self._placement_key = key
            self._placement = (target, _bars(self.rect(), target))
        return self._placement

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(QColor("#3a4556"))
        painter.drawText(
            self.rect(),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Drag a source here"),
        )

    def _paint_overlay(self, painter: QPainter, has_picture: bool) -> None:
        state = self.session.state if self.session else None
        resuming = has_picture and self.session.resuming
        if resuming:
            # The picture is from before the tile was hidden: veil it, so
            # nobody takes it for live until libvlc shows a new one.
            painter.fillRect(self.rect(), QColor(0, 0, 0, 150))
        font = self._label_font()
        painter.drawImage(0, 0, self._name_label(font))
        clock = CLOCK.label(font)
        painter.drawImage(self.width() - clock.width(), 0, clock)
        if state is not None:
            label = self._state_label(font, state)
            painter.drawImage(0, self.height() - label.height(), label)
        if not has_picture and state is not None and state.phase is not Phase.PLAYING:
            self._paint_big_text(painter, state.phase, self.state_text())
        elif resuming:
            text = self.tr("Resuming live picture…")
            self._paint_big_text(painter, Phase.CONNECTING, text)

    def _label_font(self) -> QFont:
        if self._font is None or self._font[0] != self.height():
            self._font = (self.height(), label_font(self.font(), self.height()))
        return self._font[1]

    def _name_label(self, font: QFont) -> QImage:
        source = self.source
        key = (font.pixelSize(), source.level, source.name)
        if self._name[0] != key:
            colour = LEVEL_COLOURS.get(source.level, QColor("#555"))
            image = name_label(font, level_name(source.level), colour, source.name)
            self._name = (key, image)
        return self._name[1]

    def _state_label(self, font: QFont, state) -> QImage:
        # What the label shows, cheap to compare, unlike its text.
        wait = int(state.retry_in() + 0.99)
        key = (font.pixelSize(), state, wait, self.session.reduced)
        if self._state[0] != key:
            image = state_label(font, PHASE_COLOURS[state.phase], self.state_text())
            self._state = (key, image)
        return self._state[1]

    def _paint_big_text(self, painter: QPainter, phase: Phase, text: str) -> None:
        """Centred text in the colour of a phase, large enough to read."""
        big = QFont(self._label_font())
        big.setPixelSize(max(12, min(22, self.height() // 10)))
        painter.setFont(big)
        painter.setPen(PHASE_COLOURS[phase])
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(self.rect(), flags, text)

    def state_text(self) -> str:
        """What the tile says about its stream, as the operator reads it."""
        state = self.session.state if self.session else None
        if state is None:
            return ""
        text = phase_name(state.phase)
        if state.phase is Phase.CONNECTING and state.reason:
            text = self.tr("Reconnecting")
        if state.phase in (Phase.OFFLINE, Phase.RECONNECTING, Phase.STALLED):
            text += ": " + reason_text(state.reason)
        if state.phase is Phase.RECONNECTING:
            wait = int(state.retry_in() + 0.99)
            text += " · " + self.tr("retry in %n s", "", wait)
        if self.session.reduced:
            text += " · " + self.tr("reduced decoding")
        return text

    # Mouse, drag and drop

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self.clicked.emit(self.index)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._press is None or self.source is None:
            return
        moved = (event.position().toPoint() - self._press).manhattanLength()
        if moved < QApplication.startDragDistance():
            return
        self._press = None
        mime = QMimeData()
        mime.setData(TILE_MIME, f"{self.screen_number}:{self.index}".encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        self.activated.emit(self.index)

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasFormat(SOURCE_MIME) or mime.hasFormat(TILE_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasFormat(SOURCE_MIME):
            source_id = bytes(mime.data(SOURCE_MIME)).decode()
            self.source_dropped.emit(self.index, source_id)
        elif mime.hasFormat(TILE_MIME):
            screen, _, origin = bytes(mime.data(TILE_MIME)).decode().partition(":")
            if (int(screen), int(origin)) != (self.screen_number, self.index):
                self.tile_dropped.emit(int(screen), int(origin), self.index)
        event.acceptProposedAction()


def _fit(picture: tuple[int, int], rect: QRect) -> QRect:
    """The picture's aspect ratio, as large as fits, centred in ``rect``."""
    width, height = picture
    scale = min(rect.width() / width, rect.height() / height)
    size = QSize(round(width * scale), round(height * scale))
    x = rect.x() + (rect.width() - size.width()) // 2
    y = rect.y() + (rect.height() - size.height()) // 2
    return QRect(QPoint(x, y), size)


def _close(a: QSize, b: QSize) -> bool:
    """Whether two sizes differ by at most what frames may differ from the
    tile's size: the rounding to even sizes, or a snap to a ratio libyuv
    scales fast (``console.video.player.snap``)."""
    return (
        abs(a.width() - b.width()) <= SNAP_PX
        and abs(a.height() - b.height()) <= SNAP_PX
    )


def _placed(picture: tuple[int, int], size: QSize, rect: QRect) -> QRect:
    """Where a frame of ``size`` showing ``picture`` goes in ``rect``.

    Frames come at the tile's size rounded down to even, or snapped to a
    size libyuv scales to fast: those are drawn as they are, centred,
    since stretching one by a pixel took Qt's scaling path on every frame.
    Others are scaled to fit.
    """
    target = _fit(picture, rect)
    if not _close(target.size(), size):
        return target
    x = target.x() + (target.width() - size.width()) // 2
    y = target.y() + (target.height() - size.height()) // 2
    return QRect(QPoint(x, y), size)


def _bars(rect: QRect, picture: QRect) -> list[QRect]:
    """The parts of ``rect`` left and right, or above and below, of a
    picture centred in it."""
    bars = [
        QRect(rect.left(), rect.top(), picture.left() - rect.left(), rect.height()),
        QRect(
            picture.right() + 1,
            rect.top(),
            rect.right() - picture.right(),
            rect.height(),
        ),
        QRect(picture.left(), rect.top(), picture.width(), picture.top() - rect.top()),
        QRect(
            picture.left(),
            picture.bottom() + 1,
            picture.width(),
            rect.bottom() - picture.bottom(),
        ),
    ]
    return [bar for bar in bars if bar.width() > 0 and bar.height() > 0]
