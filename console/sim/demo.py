"""The demo site: a simulated command centre on 127.0.0.1 to train on.

``python -m console demo-site`` runs it as its own process: GStreamer RTSP
servers with a picture for every source (a main and a sub stream each,
the source's name burnt in; all but the domes' loop a clip encoded on the
first start and kept in the user's cache, which leaves the machine's CPU
to the console), a simulated ONVIF device for every camera and dome
(motion and tamper alarms now and then, PTZ on the domes, WS-Discovery),
the dispatch hub with a simulated terminal for every field
unit across the four levels, and the site file that describes it all. It
prints ``READY <site file>`` once everything listens, and stops it all
when told to (SIGTERM or SIGINT).

``DemoSite`` starts and stops that process for the console's ``--demo``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from console.folders import cache_folder, data_folder
from console.onvif.commission import commission
from console.onvif.credentials import CONFIG_DIR_ENV
from console.processes import die_with_parent, end_process
from console.sim.cameras_demo import run_demo_cameras
from console.sim.dispatch_demo import demo_dispatch_toml, run_demo_dispatch, token_of
from console.sim.rtsp import RtspServer
from console.site import parse_site

log = logging.getLogger(__name__)


# The one camera of the demo that asks for a password, with the characters
# that break naive URL handling.
LOCKED_USER, LOCKED_PASSWORD = "admin", "Ops#2024@hz"
# The console's own unit: the demo hub knows it from the site file.
CONSOLE_UNIT = "city-cmd"


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

LOOP_S = 4
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
                    "ptz": source.kind == "ptz_dome",
                    # Encoding sixteen pictures live would take the
                    # machine from the console: they loop a clip (see
                    # rtsp_server.Clip; a dome's stays live).
                    "loop_s": LOOP_S,
                    **size,
                }
            )
    return open_mounts, locked_mounts


LOCKED_AUTH = {"user": LOCKED_USER, "password": LOCKED_PASSWORD, "method": "digest"}


def site_text(
    port: int,
    locked_port: int,
    hub_port: int | None = None,
    skip: frozenset[str] = frozenset(),
) -> str:
    """The demo's site file, but for the cameras in ``skip``.

    Those are ONVIF cameras: ``_commission`` adds them through the same
    path as a real camera takes.
    """
    lines = [
        "# The demo site, written by 'console demo-site'. Every source is a",
        "# simulated camera on 127.0.0.1; the file is made anew at each start.",
        "",
        "[site]",
        'name = "演示指挥中心 Demo command centre"',
        "",
    ]
    if hub_port is not None:
        lines += [
            "[hub]",
            f'url = "ws://127.0.0.1:{hub_port}"',
            f'unit = "{CONSOLE_UNIT}"',
            f'token = "{token_of(CONSOLE_UNIT)}"',
            "",
        ]
    for source in SOURCES:
        if source.id not in skip:
            lines += _source_lines(source, port, locked_port)
    lines.append(demo_dispatch_toml())
    return "\n".join(lines)


def _source_lines(source, port, locked_port) -> list[str]:
    host = f"127.0.0.1:{locked_port if source.locked else port}"
    lines = [
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
    return lines


def default_folder() -> Path:
    return data_folder() / "demo"


# The demo-site process


def configure(parser) -> None:
    parser.add_argument("--dir", type=Path, default=None, help="where to write")
    parser.add_argument("--rtsp-port", type=int, default=8554, help="RTSP port")
    parser.add_argument("--hub-port", type=int, default=8765, help="hub port")


def use_demo_credentials(folder: Path) -> None:
    """Keep the demo cameras' credentials in the demo's folder.

    The console that opens the demo must read the same store; ``DemoSite``
    sets the same folder for the console. Nothing of the demo lands in the
    user's own credential store.
    """
    os.environ.setdefault(CONFIG_DIR_ENV, str(folder / "credentials"))


def run(args) -> int:
    folder = args.dir or default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    use_demo_credentials(folder)
    open_mounts, locked_mounts = server_mounts()
    # Kept between runs and between demo folders: the first start encodes
    # them (some seconds), every later start finds them.
    clips = cache_folder() / "demo-clips"
    servers = [
        RtspServer(open_mounts, port=args.rtsp_port, clip_dir=clips),
        RtspServer(
            locked_mounts, auth=LOCKED_AUTH, port=args.rtsp_port + 1, clip_dir=clips
        ),
    ]
    try:
        for server in servers:
            server.start()
        return asyncio.run(_serve(folder, servers, args.hub_port))
    except RuntimeError as error:
        print(f"demo-site: {error} (in use? try --rtsp-port)", file=sys.stderr)
        return 1
    finally:
        for server in servers:
            server.close()


async def _serve(folder: Path, servers: list[RtspServer], hub_port: int) -> int:
    """Cameras, then the site file, then the hub and its field terminals."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    ports = [server.port for server in servers]
    sources = parse_site(site_text(*ports)).site.sources
    cameras_ready: asyncio.Future = loop.create_future()

    def on_ready(addresses, discovery_port):
        cameras_ready.set_result((addresses, discovery_port))

    def on_position(source_id, pan, tilt, zoom):
        # The domes' pictures move as their simulated heads turn.
        for server in servers:
            server.move(f"/{source_id}/", pan, tilt, zoom)

    cameras = asyncio.ensure_future(
        run_demo_cameras(
            sources, stop, on_ready, on_position=on_position, password=LOCKED_PASSWORD
        )
    )
    addresses, discovery_port = await asyncio.wait_for(cameras_ready, 30)
    site = folder / "site.toml"
    text = site_text(*ports, hub_port=hub_port, skip=frozenset(addresses))
    site.write_text(text, encoding="utf-8")
    await _commission(site, addresses)
    hub_db = f"sqlite:///{folder / 'hub.db'}"
    dispatch = asyncio.ensure_future(
        run_demo_dispatch(parse_site(text).site, hub_db, hub_port, stop)
    )
    await _until_hub_listens(hub_port, dispatch)
    print(f"READY {site}", flush=True)
    print(f"DISCOVERY 127.0.0.1:{discovery_port}", flush=True)
    while not stop.is_set():
        await asyncio.sleep(0.5)
        if stop.is_set():
            break
        if dispatch.done():
            log.error("the demo's hub stopped")
            stop.set()
        for server in servers:
            if not await _revive(server):
                stop.set()
    await asyncio.gather(cameras, dispatch, return_exceptions=True)
    return 0


