"""Finding ONVIF cameras with WS-Discovery, on asyncio datagrams.

A Probe for ``dn:NetworkVideoTransmitter`` goes to the multicast group
239.255.255.250:3702 and/or to a unicast target (a camera, or a discovery
proxy, at HOST:PORT); every ProbeMatch that comes back within the timeout
is a camera. The message building and parsing are plain functions on
bytes; the datagram layer around them is small.

We do not use the ``wsdiscovery`` package: on loopback it never read the
replies to directed probes, binds 0.0.0.0:3702 itself and skips loopback
for multicast.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import uuid
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass, field
from urllib.parse import unquote, urlsplit

from console.site.model import Site

log = logging.getLogger(__name__)

MULTICAST_GROUP = "239.255.255.250"
DISCOVERY_PORT = 3702
# UDP may drop a datagram; WS-Discovery sends a Probe more than once.
PROBE_REPEATS = 2

SOAP = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"


@dataclass
class DiscoveredDevice:
    """A camera that answered a Probe.

    ``model`` is its ONVIF hardware scope; ``source_id`` names the site
    source already at its host and port, if there is one.
    """

    endpoint: str
    xaddrs: list[str]
    host: str
    port: int
    name: str = ""
    model: str = ""
    location: str = ""
    types: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)
    source_id: str | None = None

    @property
    def in_site(self) -> bool:
        return self.source_id is not None

    def as_dict(self) -> dict:
        return {**asdict(self), "in_site": self.in_site}


def probe_message(message_id: str) -> bytes:
    """A WS-Discovery Probe for ONVIF video transmitters."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{SOAP}" xmlns:a="{WSA}" xmlns:d="{WSD}" '
        f'xmlns:dn="{DN}"><s:Header>'
        f"<a:Action>{WSD}/Probe</a:Action>"
        f"<a:MessageID>{message_id}</a:MessageID>"
        "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
        "</s:Header><s:Body><d:Probe>"
        "<d:Types>dn:NetworkVideoTransmitter</d:Types>"
        "</d:Probe></s:Body></s:Envelope>"
    ).encode()


def parse_probe_matches(
    data: bytes, message_id: str | None = None
) -> list[DiscoveredDevice]:
    """The cameras in a ProbeMatches datagram; none if it is anything else
    (or answers another probe than ``message_id``)."""
    try:
        envelope = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []
    relates_to = envelope.findtext(f"{{{SOAP}}}Header/{{{WSA}}}RelatesTo")
    if message_id and relates_to and relates_to.strip() != message_id:
        return []
    matches = envelope.findall(
        f"{{{SOAP}}}Body/{{{WSD}}}ProbeMatches/{{{WSD}}}ProbeMatch"
    )
    devices = [_device(match) for match in matches]
    return [device for device in devices if device is not None]


def _device(match) -> DiscoveredDevice | None:
    endpoint = (
        match.findtext(f"{{{WSA}}}EndpointReference/{{{WSA}}}Address") or ""
    ).strip()
    xaddrs = (match.findtext(f"{{{WSD}}}XAddrs") or "").split()
    if not xaddrs:
        # A match without XAddrs needs a Resolve to find its address.
        # FIXME(discovery): send Resolve for such matches.
        return None
    scopes = (match.findtext(f"{{{WSD}}}Scopes") or "").split()
    url = urlsplit(_preferred(xaddrs))
    return DiscoveredDevice(
        endpoint=endpoint or xaddrs[0],
        xaddrs=xaddrs,
        host=url.hostname or "",
        port=url.port or (443 if url.scheme == "https" else 80),
        name=scope_value(scopes, "name"),
        model=scope_value(scopes, "hardware"),
        location=scope_value(scopes, "location"),
        types=(match.findtext(f"{{{WSD}}}Types") or "").split(),
        scopes=scopes,
    )


def _preferred(xaddrs: list[str]) -> str:
    """The IPv4 address among a camera's XAddrs, if it lists several."""
    for xaddr in xaddrs:
        host = urlsplit(xaddr).hostname or ""
        try:
            if ipaddress.ip_address(host).version == 4:
                return xaddr
        except ValueError:
            continue
    return xaddrs[0]


