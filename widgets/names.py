"""The words the interface shows for the core's names, translated.

The core speaks English identifiers (``enterprise``, ``ptz_dome``,
``wrong credentials``); these tables give their display names through Qt's
translation system, in one place, so every widget says the same thing.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

LEVELS = {
    "province": QT_TRANSLATE_NOOP("Names", "Province"),
    "city": QT_TRANSLATE_NOOP("Names", "City"),
    "county": QT_TRANSLATE_NOOP("Names", "County"),
    "town": QT_TRANSLATE_NOOP("Names", "Town"),
    "enterprise": QT_TRANSLATE_NOOP("Names", "Enterprise"),
}

KINDS = {
    "camera": QT_TRANSLATE_NOOP("Names", "Camera"),
    "ptz_dome": QT_TRANSLATE_NOOP("Names", "PTZ dome"),
    "drone": QT_TRANSLATE_NOOP("Names", "Drone"),
    "vehicle": QT_TRANSLATE_NOOP("Names", "Command vehicle"),
    "conference": QT_TRANSLATE_NOOP("Names", "Video conference"),
    "file": QT_TRANSLATE_NOOP("Names", "File"),
}

PHASES = {
    "idle": QT_TRANSLATE_NOOP("Names", "Idle"),
    "connecting": QT_TRANSLATE_NOOP("Names", "Connecting"),
    "playing": QT_TRANSLATE_NOOP("Names", "Live"),
    "stalled": QT_TRANSLATE_NOOP("Names", "Stalled"),
    "offline": QT_TRANSLATE_NOOP("Names", "Offline"),
    "reconnecting": QT_TRANSLATE_NOOP("Names", "Offline"),
}

# Alarms' severities, the enterprises' risk grades too.
SEVERITIES = {
    "red": QT_TRANSLATE_NOOP("Names", "Red"),
    "orange": QT_TRANSLATE_NOOP("Names", "Orange"),
    "yellow": QT_TRANSLATE_NOOP("Names", "Yellow"),
    "blue": QT_TRANSLATE_NOOP("Names", "Blue"),
}

# What the video engine gives as the reason a stream is offline.
REASONS = {
    "wrong credentials": QT_TRANSLATE_NOOP("Names", "wrong credentials"),
    "stream not found on the server": QT_TRANSLATE_NOOP(
        "Names", "stream not found on the server"
    ),
    "connection refused": QT_TRANSLATE_NOOP("Names", "connection refused"),
    "connection lost": QT_TRANSLATE_NOOP("Names", "connection lost"),
    "no answer from the source": QT_TRANSLATE_NOOP(
        "Names", "no answer from the source"
    ),
    "network unreachable": QT_TRANSLATE_NOOP("Names", "network unreachable"),
    "unknown host": QT_TRANSLATE_NOOP("Names", "unknown host"),
    "file not found": QT_TRANSLATE_NOOP("Names", "file not found"),
    "not a playable stream": QT_TRANSLATE_NOOP("Names", "not a playable stream"),
    "unsupported protocol": QT_TRANSLATE_NOOP("Names", "unsupported protocol"),
    "no video": QT_TRANSLATE_NOOP("Names", "no video"),
    "no picture": QT_TRANSLATE_NOOP("Names", "no picture"),
    "no data": QT_TRANSLATE_NOOP("Names", "no data"),
    "no picture from the source": QT_TRANSLATE_NOOP(
        "Names", "no picture from the source"
    ),
    "stream ended": QT_TRANSLATE_NOOP("Names", "stream ended"),
    "decoder error": QT_TRANSLATE_NOOP("Names", "decoder error"),
}


def _tr(table: dict[str, str], key: str) -> str:
    text = table.get(key)
    if text is None:
        return key
    return QCoreApplication.translate("Names", text)


def level_name(level: str) -> str:
    return _tr(LEVELS, level)


def kind_name(kind: str) -> str:
    return _tr(KINDS, kind)


def phase_name(phase: str) -> str:
    return _tr(PHASES, phase)


def severity_name(severity: str) -> str:
    return _tr(SEVERITIES, str(severity))


def reason_text(reason: str) -> str:
    if reason.startswith("no picture for "):
        seconds = reason.removeprefix("no picture for ").removesuffix(" s")
        return QCoreApplication.translate("Names", "no picture for %1 s").replace(
            "%1", seconds
        )
    return _tr(REASONS, reason)
