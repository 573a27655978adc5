"""The tests' RTSP server is the demo site's: GStreamer's, in its own process."""

from console.sim.rtsp import RtspServer

__all__ = ["RtspServer"]
