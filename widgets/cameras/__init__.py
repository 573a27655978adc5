"""Cameras on the wall: PTZ on their tiles, commissioning, camera alarms."""


def install(window) -> None:
    """Add camera tools to the main window (nothing yet)."""
