"""The wall benchmark: the console against plain FFmpeg, in one run.

    .venv/bin/python bench/wall_bench.py [--seconds 15] [--rounds 2]
                                         [--skip-36] [--soak-minutes 1]

Plays a 16-tile wall of 640x360 25 fps H.264 sub-streams over RTSP (TCP)
on the offscreen Qt platform, painting every frame as the real wall does
(the frame rates given are of frames painted), and measures the CPU of
the console (its own process and its remux ingests) against 16 plain
``ffmpeg -i rtsp://... -vf scale=W:H -f null -`` decodes of the same
streams at the same tile size, the two in turns for a few rounds so both
see the same drift in the machine's background load. Then the time until
every tile of a 16-tile view shows a frame, a single tile's first frame
next to ``ffprobe`` on the same stream, a 36-tile wall's frame rates,
memory per tile and how it grows over a minute, and how soon a hidden tile
shown again has a new picture. One line per figure.

A second reference has FFmpeg also convert to BGRA at the tile's size,
which is what painting a frame takes and what the plain decode leaves out.

The streams come from GStreamer's RTSP server on 127.0.0.1; four distinct
live pictures are shared by the tiles, so the server's encoding stays
small and the same in every phase. Every phase is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from console.processes import die_with_parent, end_process  # noqa: E402
from console.sim.rtsp import RtspServer  # noqa: E402
from console.site.model import Site, Source  # noqa: E402
from console.video.player import Engine  # noqa: E402
from console.video.stream import Phase  # noqa: E402
from widgets.wall import WallWidget  # noqa: E402

PATTERNS = ["ball", "smpte", "bar", "circular"]
STREAM_FPS = 25
KEYFRAME_S = 2
WALL_SIZE = (1920, 1080)
# Seconds between phases for the RTSP server to drop the last clients.
# Kept with the keepers too: a run without it needed three attempts of
# its first phase.
SERVER_SETTLE_S = 3
# Seconds for the keepers' streams to start playing (see KeptServer).
KEEPERS_START_S = 3


def mounts() -> list[dict]:
    return [
        {"path": f"/bench{i}", "width": 640, "height": 360, "fps": STREAM_FPS,
         "pattern": pattern, "bitrate_kbps": 600, "label": f"bench {i}",
         "keyframe_s": KEYFRAME_S}
        for i, pattern in enumerate(PATTERNS)
    ]  # fmt: skip


def ffmpeg_to_nowhere(url: str, *processing: str) -> list[str]:
    """FFmpeg's command line reading ``url`` over RTSP (TCP), doing
    ``processing`` and writing what comes out nowhere."""
    return ["ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp",
            "-i", url, *processing, "-f", "null", "-"]  # fmt: skip


class KeptServer(RtspServer):
    """The benchmark's RTSP server, each stream kept playing by a client
    of the benchmark's own between phases.

    GStreamer's RTSP server 1.22 aborts (an assertion in
    gst_rtsp_media_get_rates) when many clients join a stream that is
    still starting, and every phase has sixteen join at once, after the
    last phase's sixteen left and the stream stopped. In one morning's
    runs that failed a phase in three runs of five, and twice three times
    in a row. With a keeper on each stream, six rounds of sixteen joins
    in a row all played; without, the first failed. A keeper copies its
    stream to nowhere without decoding it, the same in every phase, and
    is measured in none.
    """

    def start(self) -> KeptServer:
        super().start()
        self._keepers = [
            subprocess.Popen(
                ffmpeg_to_nowhere(self.url(mount["path"]), "-map", "0:v", "-c", "copy"),
                stdin=subprocess.DEVNULL,
                preexec_fn=die_with_parent(),
            )
            for mount in self.config["mounts"]
        ]
        time.sleep(KEEPERS_START_S)
        return self

    _keepers: tuple | list = ()  # none before the first start

    def stop(self) -> None:
        for keeper in self._keepers:
            end_process(keeper, 2)
        self._keepers = []
        super().stop()


def sources(server: RtspServer, count: int) -> list[Source]:
    return [
        Source(
            id=f"t{i}",
            name=f"Tile {i}",
            kind="camera",
            level="city",
            main=server.url(f"/bench{i % len(PATTERNS)}"),
        )
        for i in range(count)
    ]


def run_qt_for(app: QApplication, seconds: float) -> None:
    """Run Qt's events for a while, the wall's windows staying open.

    Not ``app.exec()`` ended by ``app.quit``: since Qt 6, quitting the
    application first closes every window, and a closed wall paints
    nothing while its tiles go on decoding.
    """
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def wait_qt(app: QApplication, done, timeout: float) -> float | None:
    """Run Qt until ``done()``; the time it took, or None on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        app.processEvents()
        if done():
            return time.monotonic() - started
        time.sleep(0.005)
    return None


