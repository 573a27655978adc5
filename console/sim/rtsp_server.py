"""A live RTSP server for the demo site and the tests, on GStreamer.

Runs under Debian's system Python (``/usr/bin/python3``), where the GObject
bindings and GStreamer's RTSP server library live; it imports nothing from
the console so that it needs nothing from the console's virtual environment.

It reads a JSON description of its mounts from the file named by ``--config``
and prints ``READY <port>`` on stdout once it listens. Each mount is a live
test picture with a label and a clock burnt in, encoded in H.264 or H.265,
built when the first client asks for it and shared by every client after.

    {"port": 0, "auth": {"user": "u", "password": "p", "method": "digest"},
     "mounts": [{"path": "/cam1/sub", "width": 640, "height": 360,
                 "fps": 25, "codec": "h264", "pattern": "ball",
                 "label": "Tank farm", "bitrate_kbps": 600}]}

With ``auth``, every mount of the server asks for those credentials.
"""

import argparse
import json
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

LABEL_FONT = "Noto Sans CJK SC, Sans Bold 20"

ENCODERS = {
    # sliced-threads=false: with sliced threads FFmpeg decoded the top half
    # of every key frame garbled.
    "h264": (
        "x264enc tune=zerolatency speed-preset=ultrafast bitrate={kbps}"
        " key-int-max={gop} sliced-threads=false threads=1"
        " ! video/x-h264,profile=baseline"
        " ! rtph264pay name=pay0 pt=96 config-interval=1"
    ),
    "h265": (
        "x265enc tune=zerolatency speed-preset=ultrafast bitrate={kbps}"
        " key-int-max={gop}"
        " ! rtph265pay name=pay0 pt=96 config-interval=1"
    ),
}


def launch_line(mount):
    """Return the gst-launch description of one mount's pipeline."""
    width, height = mount.get("width", 640), mount.get("height", 360)
    if mount.get("ptz"):
        return ptz_launch_line(mount, width, height)
    fps = mount.get("fps", 25)
    pattern = mount.get("pattern", "ball")
    source = f"videotestsrc is-live=true pattern={pattern}"
    if pattern == "solid-color":
        source += f" foreground-color={mount.get('color', 0xFF2060C0)}"
    else:
        source += f" horizontal-speed={mount.get('speed', 2)}"
    if pattern == "ball":
        source += " background-color=0xFF1B3A5C"
    label = mount.get("label", mount["path"]).replace('"', "'")
    encoder = ENCODERS[mount.get("codec", "h264")].format(
        kbps=mount.get("bitrate_kbps", 800), gop=fps * 2
    )
    caps = f"video/x-raw,width={width},height={height},framerate={fps}/1"
    overlays = ""
    if mount.get("overlay", True):
        overlays = (
            f' ! textoverlay text="{label}" valignment=top halignment=left'
            f' font-desc="{LABEL_FONT}" shaded-background=true ypad=56 xpad=24'
            " ! clockoverlay valignment=bottom halignment=right"
            f' time-format="%Y-%m-%d %H:%M:%S" font-desc="{LABEL_FONT}"'
            " shaded-background=true"
        )
    return f"( {source} ! {caps}{overlays} ! videoconvert ! {encoder} )"


def ptz_launch_line(mount, width, height):
    """A PTZ dome's picture: a window onto a scene twice as large.

    The window (a ``videobox`` named ``ptz``) moves with pan and tilt and
    shrinks with zoom; see ``PtzScene.crop``.
    """
    line = launch_line({**mount, "ptz": False, "width": width * 2, "height": height * 2,
                        "overlay": False})  # fmt: skip
    source, _, encoder = line.strip("( )").partition(" ! videoconvert ! ")
    label = mount.get("label", mount["path"]).replace('"', "'")
    left, right, top, bottom = PtzScene(width * 2, height * 2).crop(0, 0, 0)
    return (
        f"( {source} ! videobox name=ptz left={left} right={right} top={top}"
        f" bottom={bottom} ! videoscale ! video/x-raw,width={width},height={height}"
        f' ! textoverlay text="{label}" valignment=top halignment=left'
        f' font-desc="{LABEL_FONT}" shaded-background=true ypad=56 xpad=24'
        " ! clockoverlay valignment=bottom halignment=right"
        f' time-format="%Y-%m-%d %H:%M:%S" font-desc="{LABEL_FONT}"'
        f" shaded-background=true ! videoconvert ! {encoder} )"
    )


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
            self.boxes.setdefault(path, []).append((box, scene))
            self._apply(path, box, scene)

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


def build_factory(mount, with_auth):
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(mount))
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
    auth = config.get("auth")
    if auth:
        server.set_auth(build_auth(auth))
    mounts = server.get_mount_points()
    control = PtzControl()
    for mount in config["mounts"]:
        factory = build_factory(mount, bool(auth))
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
