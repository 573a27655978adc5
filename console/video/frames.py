"""Frame buffers that libvlc decodes into and a tile paints from.

libvlc calls ``lock`` and ``display`` on its own video threads, once per
frame. Those two callbacks are C functions (``_frameslots.c``), so the
per-frame path never takes Python's interpreter lock; the GUI thread takes
the newest finished frame through ``FrameBuffer.take``.

Three I420 pictures make that safe without copying: one being written, one
finished and waiting, one being painted. libvlc decodes and scales in YUV;
the painter converts the frame it holds to BGRA with libyuv
(``Frame.convert``), straight into the pixels of the window it paints.

A buffer can also take pictures larger than its frames (``decoded``),
which libyuv scales into a slot. The player does that only where libyuv
has rows of its own for the ratio (``console.video.player.snap``). The
console's libvlc video output (``_vout.c``) then hands over the decoder's
own pictures; libvlc's vmem, where that output declines a stream, writes
each into a staging picture first.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import mmap
from pathlib import Path

BYTES_PER_PIXEL = 4  # what Frame.convert writes: B, G, R, A, QImage's RGB32
CHROMA = b"I420"  # what libvlc is asked for: planar YUV 4:2:0
SLOTS = 3
# Slack after the picture, in bytes, for SIMD code that reads whole vectors.
SLACK = 64


def _aligned(size: int) -> int:
    """Rows aligned to 32 bytes, as the SIMD converters prefer."""
    return (size + 31) // 32 * 32


def _load_slots() -> ctypes.CDLL:
    here = Path(__file__).parent
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = here / f"_frameslots{suffix}"
        if path.exists():
            return _declare(ctypes.CDLL(str(path)))
    raise ImportError(
        f"the frame helper {here / '_frameslots.c'} is not built; "
        "run scripts/setup, which installs a C compiler and builds it"
    )


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    pointer, u64 = ctypes.c_void_p, ctypes.c_uint64
    lib.frame_slots_size.restype = ctypes.c_size_t
    lib.frame_slots_init.argtypes = [pointer] * 2 + [ctypes.c_int] * 4
    lib.frame_slots_stage.argtypes = [pointer] * 2 + [ctypes.c_int] * 4
    # slots; slot, x, y, width, height; destination, stride
    part = [ctypes.c_int] * 5
    lib.frame_slots_convert.argtypes = [pointer, *part, pointer, ctypes.c_int]
    lib.frame_slots_convert.restype = None
    lib.frame_slots_destroy.argtypes = [pointer]
    lib.frame_slots_take.argtypes = [
        pointer,
        ctypes.POINTER(u64),
        ctypes.POINTER(ctypes.c_double),
    ]
    lib.frame_slots_serial_offset.restype = ctypes.c_size_t
    lib.frame_slots_first_at.argtypes = [pointer]
    lib.frame_slots_first_at.restype = ctypes.c_double
    lib.frame_slots_output.argtypes = [pointer]
    return lib


_lib = _load_slots()
_SLOTS_SIZE = _lib.frame_slots_size()
_SERIAL_OFFSET = _lib.frame_slots_serial_offset()

# Which libvlc video output writes a buffer's frames (OUTPUT_ in
# _frameslots.h): libvlc's vmem; the console's own (_vout.c) with libvlc's
# swscale scaling into the slots; the console's own from the decoder's
# pictures, scaled by libyuv.
OUTPUTS = ("vmem", "scaled", "decoder")

# The addresses libvlc is given for its lock and display callbacks.
LOCK_CALLBACK = ctypes.cast(_lib.frame_slots_lock, ctypes.c_void_p).value
DISPLAY_CALLBACK = ctypes.cast(_lib.frame_slots_display, ctypes.c_void_p).value


class Frame:
    """A finished frame: its size, serial and when it arrived.

    It stays unchanged until its buffer's next ``take``. A plain class with
    slots rather than a frozen dataclass: one is made for every painted
    frame, and a frozen dataclass sets each field through
    ``object.__setattr__``.
    """

    __slots__ = ("buffer", "slot", "width", "height", "serial", "arrived")

    def __init__(self, buffer, slot, width, height, serial, arrived):
        self.buffer: FrameBuffer = buffer
        self.slot: int = slot
        self.width: int = width
        self.height: int = height
        self.serial: int = serial
        self.arrived: float = arrived

    def convert(
        self, address: int, stride: int, part: tuple[int, int, int, int] | None = None
    ) -> None:
        """Write the frame, or the ``part`` (x, y, width, height) of it, as
        BGRA: its top left pixel at ``address``, rows ``stride`` bytes
        apart. The part is clipped to the frame."""
        x, y, width, height = part or (0, 0, self.width, self.height)
        _lib.frame_slots_convert(
            self.buffer.address, self.slot, x, y, width, height, address, stride
        )

    def luma(self) -> bytes:
        """The frame's Y plane, its rows ``buffer.pitches[0]`` bytes apart:
        enough to tell one picture from another."""
        return self.buffer.luma(self.slot)

    def bgra(self) -> bytes:
        """The whole frame as BGRA, rows of ``width * 4`` bytes."""
        stride = self.width * BYTES_PER_PIXEL
        pixels = ctypes.create_string_buffer(stride * self.height)
        self.convert(ctypes.addressof(pixels), stride)
        return pixels.raw


class _Layout:
    """Plane sizes of an I420 picture: even sides, rows aligned."""

    def __init__(self, width: int, height: int):
        self.width = max(2, width - width % 2)
        self.height = max(2, height - height % 2)
        chroma_pitch = _aligned(self.width // 2)
        self.pitches = (_aligned(self.width), chroma_pitch, chroma_pitch)
        self.lines = (self.height, self.height // 2, self.height // 2)
        self.size = sum(p * n for p, n in zip(self.pitches, self.lines, strict=True))


class FrameBuffer:
    """Three I420 pictures of one size, shared by a decoder and a painter.

    Attributes:
        width, height: the size of the frames.
        pitches, lines: bytes per row and rows of the Y, U and V planes.
        decoded: the size libvlc writes its pictures at, and
        decoded_pitches, decoded_lines: their planes; the frames' own
            unless the buffer scales (``decoded`` given).
        source_width, source_height: the stream's own picture size.
        address: what libvlc passes to the callbacks (the slots' state).
    """

    def __init__(self, width: int, height: int, source_size=(0, 0), decoded=None):
        frames = _Layout(width, height)
        self.width, self.height = frames.width, frames.height
        self.pitches, self.lines = frames.pitches, frames.lines
        self.source_width, self.source_height = source_size
        self._picture_size = frames.size
        self._pictures = ctypes.create_string_buffer(frames.size * SLOTS + SLACK)
        self._state = ctypes.create_string_buffer(_SLOTS_SIZE)
        self.address = ctypes.addressof(self._state)
        _lib.frame_slots_init(
            self.address, self._pictures, self.width, self.height, *self.pitches[:2]
        )
        staged = _Layout(*decoded) if decoded else frames
        self.decoded = (staged.width, staged.height)
        self.decoded_pitches, self.decoded_lines = staged.pitches, staged.lines
        self._staging = None
        if self.decoded != (self.width, self.height):
            # Mapped, not allocated: only libvlc's vmem writes a staging
            # picture, and the console's own output leaves its pages
            # untouched, so they never take memory.
            self._staging = mmap.mmap(-1, staged.size + SLACK)
            staging = ctypes.addressof(ctypes.c_char.from_buffer(self._staging))
            _lib.frame_slots_stage(
                self.address, staging, *self.decoded, *staged.pitches[:2]
            )
        self._serial = ctypes.c_uint64()
        self._arrived = ctypes.c_double()
        self._take_into = (ctypes.byref(self._serial), ctypes.byref(self._arrived))
        # The slots' own count, read in place (see frame_slots_serial_offset).
        self._finished = ctypes.c_uint64.from_address(self.address + _SERIAL_OFFSET)

    def luma(self, slot: int) -> bytes:
        """The Y plane of one of the pictures."""
        size = self.pitches[0] * self.lines[0]
        start = slot * self._picture_size
        return ctypes.string_at(ctypes.addressof(self._pictures) + start, size)

    def __del__(self):
        # At interpreter exit the module's globals may already be gone.
        if _lib is not None:
            _lib.frame_slots_destroy(self.address)

    @property
    def serial(self) -> int:
        """How many frames have been finished so far."""
        return self._finished.value

    @property
    def first_frame_at(self) -> float | None:
        """When the first frame was finished, on ``time.monotonic``'s clock."""
        return _lib.frame_slots_first_at(self.address) or None

    @property
    def output(self) -> str:
        """Which video output writes the frames, one of ``OUTPUTS``."""
        return OUTPUTS[_lib.frame_slots_output(self.address)]

    def take(self) -> Frame | None:
        """The newest finished frame, kept unchanged until the next take."""
        slot = _lib.frame_slots_take(self.address, *self._take_into)
        if slot < 0:
            return None
        return Frame(
            self,
            slot,
            self.width,
            self.height,
            self._serial.value,
            self._arrived.value,
        )
