"""What a site file describes: sources, units, dispatch groups and the hub.

The models validate field by field so that a bad entry is reported with its
field and skipped, and the rest of the site still loads.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Kind(StrEnum):
    """What a video source is."""

    CAMERA = "camera"
    PTZ_DOME = "ptz_dome"
    DRONE = "drone"
    VEHICLE = "vehicle"
    CONFERENCE = "conference"
    FILE = "file"


class Level(StrEnum):
    """The administrative level a source or unit belongs to."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWN = "town"
    ENTERPRISE = "enterprise"


LEVEL_ORDER = list(Level)

STREAM_SCHEMES = ("rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "file", "srt")

# scheme://[userinfo@]host[:port][/rest]. The userinfo is greedy so that a
# password holding '@', '#' or ':' still splits at the last '@' before the
# host, which is how people write camera URLs by hand.
_URL = re.compile(
    r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*)://"
    r"(?:(?P<userinfo>.*)@)?"
    r"(?P<host>\[[0-9a-fA-F:.]+\]|[^/@\[\]:]+)(?::(?P<port>\d+))?"
    r"(?P<rest>/.*)?$",
    re.DOTALL,
)


class StreamUrl(BaseModel):
    """A stream address with its credentials held apart from it."""

    model_config = ConfigDict(frozen=True)

    scheme: str
    host: str
    port: int | None = None
    rest: str = ""
    user: str | None = None
    password: str | None = Field(None, repr=False)

    @classmethod
    def parse(cls, text: str) -> StreamUrl:
        if text.startswith("/"):
            return cls(scheme="file", host="", rest=text)
        match = _URL.match(text.strip())
        if not match:
            raise ValueError(f"not a stream URL: {redact(text)!r}")
        scheme = match["scheme"].lower()
        if scheme not in STREAM_SCHEMES:
            raise ValueError(f"unsupported scheme {scheme!r}")
        user = password = None
        if match["userinfo"] is not None:
            user, _, password = match["userinfo"].partition(":")
        port = int(match["port"]) if match["port"] else None
        return cls(
            scheme=scheme,
            host=match["host"],
            port=port,
            rest=match["rest"] or "",
            user=user or None,
            password=password or None,
        )

    def with_credentials(self, user: str | None, password: str | None):
        """Return this address with credentials that are not already in it."""
        return self.model_copy(
            update={"user": self.user or user, "password": self.password or password}
        )

    def location(self) -> str:
        """The address without credentials, safe to show and to log."""
        if self.scheme == "file":
            return self.rest
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.host}{port}{self.rest}"

    def for_client(self) -> str:
        """The address with percent-encoded credentials, for the ingest."""
        if self.scheme == "file" or not self.user:
            return self.location()
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{auth}@{self.host}{port}{self.rest}"


def redact(text: str) -> str:
    """Hide the password of any URL in ``text``."""
    return re.sub(r"(://[^/\s:@]*:)[^\s]*@", r"\1***@", text)


class Onvif(BaseModel):
    """Where a source's ONVIF device service answers."""

    model_config = ConfigDict(extra="forbid")

    host: str
    port: int = Field(80, ge=1, le=65535)
    profile: str | None = None


class Source(BaseModel):
    """One video source of the wall."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = Field(min_length=1)
    kind: Kind
    level: Level
    group: str = ""
    enterprise: str | None = None
    main: StreamUrl
    sub: StreamUrl | None = None
    transport: str = Field("tcp", pattern="^(tcp|udp)$")
    user: str | None = None
    password: str | None = Field(None, repr=False)
    credential: str | None = None
    onvif: Onvif | None = None
    ptz: bool = False

    @field_validator("main", "sub", mode="before")
    @classmethod
    def _parse_url(cls, value):
        if isinstance(value, str):
            return StreamUrl.parse(value)
        return value

    @model_validator(mode="after")
    def _credentials_into_urls(self):
        self.main = self.main.with_credentials(self.user, self.password)
        if self.sub is not None:
            self.sub = self.sub.with_credentials(self.user, self.password)
        if self.kind is Kind.PTZ_DOME:
            self.ptz = True
        return self

    @property
    def folder(self) -> str:
        """The group the source tree files this source under."""
        return self.group or self.enterprise or ""

    def stream(self, which: str = "sub") -> StreamUrl:
        """The sub-stream where there is one, else the main stream."""
        if which == "sub" and self.sub is not None:
            return self.sub
        return self.main


class UnitKind(StrEnum):
    CONSOLE = "console"
    HANDHELD = "handheld"
    VEHICLE = "vehicle"
    DRONE = "drone"
    STATION = "station"


class Unit(BaseModel):
    """A dispatch unit: a console or a field terminal."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = Field(min_length=1)
    level: Level
    kind: UnitKind
    token: str | None = Field(None, min_length=8, repr=False)
    token_hash: str | None = None

    @model_validator(mode="after")
    def _has_token(self):
        if not self.token and not self.token_hash:
            raise ValueError("a unit needs a token or a token_hash")
        return self


class Group(BaseModel):
    """A one-key dispatch group."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    name: str = Field(min_length=1)
    members: list[str] = Field(min_length=1)
    key: str | None = Field(None, pattern=r"^F([1-9]|1[0-2])$")


class Hub(BaseModel):
    """The dispatch hub this site's consoles use, and the unit they are."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    unit: str | None = None
    token: str | None = None


class Site(BaseModel):
    """Everything a site file describes, once validated."""

    name: str = "site"
    path: str | None = None
    hub: Hub = Field(default_factory=Hub)
    sources: list[Source] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)
