"""The frame buffer's C callbacks, called the way libvlc calls them."""

from __future__ import annotations

import ctypes
import threading
import time

from console.video.frames import DISPLAY_CALLBACK, LOCK_CALLBACK, FrameBuffer
from console.video.player import fit

lock = ctypes.CFUNCTYPE(
    ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
)(LOCK_CALLBACK)
display = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)(DISPLAY_CALLBACK)


def write_frame(buffer: FrameBuffer, value: int) -> int:
    """Do what libvlc does for one frame; the address it wrote to."""
    planes = (ctypes.c_void_p * 3)()
    lock(buffer.address, planes)
    ctypes.memset(planes[0], value, buffer.pitch * buffer.height)
    display(buffer.address, None)
    return planes[0]


def test_nothing_to_take_before_the_first_frame():
    """A new buffer has no frame, no serial and no first-frame time."""
    buffer = FrameBuffer(64, 36)
    assert buffer.take() is None
    assert buffer.serial == 0
    assert buffer.first_frame_at is None


def test_take_gives_the_newest_frame():
    """Of two frames written before a take, the painter gets the second."""
    buffer = FrameBuffer(64, 36)
    write_frame(buffer, 1)
    write_frame(buffer, 2)
    frame = buffer.take()
    assert frame.serial == 2 == buffer.serial
    assert frame.data.raw[:4] == b"\x02" * 4
    assert frame.arrived <= time.monotonic()
    assert buffer.first_frame_at <= frame.arrived


def test_a_held_frame_is_never_written_over():
    """While the painter holds a frame, the decoder writes elsewhere."""
    buffer = FrameBuffer(64, 36)
    write_frame(buffer, 7)
    held = buffer.take()
    for value in range(20):
        write_frame(buffer, value)
    assert held.data.raw[: held.pitch * held.height] == b"\x07" * (
        held.pitch * held.height
    )
    assert buffer.take().serial == 21


def test_take_without_a_new_frame_keeps_the_held_one():
    """Taking again with nothing new returns the same frame."""
    buffer = FrameBuffer(64, 36)
    write_frame(buffer, 3)
    first = buffer.take()
    again = buffer.take()
    assert (again.serial, again.data.raw[:1]) == (first.serial, b"\x03")


def test_sizes_are_even_and_rows_aligned():
    """Odd sizes round down to even; rows are padded to 32 bytes."""
    buffer = FrameBuffer(479, 269)
    assert (buffer.width, buffer.height) == (478, 268)
    assert buffer.pitch % 32 == 0 and buffer.pitch >= 478 * 4


def test_decoder_and_painter_on_two_threads():
    """A decoder thread and a painter never see a torn or stale slot."""
    buffer = FrameBuffer(32, 18)
    size = buffer.pitch * buffer.height
    done = threading.Event()

    def decode():
        for serial in range(1, 2001):
            write_frame(buffer, serial % 251)
        done.set()

    thread = threading.Thread(target=decode)
    thread.start()
    last = 0
    while not done.is_set() or last < 2000:
        frame = buffer.take()
        if frame is None:
            continue
        pixels = frame.data.raw[:size]
        assert pixels == bytes([frame.serial % 251]) * size
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
