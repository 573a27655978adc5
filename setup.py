"""The one compiled part: libvlc's per-frame callbacks (see frames.py).

It is a plain C library loaded with ctypes, so building it needs a C
compiler and libc headers, not Python's.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("console.video._frameslots", ["console/video/_frameslots.c"])
    ]
)
