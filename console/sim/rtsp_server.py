"""A live RTSP server for the demo site and the tests, on GStreamer.

Runs under Debian's system Python (``/usr/bin/python3``), where the GObject
bindings and GStreamer's RTSP server library live; it imports nothing from
the console so that it needs nothing from the console's virtual environment.

It reads a JSON description of its mounts from the file named by ``--config``
and prints ``READY <port>`` on stdout once it listens. Each mount is a live
test picture with a label and a clock burnt in, encoded in H.264 or H.265,
built when the first client asks for it and shared by every client after.
A mount with ``loop_s`` instead sends a clip of about that many seconds,
encoded once (see ``Clip``); with ``clip_dir`` the clips are kept there.
``client_threads`` (default 1) is how many threads serve clients' requests.
A mount's ``keyframe_s`` (default 2) is its key-frame interval in seconds;
cameras use 1 to 10, and more with "smart" codecs. Its ``profile`` is the
encoder's (default "baseline" for H.264, "main" for H.265: 8-bit 4:2:0 as
cameras send; "main-444" gives 4:4:4).

    {"port": 0, "auth": {"user": "u", "password": "p", "method": "digest"},
     "mounts": [{"path": "/cam1/sub", "width": 640, "height": 360,
                 "fps": 25, "codec": "h264", "pattern": "ball",
                 "label": "Tank farm", "bitrate_kbps": 600}]}

With ``auth``, every mount of the server asks for those credentials.
"""

import argparse
import concurrent.futures
import hashlib
import itertools
import json
import os
import signal
import struct
import sys
from pathlib import Path

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

LABEL_FONT = "Noto Sans CJK SC, Sans Bold 20"

# Per codec: the encoder, its output caps, the parser and the payloader.
# sliced-threads=false: with sliced threads FFmpeg decoded the top half of
# every key frame garbled. The profile is what cameras send, 8-bit 4:2:0,
# unless a mount names another: left to negotiate, x265enc chose 12-bit
# 4:4:4 from videoconvert.
PROFILES = {"h264": "baseline", "h265": "main"}
CODECS = {
    "h264": (
        "x264enc tune=zerolatency speed-preset=ultrafast bitrate={kbps}"
        " key-int-max={gop} sliced-threads=false threads=1",
        "video/x-h264,profile={profile}",
        "h264parse",
        "rtph264pay",
    ),
    "h265": (
        "x265enc tune=zerolatency speed-preset=ultrafast bitrate={kbps}"
        " key-int-max={gop}",
        "video/x-h265,profile={profile}",
        "h265parse",
        "rtph265pay",
    ),
}


# How a clip's frames are kept and sent: one access unit per buffer, each
# with its start codes.
CLIP_FORMAT = "stream-format=byte-stream,alignment=au"


def key_interval(mount) -> int:
    """Frames from one key frame to the next."""
    return max(1, round(mount.get("fps", 25) * mount.get("keyframe_s", 2)))


def encoder_line(mount) -> str:
    """The encoder of a mount, up to its encoded caps."""
    codec = mount.get("codec", "h264")
    encoder, caps, _, _ = CODECS[codec]
    kbps = mount.get("bitrate_kbps", 800)
    encoder = encoder.format(kbps=kbps, gop=key_interval(mount))
    caps = caps.format(profile=mount.get("profile", PROFILES[codec]))
    return f"{encoder} ! {caps}"


def payloader_line(mount) -> str:
    payloader = CODECS[mount.get("codec", "h264")][3]
    return f"{payloader} name=pay0 pt=96 config-interval=1"


def picture_line(mount, frames: int | None = None) -> str:
    """The test picture of a mount with its label, raw: live and with a
    clock, or as fast as it can for ``frames`` frames (a clip's)."""
    width, height = mount.get("width", 640), mount.get("height", 360)
    fps = mount.get("fps", 25)
    pattern = mount.get("pattern", "ball")
    live = frames is None
    source = f"videotestsrc is-live={str(live).lower()} pattern={pattern}"
    if not live:
        source += f" num-buffers={frames}"
    if pattern == "solid-color":
        source += f" foreground-color={mount.get('color', 0xFF2060C0)}"
    else:
        source += f" horizontal-speed={mount.get('speed', 2)}"
    if pattern == "ball":
        source += " background-color=0xFF1B3A5C"
    caps = f"video/x-raw,width={width},height={height},framerate={fps}/1"
    return f"{source} ! {caps}{overlay_line(mount, clock=live)}"


