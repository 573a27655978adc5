"""A simulated ONVIF camera that answers real SOAP over HTTP on 127.0.0.1.

It speaks enough of the Device, Media (ver10), PTZ (ver20) and Events
(PullPoint) services for the console to commission, steer and watch it, and
it checks WS-Security UsernameToken digests the way a strict camera does: a
wrong password and a Created timestamp outside the device's tolerance both
get the same ``ter:NotAuthorized`` fault, so clock skew can be tested by
giving the device a clock offset.

    async with OnvifDevice(name="Gate", user="admin", password="pw",
                           streams={"main": url1, "sub": url2}) as device:
        device.xaddr      # http://127.0.0.1:PORT/onvif/device_service
        device.trigger("tns1:VideoSource/MotionAlarm", True)

A ``DiscoveryResponder`` answers WS-Discovery probes for one or more devices,
unicast on a UDP port of 127.0.0.1 and, where the network allows it,
multicast on 239.255.255.250:3702. ``run_devices`` starts several devices
behind one responder for the demo site.

The XML here is written by hand from the ONVIF schemas, independently of the
console's client (which lets zeep parse), so that the tests catch a mistake
made on either side; the tests also drive this device with onvif-zeep-async's
own calls.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import itertools
import logging
import re
import socket
import struct
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from aiohttp import web
from lxml import etree

log = logging.getLogger(__name__)

SOAP_ENV = "http://www.w3.org/2003/05/soap-envelope"
WSSE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
)
WSU = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
)
NAMESPACES = {
    "env": SOAP_ENV,
    "tt": "http://www.onvif.org/ver10/schema",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tev": "http://www.onvif.org/ver10/events/wsdl",
    "wsnt": "http://docs.oasis-open.org/wsn/b-2",
    "wstop": "http://docs.oasis-open.org/wsn/t-1",
    "wsa": "http://www.w3.org/2005/08/addressing",
    "ter": "http://www.onvif.org/ver10/error",
    "tns1": "http://www.onvif.org/ver10/topics",
    "xs": "http://www.w3.org/2001/XMLSchema",
}
_XMLNS = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NAMESPACES.items())
_ENVELOPE_OPEN = f"<env:Envelope {_XMLNS}>"

SERVICE_PATHS = {
    "device": "/onvif/device_service",
    "media": "/onvif/media_service",
    "ptz": "/onvif/ptz_service",
    "events": "/onvif/events_service",
}
SERVICE_NAMESPACES = {
    "device": NAMESPACES["tds"],
    "media": NAMESPACES["trt"],
    "ptz": NAMESPACES["tptz"],
    "events": NAMESPACES["tev"],
}
# Operations a client may call before it knows the device's clock: ONVIF
# Core lists GetSystemDateAndTime among the pre-authentication operations,
# and a client needs it to correct its timestamps.
PRE_AUTH = {"GetSystemDateAndTime"}

GENERIC = "http://www.onvif.org/ver10/tptz/"
SPACES = {
    "pt_position": GENERIC + "PanTiltSpaces/PositionGenericSpace",
    "z_position": GENERIC + "ZoomSpaces/PositionGenericSpace",
    "pt_translation": GENERIC + "PanTiltSpaces/TranslationGenericSpace",
    "z_translation": GENERIC + "ZoomSpaces/TranslationGenericSpace",
    "pt_velocity": GENERIC + "PanTiltSpaces/VelocityGenericSpace",
    "z_velocity": GENERIC + "ZoomSpaces/VelocityGenericSpace",
    "pt_speed": GENERIC + "PanTiltSpaces/GenericSpeedSpace",
    "z_speed": GENERIC + "ZoomSpaces/ZoomGenericSpeedSpace",
}

TOPIC_DIALECT = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"


@dataclass(frozen=True)
class Topic:
    """An event topic the device raises: its data item and whether it is a
    property (a state that is on or off) or a pulse (a line crossed)."""

    path: str
    data: str
    data_type: str = "xs:boolean"
    source: str = "VideoSourceConfigurationToken"
    is_property: bool = True


TOPICS = {
    topic.path: topic
    for topic in (
        Topic("tns1:VideoSource/MotionAlarm", "State", source="Source"),
        Topic("tns1:VideoSource/GlobalSceneChange/ImagingService", "State"),
        Topic("tns1:VideoSource/ImageTooDark/ImagingService", "State"),
        Topic("tns1:RuleEngine/CellMotionDetector/Motion", "IsMotion"),
        Topic(
            "tns1:RuleEngine/LineDetector/Crossed",
            "ObjectId",
            data_type="xs:integer",
            is_property=False,
        ),
        Topic("tns1:RuleEngine/FieldDetector/ObjectsInside", "IsInside"),
    )
}
MOTION = "tns1:VideoSource/MotionAlarm"
TAMPER = "tns1:VideoSource/GlobalSceneChange/ImagingService"


@dataclass
class SimProfile:
    """A media profile; ``stream`` names the entry of ``streams`` it serves,
    or is None for a profile without a video encoder (and so no stream)."""

    token: str
    name: str
    width: int
    height: int
    fps: int = 25
    stream: str | None = None
    encoding: str = "H264"
    bitrate_kbps: int = 2048


def default_profiles() -> list[SimProfile]:
    return [
        SimProfile("profile_main", "mainStream", 1280, 720, 25, "main", "H264", 2048),
        SimProfile("profile_sub", "subStream", 640, 360, 25, "sub", "H264", 512),
    ]


class SoapFault(Exception):
    """A SOAP 1.2 fault: ``code`` is env:Sender or env:Receiver, ``subcodes``
    the ONVIF ter: codes from the outermost in."""

    def __init__(self, code: str, subcodes: Iterable[str], reason: str):
        super().__init__(reason)
        self.code = code
        self.subcodes = list(subcodes)
        self.reason = reason

    def xml(self) -> str:
        subcode = ""
        for value in reversed(self.subcodes):
            subcode = (
                f"<env:Subcode><env:Value>{value}</env:Value>{subcode}</env:Subcode>"
            )
        return (
            f"<env:Fault><env:Code><env:Value>{self.code}</env:Value>{subcode}"
            f'</env:Code><env:Reason><env:Text xml:lang="en">'
            f"{escape(self.reason)}</env:Text></env:Reason></env:Fault>"
        )


def not_authorized() -> SoapFault:
    return SoapFault("env:Sender", ["ter:NotAuthorized"], "Sender not Authorized")


def invalid_arg(subcode: str, reason: str) -> SoapFault:
    return SoapFault("env:Sender", ["ter:InvalidArgVal", subcode], reason)


# -- small XML and time helpers ----------------------------------------------


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_DURATION = re.compile(
    r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def parse_duration(text: str) -> float:
    """Seconds in an xs:duration of days, hours, minutes and seconds."""
    match = _DURATION.match(text.strip())
    if not match:
        raise invalid_arg("ter:InvalidDuration", f"bad duration {text!r}")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return (
        parts.get("d", 0) * 86400
        + parts.get("h", 0) * 3600
        + parts.get("m", 0) * 60
        + parts.get("s", 0)
    )


def _parse_time(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _child(element, name: str):
    """The first child with local name ``name``, in whatever namespace."""
    if element is None:
        return None
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return child
    return None


def _text(element, name: str, default: str | None = None) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return default
    return child.text.strip()


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _bool(value: bool) -> str:
    return "true" if value else "false"


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


# -- PTZ motion ----------------------------------------------------------------


@dataclass
class Position:
    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.pan, self.tilt, self.zoom)


class PtzMotion:
    """Where the simulated head points, moving over time.

    A continuous move runs at a velocity until stopped or timed out; an
    absolute, relative or preset move heads for a target at full speed.
    Pan and tilt are in [-1, 1] and zoom in [0, 1] (the generic spaces).
    """

    def __init__(self, speed: float = 0.5):
        self.speed = speed  # generic units per second at velocity 1
        self.position = Position()
        self.velocity = (0.0, 0.0, 0.0)
        self.target: Position | None = None
        self.until: float | None = None

    @property
    def moving(self) -> bool:
        return self.target is not None or any(self.velocity)

    def move(self, velocity, timeout: float | None, now: float) -> None:
        self.target = None
        self.velocity = velocity
        self.until = now + timeout if timeout else None

    def head_for(self, target: Position) -> None:
        self.velocity = (0.0, 0.0, 0.0)
        self.until = None
        self.target = Position(
            _clamp(target.pan, -1, 1),
            _clamp(target.tilt, -1, 1),
            _clamp(target.zoom, 0, 1),
        )

    def stop(self, pan_tilt: bool = True, zoom: bool = True) -> None:
        pan, tilt, z = self.velocity
        self.velocity = (
            0.0 if pan_tilt else pan,
            0.0 if pan_tilt else tilt,
            0.0 if zoom else z,
        )
        self.target = None

    def advance(self, elapsed: float, now: float) -> bool:
        """Move by ``elapsed`` seconds; True if the position changed."""
        before = self.position.as_tuple()
        if self.until is not None and now >= self.until:
            self.velocity = (0.0, 0.0, 0.0)
            self.until = None
        if self.target is not None:
            self._step_to_target(elapsed)
        elif any(self.velocity):
            step = self.speed * elapsed
            pan, tilt, zoom = self.velocity
            self.position = Position(
                _clamp(self.position.pan + pan * step, -1, 1),
                _clamp(self.position.tilt + tilt * step, -1, 1),
                _clamp(self.position.zoom + zoom * step, 0, 1),
            )
        return self.position.as_tuple() != before

    def _step_to_target(self, elapsed: float) -> None:
        step = self.speed * 2 * elapsed
        current, target = self.position.as_tuple(), self.target.as_tuple()
        moved = [
            t if abs(t - c) <= step else c + step * (1 if t > c else -1)
            for c, t in zip(current, target, strict=True)
        ]
        self.position = Position(*moved)
        if tuple(moved) == target:
            self.target = None


# -- events --------------------------------------------------------------------


@dataclass
class Notification:
    topic: str
    utc: dt.datetime
    source: str
    value: str
    operation: str = "Changed"


@dataclass
class Subscription:
    id: str
    terminates: dt.datetime
    messages: deque = field(default_factory=lambda: deque(maxlen=200))
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def push(self, notification: Notification) -> None:
        self.messages.append(notification)
        self.wake.set()


# -- the device ------------------------------------------------------------------


class OnvifDevice:
    """One simulated camera with its own HTTP server on 127.0.0.1.

    Args:
        streams: stream name -> RTSP URL served by the profiles that name it.
        profiles: the media profiles; main 1280x720 and sub 640x360 H.264
            by default.
        clock_offset: seconds the device's clock is ahead of ours (negative:
            behind); SetSystemDateAndTime changes it.
        clock_tolerance: how far a UsernameToken's Created may be from the
            device clock before the request is refused.
        on_position: called with (pan, tilt, zoom) whenever the head moves.
        motion_every / tamper_every: seconds between scheduled motion and
            tamper alarms (each lasts half the period); None for none.
        subscription_max: the longest a PullPoint subscription may last
            before it must be renewed, in seconds.
        auth_failure: "fault" answers a refused request with a SOAP fault,
            "http" with a bare HTTP 401 as some cameras do.
    """

    def __init__(
        self,
        name: str = "Simulated camera",
        model: str = "SIM-PTZ-1",
        user: str = "admin",
        password: str = "admin",
        streams: dict[str, str] | None = None,
        ptz: bool = True,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        manufacturer: str = "Console Simulator",
        location: str = "",
        serial: str | None = None,
        profiles: list[SimProfile] | None = None,
        clock_offset: float = 0.0,
        clock_tolerance: float = 10.0,
        on_position: Callable[[float, float, float], None] | None = None,
        motion_every: float | None = None,
        tamper_every: float | None = None,
        subscription_max: float = 60.0,
        ptz_speed: float = 0.5,
        auth_failure: str = "fault",
        endpoint: str | None = None,
    ):
        self.name = name
        self.model = model
        self.user = user
        self.password = password
        self.streams = dict(streams or {})
        self.ptz = ptz
        self.host = host
        self.requested_port = port
        self.manufacturer = manufacturer
        self.location = location
        self.serial = serial or uuid.uuid4().hex[:12].upper()
        self.profiles = profiles if profiles is not None else default_profiles()
        self.clock_offset = clock_offset
        self.clock_tolerance = clock_tolerance
        self.on_position = on_position
        self.motion_every = motion_every
        self.tamper_every = tamper_every
        self.subscription_max = subscription_max
        self.auth_failure = auth_failure
        self.endpoint = endpoint or f"urn:uuid:{uuid.uuid4()}"
        self.motion = PtzMotion(ptz_speed)
        self.presets: dict[str, tuple[str, Position]] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.states: dict[str, bool] = {MOTION: False, TAMPER: False}
        self.requests: list[str] = []  # operation names, for tests
        self.port = 0
        self._preset_numbers = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task] = []
        self._stopping = asyncio.Event()
        self._started = False

    # -- lifecycle

    async def __aenter__(self) -> OnvifDevice:
        await self.start()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    async def start(self) -> None:
        app = web.Application(client_max_size=256 * 1024)
        app.router.add_post("/onvif/{service}", self._handle)
        app.router.add_post("/onvif/subscription/{id}", self._handle)
        # A short shutdown timeout: long-polling PullMessages are woken on
        # stop, and a camera that is switched off does not wait for clients.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.requested_port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._stopping.clear()
        self._started = True
        self._tasks = [asyncio.create_task(self._ptz_clock())]
        for topic, every in ((MOTION, self.motion_every), (TAMPER, self.tamper_every)):
            if every:
                self._tasks.append(asyncio.create_task(self._schedule(topic, every)))
        log.info("ONVIF device %s listening on %s", self.name, self.xaddr)

    async def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        self._stopping.set()
        for subscription in self.subscriptions.values():
            subscription.wake.set()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._runner.cleanup()
        self.subscriptions.clear()
        log.info("ONVIF device %s stopped", self.name)

    # -- addresses

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def xaddr(self) -> str:
        return self.base_url + SERVICE_PATHS["device"]

    def service_url(self, service: str) -> str:
        return self.base_url + SERVICE_PATHS[service]

    def scopes(self) -> list[str]:
        scopes = [
            "onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/Profile/Streaming",
            "onvif://www.onvif.org/name/" + quote(self.name),
            "onvif://www.onvif.org/hardware/" + quote(self.model),
        ]
        if self.ptz:
            scopes.append("onvif://www.onvif.org/type/ptz")
        if self.location:
            scopes.append("onvif://www.onvif.org/location/" + quote(self.location))
        return scopes

    # -- the clock

    def device_now(self) -> dt.datetime:
        return _utcnow() + dt.timedelta(seconds=self.clock_offset)

    # -- events API

    def trigger(
        self,
        topic: str,
        state: bool | int = True,
        source: str = "vsc0",
    ) -> None:
        """Raise ``topic`` now to every live subscription.

        ``state`` is the property's new value (motion on or off) or, for a
        pulse such as a line crossing, the data value (an object id).
        """
        description = TOPICS.get(topic)
        if description is None:
            raise ValueError(f"unknown topic {topic!r}; known: {', '.join(TOPICS)}")
        if description.is_property:
            self.states[topic] = bool(state)
            value = _bool(bool(state))
        else:
            value = str(int(state))
        notification = Notification(topic, self.device_now(), source, value)
        self._expire_subscriptions()
        for subscription in self.subscriptions.values():
            subscription.push(notification)
        log.debug("%s: event %s %s", self.name, topic, value)

    @property
    def position(self) -> tuple[float, float, float]:
        return self.motion.position.as_tuple()

    async def _schedule(self, topic: str, every: float) -> None:
        while True:
            await asyncio.sleep(every / 2)
            self.trigger(topic, True)
            await asyncio.sleep(every / 2)
            self.trigger(topic, False)

    async def _ptz_clock(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(0.05)
            now = loop.time()
            changed = self.motion.advance(now - last, now)
            last = now
            if changed and self.on_position is not None:
                try:
                    self.on_position(*self.position)
                except Exception:
                    log.exception("%s: on_position hook failed", self.name)

    def _expire_subscriptions(self) -> None:
        # Times go out in whole seconds: a subscription lasts to the end of
        # the second its TerminationTime names.
        now = self.device_now() - dt.timedelta(seconds=1)
        for key in [k for k, s in self.subscriptions.items() if s.terminates < now]:
            log.debug("%s: subscription %s expired", self.name, key)
            del self.subscriptions[key]

    # -- HTTP and SOAP

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            envelope = etree.fromstring(await request.read(), _SAFE_PARSER)
        except etree.XMLSyntaxError:
            fault = SoapFault("env:Sender", ["ter:WellFormed"], "not well-formed")
            return self._reply(fault.xml(), 400)
        header = envelope.find(f"{{{SOAP_ENV}}}Header")
        body = envelope.find(f"{{{SOAP_ENV}}}Body")
        operation = body[0] if body is not None and len(body) else None
        if operation is None:
            fault = SoapFault("env:Sender", ["ter:InvalidArgs"], "empty body")
            return self._reply(fault.xml(), 400)
        name = etree.QName(operation).localname
        self.requests.append(name)
        service = self._service_of(request)
        log.debug("%s: %s %s", self.name, service, name)
        try:
            if name not in PRE_AUTH:
                self._authenticate(header)
            content = self._dispatch(service, name, operation, request)
            if asyncio.iscoroutine(content):
                content = await content
        except SoapFault as fault:
            if "ter:NotAuthorized" in fault.subcodes and self.auth_failure == "http":
                return web.Response(
                    status=401, headers={"WWW-Authenticate": 'Digest realm="sim"'}
                )
            status = 400 if fault.code == "env:Sender" else 500
            return self._reply(fault.xml(), status)
        return self._reply(content)

    def _service_of(self, request: web.Request) -> str:
        if "id" in request.match_info:
            return "subscription"
        path = request.path
        return next(
            (key for key, value in SERVICE_PATHS.items() if value == path), "unknown"
        )

    @staticmethod
    def _reply(body: str, status: int = 200) -> web.Response:
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f"{_ENVELOPE_OPEN}<env:Body>{body}</env:Body></env:Envelope>"
        )
        return web.Response(
            status=status,
            body=text.encode("utf-8"),
            content_type="application/soap+xml",
            charset="utf-8",
        )

    def _authenticate(self, header) -> None:
        """Check the UsernameToken digest and that its time is believable."""
        security = None if header is None else header.find(f"{{{WSSE}}}Security")
        token = None if security is None else security.find(f"{{{WSSE}}}UsernameToken")
        if token is None:
            log.debug("%s: refused: no UsernameToken", self.name)
            raise not_authorized()
        user = token.findtext(f"{{{WSSE}}}Username")
        password = token.find(f"{{{WSSE}}}Password")
        nonce = token.findtext(f"{{{WSSE}}}Nonce") or ""
        created = token.findtext(f"{{{WSU}}}Created") or ""
        if user != self.user or password is None:
            log.debug("%s: refused: unknown user", self.name)
            raise not_authorized()
        if (password.get("Type") or "").endswith("#PasswordDigest"):
            raw = base64.b64decode(nonce) + created.encode() + self.password.encode()
            expected = base64.b64encode(hashlib.sha1(raw).digest()).decode()
        else:
            expected = self.password
        if (password.text or "").strip() != expected:
            log.debug("%s: refused: wrong password", self.name)
            raise not_authorized()
        self._check_created(created)

    def _check_created(self, created: str) -> None:
        try:
            moment = _parse_time(created)
        except ValueError:
            log.debug("%s: refused: bad Created %r", self.name, created)
            raise not_authorized() from None
        skew = abs((moment - self.device_now()).total_seconds())
        if skew > self.clock_tolerance:
            log.debug("%s: refused: Created is %.0f s off", self.name, skew)
            raise not_authorized()

    def _dispatch(self, service: str, name: str, operation, request):
        handler = getattr(self, f"_{service}_{name}", None)
        if handler is None or (service == "ptz" and not self.ptz):
            raise SoapFault(
                "env:Receiver",
                ["ter:ActionNotSupported"],
                f"{name} is not implemented by the {service} service",
            )
        if service == "subscription":
            # The subscription a request is for is named by its address.
            return handler(operation, request.match_info["id"])
        return handler(operation)

    # -- Device service

    def _device_GetDeviceInformation(self, operation) -> str:
        return (
            "<tds:GetDeviceInformationResponse>"
            f"<tds:Manufacturer>{escape(self.manufacturer)}</tds:Manufacturer>"
            f"<tds:Model>{escape(self.model)}</tds:Model>"
            "<tds:FirmwareVersion>1.0.0-sim</tds:FirmwareVersion>"
            f"<tds:SerialNumber>{escape(self.serial)}</tds:SerialNumber>"
            f"<tds:HardwareId>{escape(self.model)}</tds:HardwareId>"
            "</tds:GetDeviceInformationResponse>"
        )

    def _device_GetSystemDateAndTime(self, operation) -> str:
        now = self.device_now()
        moment = (
            f"<tt:Time><tt:Hour>{now.hour}</tt:Hour><tt:Minute>{now.minute}"
            f"</tt:Minute><tt:Second>{now.second}</tt:Second></tt:Time>"
            f"<tt:Date><tt:Year>{now.year}</tt:Year><tt:Month>{now.month}"
            f"</tt:Month><tt:Day>{now.day}</tt:Day></tt:Date>"
        )
        return (
            "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
            "<tt:DateTimeType>Manual</tt:DateTimeType>"
            "<tt:DaylightSavings>false</tt:DaylightSavings>"
            "<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>"
            f"<tt:UTCDateTime>{moment}</tt:UTCDateTime>"
            f"<tt:LocalDateTime>{moment}</tt:LocalDateTime>"
            "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
        )

    def _device_SetSystemDateAndTime(self, operation) -> str:
        kind = _text(operation, "DateTimeType", "Manual")
        if kind == "NTP":
            # The simulator's "NTP server" is the host clock.
            self.clock_offset = 0.0
        else:
            utc = _child(operation, "UTCDateTime")
            if utc is None:
                raise invalid_arg("ter:InvalidDateTime", "UTCDateTime missing")
            self.clock_offset = (self._read_datetime(utc) - _utcnow()).total_seconds()
        log.info("%s: clock set, offset now %.0f s", self.name, self.clock_offset)
        return "<tds:SetSystemDateAndTimeResponse/>"

    @staticmethod
    def _read_datetime(element) -> dt.datetime:
        time, date = _child(element, "Time"), _child(element, "Date")
        try:
            return dt.datetime(
                int(_text(date, "Year")),
                int(_text(date, "Month")),
                int(_text(date, "Day")),
                int(_text(time, "Hour")),
                int(_text(time, "Minute")),
                int(_text(time, "Second")),
                tzinfo=dt.UTC,
            )
        except (TypeError, ValueError):
            raise invalid_arg("ter:InvalidDateTime", "bad date or time") from None

    def _device_GetServices(self, operation) -> str:
        services = ["device", "media", "events"] + (["ptz"] if self.ptz else [])
        entries = "".join(
            "<tds:Service>"
            f"<tds:Namespace>{SERVICE_NAMESPACES[s]}</tds:Namespace>"
            f"<tds:XAddr>{self.service_url(s)}</tds:XAddr>"
            "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>"
            "</tds:Version></tds:Service>"
            for s in services
        )
        return f"<tds:GetServicesResponse>{entries}</tds:GetServicesResponse>"

    def _device_GetCapabilities(self, operation) -> str:
        ptz = (
            f"<tt:PTZ><tt:XAddr>{self.service_url('ptz')}</tt:XAddr></tt:PTZ>"
            if self.ptz
            else ""
        )
        return (
            "<tds:GetCapabilitiesResponse><tds:Capabilities>"
            f"<tt:Device><tt:XAddr>{self.xaddr}</tt:XAddr></tt:Device>"
            f"<tt:Events><tt:XAddr>{self.service_url('events')}</tt:XAddr>"
            "<tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>"
            "<tt:WSPullPointSupport>true</tt:WSPullPointSupport>"
            "<tt:WSPausableSubscriptionManagerInterfaceSupport>false"
            "</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>"
            f"<tt:Media><tt:XAddr>{self.service_url('media')}</tt:XAddr>"
            "<tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>"
            "<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP>"
            "</tt:StreamingCapabilities></tt:Media>"
            f"{ptz}</tds:Capabilities></tds:GetCapabilitiesResponse>"
        )

    def _device_GetScopes(self, operation) -> str:
        scopes = "".join(
            "<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef>"
            f"<tt:ScopeItem>{escape(scope)}</tt:ScopeItem></tds:Scopes>"
            for scope in self.scopes()
        )
        return f"<tds:GetScopesResponse>{scopes}</tds:GetScopesResponse>"

    def _device_GetHostname(self, operation) -> str:
        return (
            "<tds:GetHostnameResponse><tds:HostnameInformation>"
            "<tt:FromDHCP>false</tt:FromDHCP>"
            f"<tt:Name>{escape(self.name.replace(' ', '-').lower())}</tt:Name>"
            "</tds:HostnameInformation></tds:GetHostnameResponse>"
        )

    # -- Media service

    def _profile(self, token: str | None) -> SimProfile:
        for profile in self.profiles:
            if profile.token == token:
                return profile
        raise invalid_arg("ter:NoProfile", f"no profile {token!r}")

    def _profile_xml(self, profile: SimProfile) -> str:
        width = max(p.width for p in self.profiles)
        height = max(p.height for p in self.profiles)
        count = len(self.profiles)
        source = (
            '<tt:VideoSourceConfiguration token="vsc0">'
            f"<tt:Name>VideoSource</tt:Name><tt:UseCount>{count}</tt:UseCount>"
            "<tt:SourceToken>vs0</tt:SourceToken>"
            f'<tt:Bounds x="0" y="0" width="{width}" height="{height}"/>'
            "</tt:VideoSourceConfiguration>"
        )
        encoder = self._encoder_xml(profile) if profile.stream else ""
        ptz = self._ptz_configuration_xml() if self.ptz else ""
        return (
            f'<trt:Profiles token={quoteattr(profile.token)} fixed="true">'
            f"<tt:Name>{escape(profile.name)}</tt:Name>"
            f"{source}{encoder}{ptz}</trt:Profiles>"
        )

    @staticmethod
    def _encoder_xml(profile: SimProfile) -> str:
        h264 = (
            "<tt:H264><tt:GovLength>50</tt:GovLength>"
            "<tt:H264Profile>Main</tt:H264Profile></tt:H264>"
            if profile.encoding == "H264"
            else ""
        )
        return (
            f'<tt:VideoEncoderConfiguration token="vec_{escape(profile.token)}">'
            f"<tt:Name>{escape(profile.name)}</tt:Name><tt:UseCount>1</tt:UseCount>"
            f"<tt:Encoding>{profile.encoding}</tt:Encoding>"
            f"<tt:Resolution><tt:Width>{profile.width}</tt:Width>"
            f"<tt:Height>{profile.height}</tt:Height></tt:Resolution>"
            "<tt:Quality>4</tt:Quality>"
            f"<tt:RateControl><tt:FrameRateLimit>{profile.fps}</tt:FrameRateLimit>"
            "<tt:EncodingInterval>1</tt:EncodingInterval>"
            f"<tt:BitrateLimit>{profile.bitrate_kbps}</tt:BitrateLimit>"
            f"</tt:RateControl>{h264}"
            "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type>"
            "<tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address>"
            "<tt:Port>0</tt:Port><tt:TTL>1</tt:TTL>"
            "<tt:AutoStart>false</tt:AutoStart></tt:Multicast>"
            "<tt:SessionTimeout>PT60S</tt:SessionTimeout>"
            "</tt:VideoEncoderConfiguration>"
        )

    @staticmethod
    def _ptz_configuration_xml(tag: str = "tt:PTZConfiguration") -> str:
        return (
            f'<{tag} token="ptzc0"><tt:Name>PTZ</tt:Name>'
            "<tt:UseCount>1</tt:UseCount><tt:NodeToken>ptz0</tt:NodeToken>"
            "<tt:DefaultAbsolutePantTiltPositionSpace>"
            f"{SPACES['pt_position']}</tt:DefaultAbsolutePantTiltPositionSpace>"
            "<tt:DefaultAbsoluteZoomPositionSpace>"
            f"{SPACES['z_position']}</tt:DefaultAbsoluteZoomPositionSpace>"
            "<tt:DefaultRelativePanTiltTranslationSpace>"
            f"{SPACES['pt_translation']}</tt:DefaultRelativePanTiltTranslationSpace>"
            "<tt:DefaultRelativeZoomTranslationSpace>"
            f"{SPACES['z_translation']}</tt:DefaultRelativeZoomTranslationSpace>"
            "<tt:DefaultContinuousPanTiltVelocitySpace>"
            f"{SPACES['pt_velocity']}</tt:DefaultContinuousPanTiltVelocitySpace>"
            "<tt:DefaultContinuousZoomVelocitySpace>"
            f"{SPACES['z_velocity']}</tt:DefaultContinuousZoomVelocitySpace>"
            "<tt:DefaultPTZTimeout>PT10S</tt:DefaultPTZTimeout>"
            f"</{tag}>"
        )

    def _media_GetProfiles(self, operation) -> str:
        profiles = "".join(self._profile_xml(p) for p in self.profiles)
        return f"<trt:GetProfilesResponse>{profiles}</trt:GetProfilesResponse>"

    def _media_GetProfile(self, operation) -> str:
        profile = self._profile(_text(operation, "ProfileToken"))
        xml = self._profile_xml(profile).replace("<trt:Profiles ", "<trt:Profile ")
        xml = xml.replace("</trt:Profiles>", "</trt:Profile>")
        return f"<trt:GetProfileResponse>{xml}</trt:GetProfileResponse>"

    def _media_GetStreamUri(self, operation) -> str:
        profile = self._profile(_text(operation, "ProfileToken"))
        setup = _child(operation, "StreamSetup")
        transport = _text(_child(setup, "Transport"), "Protocol", "RTSP")
        if transport not in ("RTSP", "UDP", "TCP"):
            raise invalid_arg("ter:InvalidStreamSetup", f"no {transport} transport")
        url = self.streams.get(profile.stream) if profile.stream else None
        if url is None:
            raise SoapFault(
                "env:Receiver",
                ["ter:Action", "ter:IncompleteConfiguration"],
                f"profile {profile.token} has no video encoder configuration",
            )
        return (
            "<trt:GetStreamUriResponse><trt:MediaUri>"
            f"<tt:Uri>{escape(url)}</tt:Uri>"
            "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
            "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>"
            "<tt:Timeout>PT0S</tt:Timeout>"
            "</trt:MediaUri></trt:GetStreamUriResponse>"
        )

    def _media_GetVideoSources(self, operation) -> str:
        width = max(p.width for p in self.profiles)
        height = max(p.height for p in self.profiles)
        fps = max(p.fps for p in self.profiles)
        return (
            '<trt:GetVideoSourcesResponse><trt:VideoSources token="vs0">'
            f"<tt:Framerate>{fps}</tt:Framerate><tt:Resolution>"
            f"<tt:Width>{width}</tt:Width><tt:Height>{height}</tt:Height>"
            "</tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>"
        )

    # -- PTZ service

    def _ptz_GetNodes(self, operation) -> str:
        spaces = (
            self._space2d("AbsolutePanTiltPositionSpace", "pt_position", -1, 1)
            + self._space1d("AbsoluteZoomPositionSpace", "z_position", 0, 1)
            + self._space2d("RelativePanTiltTranslationSpace", "pt_translation", -1, 1)
            + self._space1d("RelativeZoomTranslationSpace", "z_translation", -1, 1)
            + self._space2d("ContinuousPanTiltVelocitySpace", "pt_velocity", -1, 1)
            + self._space1d("ContinuousZoomVelocitySpace", "z_velocity", -1, 1)
            + self._space1d("PanTiltSpeedSpace", "pt_speed", 0, 1)
            + self._space1d("ZoomSpeedSpace", "z_speed", 0, 1)
        )
        return (
            '<tptz:GetNodesResponse><tptz:PTZNode token="ptz0">'
            "<tt:Name>PTZ</tt:Name>"
            f"<tt:SupportedPTZSpaces>{spaces}</tt:SupportedPTZSpaces>"
            "<tt:MaximumNumberOfPresets>32</tt:MaximumNumberOfPresets>"
            "<tt:HomeSupported>false</tt:HomeSupported>"
            "</tptz:PTZNode></tptz:GetNodesResponse>"
        )

    @staticmethod
    def _space2d(tag: str, space: str, low: float, high: float) -> str:
        return (
            f"<tt:{tag}><tt:URI>{SPACES[space]}</tt:URI>"
            f"<tt:XRange><tt:Min>{low}</tt:Min><tt:Max>{high}</tt:Max></tt:XRange>"
            f"<tt:YRange><tt:Min>{low}</tt:Min><tt:Max>{high}</tt:Max></tt:YRange>"
            f"</tt:{tag}>"
        )

    @staticmethod
    def _space1d(tag: str, space: str, low: float, high: float) -> str:
        return (
            f"<tt:{tag}><tt:URI>{SPACES[space]}</tt:URI>"
            f"<tt:XRange><tt:Min>{low}</tt:Min><tt:Max>{high}</tt:Max></tt:XRange>"
            f"</tt:{tag}>"
        )

    def _ptz_GetConfigurations(self, operation) -> str:
        configuration = self._ptz_configuration_xml("tptz:PTZConfiguration")
        return (
            f"<tptz:GetConfigurationsResponse>{configuration}"
            "</tptz:GetConfigurationsResponse>"
        )

    @staticmethod
    def _vector(element, default: Position | None = None) -> Position:
        """Read a PTZVector or PTZSpeed; missing parts keep ``default``."""
        base = default or Position()
        pan_tilt, zoom = _child(element, "PanTilt"), _child(element, "Zoom")
        try:
            return Position(
                float(pan_tilt.get("x")) if pan_tilt is not None else base.pan,
                float(pan_tilt.get("y")) if pan_tilt is not None else base.tilt,
                float(zoom.get("x")) if zoom is not None else base.zoom,
            )
        except (TypeError, ValueError):
            raise invalid_arg("ter:InvalidVector", "bad PTZ vector") from None

    def _ptz_profile(self, operation) -> SimProfile:
        return self._profile(_text(operation, "ProfileToken"))

    def _now(self) -> float:
        return asyncio.get_running_loop().time()

    def _ptz_ContinuousMove(self, operation) -> str:
        self._ptz_profile(operation)
        velocity = self._vector(_child(operation, "Velocity"))
        timeout = _text(operation, "Timeout")
        seconds = parse_duration(timeout) if timeout else None
        self.motion.move(velocity.as_tuple(), seconds, self._now())
        return "<tptz:ContinuousMoveResponse/>"

    def _ptz_Stop(self, operation) -> str:
        self._ptz_profile(operation)
        pan_tilt = _text(operation, "PanTilt", "true") == "true"
        zoom = _text(operation, "Zoom", "true") == "true"
        self.motion.stop(pan_tilt, zoom)
        return "<tptz:StopResponse/>"

    def _ptz_RelativeMove(self, operation) -> str:
        self._ptz_profile(operation)
        step = self._vector(_child(operation, "Translation"))
        here = self.motion.position
        self.motion.head_for(
            Position(here.pan + step.pan, here.tilt + step.tilt, here.zoom + step.zoom)
        )
        return "<tptz:RelativeMoveResponse/>"

    def _ptz_AbsoluteMove(self, operation) -> str:
        self._ptz_profile(operation)
        target = self._vector(_child(operation, "Position"), self.motion.position)
        self.motion.head_for(target)
        return "<tptz:AbsoluteMoveResponse/>"

    def _ptz_GetStatus(self, operation) -> str:
        self._ptz_profile(operation)
        state = "MOVING" if self.motion.moving else "IDLE"
        return (
            "<tptz:GetStatusResponse><tptz:PTZStatus>"
            f"{self._position_xml(self.motion.position, 'tt:Position')}"
            f"<tt:MoveStatus><tt:PanTilt>{state}</tt:PanTilt>"
            f"<tt:Zoom>{state}</tt:Zoom></tt:MoveStatus>"
            f"<tt:UtcTime>{_iso(self.device_now())}</tt:UtcTime>"
            "</tptz:PTZStatus></tptz:GetStatusResponse>"
        )

    @staticmethod
    def _position_xml(position: Position, tag: str) -> str:
        return (
            f'<{tag}><tt:PanTilt x="{position.pan:.4f}" y="{position.tilt:.4f}" '
            f'space="{SPACES["pt_position"]}"/>'
            f'<tt:Zoom x="{position.zoom:.4f}" space="{SPACES["z_position"]}"/>'
            f"</{tag}>"
        )

    def _ptz_GetPresets(self, operation) -> str:
        self._ptz_profile(operation)
        presets = "".join(
            f"<tptz:Preset token={quoteattr(token)}>"
            f"<tt:Name>{escape(name)}</tt:Name>"
            f"{self._position_xml(position, 'tt:PTZPosition')}</tptz:Preset>"
            for token, (name, position) in self.presets.items()
        )
        return f"<tptz:GetPresetsResponse>{presets}</tptz:GetPresetsResponse>"

    def _ptz_SetPreset(self, operation) -> str:
        self._ptz_profile(operation)
        token = _text(operation, "PresetToken")
        if token and token not in self.presets:
            raise invalid_arg("ter:NoToken", f"no preset {token!r}")
        if not token:
            if len(self.presets) >= 32:
                raise SoapFault(
                    "env:Receiver", ["ter:Action", "ter:TooManyPresets"], "full"
                )
            token = str(next(self._preset_numbers))
        name = _text(operation, "PresetName") or f"Preset {token}"
        here = self.motion.position
        self.presets[token] = (name, Position(here.pan, here.tilt, here.zoom))
        return (
            "<tptz:SetPresetResponse>"
            f"<tptz:PresetToken>{escape(token)}</tptz:PresetToken>"
            "</tptz:SetPresetResponse>"
        )

    def _preset(self, operation) -> str:
        self._ptz_profile(operation)
        token = _text(operation, "PresetToken")
        if token not in self.presets:
            raise invalid_arg("ter:NoToken", f"no preset {token!r}")
        return token

    def _ptz_GotoPreset(self, operation) -> str:
        _, position = self.presets[self._preset(operation)]
        self.motion.head_for(position)
        return "<tptz:GotoPresetResponse/>"

    def _ptz_RemovePreset(self, operation) -> str:
        del self.presets[self._preset(operation)]
        return "<tptz:RemovePresetResponse/>"

    # -- Events service

    def _events_GetEventProperties(self, operation) -> str:
        return (
            "<tev:GetEventPropertiesResponse>"
            "<tev:TopicNamespaceLocation>"
            "http://www.onvif.org/onvif/ver10/topics/topicns.xml"
            "</tev:TopicNamespaceLocation>"
            "<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet>"
            f"<wstop:TopicSet>{self._topic_tree()}</wstop:TopicSet>"
            f"<wsnt:TopicExpressionDialect>{TOPIC_DIALECT}"
            "</wsnt:TopicExpressionDialect>"
            "<wsnt:TopicExpressionDialect>"
            "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete"
            "</wsnt:TopicExpressionDialect>"
            "<tev:MessageContentFilterDialect>"
            "http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter"
            "</tev:MessageContentFilterDialect>"
            "<tev:MessageContentSchemaLocation>"
            "http://www.onvif.org/onvif/ver10/schema/onvif.xsd"
            "</tev:MessageContentSchemaLocation>"
            "</tev:GetEventPropertiesResponse>"
        )

    @staticmethod
    def _topic_tree() -> str:
        """The topic set as nested elements; leaves carry wstop:topic."""
        tree: dict = {}
        for topic in TOPICS.values():
            node = tree
            for part in topic.path.split("/"):
                node = node.setdefault(part, {})
            node[None] = topic

        def render(name: str, node: dict) -> str:
            topic = node.get(None)
            inner = "".join(render(k, v) for k, v in node.items() if k is not None)
            attribute = ' wstop:topic="true"' if topic else ""
            if topic:
                inner += (
                    "<tt:MessageDescription IsProperty="
                    f'"{_bool(topic.is_property)}"><tt:Source>'
                    f'<tt:SimpleItemDescription Name="{topic.source}" '
                    'Type="tt:ReferenceToken"/></tt:Source><tt:Data>'
                    f'<tt:SimpleItemDescription Name="{topic.data}" '
                    f'Type="{topic.data_type}"/></tt:Data></tt:MessageDescription>'
                )
            return f"<{name}{attribute}>{inner}</{name}>"

        return "".join(render(name, node) for name, node in tree.items())

    def _termination(self, text: str | None, now: dt.datetime) -> dt.datetime:
        """An AbsoluteOrRelativeTimeType, bounded by subscription_max.

        Counted from the whole second, as the replies give times in whole
        seconds: the termination a client reads is the one we apply.
        """
        now = now.replace(microsecond=0)
        longest = now + dt.timedelta(seconds=self.subscription_max)
        if not text:
            return longest
        if text.strip().startswith("P"):
            wanted = now + dt.timedelta(seconds=parse_duration(text))
        else:
            try:
                wanted = _parse_time(text)
            except ValueError:
                raise invalid_arg("ter:InvalidTime", f"bad time {text!r}") from None
        return min(wanted, longest)

    def _events_CreatePullPointSubscription(self, operation) -> str:
        self._expire_subscriptions()
        now = self.device_now()
        subscription = Subscription(
            uuid.uuid4().hex,
            self._termination(_text(operation, "InitialTerminationTime"), now),
        )
        self.subscriptions[subscription.id] = subscription
        for topic, state in self.states.items():
            subscription.push(
                Notification(topic, now, "vsc0", _bool(state), "Initialized")
            )
        address = f"{self.base_url}/onvif/subscription/{subscription.id}"
        log.debug("%s: subscription %s created", self.name, subscription.id)
        return (
            "<tev:CreatePullPointSubscriptionResponse>"
            f"<tev:SubscriptionReference><wsa:Address>{address}</wsa:Address>"
            "</tev:SubscriptionReference>"
            f"<wsnt:CurrentTime>{_iso(now)}</wsnt:CurrentTime>"
            f"<wsnt:TerminationTime>{_iso(subscription.terminates)}"
            "</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>"
        )

    def _subscription(self, key: str) -> Subscription:
        self._expire_subscriptions()
        subscription = self.subscriptions.get(key)
        if subscription is None:
            raise SoapFault(
                "env:Sender",
                ["ter:InvalidArgVal", "ter:ResourceUnknown"],
                "no such subscription (it expired or was never made)",
            )
        return subscription

    async def _subscription_PullMessages(self, operation, key: str) -> str:
        subscription = self._subscription(key)
        timeout = min(parse_duration(_text(operation, "Timeout", "PT1S")), 30.0)
        limit = max(1, int(_text(operation, "MessageLimit", "10")))
        if not subscription.messages:
            subscription.wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await subscription.wake.wait()
        if self._stopping.is_set():
            raise SoapFault("env:Receiver", ["ter:Action"], "device shutting down")
        messages = [
            subscription.messages.popleft()
            for _ in range(min(limit, len(subscription.messages)))
        ]
        now = self.device_now()
        return (
            "<tev:PullMessagesResponse>"
            f"<tev:CurrentTime>{_iso(now)}</tev:CurrentTime>"
            f"<tev:TerminationTime>{_iso(subscription.terminates)}"
            "</tev:TerminationTime>"
            + "".join(self._notification_xml(m) for m in messages)
            + "</tev:PullMessagesResponse>"
        )

    @staticmethod
    def _notification_xml(message: Notification) -> str:
        topic = TOPICS[message.topic]
        return (
            "<wsnt:NotificationMessage>"
            f'<wsnt:Topic Dialect="{TOPIC_DIALECT}">{message.topic}</wsnt:Topic>'
            "<wsnt:Message>"
            f'<tt:Message UtcTime="{_iso(message.utc)}" '
            f'PropertyOperation="{message.operation}">'
            f'<tt:Source><tt:SimpleItem Name="{topic.source}" '
            f"Value={quoteattr(message.source)}/></tt:Source>"
            f'<tt:Data><tt:SimpleItem Name="{topic.data}" '
            f'Value="{message.value}"/></tt:Data>'
            "</tt:Message></wsnt:Message></wsnt:NotificationMessage>"
        )

    def _subscription_Renew(self, operation, key: str) -> str:
        subscription = self._subscription(key)
        now = self.device_now()
        subscription.terminates = self._termination(
            _text(operation, "TerminationTime"), now
        )
        log.debug("%s: subscription %s renewed", self.name, subscription.id)
        return (
            "<wsnt:RenewResponse>"
            f"<wsnt:TerminationTime>{_iso(subscription.terminates)}"
            "</wsnt:TerminationTime>"
            f"<wsnt:CurrentTime>{_iso(now)}</wsnt:CurrentTime>"
            "</wsnt:RenewResponse>"
        )

    def _subscription_Unsubscribe(self, operation, key: str) -> str:
        subscription = self._subscription(key)
        del self.subscriptions[subscription.id]
        subscription.wake.set()
        log.debug("%s: subscription %s ended", self.name, subscription.id)
        return "<wsnt:UnsubscribeResponse/>"

    def _subscription_SetSynchronizationPoint(self, operation, key: str) -> str:
        subscription = self._subscription(key)
        now = self.device_now()
        for topic, state in self.states.items():
            subscription.push(
                Notification(topic, now, "vsc0", _bool(state), "Initialized")
            )
        return "<tev:SetSynchronizationPointResponse/>"


# -- WS-Discovery ----------------------------------------------------------------

DISCOVERY_GROUP = "239.255.255.250"
DISCOVERY_PORT = 3702
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
WSA_2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing"


class DiscoveryResponder:
    """Answers WS-Discovery Probes for the devices it is given.

    It listens unicast on ``port`` of 127.0.0.1 (0 picks one: see
    ``self.port``) and, with ``multicast=True``, also joins 239.255.255.250
    on port 3702 of every interface, as a camera on a LAN does.
    """

    def __init__(
        self,
        devices: Iterable[OnvifDevice],
        port: int = 0,
        host: str = "127.0.0.1",
        multicast: bool = False,
    ):
        self.devices = list(devices)
        self.requested_port = port
        self.host = host
        self.multicast = multicast
        self.port = 0
        self.probes = 0
        self._transports: list[asyncio.DatagramTransport] = []

    async def __aenter__(self) -> DiscoveryResponder:
        await self.start()
        return self

    async def __aexit__(self, *exc_info) -> None:
        self.stop()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _ResponderProtocol(self),
            local_addr=(self.host, self.requested_port),
        )
        self._transports.append(transport)
        self.port = transport.get_extra_info("sockname")[1]
        if self.multicast:
            transport, _ = await loop.create_datagram_endpoint(
                lambda: _ResponderProtocol(self), sock=self._multicast_socket()
            )
            self._transports.append(transport)
        log.info(
            "WS-Discovery responder on %s:%s%s for %d devices",
            self.host,
            self.port,
            " and multicast" if self.multicast else "",
            len(self.devices),
        )

    @staticmethod
    def _multicast_socket() -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("", DISCOVERY_PORT))
        membership = struct.pack(
            "4s4s", socket.inet_aton(DISCOVERY_GROUP), socket.inet_aton("0.0.0.0")
        )
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
        sock.setblocking(False)
        return sock

    def stop(self) -> None:
        for transport in self._transports:
            transport.close()
        self._transports.clear()

    def answer(self, data: bytes) -> list[bytes]:
        """The ProbeMatches replies to one datagram; none if not a Probe."""
        try:
            envelope = etree.fromstring(data, _SAFE_PARSER)
        except etree.XMLSyntaxError:
            return []
        probe = envelope.find(f"{{{SOAP_ENV}}}Body/{{{WSD}}}Probe")
        if probe is None:
            return []
        message_id = envelope.findtext(f"{{{SOAP_ENV}}}Header/{{{WSA_2004}}}MessageID")
        types = (probe.findtext(f"{{{WSD}}}Types") or "").split()
        wanted = {t.rpartition(":")[2] for t in types}
        if wanted and not wanted & {"NetworkVideoTransmitter", "Device"}:
            return []
        self.probes += 1
        return [self._probe_match(d, message_id or "") for d in self.devices if d.port]

    @staticmethod
    def _probe_match(device: OnvifDevice, relates_to: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:a="{WSA_2004}" '
            f'xmlns:d="{WSD}" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" '
            'xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
            "<s:Header>"
            f"<a:Action>{WSD}/ProbeMatches</a:Action>"
            f"<a:MessageID>urn:uuid:{uuid.uuid4()}</a:MessageID>"
            f"<a:RelatesTo>{escape(relates_to)}</a:RelatesTo>"
            f"<a:To>{WSA_2004}/role/anonymous</a:To>"
            "</s:Header><s:Body><d:ProbeMatches><d:ProbeMatch>"
            "<a:EndpointReference>"
            f"<a:Address>{escape(device.endpoint)}</a:Address>"
            "</a:EndpointReference>"
            "<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>"
            f"<d:Scopes>{escape(' '.join(device.scopes()))}</d:Scopes>"
            f"<d:XAddrs>{escape(device.xaddr)}</d:XAddrs>"
            "<d:MetadataVersion>1</d:MetadataVersion>"
            "</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
        ).encode()


class _ResponderProtocol(asyncio.DatagramProtocol):
    def __init__(self, responder: DiscoveryResponder):
        self.responder = responder
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        for reply in self.responder.answer(data):
            self.transport.sendto(reply, addr)


# -- several devices for the demo site ------------------------------------------------


class DeviceFleet:
    """Several simulated cameras behind one discovery responder."""

    def __init__(
        self,
        devices: Iterable[OnvifDevice],
        discovery_port: int = 0,
        multicast: bool = False,
    ):
        self.devices = list(devices)
        self.responder = DiscoveryResponder(
            self.devices, port=discovery_port, multicast=multicast
        )

    @property
    def discovery_port(self) -> int:
        return self.responder.port

    def device(self, name: str) -> OnvifDevice:
        return next(d for d in self.devices if d.name == name)

    async def __aenter__(self) -> DeviceFleet:
        try:
            for device in self.devices:
                await device.start()
            await self.responder.start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    async def stop(self) -> None:
        self.responder.stop()
        for device in self.devices:
            await device.stop()


def run_devices(
    devices: Iterable[OnvifDevice | dict],
    discovery_port: int = 0,
    multicast: bool = False,
) -> DeviceFleet:
    """Devices (or keyword dicts for ``OnvifDevice``) to run together:

    async with run_devices([{"name": "Gate", "streams": {...}}]) as fleet:
        fleet.discovery_port
    """
    built = [d if isinstance(d, OnvifDevice) else OnvifDevice(**d) for d in devices]
    return DeviceFleet(built, discovery_port, multicast)


async def _serve(count: int, discovery_port: int, multicast: bool) -> None:
    specs = [
        {
            "name": f"Simulated camera {n}",
            "user": "admin",
            "password": "admin",
            "streams": {
                "main": f"rtsp://127.0.0.1:8554/cam{n}/main",
                "sub": f"rtsp://127.0.0.1:8554/cam{n}/sub",
            },
            "motion_every": 30.0,
        }
        for n in range(1, count + 1)
    ]
    async with run_devices(specs, discovery_port, multicast) as fleet:
        for device in fleet.devices:
            print(f"{device.name}: {device.xaddr} (admin/admin)", flush=True)
        print(f"WS-Discovery: 127.0.0.1:{fleet.discovery_port}", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    """Run simulated cameras until interrupted, for trying the console."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--count", type=int, default=2)
    parser.add_argument("--discovery-port", type=int, default=0)
    parser.add_argument("--multicast", action="store_true")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.count, args.discovery_port, args.multicast))


if __name__ == "__main__":
    main()