async def _revive(server: RtspServer) -> bool:
    """Start an RTSP server again on its port if it died; the console's
    tiles reconnect to it as to a camera that rebooted. False if it could
    not start: the demo site then stops.

    GStreamer's RTSP server 1.22 aborts on an assertion in
    gst_rtsp_media_get_rates when many clients join a shared stream
    that is still starting (seen in two of seven benchmark runs).
    """
    if server.alive():
        return True
    log.warning("the demo's RTSP server on port %d stopped; starting it again",
                server.port)  # fmt: skip
    try:
        await asyncio.to_thread(server.start)
    except RuntimeError as error:
        log.error("the demo's RTSP server could not start again: %s", error)
        return False
    return True


async def _commission(site: Path, addresses: dict[str, tuple[str, int]]) -> None:
    """Add each simulated camera as an operator adds a real one: over ONVIF.

    The probe reads its profiles and stream addresses, the credentials go
    to the credential store, and the camera's entry is appended to the
    site file without its password.
    """
    for source in SOURCES:
        if source.id not in addresses:
            continue
        host, port = addresses[source.id]
        await commission(
            host,
            port,
            LOCKED_USER,
            LOCKED_PASSWORD,
            source_id=source.id,
            name=source.name,
            level=source.level,
            group=source.group,
            kind=source.kind,
            site_file=site,
        )
    log.info("demo site: %d cameras commissioned over ONVIF", len(addresses))


async def _until_hub_listens(port: int, dispatch: asyncio.Future) -> None:
    for _ in range(100):
        if dispatch.done():
            dispatch.result()  # raises what stopped it
            raise RuntimeError("the demo hub stopped")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
    raise RuntimeError(f"the demo hub did not listen on port {port}")


class DemoError(RuntimeError):
    pass


# The console's side


class DemoSite:
    """The demo-site process, started and stopped by the console."""

    def __init__(self, folder=None, rtsp_port: int = 8554, hub_port: int = 8765):
        self.folder = folder or default_folder()
        self.rtsp_port = rtsp_port
        self.hub_port = hub_port
        self.process: subprocess.Popen | None = None
        self.site: Path | None = None

    def start(self, timeout: float = 60.0) -> Path:
        """Start the demo site and return its site file once it is ready.

        Its messages go to ``demo-site.log`` in its folder: a pipe that
        nobody reads would stop it once full.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        use_demo_credentials(self.folder)
        log_path = self.folder / "demo-site.log"
        command = [sys.executable, "-m", "console", "demo-site", "-v"]
        command += ["--dir", str(self.folder), "--rtsp-port", str(self.rtsp_port)]
        command += ["--hub-port", str(self.hub_port)]
        with open(log_path, "w", encoding="utf-8") as messages:
            self.process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=messages,
                text=True,
                preexec_fn=die_with_parent(),
            )
        ready = self._wait_ready(timeout)
        if ready is None:
            self.stop()
            tail = log_path.read_text(encoding="utf-8").strip().splitlines()[-3:]
            raise DemoError("\n".join(tail) or "the demo site did not start")
        self.site = ready
        log.info("demo site ready: %s", self.site)
        return self.site

    def _wait_ready(self, timeout: float) -> Path | None:
        """Read the READY line, then keep reading stdout in the background."""
        found: list[Path] = []
        done = threading.Event()

        output = self.process.stdout

        def read():
            with output:
                for line in output:
                    if line.startswith("READY") and not found:
                        found.append(Path(line.split(maxsplit=1)[1].strip()))
                        done.set()
            done.set()

        threading.Thread(target=read, name="demo-site-output", daemon=True).start()
        done.wait(timeout)
        return found[0] if found else None

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            end_process(process, 5)
            log.info("demo site stopped")
