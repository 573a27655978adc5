"""What a camera told us, as plain data, and the choices made from it.

The functions here take the dictionaries that zeep's ``serialize_object``
makes of ONVIF replies and return dataclasses; they do no I/O, so they are
tested without a camera.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from console.onvif.errors import NoStream


@dataclass(frozen=True)
class DeviceInfo:
    manufacturer: str
    model: str
    firmware: str
    serial: str
    hardware: str


@dataclass(frozen=True)
class Profile:
    """A media profile; ``stream_uri`` is None where it has no stream."""

    token: str
    name: str
    encoding: str | None = None
    width: int = 0
    height: int = 0
    frame_rate: float | None = None
    bitrate_kbps: int | None = None
    ptz: bool = False
    stream_uri: str | None = None
    stream_error: str | None = None

    @property
    def has_encoder(self) -> bool:
        return self.encoding is not None

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class Preset:
    token: str
    name: str
    pan: float | None = None
    tilt: float | None = None
    zoom: float | None = None


@dataclass(frozen=True)
class PtzPosition:
    pan: float
    tilt: float
    zoom: float
    moving: bool = False


@dataclass
class Probe:
    """Everything ``python -m console onvif probe`` reports about a camera."""

    host: str
    port: int
    device: DeviceInfo
    clock_offset: float
    profiles: list[Profile]
    ptz: bool
    presets: list[Preset] = field(default_factory=list)
    event_topics: list[str] = field(default_factory=list)
    main: str | None = None
    sub: str | None = None

    def profile(self, token: str | None) -> Profile | None:
        return next((p for p in self.profiles if p.token == token), None)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["clock_offset"] = round(self.clock_offset, 1)
        return data


def device_info(data: dict) -> DeviceInfo:
    return DeviceInfo(
        manufacturer=str(data.get("Manufacturer") or ""),
        model=str(data.get("Model") or ""),
        firmware=str(data.get("FirmwareVersion") or ""),
        serial=str(data.get("SerialNumber") or ""),
        hardware=str(data.get("HardwareId") or ""),
    )


def device_utc(data: dict) -> dt.datetime | None:
    """The UTC time in a GetSystemDateAndTime reply, if the camera gave one."""
    utc = data.get("UTCDateTime") or {}
    date, time = utc.get("Date") or {}, utc.get("Time") or {}
    try:
        return dt.datetime(
            int(date["Year"]),
            int(date["Month"]),
            int(date["Day"]),
            int(time["Hour"]),
            int(time["Minute"]),
            int(time["Second"]),
            tzinfo=dt.UTC,
        )
    except (KeyError, TypeError, ValueError):
        return None


def profile(data: dict) -> Profile:
    """A Profile from one entry of GetProfiles, without its stream URI."""
    encoder = data.get("VideoEncoderConfiguration") or {}
    resolution = encoder.get("Resolution") or {}
    rate = encoder.get("RateControl") or {}
    return Profile(
        token=str(data.get("token")),
        name=str(data.get("Name") or data.get("token")),
        encoding=encoder.get("Encoding") if encoder else None,
        width=int(resolution.get("Width") or 0),
        height=int(resolution.get("Height") or 0),
        frame_rate=_number(rate.get("FrameRateLimit")),
        bitrate_kbps=_int(rate.get("BitrateLimit")),
        ptz=data.get("PTZConfiguration") is not None,
    )


def preset(data: dict) -> Preset:
    position = data.get("PTZPosition") or {}
    pan_tilt, zoom = position.get("PanTilt") or {}, position.get("Zoom") or {}
    return Preset(
        token=str(data.get("token")),
        name=str(data.get("Name") or data.get("token")),
        pan=_number(pan_tilt.get("x")),
        tilt=_number(pan_tilt.get("y")),
        zoom=_number(zoom.get("x")),
    )


def ptz_position(data: dict) -> PtzPosition:
    position = data.get("Position") or {}
    pan_tilt, zoom = position.get("PanTilt") or {}, position.get("Zoom") or {}
    status = data.get("MoveStatus") or {}
    moving = "MOVING" in (status.get("PanTilt"), status.get("Zoom"))
    return PtzPosition(
        pan=_number(pan_tilt.get("x")) or 0.0,
        tilt=_number(pan_tilt.get("y")) or 0.0,
        zoom=_number(zoom.get("x")) or 0.0,
        moving=moving,
    )


def topics(elements) -> list[str]:
    """Topic paths ("tns1:VideoSource/MotionAlarm") in a TopicSet.

    The topic set is a tree of elements whose leaves (and some inner nodes)
    carry ``wstop:topic="true"``; the path is the element names from the
    root, the first one with its namespace prefix as the camera wrote it.
    """
    found: list[str] = []
    for element in elements or []:
        _walk_topics(element, [], found)
    return found


_TOPIC_ATTRIBUTE = "{http://docs.oasis-open.org/wsn/t-1}topic"


def _walk_topics(element, path: list[str], found: list[str]) -> None:
    if not isinstance(getattr(element, "tag", None), str):
        return
    local = element.tag.rpartition("}")[2]
    if local == "MessageDescription":
        return
    name = f"{element.prefix}:{local}" if not path and element.prefix else local
    here = [*path, name]
    if (element.get(_TOPIC_ATTRIBUTE) or "").lower() == "true":
        found.append("/".join(here))
    for child in element:
        _walk_topics(child, here, found)


def choose_streams(
    profiles: list[Profile],
    main: str | None = None,
    sub: str | None = None,
) -> tuple[Profile, Profile | None]:
    """The main and sub profile: largest and smallest with a stream.

    An operator's choice of token overrides either. A camera with a single
    streaming profile has no sub-stream.
    """
    streaming = [p for p in profiles if p.stream_uri]
    if not streaming:
        reasons = "; ".join(
            f"{p.token}: {p.stream_error or 'no encoder'}" for p in profiles
        )
        raise NoStream(None, reasons or "it reports no media profiles")
    by_size = sorted(streaming, key=lambda p: (p.pixels, p.frame_rate or 0))
    chosen_main = _pick(profiles, main) if main else by_size[-1]
    chosen_sub = _pick(profiles, sub) if sub else by_size[0]
    if chosen_sub.token == chosen_main.token:
        chosen_sub = None
    return chosen_main, chosen_sub


def _pick(profiles: list[Profile], token: str) -> Profile:
    chosen = next((p for p in profiles if p.token == token), None)
    if chosen is None:
        known = ", ".join(p.token for p in profiles)
        raise NoStream(token, f"the camera has no such profile (it has {known})")
    if not chosen.stream_uri:
        raise NoStream(token, chosen.stream_error or "it has no video encoder")
    return chosen


def _number(value) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _int(value) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None
