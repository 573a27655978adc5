"""Frame buffers that libvlc decodes into and a tile paints from.

libvlc calls ``lock`` and ``display`` from its own decoder threads; the GUI
takes the newest finished frame from its own thread. Three buffers make that
safe without copying: one being written, one finished and waiting, one being
painted. The writer never touches the buffer the painter holds, so neither
side ever waits for the other for longer than an index swap.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass

BYTES_PER_PIXEL = 4  # RV32: B, G, R, X in memory, which is QImage's RGB32


@dataclass(frozen=True)
class Frame:
    """A finished frame: its pixels, size and when it arrived."""

    data: ctypes.Array
    width: int
    height: int
    pitch: int
    serial: int
    arrived: float


class FrameBuffer:
    """Three RV32 buffers of one size, shared by a decoder and a painter.

    Attributes:
        width, height, pitch: the size libvlc delivers frames at.
        source_width, source_height: the stream's own picture size.
        serial: how many frames have been finished so far.
    """

    def __init__(self, width: int, height: int, source_size=(0, 0)):
        self.width = max(2, width - width % 2)
        self.height = max(2, height - height % 2)
        # Rows aligned to 32 bytes, as libvlc's SIMD converters prefer.
        self.pitch = (self.width * BYTES_PER_PIXEL + 31) // 32 * 32
        self.source_width, self.source_height = source_size
        size = self.pitch * self.height
        self._buffers = [ctypes.create_string_buffer(size) for _ in range(3)]
        self._addresses = [ctypes.addressof(b) for b in self._buffers]
        self._lock = threading.Lock()
        self._writing = 0
        self._ready: int | None = None
        self._reading = 2
        self.serial = 0
        self._ready_serial = 0
        self._ready_at = 0.0
        self._held: tuple[int, float] | None = None
        self.first_frame_at: float | None = None

    # Decoder side: called on libvlc's threads.

    def begin_write(self) -> int:
        """Pick a buffer for the next frame and return its address."""
        with self._lock:
            free = {0, 1, 2} - {self._ready, self._reading}
            self._writing = min(free)
            return self._addresses[self._writing]

    def end_write(self) -> None:
        """Publish the frame just written as the newest one."""
        now = time.monotonic()
        with self._lock:
            self._ready = self._writing
            self.serial += 1
            self._ready_serial = self.serial
            self._ready_at = now
            if self.first_frame_at is None:
                self.first_frame_at = now

    # Painter side: called on the GUI thread.

    def take(self) -> Frame | None:
        """The newest finished frame, kept unchanged until the next take."""
        with self._lock:
            if self._ready is not None:
                self._reading, self._ready = self._ready, None
                self._held = (self._ready_serial, self._ready_at)
            if self._held is None:
                return None
            serial, arrived = self._held
            data = self._buffers[self._reading]
        return Frame(data, self.width, self.height, self.pitch, serial, arrived)