def scope_value(scopes: list[str], key: str) -> str:
    """The value of ``onvif://www.onvif.org/<key>/<value>``, decoded."""
    prefix = f"onvif://www.onvif.org/{key}/"
    values = [unquote(s[len(prefix) :]) for s in scopes if s.startswith(prefix)]
    return " ".join(values)


def mark_known(devices: list[DiscoveredDevice], site: Site | None) -> None:
    """Set ``source_id`` on the devices the site already has at host:port."""
    if site is None:
        return
    known = {
        (source.onvif.host.lower(), source.onvif.port): source.id
        for source in site.sources
        if source.onvif is not None
    }
    # FIXME(discovery): a site that names a camera by host name and a camera
    # that answers with its IP address are not matched; resolve both.
    for device in devices:
        device.source_id = known.get((device.host.lower(), device.port))


class _Listener(asyncio.DatagramProtocol):
    def __init__(self, message_id: str):
        self.message_id = message_id
        self.found: dict[str, DiscoveredDevice] = {}

    def datagram_received(self, data: bytes, addr) -> None:
        for device in parse_probe_matches(data, self.message_id):
            if device.endpoint not in self.found:
                log.debug("ProbeMatch from %s: %s", addr, device.xaddrs)
            self.found.setdefault(device.endpoint, device)

    def error_received(self, exc: Exception) -> None:
        # An ICMP "port unreachable" for a unicast target nobody listens on.
        log.debug("discovery datagram error: %s", exc)


def parse_target(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT``, or HOST for port 3702)."""
    url = urlsplit(f"//{text}")
    try:
        port = url.port or DISCOVERY_PORT
    except ValueError:
        raise ValueError(f"not HOST:PORT: {text!r}") from None
    if not url.hostname:
        raise ValueError(f"not HOST:PORT: {text!r}")
    return url.hostname, port


async def discover(
    target: str | None = None,
    *,
    multicast: bool | None = None,
    timeout: float = 2.0,
    site: Site | None = None,
) -> list[DiscoveredDevice]:
    """Probe for cameras; returns them by endpoint, marked against ``site``.

    With a unicast ``target`` ("HOST:PORT") only that address is probed,
    unless ``multicast`` is also true; without one the probe is multicast.
    """
    targets = [parse_target(target)] if target else []
    if multicast is None:
        multicast = not targets
    if multicast:
        targets.append((MULTICAST_GROUP, DISCOVERY_PORT))
    loop = asyncio.get_running_loop()
    message_id = f"urn:uuid:{uuid.uuid4()}"
    sock = _socket(targets, multicast)
    transport, listener = await loop.create_datagram_endpoint(
        lambda: _Listener(message_id), sock=sock
    )
    try:
        await _send(sock, probe_message(message_id), targets)
        await asyncio.sleep(timeout)
    finally:
        transport.close()
    devices = sorted(listener.found.values(), key=lambda d: (d.host, d.port))
    mark_known(devices, site)
    log.info("discovery found %d cameras", len(devices))
    return devices


def _socket(targets, multicast: bool) -> socket.socket:
    loopback_only = not multicast and all(_is_loopback(h) for h, _ in targets)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.bind(("127.0.0.1" if loopback_only else "0.0.0.0", 0))
    # FIXME(discovery): multicast leaves by the route's interface only; a
    # console on several networks should probe on each of them.
    # TTL 1 keeps the probe on the local network, as WS-Discovery asks.
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    sock.setblocking(False)
    return sock


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


async def _send(sock: socket.socket, message: bytes, targets) -> None:
    # Sent on the socket itself rather than the transport, which would hand
    # a send error to the protocol instead of telling us.
    for attempt in range(PROBE_REPEATS):
        for host, port in targets:
            try:
                sock.sendto(message, (host, port))
            except OSError as error:
                # No multicast route is a degraded network, not a failure
                # of the discovery as a whole: unicast targets still count.
                log.warning("cannot send a probe to %s:%s: %s", host, port, error)
        if attempt + 1 < PROBE_REPEATS:
            await asyncio.sleep(0.1)
