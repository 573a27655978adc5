"""The ingest: one remux process per stream, in front of libvlc.

Debian's libvlc is built without live555 and cannot open ``rtsp://`` at all.
FFmpeg's libavformat is the network client instead: the ``remux`` program
(``_remux.c``) reads the camera (RTSP over TCP or UDP, RTMP, HLS, HTTP,
files), copies the video packets without re-encoding into MPEG-TS, and
writes them into a pipe whose reading end libvlc opens as ``fd://N``. A
pipe, unlike a TCP hand-off, has no listen race: libvlc can open it before
the camera answers, and simply waits for data.

A process per stream costs little (copying, never decoding) and keeps a bad
stream or a crashing demuxer from taking the console down with it. The
process dies with the console (PR_SET_PDEATHSIG) so nothing is left behind.
It gets the URL through its environment, so its password never shows on a
command line. It replaced the ``ffmpeg`` program, which loads libavfilter
and libavdevice too: 11.4 MB per tile against 6.1 MB.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import logging
import os
import re
import signal
import subprocess
import threading
from pathlib import Path

from console.processes import die_with_parent, end_process
from console.site.model import StreamUrl, redact

log = logging.getLogger(__name__)

REMUX = Path(__file__).with_name("remux")
F_SETPIPE_SZ = 1031
PIPE_BYTES = 1 << 20
IO_TIMEOUT_US = 5_000_000

# What libavformat says, and what an operator should read on the tile.
REASONS = [
    (r"401 Unauthorized|403 Forbidden|authorization failed", "wrong credentials"),
    (r"404 Not Found|Server returned 4\d\d", "stream not found on the server"),
    (r"Connection refused", "connection refused"),
    (r"closed the connection|Connection reset", "connection lost"),
    (r"timed out|Connection timed out|timeout", "no answer from the source"),
    (r"No route to host|Network is unreachable", "network unreachable"),
    (r"Name or service not known|Failed to resolve|nodename", "unknown host"),
    (r"No such file or directory", "file not found"),
    (r"Invalid data found|could not find codec", "not a playable stream"),
    (r"Protocol not found|Unsupported protocol", "unsupported protocol"),
    (r"has no video stream", "no video"),
]


_HELD = re.compile(r"^remux: held read=(?P<bytes>\d+)$")
_REPLAYED = re.compile(r"^remux: replayed (?P<packets>\d+) packets$")
_VIDEO_STREAM = re.compile(
    r"^remux: video codec=\w+ width=(?P<width>\d+)"
    r" height=(?P<height>\d+) fps=(?P<fps>[\d.]+)"
)


def reason_for(lines: list[str]) -> str:
    """Turn the ingest's last words into an operator's reason."""
    text = "\n".join(lines)
    for pattern, reason in REASONS:
        if re.search(pattern, text, re.IGNORECASE):
            return reason
    return redact(lines[-1]) if lines else "stream ended"


def ingest_args(url: StreamUrl, transport: str = "tcp", loop=False) -> list[str]:
    """The remux program's command line for one stream (the URL goes apart)."""
    args = [str(REMUX), "--timeout-us", str(IO_TIMEOUT_US), "--control"]
    if url.scheme in ("rtsp", "rtsps"):
        args += ["--transport", transport]
    elif url.scheme == "file":
        # A file plays at its own pace, over and over, like a live feed.
        args += ["--file"] + (["--loop"] if loop else [])
    return args


def ingest_environment(url: StreamUrl) -> dict[str, str]:
    """The remux program's environment: the URL, password included."""
    return dict(os.environ, CONSOLE_INGEST_URL=url.for_client())


