"""The compiled parts of the video engine, both plain C:

- ``console/video/_frameslots.c`` and ``_vout.c``: libvlc's per-frame
  callbacks and a libvlc video output, one library linked against libyuv
  and libvlccore: loaded with ctypes (see frames.py), and by libvlc as a
  plugin through a link in ``console/video/vlc-plugins`` (see player.py);
- ``console/video/_remux.c``: the ingest program, one process per stream,
  linked against libavformat (see ingest.py).

Neither includes a Python header. Building them needs a C compiler and the
development headers of FFmpeg, libyuv and libvlccore (scripts/setup
installs them).
"""

from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

REMUX_SOURCE = "console/video/_remux.c"
REMUX_LIBRARIES = ["avformat", "avcodec", "avutil"]
VLC_PLUGINS = "vlc-plugins"
# libvlc loads only files named lib<module>_plugin.so.
VLC_PLUGIN_LINK = "libconsole_frames_plugin.so"
# What `pkg-config --cflags vlc-plugin` gives on Debian 12.
VLC_PLUGIN_MACROS = [
    ("__PLUGIN__", None),
    ("_FILE_OFFSET_BITS", "64"),
    ("_REENTRANT", None),
    ("_THREAD_SAFE", None),
    ("MODULE_NAME", "console_frames"),
    ("MODULE_STRING", '"console_frames"'),
]


class BuildVideoEngine(build_ext):
    """Builds the extension, links it into libvlc's plugin directory, then
    builds the ingest program beside it."""

    def run(self):
        super().run()
        library = Path(self.get_ext_fullpath("console.video._frameslots"))
        target = library.parent
        plugins = target / VLC_PLUGINS
        plugins.mkdir(exist_ok=True)
        link = plugins / VLC_PLUGIN_LINK
        link.unlink(missing_ok=True)
        # A link: one library in memory. A copy (a wheel keeps no links)
        # works too, the plugin knowing the callbacks by their name.
        link.symlink_to(Path("..") / library.name)
        objects = self.compiler.compile(
            [REMUX_SOURCE], output_dir=self.build_temp, extra_postargs=["-O2"]
        )
        self.compiler.link_executable(
            objects, "remux", output_dir=str(target), libraries=REMUX_LIBRARIES
        )


setup(
    ext_modules=[
        Extension(
            "console.video._frameslots",
            ["console/video/_frameslots.c", "console/video/_vout.c"],
            include_dirs=["/usr/include/vlc/plugins"],
            define_macros=VLC_PLUGIN_MACROS,
            libraries=["yuv", "vlccore"],
            extra_compile_args=["-O2"],
        )
    ],
    cmdclass={"build_ext": BuildVideoEngine},
)
