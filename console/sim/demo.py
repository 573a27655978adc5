"""The demo site: a simulated command centre on 127.0.0.1 to train on.

``python -m console demo-site`` runs it as its own process: GStreamer RTSP
servers with a live picture for every source (its name and a clock burnt
in, a main and a sub stream each) and the site file that describes them.
It prints ``READY <site file>`` once everything listens, and stops its
servers when it is told to stop (SIGTERM or SIGINT).

``DemoSite`` starts and stops that process for the console's ``--demo``.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from console.sim.rtsp import RtspServer
from console.store.views import APP

log = logging.getLogger(__name__)


# The one camera of the demo that asks for a password, with the characters
# that break naive URL handling.
LOCKED_USER, LOCKED_PASSWORD = "admin", "Ops#2024@hz"


@dataclass(frozen=True)
class DemoSource:
    id: str
    name: str
    kind: str
    level: str
    group: str
    pattern: str = "ball"
    codec: str = "h264"
    transport: str = "tcp"
    locked: bool = False


# id, name, kind, level, group, test pattern; then what differs.
_TABLE = [
    ("ent-a-tank", "华源化工 储罐区", "camera", "enterprise", "华源化工", "ball"),
    ("ent-a-load", "华源化工 装卸站台", "camera", "enterprise", "华源化工", "smpte"),
    ("ent-b-reactor", "恒泰石化 反应车间", "camera", "enterprise", "恒泰石化", "ball"),
    ("ent-b-gate", "恒泰石化 厂区大门", "camera", "enterprise", "恒泰石化", "bar"),
    ("ent-c-store", "安达仓储 危化品库", "camera", "enterprise", "安达仓储", "spokes"),
    ("ent-c-yard", "安达仓储 堆场", "camera", "enterprise", "安达仓储", "spokes"),
    ("dome-1", "4G布控球 1号", "ptz_dome", "town", "布控球", "circular"),
    ("dome-2", "5G布控球 2号", "ptz_dome", "county", "布控球", "gamut"),
    ("drone-1", "无人机 1号", "drone", "city", "无人机", "pinwheel"),
    ("vehicle-mast", "指挥车 桅杆摄像机", "vehicle", "city", "指挥车", "smpte75"),
    ("conf-province", "省应急厅 会议", "conference", "province", "视频会议", "smpte"),
    ("conf-county", "东城县应急局 会议", "conference", "county", "视频会议", "colors"),
    ("town-duty", "临江镇 应急值班室", "camera", "town", "临江镇", "ball"),
    ("city-bridge", "城区 跨江大桥", "camera", "city", "城区道路", "bar"),
    ("ent-d-pipe", "滨海燃气 管廊", "camera", "enterprise", "滨海燃气", "circular"),
    ("county-dam", "东城县 水库大坝", "camera", "county", "水利设施", "smpte"),
]  # fmt: skip
_DIFFERENT = {
    "ent-b-reactor": {"codec": "h265"},
    "ent-b-gate": {"transport": "udp"},
    "ent-c-store": {"locked": True},
}
SOURCES = [DemoSource(*row, **_DIFFERENT.get(row[0], {})) for row in _TABLE]

SUB = {"width": 640, "height": 360, "bitrate_kbps": 500}
MAIN = {"width": 1280, "height": 720, "bitrate_kbps": 1500}


def server_mounts() -> tuple[list[dict], list[dict]]:
    """The two RTSP servers' mounts: the open cameras, and the locked one."""
    open_mounts, locked_mounts = [], []
    for source in SOURCES:
        mounts = locked_mounts if source.locked else open_mounts
        for which, size in (("main", MAIN), ("sub", SUB)):
            mounts.append(
                {
                    "path": f"/{source.id}/{which}",
                    "label": source.name,
                    "pattern": source.pattern,
                    "codec": source.codec,
                    "fps": 25,
                    **size,
                }
            )
    return open_mounts, locked_mounts


LOCKED_AUTH = {"user": LOCKED_USER, "password": LOCKED_PASSWORD, "method": "digest"}


def site_text(port: int, locked_port: int) -> str:
    """The demo's site file, in the same form a real site's would take."""
    lines = [
        "# The demo site, written by 'console demo-site'. Every source is a",
        "# simulated camera on 127.0.0.1; the file is made anew at each start.",
        "",
        "[site]",
        'name = "演示指挥中心 Demo command centre"',
        "",
    ]
    for source in SOURCES:
        host = f"127.0.0.1:{locked_port if source.locked else port}"
        lines += [
            "[[source]]",
            f'id = "{source.id}"',
            f'name = "{source.name}"',
            f'kind = "{source.kind}"',
            f'level = "{source.level}"',
            f'group = "{source.group}"',
            f'main = "rtsp://{host}/{source.id}/main"',
            f'sub = "rtsp://{host}/{source.id}/sub"',
            f'transport = "{source.transport}"',
        ]
        if source.locked:
            lines += [f'user = "{LOCKED_USER}"', f'password = "{LOCKED_PASSWORD}"']
        lines.append("")
    return "\n".join(lines)


def default_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP)) / "demo"


# The demo-site process


def configure(parser) -> None:
    parser.add_argument("--dir", type=Path, default=None, help="where to write")
    parser.add_argument("--rtsp-port", type=int, default=8554, help="RTSP port")


def run(args) -> int:
    folder = args.dir or default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    open_mounts, locked_mounts = server_mounts()
    servers = [
        RtspServer(open_mounts, port=args.rtsp_port),
        RtspServer(locked_mounts, auth=LOCKED_AUTH, port=args.rtsp_port + 1),
    ]
    try:
        for server in servers:
            server.start()
        site = folder / "site.toml"
        site.write_text(site_text(*(s.port for s in servers)), encoding="utf-8")
        print(f"READY {site}", flush=True)
        while not stop.wait(0.5):
            if not all(server.alive() for server in servers):
                log.error("an RTSP server of the demo site stopped")
                return 1
        return 0
    except RuntimeError as error:
        print(f"demo-site: {error} (in use? try --rtsp-port)", file=sys.stderr)
        return 1
    finally:
        for server in servers:
            server.close()


class DemoError(RuntimeError):
    pass


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The console's side


class DemoSite:
    """The demo-site process, started and stopped by the console."""

    def __init__(self, folder: Path | None = None, rtsp_port: int = 8554):
        self.folder = folder or default_folder()
        self.rtsp_port = rtsp_port
        self.process: subprocess.Popen | None = None
        self.site: Path | None = None

    def start(self, timeout: float = 30.0) -> Path:
        """Start the demo site and return its site file once it is ready."""
        command = [sys.executable, "-m", "console", "demo-site"]
        command += ["--dir", str(self.folder), "--rtsp-port", str(self.rtsp_port)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + timeout
        line = self.process.stdout.readline()
        if not line.startswith("READY") or time.monotonic() > deadline:
            error = self.process.stderr.read() if self.process.poll() else ""
            self.stop()
            raise DemoError(error.strip() or "the demo site did not start")
        self.site = Path(line.split(maxsplit=1)[1].strip())
        log.info("demo site ready: %s", self.site)
        return self.site

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            _end(process)
            log.info("demo site stopped")
