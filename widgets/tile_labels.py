"""The labels a tile draws over its picture: who, when, and how it plays.

Three small boxes, each on a translucent dark ground sized to its text: the
source's level and name top left, a live clock top right, the stream's
state bottom left. Each is drawn into an image when its text changes and
only blitted while frames come 25 times a second. The clock's image is
shared by every tile whose text has the same size, so a wall draws its
clock once a second, not once per tile. Full-width strips, as tiles had
before, blended a fifth of every tile on every frame.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

log = logging.getLogger(__name__)

GROUND = QColor(0, 0, 0, 120)
SHADOW = QColor(0, 0, 0, 200)
TEXT = QColor("#f2f5f8")
PAD = 4


def label_font(base: QFont, tile_height: int) -> QFont:
    """The labels' font: readable, and smaller on small tiles."""
    font = QFont(base)
    font.setPixelSize(max(11, min(16, tile_height // 18)))
    return font


def _image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(GROUND)
    return image


def _shadowed(painter: QPainter, rect: QRect, text: str) -> None:
    """Text readable on any picture: a dark shadow under light letters."""
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    painter.setPen(SHADOW)
    painter.drawText(rect.translated(1, 1), flags, text)
    painter.setPen(TEXT)
    painter.drawText(rect, flags, text)


def name_label(font: QFont, level: str, colour: QColor, name: str) -> QImage:
    """The level as a coloured badge, then the source's name."""
    metrics = QFontMetrics(font)
    line = metrics.height() + 2
    badge_width = metrics.horizontalAdvance(level) + 2 * PAD
    name_width = metrics.horizontalAdvance(name) + 2
    image = _image(PAD + badge_width + PAD + name_width + PAD, line + 2 * PAD)
    painter = QPainter(image)
    painter.setFont(font)
    badge = QRect(PAD, PAD, badge_width, line)
    painter.fillRect(badge, colour)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, level)
    _shadowed(painter, QRect(badge.right() + 1 + PAD, PAD, name_width, line), name)
    painter.end()
    return image


def state_label(font: QFont, colour: QColor, text: str) -> QImage:
    """A dot in the state's colour, then what the state says."""
    metrics = QFontMetrics(font)
    line = metrics.height() + 2
    dot = line // 2
    text_width = metrics.horizontalAdvance(text) + 2
    image = _image(PAD + dot + PAD + text_width + PAD, line + 2 * PAD)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(PAD, PAD + (line - dot) // 2, dot, dot)
    _shadowed(painter, QRect(PAD + dot + PAD, PAD, text_width, line), text)
    painter.end()
    return image


class Clock:
    """The live clock's label, drawn once a second for each text size."""

    def __init__(self):
        self._second = -1
        self._labels: dict[int, QImage] = {}

    def label(self, font: QFont) -> QImage:
        second = int(time.time())
        if second != self._second:
            self._second = second
            self._labels.clear()
        size = font.pixelSize()
        image = self._labels.get(size)
        if image is None:
            image = self._labels[size] = self._draw(font)
        return image

    def _draw(self, font: QFont) -> QImage:
        text = time.strftime("%H:%M:%S", time.localtime(self._second))
        metrics = QFontMetrics(font)
        line = metrics.height() + 2
        width = metrics.horizontalAdvance(text) + 2
        image = _image(width + 2 * PAD, line + 2 * PAD)
        painter = QPainter(image)
        painter.setFont(font)
        _shadowed(painter, QRect(PAD, PAD, width, line), text)
        painter.end()
        return image


CLOCK = Clock()