class CpuMeter:
    """CPU seconds of a set of processes between two readings."""

    def __init__(self, pids):
        self.processes = [psutil.Process(pid) for pid in pids]
        self.start = self._total()
        self.started = time.monotonic()

    def _total(self) -> float:
        total = 0.0
        for process in self.processes:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    def cores(self) -> float:
        return (self._total() - self.start) / (time.monotonic() - self.started)


def rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += psutil.Process(pid).memory_full_info().uss
    return total / 2**20


def open_wall(app, server, count: int, layout: int) -> WallWidget:
    wall = make_wall(app, layout)
    for index, source in enumerate(sources(server, count)):
        wall.assign(index, source)
    return wall


def make_wall(app, layout: int) -> WallWidget:
    wall = WallWidget(Site())
    wall.resize(*WALL_SIZE)
    wall.show()
    wall.set_layout(layout)
    app.processEvents()
    return wall


def all_showing(wall: WallWidget) -> bool:
    tiles = wall.visible_tiles()
    return all(t.session and t.painted_serial > 0 for t in tiles)


def ingest_pids(wall: WallWidget) -> list[int]:
    return [pid for session in wall.sessions() for pid in session.process_ids()]


def close_wall(app, wall: WallWidget) -> None:
    wall.shutdown()
    wall.close()
    app.processEvents()
    Engine.shared().drain()


def tile_fps(wall: WallWidget) -> list[float]:
    return [s.health.figures(window=8).fps for s in wall.sessions()]


def measure_console(app, server, count, layout, seconds):
    """CPU, frame rates and memory of a wall of ``count`` tiles."""
    baseline = rss_mb([os.getpid()])
    wall = open_wall(app, server, count, layout)
    opened = wait_qt(app, lambda: all_showing(wall), 30)
    run_qt_for(app, 3)  # let every stream settle
    pids = [os.getpid(), *ingest_pids(wall)]
    meter = CpuMeter(pids)
    ingest_meter = CpuMeter(pids[1:])
    painted = [t.frames_painted for t in wall.visible_tiles()]
    run_qt_for(app, seconds)
    cores = meter.cores()
    ingest = ingest_meter.cores()
    elapsed = time.monotonic() - meter.started
    shown = [
        (t.frames_painted - before) / elapsed
        for t, before in zip(wall.visible_tiles(), painted, strict=True)
    ]
    fps = tile_fps(wall)
    memory = (rss_mb(pids) - baseline) / count
    ingest_memory = rss_mb(pids[1:]) / count
    box = wall.tiles[0].box()
    playing = sum(s.state.phase is Phase.PLAYING for s in wall.sessions())
    degraded = wall.degraded
    close_wall(app, wall)
    return {
        "cores": cores, "ingest": ingest, "ingest_mb": ingest_memory,
        "fps": fps, "shown": shown, "mb_per_tile": memory, "box": box,
        "opened": opened, "playing": playing, "degraded": degraded,
    }  # fmt: skip


def memory_growth(app, server, minutes: float) -> float:
    """MB per tile a minute that a 16-tile wall grows by once settled.

    A tile that keeps growing while it plays would not last a night; the
    first half minute (libvlc's pools, the health history) is left out.
    """
    wall = open_wall(app, server, 16, 16)
    wait_qt(app, lambda: all_showing(wall), 30)
    run_qt_for(app, 30)
    pids = [os.getpid(), *ingest_pids(wall)]
    settled = rss_mb(pids)
    run_qt_for(app, minutes * 60)
    growth = (rss_mb(pids) - settled) / 16 / minutes
    close_wall(app, wall)
    return growth


def surviving(server, measure, attempts: int = 3):
    """``measure()``, again with the RTSP server started afresh if it failed
    meanwhile, up to ``attempts`` times in all.

    GStreamer's RTSP server 1.22 sometimes aborts, or stays up but sends
    nothing (see ``KeptServer``); ``measure`` raises RuntimeError
    when its streams did not play. One fresh start was not always enough:
    in one run of three the second attempt failed as well. Each attempt
    first gives the server time to drop the last phase's clients.
    """
    for _ in range(attempts - 1):
        time.sleep(SERVER_SETTLE_S)
        try:
            result = measure()
        except RuntimeError as error:
            line("note", f"{error}; starting the RTSP server again, measuring again")
        else:
            if server.alive():
                return result
            line("note", "the RTSP server died (GStreamer); measuring again")
        server.stop()
        server.start()
    time.sleep(SERVER_SETTLE_S)
    return measure()


def measured_again(name: str, server, measure):
    """``measure()`` through ``surviving``; None after printing why ``name``
    was not measured when every attempt failed."""
    try:
        return surviving(server, measure)
    except RuntimeError as error:
        line(name, f"not measured: {error}; run the benchmark again")
        return None


