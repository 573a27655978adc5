"""GStreamer's RTSP server in its own process, started and stopped from here.

The demo site, the tests and the benchmarks all use it. It runs under the
system Python (see ``rtsp_server.py``); this side needs nothing but the
standard library.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from console.processes import die_with_parent, end_process

SERVER = Path(__file__).with_name("rtsp_server.py")
SYSTEM_PYTHON = os.environ.get("CONSOLE_SYSTEM_PYTHON", "/usr/bin/python3")


class RtspServer:
    """GStreamer's RTSP server on 127.0.0.1 with live test pictures.

    ``stop()`` and ``start()`` again keep the port, as a camera that
    reboots does; ``freeze()`` stops the process without closing its
    sockets, as a camera that hangs does.
    """

    def __init__(
        self,
        mounts: list[dict],
        auth: dict | None = None,
        port=0,
        clip_dir=None,
        client_threads=1,
    ):
        self.config = {"port": port, "mounts": mounts, "client_threads": client_threads}
        if auth:
            self.config["auth"] = auth
        if clip_dir:
            # Mounts with "loop_s" send a clip encoded once and kept here.
            self.config["clip_dir"] = str(clip_dir)
        self.port = port
        self._process: subprocess.Popen | None = None
        self._dir = tempfile.TemporaryDirectory(prefix="rtsp-")

    def url(self, path: str, user: str = "", password: str = "") -> str:
        auth = f"{user}:{password}@" if user else ""
        return f"rtsp://{auth}127.0.0.1:{self.port}{path}"

    def start(self) -> RtspServer:
        """Start serving; raises RuntimeError if it cannot listen."""
        if not Path(SYSTEM_PYTHON).exists():
            raise RuntimeError(f"{SYSTEM_PYTHON} is missing: run scripts/setup")
        self.config["port"] = self.port
        config = Path(self._dir.name) / "server.json"
        config.write_text(json.dumps(self.config))
        self._process = subprocess.Popen(
            [SYSTEM_PYTHON, str(SERVER), "--config", str(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=die_with_parent(),
        )
        line = self._process.stdout.readline().split()
        if not line or line[0] != "READY":
            self.stop()
            raise RuntimeError(
                f"the RTSP server could not listen on port {self.port or 'any'}"
            )
        self.port = int(line[1])
        return self

    def move(self, prefix: str, pan: float, tilt: float, zoom: float) -> None:
        """Point the PTZ mounts under ``prefix`` (pan/tilt -1..1, zoom 0..1)."""
        if not self.alive():
            return
        command = {"prefix": prefix, "pan": pan, "tilt": tilt, "zoom": zoom}
        try:
            self._process.stdin.write(json.dumps(command) + "\n")
            self._process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # the server is going away; nothing left to move

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        self.thaw(process)
        if process.stdin:
            process.stdin.close()
        end_process(process, 5)
        process.stdout.close()

    def freeze(self) -> None:
        os.kill(self._process.pid, signal.SIGSTOP)

    def thaw(self, process=None) -> None:
        process = process or self._process
        if process is not None:
            os.kill(process.pid, signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        self._dir.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()