def overlay_line(mount, clock=True) -> str:
    if not mount.get("overlay", True):
        return ""
    label = mount.get("label", mount["path"]).replace('"', "'")
    line = (
        f' ! textoverlay text="{label}" valignment=top halignment=left'
        f' font-desc="{LABEL_FONT}" shaded-background=true ypad=56 xpad=24'
    )
    if clock:
        line += (
            " ! clockoverlay valignment=bottom halignment=right"
            f' time-format="%Y-%m-%d %H:%M:%S" font-desc="{LABEL_FONT}"'
            " shaded-background=true"
        )
    return line


def loops(mount) -> bool:
    """Whether a mount sends a clip (``loop_s``): never a dome's, whose
    picture follows its head."""
    return bool(mount.get("loop_s")) and not mount.get("ptz")


def launch_line(mount):
    """Return the gst-launch description of one mount's pipeline."""
    if loops(mount):
        return loop_launch_line(mount)
    if mount.get("ptz"):
        return ptz_launch_line(mount)
    return (
        f"( {picture_line(mount)} ! videoconvert ! {encoder_line(mount)}"
        f" ! {payloader_line(mount)} )"
    )


def ptz_launch_line(mount):
    """A PTZ dome's picture: a window onto a scene twice as large.

    The window (a ``videobox`` named ``ptz``) moves with pan and tilt and
    shrinks with zoom; see ``PtzScene.crop``.
    """
    width, height = mount.get("width", 640), mount.get("height", 360)
    scene = picture_line({**mount, "width": width * 2, "height": height * 2,
                          "overlay": False})  # fmt: skip
    left, right, top, bottom = PtzScene(width * 2, height * 2).crop(0, 0, 0)
    return (
        f"( {scene} ! videobox name=ptz left={left} right={right} top={top}"
        f" bottom={bottom} ! videoscale ! video/x-raw,width={width},height={height}"
        f"{overlay_line(mount)} ! videoconvert ! {encoder_line(mount)}"
        f" ! {payloader_line(mount)} )"
    )


def loop_launch_line(mount):
    """A mount that sends its clip (see ``Clip``) over and over."""
    _, caps, parser, _ = CODECS[mount.get("codec", "h264")]
    caps = f"{caps.split(',')[0]},{CLIP_FORMAT}"
    return (
        f"( appsrc name=clip format=time caps={caps} ! {parser}"
        f" ! {payloader_line(mount)} )"
    )


