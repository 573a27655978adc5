"""The frame buffer's C callbacks, called the way libvlc calls them."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time

import pytest

from console.video.frames import DISPLAY_CALLBACK, LOCK_CALLBACK, FrameBuffer
from console.video.player import fit, snap

lock = ctypes.CFUNCTYPE(
    ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
)(LOCK_CALLBACK)
display = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)(DISPLAY_CALLBACK)


def write_picture(buffer: FrameBuffer, y: int, u: int, v: int) -> None:
    """Do what libvlc does for one I420 picture of a single colour."""
    planes = (ctypes.c_void_p * 3)()
    lock(buffer.address, planes)
    for index, value in enumerate((y, u, v)):
        size = buffer.decoded_pitches[index] * buffer.decoded_lines[index]
        ctypes.memset(planes[index], value, size)
    display(buffer.address, None)


def write_frame(buffer: FrameBuffer, luma: int) -> None:
    """One grey picture of the given luma."""
    write_picture(buffer, luma, 128, 128)


def grey(luma: int) -> int:
    """The BGRA grey a studio-range luma converts to (BT.601)."""
    return max(0, min(255, round((luma - 16) * 255 / 219)))


def bgra(frame, part) -> bytes:
    """A part of the frame converted to BGRA rows of its width; zeros
    elsewhere."""
    stride = frame.width * 4
    out = ctypes.create_string_buffer(stride * frame.height)
    x, y = part[:2]
    frame.convert(ctypes.addressof(out) + y * stride + x * 4, stride, part)
    return out.raw


def pixels(frame) -> set[bytes]:
    """The distinct BGRA pixels of a frame."""
    raw = frame.bgra()
    return {raw[i : i + 4] for i in range(0, len(raw), 4)}


def is_grey(frame, luma: int) -> bool:
    """Every pixel of the frame is the grey of that luma, within rounding."""
    found = pixels(frame)
    if len(found) != 1:
        return False
    b, g, r, a = next(iter(found))
    return b == g == r and a == 255 and abs(b - grey(luma)) <= 1


def test_nothing_to_take_before_the_first_frame():
    """A new buffer has no frame, no serial and no first-frame time."""
    buffer = FrameBuffer(64, 36)
    assert buffer.take() is None
    assert buffer.serial == 0
    assert buffer.first_frame_at is None


def test_take_gives_the_newest_frame():
    """Of two frames written before a take, the painter gets the second."""
    buffer = FrameBuffer(64, 36)
    write_frame(buffer, 60)
    write_frame(buffer, 200)
    frame = buffer.take()
    assert frame.serial == 2 == buffer.serial
    assert is_grey(frame, 200)
    assert frame.arrived <= time.monotonic()
    assert buffer.first_frame_at <= frame.arrived


def test_a_held_frame_is_never_written_over():
    """While the painter holds a frame, the decoder writes elsewhere."""
    buffer = FrameBuffer(64, 36)
    write_frame(buffer, 70)
    held = buffer.take()
    for luma in range(100, 120):
        write_frame(buffer, luma)
    assert is_grey(held, 70)
    assert buffer.take().serial == 21


def test_take_without_a_new_frame_keeps_the_held_one():
    """Taking again with nothing new returns the same frame."""
    buffer = FrameBuffer(64, 36)
    write_frame(buffer, 30)
    first = buffer.take()
    again = buffer.take()
    assert again.serial == first.serial and is_grey(again, 30)


def write_pattern(buffer: FrameBuffer):
    """One picture whose every pixel and chroma sample differs from its
    neighbours, at the size libvlc writes; returns its planes."""
    planes = (ctypes.c_void_p * 3)()
    lock(buffer.address, planes)
    for index in range(3):
        pitch, lines = buffer.decoded_pitches[index], buffer.decoded_lines[index]
        values = bytes(
            (16 + 7 * row + 13 * col + 50 * index) % 240
            for row in range(lines)
            for col in range(pitch)
        )
        ctypes.memmove(planes[index], values, len(values))
    display(buffer.address, None)
    return planes


def test_a_part_converts_as_the_whole_does():
    """Converting a part that starts on an odd row and column gives the
    same pixels there as converting the whole frame."""
    buffer = FrameBuffer(32, 18)
    write_pattern(buffer)
    frame = buffer.take()
    whole = frame.bgra()
    x, y, width, height = 5, 3, 11, 7
    part = bgra(frame, (x, y, width, height))
    stride = frame.width * 4
    for row in range(y, y + height):
        span = slice(row * stride + x * 4, row * stride + (x + width) * 4)
        assert part[span] == whole[span], row
    assert part[: y * stride] == bytes(y * stride)  # nothing outside the part


def test_sizes_are_even_and_rows_aligned():
    """Odd sizes round down to even; rows of every plane are padded to 32
    bytes; the chroma planes have half the rows."""
    buffer = FrameBuffer(479, 269)
    assert (buffer.width, buffer.height) == (478, 268)
    assert all(pitch % 32 == 0 for pitch in buffer.pitches)
    assert buffer.pitches[0] >= 478 and buffer.pitches[1] >= 239
    assert buffer.lines == (268, 134, 134)


def test_colour_converts_as_bt601():
    """Pure red in studio-range BT.601 YUV arrives as red in BGRA."""
    buffer = FrameBuffer(32, 18)
    write_picture(buffer, 81, 90, 240)  # red: Y 81, Cb 90, Cr 240
    ((b, g, r, a),) = pixels(buffer.take())
    assert r >= 250 and g <= 5 and b <= 5 and a == 255


def test_decoder_and_painter_on_two_threads():
    """A decoder thread and a painter never see a torn or stale slot."""
    buffer = FrameBuffer(32, 18)
    done = threading.Event()

    def luma(serial: int) -> int:
        return 16 + serial % 220  # studio range: each luma its own grey

    def decode():
        for serial in range(1, 2001):
            write_frame(buffer, luma(serial))
        done.set()

    thread = threading.Thread(target=decode)
    thread.start()
    last = 0
    while not done.is_set() or last < 2000:
        frame = buffer.take()
        if frame is None:
            continue
        assert is_grey(frame, luma(frame.serial))
        assert frame.serial >= last
        last = frame.serial
    thread.join()
    assert last == 2000


def test_frames_fit_the_tile_with_an_even_width():
    """A frame keeps the stream's shape inside the tile, its width even."""
    assert fit((640, 360), (480, 400)) == (480, 270)
    assert fit((704, 576), (479, 600)) == (478, 391)  # 478.0 wide, 391.1 high
    assert fit((1280, 720), (961, 1000)) == (960, 540)
    assert fit((0, 0), (479, 269)) == (478, 269)