class Ingest:
    """One remux process feeding one pipe.

    Attributes:
        read_fd: the pipe's reading end, for ``fd://`` in libvlc.
        held_bytes: while held, the video bytes remux has read (it says so
            once a second); None before the first word.
        held_read: the bytes read while held, over all the holds so far
            (each counted from its first word).
        replayed: how many packets remux replayed from the last key frame
            when it was last played again.
    """

    def __init__(self, url: StreamUrl, transport: str = "tcp", logger=log):
        self.url = url
        self.transport = transport
        self.log = logger
        self.read_fd: int | None = None
        self._process: subprocess.Popen | None = None
        self._stderr: collections.deque[str] = collections.deque(maxlen=20)
        self.picture_size: tuple[int, int] | None = None
        self.fps: float | None = None
        self.held_bytes: int | None = None
        self._held_base: int | None = None  # the first word of this hold
        self._held_before = 0  # what the holds before this one read
        self.replayed = 0
        self.held = False

    def start(self, loop: bool = False) -> int:
        """Start the remux program and return the fd libvlc should read."""
        read_fd, write_fd = os.pipe()
        # A smaller pipe still works; it only buffers less.
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_fd, F_SETPIPE_SZ, PIPE_BYTES)
        args = ingest_args(self.url, self.transport, loop)
        try:
            self._process = subprocess.Popen(
                args,
                env=ingest_environment(self.url),
                stdin=subprocess.PIPE,
                stdout=write_fd,
                stderr=subprocess.PIPE,
                preexec_fn=die_with_parent(signal.SIGKILL),
            )
        except OSError as error:
            os.close(read_fd)
            os.close(write_fd)
            raise IngestError(
                f"cannot start the ingest ({REMUX}): {error.strerror}; "
                "scripts/setup builds it"
            ) from error
        os.close(write_fd)
        self.read_fd = read_fd
        threading.Thread(
            target=self._read_stderr, name="ingest-stderr", daemon=True
        ).start()
        self.log.debug("ingest %s started (pid %s)", self.url.location(), self.pid)
        return read_fd

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def _read_stderr(self) -> None:
        process = self._process
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            if self._read_hold_report(line):
                continue
            # The stream-info line says nothing about why the ingest ended.
            if self.picture_size is not None or not self._read_stream_info(line):
                self._stderr.append(line)
            self.log.debug("remux: %s", redact(line))
        process.stderr.close()

    def _read_hold_report(self, line: str) -> bool:
        held = _HELD.match(line)
        if held:
            self.held_bytes = int(held["bytes"])
            if self.held and self._held_base is None:
                self._held_base = self.held_bytes
            return True
        replayed = _REPLAYED.match(line)
        if replayed:
            self.replayed = int(replayed["packets"])
            self.log.debug("ingest %s: %s", self.url.location(), line)
        return replayed is not None

    def _read_stream_info(self, line: str) -> bool:
        match = _VIDEO_STREAM.search(line)
        if match:
            self.picture_size = (int(match["width"]), int(match["height"]))
            self.fps = float(match["fps"]) or None
        return match is not None

    def hold(self, held: bool) -> None:
        """Hold the stream for a tile nobody sees, or play it again.

        Held, remux goes on reading the camera but writes nothing, so
        libvlc decodes nothing. Played again, it first writes the packets
        since the last key frame, squeezed into a moment, so the picture
        comes back at once instead of at the camera's next key frame.
        """
        if held == self.held:
            return
        self._held_before = self.held_read
        self.held = held
        self._held_base = None
        process = self._process
        if process is None or process.stdin is None:
            return
        try:
            process.stdin.write(b"h" if held else b"p")
            process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # it has ended; the session learns why from its exit

    @property
    def held_read(self) -> int:
        base, report = self._held_base, self.held_bytes
        if not self.held or base is None or report is None:
            return self._held_before
        return self._held_before + report - base

    def ended_normally(self) -> bool:
        """The ingest reached the end of a finite source and exited cleanly."""
        return self.exited() and self._process.returncode == 0

    def exited(self) -> bool:
        return self._process is not None and self._process.poll() is not None

    def reason(self) -> str:
        """Why the ingest ended, in an operator's words."""
        return reason_for(list(self._stderr))

    def terminate(self) -> None:
        """Ask the ingest to end; returns at once."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()

    def stop(self) -> None:
        """End the ingest and close the pipe; waits at most a second."""
        process, self._process = self._process, None
        if process is not None:
            end_process(process, 1)
            with contextlib.suppress(OSError):
                process.stdin.close()
        self.close_pipe()

    def close_pipe(self) -> None:
        fd, self.read_fd = self.read_fd, None
        if fd is not None:
            os.close(fd)


class IngestError(RuntimeError):
    """The ingest could not be started at all."""