class Clip:
    """A few seconds of a mount's picture, encoded once, sent in a loop.

    Encoding sixteen live pictures took most of a 2-core machine, and the
    console under test had to share what was left; a looped clip costs
    next to nothing to send. It has no burnt-in clock, which would jump
    back at every turn; the console's tiles show the time. The clip is a
    whole number of key-frame intervals, so every turn starts at a key
    frame. It is encoded before the server serves (``Clips.encode_all``).
    """

    def __init__(self, mount, folder: Path | None = None):
        self.mount = mount
        self.fps = mount.get("fps", 25)
        self.frames: list[bytes] | None = None
        self._file = None
        if folder is not None:
            # The encoder's settings too: a clip made by other settings
            # (an earlier version's) is not this mount's.
            described = json.dumps(mount, sort_keys=True) + encoder_line(mount)
            key = hashlib.sha256(described.encode())
            self._file = folder / f"{key.hexdigest()[:24]}.clip"

    def encoded(self) -> list[bytes]:
        """The clip's frames: kept from an earlier run, or encoded now."""
        if self.frames is None:
            self.frames = self._load()
        if self.frames is None:
            self.frames = self._encode()
            if len(self.frames) == self.length():
                self._save()  # a clip cut short is used, not kept
        return self.frames

    def length(self) -> int:
        """Frames in the clip: whole key-frame intervals, about loop_s long."""
        gop = key_interval(self.mount)
        return max(1, round(self.mount["loop_s"] * self.fps / gop)) * gop

    def _load(self) -> list[bytes] | None:
        """The clip as kept from an earlier run, if it is there and whole."""
        try:
            data = self._file.read_bytes() if self._file else b""
        except OSError:
            return None
        frames, offset = [], 0
        while offset + 4 <= len(data):
            size = struct.unpack_from(">I", data, offset)[0]
            frames.append(data[offset + 4 : offset + 4 + size])
            offset += 4 + size
        whole = offset == len(data) and frames and len(frames[-1]) > 0
        return frames if whole else None

    def _save(self) -> None:
        if self._file is None or not self.frames:
            return
        data = b"".join(struct.pack(">I", len(f)) + f for f in self.frames)
        partial = self._file.with_suffix(".part")
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            partial.replace(self._file)
        except OSError as error:
            print(f"could not keep the clip of {self.mount['path']}: {error}",
                  file=sys.stderr)  # fmt: skip

    def _encode(self) -> list[bytes]:
        count = self.length()
        line = (
            f"{picture_line(self.mount, frames=count)} ! videoconvert"
            f" ! {encoder_line(self.mount)},{CLIP_FORMAT}"
            " ! appsink name=out sync=false"
        )
        pipeline = Gst.parse_launch(line)
        sink = pipeline.get_by_name("out")
        pipeline.set_state(Gst.State.PLAYING)
        frames = []
        while len(frames) < count:
            sample = sink.emit("try-pull-sample", 10 * Gst.SECOND)
            if sample is None:
                break
            buffer = sample.get_buffer()
            frames.append(buffer.extract_dup(0, buffer.get_size()))
        pipeline.set_state(Gst.State.NULL)
        return frames

    def feed(self, media) -> None:
        """Send the clip through a new media of this mount, from frame 0."""
        frames = self.encoded()
        source = media.get_element().get_by_name("clip")
        if not frames:
            print(f"could not encode the clip of {self.mount['path']}", file=sys.stderr)
            source.emit("end-of-stream")
            return
        duration = Gst.SECOND // self.fps
        sent = itertools.count()

        def need_data(appsrc, _length):
            number = next(sent)
            buffer = Gst.Buffer.new_wrapped(frames[number % len(frames)])
            buffer.pts = buffer.dts = number * duration
            buffer.duration = duration
            appsrc.emit("push-buffer", buffer)

        source.connect("need-data", need_data)


class PtzScene:
    """Where a dome's window onto its scene is, for a pan, tilt and zoom."""

    def __init__(self, width, height):
        self.width, self.height = width, height

    def crop(self, pan, tilt, zoom):
        """videobox's left, right, top, bottom for pan/tilt -1..1, zoom 0..1."""
        share = 0.6 - 0.45 * max(0.0, min(1.0, zoom))
        window_w = int(self.width * share) // 2 * 2
        window_h = int(self.height * share) // 2 * 2
        left = int((self.width - window_w) * (max(-1.0, min(1.0, pan)) + 1) / 2)
        top = int((self.height - window_h) * (1 - (max(-1.0, min(1.0, tilt)) + 1) / 2))
        left, top = left // 2 * 2, top // 2 * 2
        return left, self.width - window_w - left, top, self.height - window_h - top


class PtzControl:
    """Moves the picture of live PTZ mounts; commands arrive on stdin.

    One JSON object a line: ``{"prefix": "/dome-1/", "pan": 0.2, "tilt":
    -0.1, "zoom": 0.5}`` moves every mount whose path starts with prefix.
    """

    def __init__(self):
        self.positions = {}
        self.boxes = {}

    def watch(self, factory, path, width, height):
        scene = PtzScene(width * 2, height * 2)

        def configure(_factory, media):
            box = media.get_element().get_by_name("ptz")
            boxes = self.boxes.setdefault(path, [])
            boxes.append((box, scene))
            self._apply(path, box, scene)
            # The last client gone, the media goes, and so does its box.
            media.connect("unprepared", lambda _media: boxes.remove((box, scene)))

        factory.connect("media-configure", configure)

    def on_stdin(self, channel, _condition):
        line = channel.readline()
        if not line:
            return False
        try:
            command = json.loads(line)
            prefix = command["prefix"]
            position = (command["pan"], command["tilt"], command["zoom"])
        except (ValueError, KeyError, TypeError):
            return True
        self.positions[prefix] = position
        for path, boxes in self.boxes.items():
            for box, scene in boxes:
                self._apply(path, box, scene)
        return True

    def _apply(self, path, box, scene):
        for prefix, (pan, tilt, zoom) in self.positions.items():
            if path.startswith(prefix):
                left, right, top, bottom = scene.crop(pan, tilt, zoom)
                box.set_property("left", left)
                box.set_property("right", right)
                box.set_property("top", top)
                box.set_property("bottom", bottom)


