"""A logger adapter that names the camera in every record."""

from __future__ import annotations

import logging


class CameraLog(logging.LoggerAdapter):
    """Prefixes messages with ``[camera]`` and adds ``camera`` to records."""

    def __init__(self, logger: logging.Logger, camera: str):
        super().__init__(logger, {"camera": camera})

    def process(self, msg, kwargs):
        kwargs.setdefault("extra", {}).update(self.extra)
        return f"[{self.extra['camera']}] {msg}", kwargs
