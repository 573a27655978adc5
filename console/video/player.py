"""libvlc players that decode into frame buffers at the tile's own size.

libvlc calls back on its own threads. The per-frame callbacks, lock and
display, are the frame buffer's C functions and never enter Python; only
the format callback, once per video output, is Python. None of them calls
into Qt: emitting a Qt signal from these threads is where PySide6 crashed on
CPython 3.11. The GUI thread's frame clock notices new frames by their
serial instead.

The players' video output is the console's own libvlc plugin
(``_vout.c``), which libvlc loads in place of its vmem for these callbacks
and which takes the decoder's pictures without libvlc's extra copy.

Stopping a libvlc player joins its threads and can take a while, so it
happens on a reaper thread; the buffer stays alive until the player that
writes into it has stopped.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import queue
import threading
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import vlc

from console.video.frames import (
    CHROMA,
    DISPLAY_CALLBACK,
    LOCK_CALLBACK,
    Frame,
    FrameBuffer,
)
from console.video.placement import CorePlacement

log = logging.getLogger(__name__)

VLC_ARGS = [
    "--no-audio",
    "--no-xlib",
    "--quiet",
    "--no-osd",
    "--no-video-title-show",
    "--no-snapshot-preview",
    "--no-sub-autodetect-file",
    "--avcodec-hw=none",
    # Fast bilinear scaling: converting and scaling into the tile's size
    # cost libvlc more than decoding did (perf: swscale 31 %, avcodec 22 %);
    # this mode took a sixth off a 16-tile wall's CPU.
    "--swscale-mode=0",
    # The ingest already buffers; libvlc should show frames as they come.
    "--file-caching=150",
    # libvlc reads the pipe through its prefetch filter, whose ring buffer
    # is 16 MiB by default: every page of it is touched as a live stream
    # cycles through, so each tile grew by its bitrate until it held all
    # 16 MiB. One MiB is a second of an 8 Mbit/s main stream ahead of the
    # demuxer, more than a live source ever gets.
    "--prefetch-buffer-size=1024",
    "--prefetch-read-size=65536",
    "--clock-jitter=0",
    "--drop-late-frames",
    "--skip-frames",
]


GRID_TILE_AREA = 960 * 540
# Where the console's own libvlc video output is (console/video/_vout.c):
# the frame library, linked under the name libvlc loads plugins by.
PLUGIN_DIR = Path(__file__).with_name("vlc-plugins")
# Extra libvlc arguments for experiments, e.g. "--avcodec-threads=1".
EXTRA_ARGS = os.environ.get("CONSOLE_VLC_ARGS", "").split()


def fit(source: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the source's aspect ratio that fits the box,
    its width even: I420 frames have chroma planes half as wide, and
    swscale's SIMD paths take only even widths.
    """
    sw, sh = source
    bw, bh = box
    if sw <= 0 or sh <= 0:
        return max(2, bw & ~1), bh
    scale = min(bw / sw, bh / sh)
    return max(2, int(sw * scale) & ~1), max(2, int(sh * scale))


# Ratios libyuv scales I420 pictures by with rows of its own: 640x360 into
# 480x270 took 14 µs, 320x180 4 µs; libvlc's swscale took 92 and 47 µs, and
# libyuv at any other ratio 170 µs. 1 is the stream's own size: no scaling.
FAST_RATIOS = (Fraction(1), Fraction(3, 4), Fraction(1, 2), Fraction(1, 4))
# How far a snapped frame may be from the tile's fitted size, in pixels: a
# tile draws it unscaled and centred, cropping or leaving at most two
# pixels at each edge. The rows of a 1080-line 4x4 wall are 268 or 269
# lines high, and 480x270 frames then differ from the fitted 476x268 by 4.
SNAP_PX = 4


def snap(source: tuple[int, int], size: tuple[int, int]) -> tuple[int, int] | None:
    """The frame size, within ``SNAP_PX`` of ``size``, that ``source``
    becomes at one of libyuv's fast ratios; None if there is none."""
    for ratio in FAST_RATIOS:
        width, height = source[0] * ratio, source[1] * ratio
        if width.denominator != 1 or height.denominator != 1:
            continue
        if width % 2 or height % 2:
            continue
        if abs(width - size[0]) <= SNAP_PX and abs(height - size[1]) <= SNAP_PX:
            return int(width), int(height)
    return None


def add_plugin_dir(directory: Path) -> None:
    """Have libvlc look for plugins in ``directory`` as well as its own.

    libvlc reads VLC_PLUGIN_PATH when its first instance starts in the
    process. Without the console's output, players still work through
    libvlc's vmem, one copy of every frame dearer.
    """
    if not (directory / "libconsole_frames_plugin.so").exists():
        log.warning("%s is not built; frames take libvlc's slower path", directory)
        return
    paths = [p for p in os.environ.get("VLC_PLUGIN_PATH", "").split(os.pathsep) if p]
    if str(directory) not in paths:
        os.environ["VLC_PLUGIN_PATH"] = os.pathsep.join([*paths, str(directory)])


