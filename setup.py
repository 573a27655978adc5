"""The compiled parts of the video engine, both plain C:

- ``console/video/_frameslots.c``: libvlc's per-frame callbacks, a library
  loaded with ctypes and linked against libyuv (see frames.py);
- ``console/video/_remux.c``: the ingest program, one process per stream,
  linked against libavformat (see ingest.py).

Neither includes a Python header. Building them needs a C compiler, FFmpeg's
and libyuv's development headers (scripts/setup installs them).
"""

from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

REMUX_SOURCE = "console/video/_remux.c"
REMUX_LIBRARIES = ["avformat", "avcodec", "avutil"]


class BuildVideoEngine(build_ext):
    """Builds the extension, then the ingest program beside it."""

    def run(self):
        super().run()
        target = Path(self.get_ext_fullpath("console.video._frameslots")).parent
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
            ["console/video/_frameslots.c"],
            libraries=["yuv"],
            extra_compile_args=["-O2"],
        )
    ],
    cmdclass={"build_ext": BuildVideoEngine},
)
