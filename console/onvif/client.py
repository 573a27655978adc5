"""An async ONVIF client for one camera, with errors an operator can act on.

It wraps onvif-zeep-async's ``ONVIFCamera`` so that the rest of the console
sees plain results (``console.onvif.model``) and the errors of
``console.onvif.errors`` instead of zeep faults and aiohttp exceptions:

    async with OnvifClient("10.0.0.7", 80, "admin", password) as camera:
        probe = await camera.probe()

A refused request is told apart from a wrong password by reading the
camera's clock (GetSystemDateAndTime needs no authentication): WS-Security
UsernameToken signs a timestamp, and a camera whose clock is minutes away
from ours refuses every signed request with the same fault it gives a wrong
password. ``correct_clock()`` then either signs with the camera's offset or
sets the camera's clock.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import socket
import time

from console.onvif import model
from console.onvif.camlog import CameraLog
from console.onvif.errors import (
    CameraError,
    ClockSkew,
    DeviceFault,
    NoStream,
    NotSupported,
    Unreachable,
    WrongPassword,
)
from console.onvif.library import (
    EVENTS_NAMESPACE,
    PTZ_NAMESPACE,
    Fault,
    ONVIFCamera,
    ONVIFError,
    TransportError,
    aiohttp,
    fault_text,
    plain,
    subcodes,
)

log = logging.getLogger(__name__)

# Cameras commonly accept a UsernameToken created up to a few seconds away
# from their clock (some allow minutes, strict ones 5 s). Beyond this we
# blame the clock rather than the password.
CLOCK_SKEW_LIMIT = 5.0

_NO_STREAM_CODES = {"IncompleteConfiguration", "NoConfig", "InvalidStreamSetup"}


class _Refused(Exception):
    """The camera refused our credentials; the caller decides why."""


class OnvifClient:
    """One camera's ONVIF services.

    Args:
        camera_id: names the camera in logs and errors (host:port if None).
        timeout: seconds any single operation may take before the camera is
            taken to be unreachable.
        adjust_time: sign requests with the camera's clock offset, as
            onvif-zeep-async's time adjustment does, for a camera whose clock
            cannot be set.
    """

    def __init__(
        self,
        host: str,
        port: int,
        user: str | None,
        password: str | None,
        *,
        camera_id: str | None = None,
        timeout: float = 10.0,
        adjust_time: bool = False,
    ):
        self.host = host
        self.port = int(port)
        self.user = user
        self._password = password
        self.camera_id = camera_id or f"{host}:{port}"
        # Errors name the camera only when it has a name beyond its address,
        # which every message about the connection already says.
        self._name = camera_id
        self.timeout = timeout
        self.adjust_time = adjust_time
        self.log = CameraLog(log, self.camera_id)
        self._camera: ONVIFCamera | None = None

    def __repr__(self) -> str:
        return f"OnvifClient({self.camera_id!r}, user={self.user!r})"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def camera(self) -> ONVIFCamera:
        """The onvif-zeep-async camera; ``connect()`` first."""
        if self._camera is None:
            raise CameraError("not connected", self._name)
        return self._camera

    # -- lifecycle

    async def __aenter__(self) -> OnvifClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    async def connect(self) -> None:
        """Find the camera's services; raises a CameraError if it cannot."""
        await self.close()
        self._camera = ONVIFCamera(
            self.host,
            self.port,
            self.user,
            self._password,
            no_cache=True,
            adjust_time=self.adjust_time,
        )
        try:
            await self._call("GetServices", self._camera.update_xaddrs())
        except CameraError:
            await self.close()
            raise
        self.log.info(
            "connected, services: %s", ", ".join(sorted(self._service_names()))
        )

    async def close(self) -> None:
        camera, self._camera = self._camera, None
        if camera is not None:
            await camera.close()

    def _service_names(self) -> set[str]:
        return {ns.rstrip("/").split("/")[-2] for ns in self.camera.xaddrs}

    # -- calling the camera

    @property
    def connected(self) -> bool:
        return self._camera is not None

    async def call(self, operation: str, awaitable, timeout: float | None = None):
        """Await one ONVIF operation, turning what fails into a CameraError.

        For the console's own modules that call services of ``camera``
        directly; ``timeout`` is in addition to the client's own.
        """
        return await self._call(operation, awaitable, timeout)

    async def service(self, name: str):
        """An onvif-zeep-async service ("events", "pullpoint", ...)."""
        return await self._service(name)

    async def _call(self, operation: str, awaitable, extra: float | None = None):
        self.log.debug("-> %s", operation)
        try:
            async with asyncio.timeout(self.timeout + (extra or 0)):
                return await awaitable
        except CameraError:
            raise
        except Exception as error:
            translated = self._translate(operation, error)
            if isinstance(translated, _Refused):
                raise await self._refusal() from None
            raise translated from error

    def _translate(self, operation: str, error: BaseException):
        if isinstance(error, ONVIFError) and error.__cause__ is not None:
            return self._translate(operation, error.__cause__)
        if isinstance(error, TimeoutError):
            reason = f"no answer within {self.timeout:g} s"
            return Unreachable(self.address, reason, self._name)
        if isinstance(error, aiohttp.ClientConnectorDNSError):
            reason = f"the host name {self.host!r} is not known"
            return Unreachable(self.address, reason, self._name)
        if isinstance(error, aiohttp.ClientConnectorError):
            return Unreachable(self.address, _os_reason(error), self._name)
        if isinstance(error, aiohttp.ClientError | socket.gaierror | OSError):
            return Unreachable(
                self.address, str(error) or type(error).__name__, self._name
            )
        if isinstance(error, Fault):
            if "NotAuthorized" in subcodes(error):
                return _Refused()
            return DeviceFault(operation, fault_text(error), self._name)
        if isinstance(error, TransportError):
            if error.status_code in (401, 403):
                return _Refused()
            reason = f"HTTP {error.status_code}: no ONVIF service answers there"
            return Unreachable(self.address, reason, self._name)
        if isinstance(error, ONVIFError):
            text = str(error)
            # onvif-zeep-async says "Device doesn`t support service: ptz".
            if "support service" in text:
                return NotSupported(text.split(": ", 1)[-1], self._name)
            return DeviceFault(operation, text, self._name)
        return DeviceFault(operation, f"{type(error).__name__}: {error}", self._name)

    async def _refusal(self) -> CameraError:
        """WrongPassword, or ClockSkew when the clocks are far apart."""
        if not self.adjust_time:
            try:
                offset = await self.clock_offset()
            except CameraError:
                offset = 0.0
            if abs(offset) > CLOCK_SKEW_LIMIT:
                self.log.debug("refused, clock offset %.0f s", offset)
                return ClockSkew(offset, self._name)
        return WrongPassword(self.user or "", self._name)

    async def _service(self, name: str):
        factory = getattr(self.camera, f"create_{name}_service")
        return await self._call(f"{name} service", factory())

    # -- device

    async def device_information(self) -> model.DeviceInfo:
        devicemgmt = await self._service("devicemgmt")
        reply = await self._call(
            "GetDeviceInformation", devicemgmt.GetDeviceInformation()
        )
        return model.device_info(plain(reply))

    async def clock_offset(self) -> float:
        """Seconds the camera's UTC clock is ahead of ours (negative: behind).

        Asked without authentication, so it works when the clock is why
        authentication fails.
        """
        devicemgmt = await self.camera.create_devicemgmt_service()
        sent = time.time()
        async with asyncio.timeout(self.timeout):
            try:
                reply = await devicemgmt.authless_GetSystemDateAndTime()
            except Exception as error:
                raise self._translate("GetSystemDateAndTime", error) from error
        received = time.time()
        utc = model.device_utc(plain(reply))
        if utc is None:
            raise DeviceFault("GetSystemDateAndTime", "no UTC time", self._name)
        # The reply has whole seconds, so the camera's time was half a
        # second later on average; ours is the middle of the round trip.
        ours = (sent + received) / 2
        return utc.timestamp() + 0.5 - ours

    async def correct_clock(self, method: str = "offset") -> float:
        """Make signed requests work again on a camera whose clock is off.

        ``method="offset"`` signs every request with the camera's own time
        (onvif-zeep-async's time adjustment) and leaves the camera alone;
        ``method="device"`` sets the camera's clock to ours with
        SetSystemDateAndTime, which affects the camera's recordings and
        overlays. Returns the offset found before the correction and leaves
        the client connected.
        """
        if self._camera is None:
            self._camera = ONVIFCamera(
                self.host, self.port, self.user, self._password, no_cache=True
            )
        offset = await self.clock_offset()
        self.adjust_time = True
        await self.connect()
        if method == "device":
            await self._set_device_clock()
            self.adjust_time = False
            await self.connect()
        elif method != "offset":
            raise ValueError(f"unknown clock correction {method!r}")
        self.log.info("clock corrected (%s), offset was %.0f s", method, offset)
        return offset

    async def _set_device_clock(self) -> None:
        now = dt.datetime.now(dt.UTC)
        devicemgmt = await self._service("devicemgmt")
        request = {
            "DateTimeType": "Manual",
            "DaylightSavings": False,
            "UTCDateTime": {
                "Date": {"Year": now.year, "Month": now.month, "Day": now.day},
                "Time": {
                    "Hour": now.hour,
                    "Minute": now.minute,
                    "Second": now.second,
                },
            },
        }
        await self._call(
            "SetSystemDateAndTime", devicemgmt.SetSystemDateAndTime(request)
        )

    # -- media

    async def profiles(self) -> list[model.Profile]:
        # FIXME(onvif): only Media (ver10) is asked. Its encodings are JPEG,
        # MPEG4 and H264; an H.265 profile that a camera lists in Media2
        # (ver20) alone is missed.
        media = await self._service("media")
        reply = await self._call("GetProfiles", media.GetProfiles())
        return [model.profile(entry) for entry in plain(reply) or []]

    async def stream_uri(self, profile: model.Profile | str) -> str:
        """The RTSP URI of a profile's stream (RTP unicast over RTSP)."""
        token = profile if isinstance(profile, str) else profile.token
        if isinstance(profile, model.Profile) and not profile.has_encoder:
            raise NoStream(token, "it has no video encoder", self._name)
        media = await self._service("media")
        request = {
            "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
            "ProfileToken": token,
        }
        try:
            reply = await self._call("GetStreamUri", media.GetStreamUri(request))
        except DeviceFault as fault:
            cause = fault.__cause__
            if isinstance(cause, Fault) and _NO_STREAM_CODES & set(subcodes(cause)):
                raise NoStream(token, fault.reason, self._name) from None
            raise
        uri = getattr(reply, "Uri", None)
        if not uri:
            raise NoStream(token, "the camera returned no URI", self._name)
        return str(uri)

    async def profiles_with_streams(self) -> list[model.Profile]:
        """Every profile with its stream URI, or why it has none."""
        result = []
        for profile in await self.profiles():
            try:
                uri = await self.stream_uri(profile)
            except NoStream as error:
                self.log.info("profile %s: %s", profile.token, error)
                reason = str(error).partition("has no video stream: ")[2]
                result.append(dataclasses.replace(profile, stream_error=reason))
                continue
            result.append(dataclasses.replace(profile, stream_uri=uri))
        return result

    # -- PTZ

    @property
    def has_ptz(self) -> bool:
        return PTZ_NAMESPACE in self.camera.xaddrs

    async def _ptz(self):
        if not self.has_ptz:
            raise NotSupported("the camera has no PTZ service", self._name)
        return await self._service("ptz")

    async def continuous_move(
        self,
        profile: str,
        pan: float,
        tilt: float,
        zoom: float = 0.0,
        timeout: float | None = None,
    ) -> None:
        """Move at a velocity (each in [-1, 1]) until ``stop()`` or timeout."""
        ptz = await self._ptz()
        request = {
            "ProfileToken": profile,
            "Velocity": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}},
        }
        if timeout:
            request["Timeout"] = dt.timedelta(seconds=timeout)
        await self._call("ContinuousMove", ptz.ContinuousMove(request))

    async def stop(self, profile: str) -> None:
        ptz = await self._ptz()
        request = {"ProfileToken": profile, "PanTilt": True, "Zoom": True}
        await self._call("Stop", ptz.Stop(request))

    async def relative_move(
        self, profile: str, pan: float = 0.0, tilt: float = 0.0, zoom: float = 0.0
    ) -> None:
        ptz = await self._ptz()
        request = {
            "ProfileToken": profile,
            "Translation": {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}},
        }
        await self._call("RelativeMove", ptz.RelativeMove(request))

    async def ptz_position(self, profile: str) -> model.PtzPosition:
        ptz = await self._ptz()
        reply = await self._call("GetStatus", ptz.GetStatus({"ProfileToken": profile}))
        return model.ptz_position(plain(reply))

    async def presets(self, profile: str) -> list[model.Preset]:
        ptz = await self._ptz()
        reply = await self._call(
            "GetPresets", ptz.GetPresets({"ProfileToken": profile})
        )
        return [model.preset(entry) for entry in plain(reply) or []]

    async def goto_preset(self, profile: str, token: str) -> None:
        ptz = await self._ptz()
        request = {"ProfileToken": profile, "PresetToken": token}
        await self._call("GotoPreset", ptz.GotoPreset(request))

    async def set_preset(
        self, profile: str, name: str, token: str | None = None
    ) -> str:
        """Save where the camera points as a preset; returns its token."""
        ptz = await self._ptz()
        request = {"ProfileToken": profile, "PresetName": name}
        if token:
            request["PresetToken"] = token
        reply = await self._call("SetPreset", ptz.SetPreset(request))
        return str(reply)

    async def remove_preset(self, profile: str, token: str) -> None:
        ptz = await self._ptz()
        request = {"ProfileToken": profile, "PresetToken": token}
        await self._call("RemovePreset", ptz.RemovePreset(request))

    # -- events

    @property
    def has_events(self) -> bool:
        return EVENTS_NAMESPACE in self.camera.xaddrs

    async def event_topics(self) -> list[str]:
        if not self.has_events:
            return []
        events = await self._service("events")
        reply = await self._call("GetEventProperties", events.GetEventProperties())
        topic_set = getattr(reply, "TopicSet", None)
        return model.topics(getattr(topic_set, "_value_1", None))

    # -- everything at once

    async def probe(self) -> model.Probe:
        """What the camera is and offers; see ``model.Probe``."""
        device = await self.device_information()
        offset = await self.clock_offset()
        profiles = await self.profiles_with_streams()
        ptz = self.has_ptz and any(p.ptz for p in profiles)
        main = sub = None
        if any(p.stream_uri for p in profiles):
            chosen_main, chosen_sub = model.choose_streams(profiles)
            main, sub = chosen_main.token, chosen_sub and chosen_sub.token
        presets = await self.presets(main or profiles[0].token) if ptz else []
        return model.Probe(
            host=self.host,
            port=self.port,
            device=device,
            clock_offset=offset,
            profiles=profiles,
            ptz=ptz,
            presets=presets,
            event_topics=await self.event_topics(),
            main=main,
            sub=sub,
        )


def _os_reason(error: aiohttp.ClientConnectorError) -> str:
    cause = error.os_error
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused (nothing listens on that port)"
    if isinstance(cause, TimeoutError):
        return "the connection timed out"
    return cause.strerror or str(cause) if cause else str(error)
