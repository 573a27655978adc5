"""The dispatch hub: the protocol core behind a websocket server.

This layer only moves frames. It accepts connections (subprotocol
``dispatch.v1``, 64 KiB frames, keepalive pings), hands every frame to
``HubCore`` and writes what the core sends. Embed it in the console with::

    async with Hub(site, "sqlite:///hub.sqlite") as hub:
        print(hub.url)
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from console.dispatch import protocol as p
from console.dispatch.core import HubCore, Peer, SystemClock
from console.dispatch.store import GroupRow, Store, UnitRow
from console.dispatch.tokens import DEFAULT_COST, hash_token, verify_token
from console.site import Site, load_site

log = logging.getLogger(__name__)

# A peer that reads so slowly that this much waits for it is cut off; it
# resumes from its last seq when it comes back.
SLOW_PEER_BYTES = 8 * 1024 * 1024
PRUNE_EVERY = 3600.0


class WsLink:
    """A websocket connection as the core's ``Link``."""

    def __init__(self, ws: ServerConnection):
        self.ws = ws
        self.closing: asyncio.Task | None = None

    def send(self, frame: str) -> None:
        # broadcast() writes synchronously and never waits for the peer:
        # one slow terminal must not hold up the others ("Rate").
        broadcast([self.ws], frame)
        transport = self.ws.transport
        if transport is not None and (
            transport.get_write_buffer_size() > SLOW_PEER_BYTES
        ):
            log.warning("peer %s reads too slowly; closing", self.ws.remote_address)
            self.close(p.CLOSE_KEEPALIVE, "too slow")

    def close(self, code: int, reason: str) -> None:
        if self.closing is None:
            self.closing = asyncio.ensure_future(self.ws.close(code, reason))

    async def closed(self) -> None:
        if self.closing is not None:
            await self.closing
        await self.ws.wait_closed()


class Hub:
    """A running hub: ``start()``/``stop()`` or ``async with``.

    ``site`` (a ``Site`` or a site file's path) registers its units, tokens
    and groups in the database; without one the hub serves what the
    database already holds. Times are in seconds; the defaults are the
    contract's.
    """

    def __init__(
        self,
        site: Site | str | Path | None,
        db_url: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        ring_timeout: float = 30.0,
        ping_interval: float = 20.0,
        ping_timeout: float = 60.0,
        hello_timeout: float = 10.0,
        token_cost: int = DEFAULT_COST,
        compression: str | None = "deflate",
        ssl=None,
    ):
        self.site = site
        self.db_url = db_url
        self.host, self.port = host, port
        self.ring_timeout = ring_timeout
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.hello_timeout = hello_timeout
        self.token_cost = token_cost
        self.compression = compression
        self.ssl = ssl
        self.core: HubCore | None = None
        self.store: Store | None = None
        self._server = None
        self._prune_timer: asyncio.TimerHandle | None = None

    @property
    def url(self) -> str:
        scheme = "wss" if self.ssl else "ws"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def connections(self) -> set[ServerConnection]:
        """The open websocket connections (for supervision and tests)."""
        return set(self._server.connections) if self._server else set()

    async def __aenter__(self) -> Hub:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def start(self) -> None:
        site = self.site
        if isinstance(site, str | Path):
            site = _load(site)
        self.store = await asyncio.to_thread(Store, self.db_url)
        if site is not None:
            await asyncio.to_thread(register_site, self.store, site, self.token_cost)
        loop = asyncio.get_running_loop()
        self.core = HubCore(
            self.store, SystemClock(loop), ring_timeout=self.ring_timeout
        )
        self._server = await serve(
            self._serve,
            self.host,
            self.port,
            subprotocols=[p.SUBPROTOCOL],
            max_size=p.FRAME_MAX,
            compression=self.compression,
            ping_interval=self.ping_interval,
            # websockets waits ping_timeout for each pong, after a ping sent
            # ping_interval after the last pong: together they give the
            # contract's "answers none for 60 s".
            ping_timeout=max(self.ping_timeout - self.ping_interval, 0.001),
            ssl=self.ssl,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._prune_timer = loop.call_later(PRUNE_EVERY, self._prune)
        log.info("hub listening on %s", self.url)

    async def stop(self) -> None:
        if self._server is None:
            return
        if self._prune_timer is not None:
            self._prune_timer.cancel()
        self._server.close(close_connections=True)
        await self._server.wait_closed()
        self._server = None
        self.core.stop()
        self.store.close()
        log.info("hub on %s stopped", self.url)

    def _prune(self) -> None:
        self.core.prune()
        loop = asyncio.get_running_loop()
        self._prune_timer = loop.call_later(PRUNE_EVERY, self._prune)

    async def _serve(self, ws: ServerConnection) -> None:
        link = WsLink(ws)
        peer = self.core.attach(link)
        try:
            if await self._authenticate(peer, ws):
                await self._run(peer, ws)
        except ConnectionClosed:
            pass
        finally:
            self.core.close(peer)
        await link.closed()

    async def _authenticate(self, peer: Peer, ws: ServerConnection) -> bool:
        try:
            first = await asyncio.wait_for(ws.recv(), self.hello_timeout)
        except TimeoutError:
            # Extension: a connection that never says hello is let go.
            peer.link.close(p.CLOSE_UNAUTHORIZED, "no hello")
            return False
        hello = self.core.hello(peer, first)
        if hello is None:
            return False
        verified = await asyncio.to_thread(self.core.verify, hello.unit, hello.token)
        return self.core.open(peer, hello, verified)

    async def _run(self, peer: Peer, ws: ServerConnection) -> None:
        async for data in ws:
            try:
                self.core.receive(peer, data)
            except Exception:
                peer.log.exception("failed to handle a message")


def register_site(store: Store, site: Site, cost: int = DEFAULT_COST) -> None:
    """Write the site's units (with token hashes) and groups to the store.

    Units and groups the store has that the site does not name stay; a
    plain token is hashed, unless the stored hash already matches it.
    """
    now = datetime.now(UTC)
    with store.atomic() as session:
        for unit in site.units:
            row = session.get(UnitRow, unit.id)
            hashed = unit.token_hash or _hash_for(unit.token, row, cost)
            if row is None:
                row = UnitRow(id=unit.id, state="unknown", since=now)
                session.add(row)
            row.name, row.level, row.kind = unit.name, unit.level, unit.kind
            row.token_hash = hashed
        for group in site.groups:
            session.merge(
                GroupRow(
                    id=group.id,
                    name=group.name,
                    key=group.key,
                    members=list(group.members),
                )
            )
    log.info("registered %d units, %d groups", len(site.units), len(site.groups))


def _hash_for(token: str, row: UnitRow | None, cost: int) -> str:
    if row is not None and verify_token(token, row.token_hash):
        return row.token_hash
    return hash_token(token, cost)


def _load(path: str | Path) -> Site:
    load = load_site(path)
    for problem in load.problems:
        log.warning("site: %s", problem)
    return load.site
