"""Adding a camera to a site: probe it, pick its streams, keep its
credentials, and write its ``[[source]]`` entry.

    added = await commission("10.0.0.7", 80, "admin", password,
                             source_id="gate", name="North gate",
                             level="county", site_file="site.toml")
    added.block   # the TOML appended to site.toml, without the password

The password goes to the ``CredentialStore``; the entry names it with
``credential = "<id>"``. The site file is appended to as text, never
re-serialised, so its comments and layout stay as their author wrote them.

A camera whose clock is off raises ``ClockSkew``: either correct its clock
first (``OnvifClient.correct_clock("device")``) or commission it with
``adjust_time=True``, which is stored with its credential.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from console.files import write_atomically
from console.onvif.client import OnvifClient
from console.onvif.credentials import CredentialStore
from console.onvif.errors import CameraError
from console.onvif.model import Probe, Profile, choose_streams
from console.site.loader import parse_site
from console.site.model import Kind, Source, StreamUrl

log = logging.getLogger(__name__)


class CommissionError(CameraError):
    """The camera cannot be added as asked (an id taken, a bad site file)."""


@dataclass
class Commissioned:
    """A camera ready for the site: its entry as a model and as TOML."""

    source: Source
    block: str
    probe: Probe
    credential: str


async def commission(
    host: str,
    port: int,
    user: str,
    password: str,
    *,
    source_id: str | None = None,
    name: str | None = None,
    level: str = "city",
    group: str = "",
    kind: str | None = None,
    main_profile: str | None = None,
    sub_profile: str | None = None,
    site_file: str | Path | None = None,
    store: CredentialStore | None = None,
    adjust_time: bool = False,
    timeout: float = 10.0,
) -> Commissioned:
    """Probe the camera and make its site entry; append it to ``site_file``.

    ``main_profile`` / ``sub_profile`` override the choice of the largest
    and smallest streaming profiles. Raises a CameraError (WrongPassword,
    ClockSkew, NoStream, Unreachable, CommissionError) with a message to
    show the operator.
    """
    client = OnvifClient(
        host, port, user, password, adjust_time=adjust_time, timeout=timeout
    )
    async with client:
        probe = await client.probe()
    main, sub = choose_streams(probe.profiles, main_profile, sub_profile)
    source_id = source_id or _slug(name or probe.device.model, probe.device.serial)
    block = source_block(
        source_id=source_id,
        name=name or f"{probe.device.manufacturer} {probe.device.model}".strip(),
        kind=kind or (Kind.PTZ_DOME if probe.ptz else Kind.CAMERA),
        level=level,
        group=group,
        main=main,
        sub=sub,
        credential=source_id,
        host=host,
        port=port,
        ptz=probe.ptz,
    )
    source = parse_block(block)
    if site_file is not None:
        _check_site(Path(site_file), source.id)
    store = store or CredentialStore()
    options = {"adjust_time": True} if adjust_time else {}
    store.put(source_id, user, password, **options)
    if site_file is not None:
        append_source(site_file, block)
    log.info("camera %s:%s commissioned as %s", host, port, source_id)
    return Commissioned(source, block, probe, source_id)


def source_block(
    *,
    source_id: str,
    name: str,
    kind: str,
    level: str,
    group: str,
    main: Profile,
    sub: Profile | None,
    credential: str,
    host: str,
    port: int,
    ptz: bool,
) -> str:
    """The ``[[source]]`` table for a camera, with no password in it."""
    lines = [
        "[[source]]",
        f"id = {_string(source_id)}",
        f"name = {_string(name)}",
        f"kind = {_string(str(kind))}",
        f"level = {_string(level)}",
    ]
    if group:
        lines.append(f"group = {_string(group)}")
    lines.append(f"main = {_string(_without_credentials(main.stream_uri))}")
    if sub is not None:
        lines.append(f"sub = {_string(_without_credentials(sub.stream_uri))}")
    lines.append(f"credential = {_string(credential)}")
    lines.append(
        f"onvif = {{ host = {_string(host)}, port = {int(port)}, "
        f"profile = {_string(main.token)} }}"
    )
    if ptz:
        lines.append("ptz = true")
    comment = f"# {main.width}x{main.height} {main.encoding}"
    if sub is not None:
        comment += f", sub {sub.width}x{sub.height}"
    return "\n".join([comment, *lines]) + "\n"


def parse_block(block: str) -> Source:
    """The Source a block describes; CommissionError if it is not valid."""
    try:
        entry = tomllib.loads(block)["source"][0]
        return Source.model_validate(entry)
    except (tomllib.TOMLDecodeError, KeyError, ValidationError) as error:
        raise CommissionError(f"the new site entry is not valid: {error}") from None


def append_source(site_file: str | Path, block: str) -> None:
    """Append ``block`` to the site file as text, keeping everything in it.

    The file is replaced atomically (a reader sees the old or the new file,
    never half of one) and keeps its permissions.
    FIXME(commission): two consoles appending at the same moment can lose
    one entry; there is no lock on site files yet.
    """
    path = Path(site_file)
    source = parse_block(block)
    text = _check_site(path, source.id)
    separator = "" if not text else ("\n" if text.endswith("\n") else "\n\n")
    updated = text + separator + block
    if parse_site(updated, str(path)).site.source(source.id) is None:
        raise CommissionError(f"{path}: the new entry would not load")
    _replace(path, updated)
    log.info("source %s appended to %s", source.id, path)


def _check_site(path: Path, source_id: str) -> str:
    """The site file's text, if it can take a source with this id."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise CommissionError(f"cannot read {path}: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CommissionError(
            f"{path} is not valid TOML ({error}); fix it first"
        ) from None
    ids = {
        entry.get("id") for entry in data.get("source", []) if isinstance(entry, dict)
    }
    if source_id in ids:
        raise CommissionError(f"{path} already has a source {source_id!r}")
    return text


def _replace(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    write_atomically(path, text.encode("utf-8"), mode)


def _string(value: str) -> str:
    """A TOML basic string. JSON's escapes are TOML's, except that TOML
    also forbids a raw DEL."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _without_credentials(uri: str | None) -> str:
    # A camera may put user:password into the URI it returns; the console
    # adds the stored credential when it opens the stream.
    return StreamUrl.parse(uri or "").location()


def _slug(name: str, serial: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.\-]+", "-", name).strip("-.").lower()[:48]
    return slug or f"camera-{serial.lower()[-8:] or 'new'}"
