"""Frames painted into a tile: straight into the pixels, or through an image."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

from console.video.frames import FrameBuffer
from tests.video.test_frames import write_pattern
from widgets.frame_painter import FramePainter, convert_into

BACKDROP = QColor(1, 2, 3)


def a_frame():
    buffer = FrameBuffer(32, 18)
    write_pattern(buffer)
    return buffer, buffer.take()


def canvas() -> QImage:
    image = QImage(64, 40, QImage.Format.Format_RGB32)
    image.fill(BACKDROP)
    return image


def rows(image: QImage, rect: QRect) -> list[bytes]:
    """The BGRA bytes of ``rect`` in ``image``, row by row."""
    raw = bytes(image.constBits())
    stride = image.bytesPerLine()
    start = rect.x() * 4
    return [
        raw[y * stride + start :][: rect.width() * 4]
        for y in range(rect.top(), rect.bottom() + 1)
    ]


def frame_rows(frame, x=0, width=None) -> list[bytes]:
    raw = frame.bgra()
    width = frame.width - x if width is None else width
    stride = frame.width * 4
    return [raw[y * stride + x * 4 :][: width * 4] for y in range(frame.height)]


def test_a_frame_is_converted_into_the_pixels_at_its_place(qapp):
    """Painting at an offset writes the frame's own pixels there and leaves
    the rest of the canvas alone."""
    buffer, frame = a_frame()
    image = canvas()
    painter = QPainter(image)
    painter.translate(5, 7)
    assert convert_into(painter, frame, QRect(0, 0, 32, 18))
    painter.end()
    assert rows(image, QRect(5, 7, 32, 18)) == frame_rows(frame)
    assert image.pixelColor(4, 7) == BACKDROP and image.pixelColor(37, 24) == BACKDROP
    assert image.pixelColor(5, 25) == BACKDROP


def test_only_the_clipped_part_is_written(qapp):
    """A clip, as when part of a tile is covered, limits what is written;
    a part starting on odd pixels still has the frame's own colours."""
    buffer, frame = a_frame()
    image = canvas()
    painter = QPainter(image)
    painter.setClipRect(QRect(3, 5, 9, 7))
    assert convert_into(painter, frame, QRect(0, 0, 32, 18))
    painter.end()
    written = rows(image, QRect(3, 5, 9, 7))
    expected = frame_rows(frame, x=3, width=9)[5:12]
    assert written == expected
    assert image.pixelColor(2, 5) == BACKDROP and image.pixelColor(12, 5) == BACKDROP
    assert image.pixelColor(3, 4) == BACKDROP and image.pixelColor(3, 12) == BACKDROP


def test_a_scaled_painter_draws_through_an_image(qapp):
    """A scaled painter (high DPI, a zoomed grab) is not written into; the
    frame painter draws an image of the frame instead."""
    buffer, frame = a_frame()
    image = canvas()
    painter = QPainter(image)
    painter.scale(2, 2)
    assert not convert_into(painter, frame, QRect(0, 0, 32, 18))
    FramePainter().paint(painter, frame, QRect(0, 0, 32, 18))
    painter.end()
    first = frame.bgra()[:4]
    assert bytes(image.constBits())[:4] == first
    assert image.pixelColor(63, 35) != BACKDROP  # the frame covers 64x36
    assert image.pixelColor(63, 36) == BACKDROP


def test_each_image_gets_its_own_pixels(qapp):
    """The painter keeps an image's address between paints (a window's
    tiles all paint on one backing store); another image, or the same one
    painted again, is written where its own pixels are."""
    buffer, frame = a_frame()
    first, second = canvas(), canvas()
    for image in (first, first, second):
        painter = QPainter(image)
        assert convert_into(painter, frame, QRect(0, 0, 32, 18))
        painter.end()
    copy = first.copy()  # shares nothing with first
    painter = QPainter(copy)
    assert convert_into(painter, frame, QRect(10, 10, 32, 18))
    painter.end()
    for image in (first, second):
        assert rows(image, QRect(0, 0, 32, 18)) == frame_rows(frame)
        assert image.pixelColor(40, 30) == BACKDROP
    assert rows(copy, QRect(10, 10, 32, 18)) == frame_rows(frame)
    assert first.pixelColor(40, 27) == BACKDROP  # the copy's paint stayed there
