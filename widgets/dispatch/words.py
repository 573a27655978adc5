"""The words the dispatch panel shows for the protocol's names, translated.

The protocol speaks English identifiers (``ringing``, ``en_route``,
``acked``); these tables give their display names in one place, through
Qt's translation system, so the roster, the call board and the history
say the same thing.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

GREEN, AMBER, ORANGE, RED = "#3ccf6e", "#e6b422", "#f08c2e", "#e5484d"
GREY, SLATE = "#7a8699", "#5b6b80"

MEMBER_STATES = {
    "ringing": QT_TRANSLATE_NOOP("Dispatch", "Ringing"),
    "offline": QT_TRANSLATE_NOOP("Dispatch", "Offline"),
    "answered": QT_TRANSLATE_NOOP("Dispatch", "Answered"),
    "declined": QT_TRANSLATE_NOOP("Dispatch", "Declined"),
    "missed": QT_TRANSLATE_NOOP("Dispatch", "Missed"),
    "left": QT_TRANSLATE_NOOP("Dispatch", "Left"),
}
MEMBER_COLOURS = {
    "ringing": AMBER,
    "offline": GREY,
    "answered": GREEN,
    "declined": ORANGE,
    "missed": RED,
    "left": SLATE,
}

CALL_PHASES = {
    "ringing": QT_TRANSLATE_NOOP("Dispatch", "Ringing"),
    "connected": QT_TRANSLATE_NOOP("Dispatch", "Connected"),
    "ended": QT_TRANSLATE_NOOP("Dispatch", "Ended"),
}
PHASE_COLOURS = {"ringing": AMBER, "connected": GREEN, "ended": SLATE}

UNIT_STATES = {
    "unknown": QT_TRANSLATE_NOOP("Dispatch", "Unknown"),
    "available": QT_TRANSLATE_NOOP("Dispatch", "Available"),
    "busy": QT_TRANSLATE_NOOP("Dispatch", "Busy"),
    "en_route": QT_TRANSLATE_NOOP("Dispatch", "En route"),
    "on_scene": QT_TRANSLATE_NOOP("Dispatch", "On scene"),
    "off_duty": QT_TRANSLATE_NOOP("Dispatch", "Off duty"),
}
UNIT_STATE_COLOURS = {
    "unknown": GREY,
    "available": GREEN,
    "busy": AMBER,
    "en_route": ORANGE,
    "on_scene": "#4da3ff",
    "off_duty": SLATE,
}

PRESENCE = {
    True: QT_TRANSLATE_NOOP("Dispatch", "Online"),
    False: QT_TRANSLATE_NOOP("Dispatch", "Offline"),
}

PRIORITIES = {
    "emergency": QT_TRANSLATE_NOOP("Dispatch", "Emergency"),
    "high": QT_TRANSLATE_NOOP("Dispatch", "High"),
    "normal": QT_TRANSLATE_NOOP("Dispatch", "Normal"),
}
PRIORITY_COLOURS = {"emergency": RED, "high": ORANGE, "normal": GREY}

RECEIPTS = {
    "pending": QT_TRANSLATE_NOOP("Dispatch", "Not delivered"),
    "delivered": QT_TRANSLATE_NOOP("Dispatch", "Delivered"),
    "acked": QT_TRANSLATE_NOOP("Dispatch", "Acknowledged"),
}
RECEIPT_COLOURS = {"pending": GREY, "delivered": AMBER, "acked": GREEN}

ALARM_KINDS = {
    "sos": QT_TRANSLATE_NOOP("Dispatch", "SOS"),
    "gas": QT_TRANSLATE_NOOP("Dispatch", "Gas leak"),
    "fire": QT_TRANSLATE_NOOP("Dispatch", "Fire"),
    "intrusion": QT_TRANSLATE_NOOP("Dispatch", "Intrusion"),
    "unsafe_behaviour": QT_TRANSLATE_NOOP("Dispatch", "Unsafe behaviour"),
    "report": QT_TRANSLATE_NOOP("Dispatch", "Report"),
}


def word(table: dict, key) -> str:
    """The display name of ``key``, or ``key`` itself when it is new."""
    text = table.get(key)
    if text is None:
        return str(key)
    return QCoreApplication.translate("Dispatch", text)


def colour(table: dict[str, str], key: str) -> QColor:
    return QColor(table.get(key, GREY))