def all_shown(figures: dict) -> dict:
    """The figures of a wall whose every tile showed pictures at all.

    A tile that painted nothing, where the others played, had a stream
    that stopped (the RTSP server's fault: a console that cannot keep up
    slows every tile, and says so); a tile that plays slowly is a figure.
    """
    dark = sum(fps < 1 for fps in figures["shown"])
    if dark:
        raise RuntimeError(f"{dark} of the console's tiles showed nothing")
    return figures


def measure_console_again(app, server, seconds) -> dict:
    """A 16-tile wall, measured again if its tiles went on reduced decoding
    (as tiles stalled with a dead server may), which would measure less
    work than the reference does."""

    def wall16():
        return measure_console(app, server, 16, 16, seconds)

    figures = surviving(server, lambda: playing_all(wall16()))
    if not figures["degraded"]:
        return figures
    line("note", f"{figures['degraded']} tiles on reduced decoding; measuring again")
    return surviving(server, lambda: playing_all(wall16()))


def playing_all(figures: dict) -> dict:
    """The figures of a wall whose every tile played at about its rate."""
    slow = sum(fps < STREAM_FPS / 2 for fps in figures["shown"])
    if slow:
        raise RuntimeError(f"{slow} of the console's tiles hardly played")
    return figures


def measure_rounds(app, server, rounds: int, seconds: float):
    """The console's 16 tiles and the plain reference, in turns.

    Returns the first round's console figures and each round's (console,
    reference) cores.
    """
    first, cores = None, []
    for _ in range(rounds):
        wall16 = measure_console_again(app, server, seconds)
        if wall16["degraded"]:
            line("note", f"{wall16['degraded']} tiles decoded less than the reference")
        first = first or wall16
        cores.append(
            (wall16["cores"], measure_reference(server, first["box"], seconds))
        )
    return first, cores


def measure_reference(server, box, seconds, to_rgb=False) -> float:
    """The 16-tile reference, surviving the RTSP server's death."""
    return surviving(server, lambda: measure_ffmpeg(server, 16, box, seconds, to_rgb))


def measure_ffmpeg(server, count, box, seconds, to_rgb=False) -> float:
    """CPU of ``count`` plain FFmpeg decodes scaled to the tile's size.

    With ``to_rgb`` FFmpeg does what showing a frame takes, as the console
    does: scale fast-bilinear and convert to BGRA at the tile's size.
    """
    width, height = box
    scale = f"scale={width}:{height}"
    if to_rgb:
        scale += ":flags=fast_bilinear,format=bgra"
    processes = [
        subprocess.Popen(
            ffmpeg_to_nowhere(source.main.location(), "-vf", scale),
            stdin=subprocess.DEVNULL,
        )
        for source in sources(server, count)
    ]
    try:
        time.sleep(3 + 1)
        meters = [CpuMeter([p.pid]) for p in processes]
        time.sleep(seconds)
        ended = [p for p in processes if p.poll() is not None]
        if ended:
            # A reference decode that died measures nothing: say so, and
            # let the run be repeated rather than print a wrong ratio.
            raise RuntimeError(f"{len(ended)} of the FFmpeg reference decodes ended")
        cores = [meter.cores() for meter in meters]
        # One that waits on a server sending nothing measures nothing too.
        idle = sum(c < statistics.median(cores) / 4 for c in cores)
        if idle or statistics.median(cores) < 0.001:
            raise RuntimeError(f"{idle} of the FFmpeg decodes decoded nothing")
        return sum(cores)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def single_tile(app, server) -> tuple[WallWidget, float | None]:
    """A one-tile wall playing the first stream, and how long it took to
    show a frame (None if it never did)."""
    wall = make_wall(app, 1)
    wall.assign(0, sources(server, 1)[0])
    return wall, wait_qt(app, lambda: all_showing(wall), 20)


def first_frame_single(app, server) -> float | None:
    wall, took = single_tile(app, server)
    close_wall(app, wall)
    return took


def resume_times(app, server, rounds: int = 5) -> list[float]:
    """Seconds from showing a hidden tile until its picture is new again.

    Hidden for two to three seconds each time, so the camera's next key
    frame (every 2 s) is as far off as chance makes it. Raises
    RuntimeError when the tile showed no picture at all.
    """
    wall, shown = single_tile(app, server)
    session = wall.tiles[0].session
    took = []
    if shown is None:
        close_wall(app, wall)
        raise RuntimeError("the tile showed no picture")
    for round_ in range(rounds):
        session.set_visible(False)
        run_qt_for(app, 2.0 + 0.2 * round_)
        before = session.frame().luma()
        session.set_visible(True)
        shown = wait_qt(app, lambda old=before: session.frame().luma() != old, 10)
        took.append(shown if shown is not None else float("inf"))
        run_qt_for(app, 1.0)
    close_wall(app, wall)
    return took