class Engine:
    """The one libvlc instance of the process."""

    _instance: Engine | None = None

    def __init__(self, args=VLC_ARGS):
        add_plugin_dir(PLUGIN_DIR)
        self.vlc = vlc.Instance([*args, *EXTRA_ARGS])
        if self.vlc is None:
            raise RuntimeError("libvlc could not start (is vlc-plugin-base installed?)")
        self._reaper = _Reaper()
        self.placement = CorePlacement()

    @classmethod
    def shared(cls) -> Engine:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def version(self) -> str:
        return vlc.libvlc_get_version().decode()

    def retire(self, player: Player, then=None) -> None:
        """Stop a player on the reaper thread, then call ``then``."""
        self._reaper.put(player, then)

    def drain(self, timeout: float = 5.0) -> None:
        """Wait until every retired player has stopped."""
        self._reaper.drain(timeout)


class _Reaper:
    def __init__(self):
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(
            target=self._run, name="vlc-reaper", daemon=True
        )
        self._thread.start()

    def put(self, player, then) -> None:
        self._queue.put((player, then))

    def drain(self, timeout: float) -> None:
        done = threading.Event()
        self._queue.put((None, done.set))
        done.wait(timeout)

    def _run(self) -> None:
        while True:
            player, then = self._queue.get()
            try:
                if player is not None:
                    player.stop_now()
                if then is not None:
                    then()
            except Exception:
                log.exception("stopping a player failed")


# libvlc hands each callback the ``opaque`` pointer given at setup; it keys
# this registry, so the ctypes callbacks can be module-level and live forever.
_players: dict[int, Player] = {}
_keys = itertools.count(1)


# Pictures that stay in a graphics card's memory (VA-API, VDPAU): the
# callbacks can take none of them.
HARDWARE_CHROMAS = {b"VAOP", b"VAO0", b"VDV0", b"VDV2", b"VDV4", b"VDOR"}


# WORKAROUND(python-vlc 3.0): its VideoFormatCb types ``chroma`` as c_char_p,
# which reaches Python as an immutable copy, so the chosen chroma could never
# be written back. This prototype passes the real buffer.
_FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(ctypes.c_char),
    *[ctypes.POINTER(ctypes.c_uint)] * 4,
)
_set_format_callbacks = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, _FormatCb, ctypes.c_void_p
)(("libvlc_video_set_format_callbacks", vlc.dll))
# The lock and display callbacks are C functions of the frame buffer, given
# by address; there is no unlock callback (libvlc allows none).
_set_callbacks = ctypes.CFUNCTYPE(None, *[ctypes.c_void_p] * 5)(
    ("libvlc_video_set_callbacks", vlc.dll)
)


@_FormatCb
def _on_format(opaque, chroma, width, height, pitches, lines):
    """libvlc's format callback, once per video output the player opens.

    It swaps libvlc's ``opaque`` from the player's key to the new frame
    buffer, which is what the C lock and display callbacks then receive.
    """
    player = _players.get(opaque[0] or 0)
    if player is None:
        return 0
    if chroma[:4] in HARDWARE_CHROMAS:
        # libvlc opens a video output for every hardware decoder before it
        # knows whether one works, even with --avcodec-hw=none; refusing
        # it here saves a converter search that fails, twice per stream.
        return 0
    buffer = player.make_buffer(width[0], height[0])
    ctypes.memmove(chroma, CHROMA, 4)
    width[0], height[0] = buffer.decoded
    for plane in range(3):
        pitches[plane] = buffer.decoded_pitches[plane]
        lines[plane] = buffer.decoded_lines[plane]
    opaque[0] = buffer.address
    return 1  # one picture at a time: lock gives each a free slot


@dataclass(frozen=True)
class Stats:
    """libvlc's counters for one player, updated by it about once a second."""

    decoded: int = 0
    displayed: int = 0
    lost: int = 0
    read_bytes: int = 0
    corrupted: int = 0


