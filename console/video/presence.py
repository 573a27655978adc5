"""Whether sources that are not on the wall are reachable.

Sources on the wall report their own state. For the others the monitor asks
each, every half minute, the cheapest question its protocol allows: an RTSP
``OPTIONS`` (one round trip, no media), a TCP connect for other network
streams, a look at the disk for files. It runs on its own threads and keeps
results for the GUI to read; nothing here calls back into the GUI.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from console.site.model import Source, StreamUrl

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"rtsp": 554, "rtsps": 322, "rtmp": 1935, "rtmps": 443,
                 "http": 80, "https": 443}  # fmt: skip
TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Presence:
    online: bool
    reason: str = ""


def probe(url: StreamUrl, timeout: float = TIMEOUT_S) -> Presence:
    """Ask one stream address whether it is there."""
    if url.scheme == "file":
        found = os.path.exists(url.rest)
        return Presence(found, "" if found else "file not found")
    port = url.port or DEFAULT_PORTS.get(url.scheme)
    if port is None:
        return Presence(True)  # UDP-based (SRT): nothing cheap to ask
    try:
        with socket.create_connection((url.host, port), timeout=timeout) as sock:
            if url.scheme == "rtsp":
                return _rtsp_options(sock, url)
            return Presence(True)
    except ConnectionRefusedError:
        return Presence(False, "connection refused")
    except TimeoutError:
        return Presence(False, "no answer from the source")
    except socket.gaierror:
        return Presence(False, "unknown host")
    except OSError as error:
        return Presence(False, error.strerror or "network unreachable")


def _rtsp_options(sock: socket.socket, url: StreamUrl) -> Presence:
    request = (
        f"OPTIONS {url.location()} RTSP/1.0\r\nCSeq: 1\r\n"
        "User-Agent: command-console\r\n\r\n"
    )
    sock.sendall(request.encode())
    status = sock.recv(512).split(b"\r\n", 1)[0].decode("latin-1")
    if status.startswith("RTSP/1.0 "):
        return Presence(True)
    return Presence(False, "not a playable stream")


class PresenceMonitor:
    """Probes sources in the background; ``results()`` has the latest."""

    def __init__(self, sources: list[Source], interval: float = 30.0):
        self.sources = sources
        self.interval = interval
        self.skip: set[str] = set()
        self._results: dict[str, Presence] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(4, thread_name_prefix="presence")
        self._thread = threading.Thread(target=self._run, name="presence", daemon=True)

    def start(self) -> None:
        if self.sources:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def results(self) -> dict[str, Presence]:
        with self._lock:
            return dict(self._results)

    def _run(self) -> None:
        while not self._stop.is_set():
            for source in list(self.sources):
                if source.id not in self.skip and not self._stop.is_set():
                    self._submit(source)
            self._stop.wait(self.interval)

    def _submit(self, source: Source) -> None:
        try:
            future = self._pool.submit(probe, source.stream("sub"))
        except RuntimeError:
            return  # shutting down
        future.add_done_callback(lambda f: self._store(source, f))

    def _store(self, source: Source, future) -> None:
        if future.cancelled():
            return
        presence = future.result()
        with self._lock:
            self._results[source.id] = presence
        log.debug("presence %s: %s", source.id, presence)