def test_a_scaling_buffer_takes_larger_pictures():
    """libvlc writes 640x360 pictures; the frames are 480x270, same colour."""
    buffer = FrameBuffer(480, 270, (640, 360), decoded=(640, 360))
    assert buffer.decoded == (640, 360)
    assert buffer.decoded_lines == (360, 180, 180)
    write_picture(buffer, 81, 90, 240)  # BT.601 red
    frame = buffer.take()
    assert (frame.width, frame.height, frame.serial) == (480, 270, 1)
    b, g, r, _ = frame.bgra()[:4]
    assert r > 200 and g < 40 and b < 40


def test_a_scaled_picture_keeps_its_geometry():
    """A picture dark on its left half and bright on its right is so at
    three quarters of its size, the edge within a column of the middle."""
    buffer = FrameBuffer(480, 270, decoded=(640, 360))
    planes = (ctypes.c_void_p * 3)()
    lock(buffer.address, planes)
    pitch = buffer.decoded_pitches[0]
    row = bytes([30]) * 320 + bytes([220]) * (pitch - 320)
    ctypes.memmove(planes[0], row * 360, len(row) * 360)
    for plane in (1, 2):
        size = buffer.decoded_pitches[plane] * buffer.decoded_lines[plane]
        ctypes.memset(planes[plane], 128, size)
    display(buffer.address, None)
    frame = buffer.take()
    luma = frame.luma()
    for y in (0, 135, 269):
        line = luma[y * buffer.pitches[0] : y * buffer.pitches[0] + 480]
        assert set(line[:239]) == {30} and set(line[241:]) == {220}


def test_frames_snap_to_sizes_libyuv_scales_fast():
    """Near a quarter, half, three quarters or all of the stream's size,
    frames take that size; elsewhere they keep the fitted one."""
    assert snap((640, 360), (476, 268)) == (480, 270)  # a 479x268 tile
    assert snap((640, 360), (318, 179)) == (320, 180)
    assert snap((640, 360), (160, 90)) == (160, 90)
    assert snap((1920, 1080), (1918, 1078)) == (1920, 1080)
    assert snap((704, 576), (528, 432)) == (528, 432)
    assert snap((640, 360), (400, 225)) is None
    assert snap((640, 360), (470, 264)) is None  # 10 pixels off: scaled
    assert snap((642, 362), (321, 181)) is None  # 321 is odd


def with_pitches(planes, pitches) -> list:
    """Planes and pitches as libyuv takes them: each plane, then its pitch."""
    return [arg for pair in zip(planes, pitches, strict=True) for arg in pair]


def libyuv_reference(planes, pitches, source, size) -> bytes:
    """What libyuv gives for a picture scaled and converted in one call
    each, as BGRA rows of the frame's width."""
    yuv = ctypes.CDLL(ctypes.util.find_library("yuv"))
    width, height = size
    chroma_width, chroma_height = (width + 1) // 2, (height + 1) // 2
    scaled = [ctypes.create_string_buffer(width * height)] + [
        ctypes.create_string_buffer(chroma_width * chroma_height) for _ in range(2)
    ]
    scaled_pitches = (width, chroma_width, chroma_width)
    box = 3  # libyuv's kFilterBox
    yuv.I420Scale(
        *with_pitches(planes, pitches),
        *source,
        *with_pitches(scaled, scaled_pitches),
        width,
        height,
        box,
    )
    out = ctypes.create_string_buffer(width * 4 * height)
    yuv.I420ToARGB(*with_pitches(scaled, scaled_pitches), out, width * 4, width, height)
    return out.raw


@pytest.mark.parametrize("size", [(480, 270), (320, 180), (160, 90), (400, 224)])
def test_scaling_and_converting_in_strips_is_exact(size):
    """The slots scale and convert in strips of rows, prefetching the next;
    the pixels are libyuv's own for the whole picture, at every ratio."""
    buffer = FrameBuffer(*size, decoded=(640, 360))
    planes = write_pattern(buffer)
    frame = buffer.take()
    reference = libyuv_reference(
        [ctypes.c_void_p(p) for p in planes],
        buffer.decoded_pitches,
        buffer.decoded,
        (frame.width, frame.height),
    )
    assert frame.bgra() == reference