class Player:
    """One libvlc media player decoding a pipe into a frame buffer.

    Attributes:
        buffer: the frame buffer, made once libvlc knows the picture size.
        ended: set from libvlc's thread when the input ended or failed.
    """

    def __init__(
        self, engine: Engine, box: tuple[int, int], size_hint=None, reduced=False
    ):
        self.engine = engine
        self.box = box
        self.size_hint = size_hint
        self.reduced = reduced
        self.buffer: FrameBuffer | None = None
        self.ended = threading.Event()
        self.error: str | None = None
        # The buffer of the previous video output, kept until the player
        # stops: libvlc may still be closing that output when it opens the
        # next one (after decoding was stopped and resumed).
        self._previous: FrameBuffer | None = None
        self._media = None
        self._picture: tuple[FrameBuffer, tuple[int, int]] | None = None
        self._stats = vlc.MediaStats()
        self._key = next(_keys)
        _players[self._key] = self
        self._player = engine.vlc.media_player_new()
        _set_callbacks(self._player, LOCK_CALLBACK, None, DISPLAY_CALLBACK, self._key)
        _set_format_callbacks(self._player, _on_format, None)
        events = self._player.event_manager()
        events.event_attach(vlc.EventType.MediaPlayerEndReached, self._on_end)
        events.event_attach(vlc.EventType.MediaPlayerEncounteredError, self._on_error)

    def make_buffer(self, source_width: int, source_height: int) -> FrameBuffer:
        """Called by libvlc when it knows the stream's coded size."""
        hint = self.size_hint() if self.size_hint else None
        # The coded size is padded to whole macroblocks (16 for H.264, up to
        # 64 for H.265); the hint, when it is that picture, is exact.
        if hint and 0 <= source_height - hint[1] < 64 and hint[0] <= source_width:
            source_width, source_height = hint
        source = (source_width, source_height)
        size = fit(source, self.box)
        snapped = snap(source, size)
        self._previous = self.buffer
        if snapped is None:
            self.buffer = FrameBuffer(*size, source)
        else:
            # libvlc decodes unscaled and the console's video output hands
            # the decoder's pictures to libyuv, which scales them (under
            # libvlc's vmem, swscale first copies each out of the decoder's
            # padded picture into the buffer's staging one).
            self.buffer = FrameBuffer(*snapped, source, decoded=source)
        log.debug(
            "player %s: %dx%d stream into %dx%d, %s",
            self._key,
            source_width,
            source_height,
            self.buffer.width,
            self.buffer.height,
            "scaled by libvlc" if snapped is None else "scaled by libyuv",
        )
        return self.buffer

    @property
    def single_threaded(self) -> bool:
        """Whether this player's tile is small enough to decode on one
        thread (a grid tile's sub-stream)."""
        return self.box[0] * self.box[1] <= GRID_TILE_AREA

    def play_fd(self, fd: int) -> None:
        """Decode MPEG-TS from a pipe."""
        media = self.engine.vlc.media_new(f"fd://{fd}")
        media.add_option(":demux=ts")
        if self.single_threaded:
            # One decoder thread per grid tile: sixteen decoders with frame
            # threads spent more on waking each other than on decoding. A
            # large tile keeps libvlc's threads for its main stream.
            media.add_option(":avcodec-threads=1")
        if self.reduced:
            # Reduced decoding, for small tiles when decoding cannot keep
            # up: skip non-key frames where the decoder may and the loop
            # filter everywhere. Measured on 720p H.264: half the CPU, about
            # 15 of 25 frames a second, detail a small tile cannot show.
            media.add_option(":avcodec-skip-frame=3")
            media.add_option(":avcodec-skiploopfilter=4")
        self._player.set_media(media)
        self._media = media
        if self._player.play() != 0:
            self.error = "libvlc refused to play"
            self.ended.set()

    def stats(self) -> Stats:
        """The decoder's counters so far."""
        media = self._media
        if media is None or not media.get_stats(self._stats):
            return Stats()
        s = self._stats
        return Stats(
            s.decoded_video,
            s.displayed_pictures,
            s.lost_pictures,
            s.read_bytes,
            s.demux_corrupted,
        )

    def frame(self) -> Frame | None:
        """The newest frame to paint. When the stream changed resolution,
        libvlc opened a new video output and a new buffer: until that has a
        frame, the last one of the buffer before, rather than none."""
        for buffer in (self.buffer, self._previous):
            frame = buffer.take() if buffer is not None else None
            if frame is not None:
                return frame
        return None

    def picture_size(self) -> tuple[int, int] | None:
        """The stream's visible resolution, once libvlc has a picture.

        Asked once per frame buffer: a new resolution brings a new buffer,
        and tiles ask on every paint.
        """
        buffer, player = self.buffer, self._player
        if self._picture is not None and self._picture[0] is buffer:
            return self._picture[1]
        if player is None:
            return None
        width, height = player.video_get_size(0)
        if not (width and height):
            return None
        if buffer is not None:
            self._picture = (buffer, (width, height))
        return width, height

    def _on_end(self, event) -> None:
        self.ended.set()

    def _on_error(self, event) -> None:
        self.error = "decoder error"
        self.ended.set()

    def stop_now(self) -> None:
        """Stop and release; blocks, so the engine does it on its reaper."""
        player, self._player = self._player, None
        media, self._media = self._media, None
        if player is None:
            return
        player.stop()
        player.release()
        if media is not None:
            media.release()
        _players.pop(self._key, None)
