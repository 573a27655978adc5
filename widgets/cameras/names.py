"""The words and colours the camera part shows for the core's names."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from console.onvif.errors import (
    CameraError,
    ClockSkew,
    NoStream,
    Unreachable,
    WrongPassword,
)

# The same colours as the tile's states (widgets/tile.py).
SEVERITY_COLOURS = {
    "red": QColor("#e5484d"),
    "orange": QColor("#f08c2e"),
    "yellow": QColor("#e6b422"),
    "blue": QColor("#3b82f6"),
}

ALARM_KINDS = {
    "motion": QT_TRANSLATE_NOOP("CameraNames", "Motion detected"),
    "tamper": QT_TRANSLATE_NOOP("CameraNames", "Camera tampered"),
    "too_dark": QT_TRANSLATE_NOOP("CameraNames", "Picture too dark"),
    "too_bright": QT_TRANSLATE_NOOP("CameraNames", "Picture too bright"),
    "blurred": QT_TRANSLATE_NOOP("CameraNames", "Picture blurred"),
    "line_crossed": QT_TRANSLATE_NOOP("CameraNames", "Line crossed"),
    "intrusion": QT_TRANSLATE_NOOP("CameraNames", "Area intrusion"),
}

STATES = {
    "new": QT_TRANSLATE_NOOP("CameraNames", "New"),
    "acknowledged": QT_TRANSLATE_NOOP("CameraNames", "Acknowledged"),
    "resolved": QT_TRANSLATE_NOOP("CameraNames", "Resolved"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CameraNames", text)


def alarm_name(alarm) -> str:
    """What an alarm is, as the operator reads it: the kind's name for a
    camera's alarm, else the alarm's own text."""
    known = ALARM_KINDS.get(alarm.kind)
    if known:
        return _tr(known)
    return alarm.text or alarm.kind


def state_name(state: str) -> str:
    return _tr(STATES.get(state, state))


WRONG_PASSWORD = QT_TRANSLATE_NOOP(
    "CameraNames",
    "The camera refused user %1: the user name or password is wrong.",
)
CLOCK_AHEAD = QT_TRANSLATE_NOOP(
    "CameraNames",
    "The camera's clock is %1 min ahead of this computer's, so it refuses "
    "signed requests. Correct its clock, then probe again.",
)
CLOCK_BEHIND = QT_TRANSLATE_NOOP(
    "CameraNames",
    "The camera's clock is %1 min behind this computer's, so it refuses "
    "signed requests. Correct its clock, then probe again.",
)
NO_STREAM = QT_TRANSLATE_NOOP("CameraNames", "The camera offers no video stream: %1")
UNREACHABLE = QT_TRANSLATE_NOOP("CameraNames", "Cannot reach %1: %2")


def camera_error_text(error: Exception) -> str:
    """An error from a camera in the operator's language, with what to do."""
    if isinstance(error, WrongPassword):
        return _tr(WRONG_PASSWORD).replace("%1", error.user)
    if isinstance(error, ClockSkew):
        minutes = f"{max(abs(error.offset) / 60, 1):.0f}"
        text = CLOCK_AHEAD if error.offset > 0 else CLOCK_BEHIND
        return _tr(text).replace("%1", minutes)
    if isinstance(error, NoStream):
        detail = str(error).split("has no video stream: ", 1)[-1]
        return _tr(NO_STREAM).replace("%1", detail)
    if isinstance(error, Unreachable):
        text = _tr(UNREACHABLE).replace("%1", error.address)
        return text.replace("%2", error.reason)
    if isinstance(error, CameraError):
        return str(error)
    return f"{type(error).__name__}: {error}"