def ffprobe_first_frame(server) -> float:
    started = time.monotonic()
    subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-select_streams",
         "v:0", "-show_entries", "frame=pts", "-read_intervals", "%+#1",
         sources(server, 1)[0].main.location()],
        capture_output=True, timeout=20, check=False,
    )  # fmt: skip
    return time.monotonic() - started


def line(name: str, text: str) -> None:
    print(f"{name:<28} {text}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-36", action="store_true")
    parser.add_argument("--soak-minutes", type=float, default=1.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])

    versions = f"Python {platform.python_version()}, libvlc {Engine.shared().version()}"
    line("machine", f"{platform.node()}, {psutil.cpu_count()} cores, {versions}")
    # Sixteen cameras answer side by side: so does the server, with one
    # client thread per stream, or opening a view would time the server.
    with KeptServer(mounts(), client_threads=len(PATTERNS)) as server:
        try:
            wall16, rounds = measure_rounds(app, server, args.rounds, args.seconds)
            rgb16 = measure_reference(server, wall16["box"], args.seconds, True)
        except RuntimeError as error:
            line("wall16.cpu", f"not measured: {error}; run the benchmark again")
            return 1
        console16 = statistics.mean(c for c, _ in rounds)
        ffmpeg16 = statistics.mean(f for _, f in rounds)
        each = ", ".join(f"{c / f:.2f}" for c, f in rounds)
        line("wall16.cpu", f"console {console16:.2f} cores, ffmpeg "
             f"{ffmpeg16:.2f} cores, ratio {console16 / ffmpeg16:.2f} over "
             f"{len(rounds)} rounds ({each}) (target <= 1.10)")  # fmt: skip
        line("wall16.cpu_vs_ffmpeg_rgb", f"ffmpeg to BGRA {rgb16:.2f} cores, "
             f"ratio {console16 / rgb16:.2f}; ffmpeg's own cost of "
             f"RGB: {rgb16 / ffmpeg16:.2f}x its plain decode")  # fmt: skip
        low = min(wall16["shown"])
        line("wall16.fps", f"painted: min {low:.1f}, median "
             f"{statistics.median(wall16['shown']):.1f} (target >= 24 each); "
             f"decoded: min {min(wall16['fps']):.1f}")  # fmt: skip
        line("wall16.tile_size", "{}x{}".format(*wall16["box"]))
        line("wall16.cpu_of_ingests", f"{wall16['ingest']:.2f} cores (remux)")
        opened = wall16["opened"]
        line("wall16.open_to_all_frames",
             f"{opened:.2f} s (target < 2 s)" if opened else "timed out")  # fmt: skip
        single = first_frame_single(app, server)
        probe = ffprobe_first_frame(server)
        if single is None:
            line("tile.first_frame", f"timed out, ffprobe {probe:.2f} s")
        else:
            line("tile.first_frame", f"{single:.2f} s, ffprobe {probe:.2f} s, "
                 f"ratio {single / probe:.2f}")  # fmt: skip
        memory = f"{wall16['mb_per_tile']:.1f} MB (target <= 25)"
        line("wall16.memory_per_tile", f"{memory}, ingest {wall16['ingest_mb']:.1f} MB")

        wall36 = None
        if not args.skip_36:
            wall36 = measured_again(
                "wall36.fps",
                server,
                lambda: all_shown(measure_console(app, server, 36, 36, args.seconds)),
            )
        if wall36 is not None:
            low36 = min(wall36["shown"])
            median36 = statistics.median(wall36["shown"])
            line("wall36.fps", f"painted: min {low36:.1f}, median {median36:.1f} "
                 f"(target >= 12); decoded: min {min(wall36['fps']):.1f}")  # fmt: skip
            line("wall36.cpu", f"{wall36['cores']:.2f} cores, "
                 f"{wall36['playing']}/36 playing")  # fmt: skip
            line("wall36.memory_per_tile", f"{wall36['mb_per_tile']:.1f} MB")
        resumed = measured_again(
            "tile.resume", server, lambda: resume_times(app, server)
        )
        if resumed is not None:
            line("tile.resume", f"median {statistics.median(resumed):.2f} s, "
                 f"longest {max(resumed):.2f} s, against key frames every "
                 f"{KEYFRAME_S:g} s (target < 1 s)")  # fmt: skip
        growth = None
        if args.soak_minutes > 0:
            growth = measured_again(
                "wall16.memory_growth",
                server,
                lambda: memory_growth(app, server, args.soak_minutes),
            )
        if growth is not None:
            line("wall16.memory_growth", f"{growth:.2f} MB per tile a minute "
                 f"over {args.soak_minutes:g} min, once settled")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