class Clips(list):
    """The server's clips, kept in ``folder`` (if given) between runs."""

    def __init__(self, folder: str | None):
        super().__init__()
        self.folder = Path(folder) if folder else None

    def encode_all(self) -> None:
        """Encode every clip not kept from an earlier run, before serving.

        A client asking for a mount whose clip is not ready would wait for
        it in the server's one client thread, and every other client's
        interleaved stream would wait too. Clips encode side by side, one
        per core.
        """
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            list(pool.map(Clip.encoded, self))


def build_auth(spec):
    """An RTSPAuth that admits the one configured user to every mount."""
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    # No default token for anonymous clients: with one, GStreamer answers
    # them 404 instead of the 401 challenge that cameras send.
    token.set_string("media.factory.role", "operator")
    if spec.get("method", "digest") == "basic":
        basic = GstRtspServer.RTSPAuth.make_basic(spec["user"], spec["password"])
        auth.add_basic(basic, token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
    else:
        auth.add_digest(spec["user"], spec["password"], token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    return auth


ROLE = (
    "{role}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
)


def build_factory(mount, with_auth, clips: list):
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(mount))
    if loops(mount):
        clip = Clip(mount, clips.folder)
        clips.append(clip)
        factory.connect("media-configure", lambda _factory, media: clip.feed(media))
    factory.set_shared(True)
    # Stop encoding when the last client leaves: only watched streams cost CPU.
    factory.set_suspend_mode(GstRtspServer.RTSPSuspendMode.NONE)
    factory.set_eos_shutdown(False)
    if with_auth:
        structure = Gst.Structure.from_string(ROLE.format(role="operator"))[0]
        factory.add_role_from_structure(structure)
    return factory


def serve(config):
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(config.get("address", "127.0.0.1"))
    server.set_service(str(config.get("port", 0)))
    # One thread serves every client's requests unless told otherwise: a
    # mount's first client then waits for the mount's pipeline to start, and
    # so does everyone else (many cameras, by contrast, answer at once).
    server.get_thread_pool().set_max_threads(config.get("client_threads", 1))
    auth = config.get("auth")
    if auth:
        server.set_auth(build_auth(auth))
    mounts = server.get_mount_points()
    control = PtzControl()
    clips = Clips(config.get("clip_dir"))
    for mount in config["mounts"]:
        factory = build_factory(mount, bool(auth), clips)
        if mount.get("ptz"):
            size = (mount.get("width", 640), mount.get("height", 360))
            control.watch(factory, mount["path"], *size)
        mounts.add_factory(mount["path"], factory)
    stdin = GLib.IOChannel.unix_new(sys.stdin.fileno())
    readable = GLib.IOCondition.IN
    GLib.io_add_watch(stdin, GLib.PRIORITY_DEFAULT, readable, control.on_stdin)

    # Sessions of clients that vanished are dropped every few seconds.
    def cleanup():
        server.get_session_pool().cleanup()
        return True

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print("FAILED could not listen", flush=True)
        return 1
    GLib.timeout_add_seconds(2, cleanup)
    clips.encode_all()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    print(f"READY {server.get_bound_port()}", flush=True)
    loop.run()
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="JSON file of mounts")
    args = parser.parse_args(argv)
    with open(args.config, encoding="utf-8") as handle:
        return serve(json.load(handle))


if __name__ == "__main__":
    sys.exit(main())
