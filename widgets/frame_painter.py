"""Painting a decoded frame into a tile.

Frames are I420 pictures (``console.video.frames``). Where the painter
paints on plain BGRA pixels at one device pixel per pixel, which is the
case for a window's backing store and for grabs, the frame is converted
straight into those pixels: one pass from YUV to the screen's memory. A
BGRA copy of every frame, drawn with ``drawImage``, cost as much again as
the conversion, because each frame's copy had to be read back cold.
Everywhere else (a scaled or high-DPI picture, another pixel format, a
painter that blends) the frame is converted into an image of its own and
drawn with ``drawImage``.
"""

from __future__ import annotations

import ctypes
import logging

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform

from console.video.frames import Frame

log = logging.getLogger(__name__)

# Pixel formats whose bytes are B, G, R, A in memory, as libyuv writes them;
# its alpha is always opaque.
BGRA_FORMATS = {
    QImage.Format.Format_RGB32,
    QImage.Format.Format_ARGB32,
    QImage.Format.Format_ARGB32_Premultiplied,
}
SOURCE_OVER = QPainter.CompositionMode.CompositionMode_SourceOver


class _BufferView(ctypes.Structure):
    """CPython's Py_buffer, to learn where a read-only buffer's bytes are."""

    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.c_void_p),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_BufferView), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_BufferView)]


def address_of(image: QImage) -> int:
    """Where the pixels of an image being painted on start.

    Read through ``constBits``: ``bits`` would detach an image whose data
    is shared, and the painter already painting on it would go on writing
    to the old data. A window's backing store and a fresh grab are never
    shared while they are painted.

    The address is kept for the image's data, which the high half of its
    cache key names: a window's tiles all paint on one backing store. The
    low half counts detaches, and every painter that begins on the image
    adds one, so the whole key is new at every tile's paint.
    """
    global _last_address
    data = image.cacheKey() >> 32
    if _last_address[0] != data:
        _last_address = (data, _buffer_address(image))
    return _last_address[1]


_last_address: tuple[int | None, int] = (None, 0)


def _buffer_address(image: QImage) -> int:
    view = _BufferView()
    _get_buffer(image.constBits(), ctypes.byref(view), 0)
    try:
        return view.buf
    finally:
        _release_buffer(ctypes.byref(view))


class FramePainter:
    """Paints one tile's frames; keeps the image used where pixels are not
    written directly."""

    def __init__(self):
        self._image: QImage | None = None
        self._image_of: tuple | None = None  # (frame buffer, serial) it shows

    def paint(self, painter: QPainter, frame: Frame, target: QRect) -> None:
        """Paint ``frame`` into ``target``, scaled if the sizes differ."""
        unscaled = target.width() == frame.width and target.height() == frame.height
        if unscaled and convert_into(painter, frame, target):
            return
        painter.drawImage(target, self._image_for(frame))

    def _image_for(self, frame: Frame) -> QImage:
        key = (frame.buffer, frame.serial)
        image = self._image
        if image is None or image.size() != QSize(frame.width, frame.height):
            image = self._image = QImage(
                frame.width, frame.height, QImage.Format.Format_RGB32
            )
            self._image_of = None
        if self._image_of != key:
            # Through bits(): the image is this painter's own, and writing
            # it so gives it a new cache key, which paint engines that keep
            # images (as textures) go by.
            pixels = ctypes.addressof(ctypes.c_char.from_buffer(image.bits()))
            frame.convert(pixels, image.bytesPerLine())
            self._image_of = key
        return image


def convert_into(painter: QPainter, frame: Frame, target: QRect) -> bool:
    """Convert ``frame`` straight into the pixels ``painter`` paints on, at
    ``target``; whether it could.

    Only what the painter may paint is written: the system clip (the part
    of the window being repainted, less what covers the tile) and the
    painter's own clip. Called for every frame of every tile, so it asks
    Qt as little as it can: each call here cost a few microseconds with
    the caches cold from the tile before.
    """
    engine = painter.paintEngine()
    device = engine.paintDevice() if engine is not None else None
    transform = painter.deviceTransform()
    if not _writable(device) or not _plain(painter, transform):
        return False
    dx, dy = round(transform.dx()), round(transform.dy())
    placed = target.translated(dx, dy)
    area = engine.systemClip()
    # An empty system clip means the whole device may be painted.
    area = area.intersected(placed) if not area.isEmpty() else QRegion(placed)
    area = area.intersected(device.rect())
    if painter.hasClipping():
        area = area.intersected(painter.clipRegion().translated(dx, dy))
    base, stride = address_of(device), device.bytesPerLine()
    left, top = placed.x(), placed.y()
    for rect in area:
        x, y = rect.x(), rect.y()
        part = (x - left, y - top, rect.width(), rect.height())
        frame.convert(base + y * stride + x * 4, stride, part)
    return True


def _writable(device) -> bool:
    """An image with BGRA pixels."""
    return isinstance(device, QImage) and device.format() in BGRA_FORMATS


def _plain(painter: QPainter, transform: QTransform) -> bool:
    """The painter only moves what it draws, and draws it opaque."""
    return (
        not transform.isScaling()  # no scaling, rotation, shear or projection
        and painter.opacity() == 1.0
        and painter.compositionMode() == SOURCE_OVER
    )
