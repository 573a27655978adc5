"""A real hub on 127.0.0.1:0 over a real SQLite file, and raw peers."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from console.dispatch import protocol as p
from console.dispatch.hub import Hub
from console.site import parse_site
from tests.support import seconds

SITE = """
[[unit]]
id = "cmd"
name = "市指挥中心"
level = "city"
kind = "console"
token = "console-token-1"

[[unit]]
id = "cmd2"
name = "县指挥中心"
level = "county"
kind = "console"
token = "console-token-2"

[[unit]]
id = "t1"
name = "一号手台"
level = "town"
kind = "handheld"
token = "terminal-token-1"

[[unit]]
id = "t2"
name = "二号站"
level = "town"
kind = "station"
token = "terminal-token-2"

[[unit]]
id = "t3"
name = "指挥车"
level = "county"
kind = "vehicle"
token = "terminal-token-3"

[[unit]]
id = "t4"
name = "无人机队"
level = "county"
kind = "drone"
token = "terminal-token-4"

[[unit]]
id = "hashed"
name = "企业安全员"
level = "enterprise"
kind = "handheld"
token_hash = "{hashed}"

[[group]]
id = "all"
name = "全体"
members = ["t1", "t2", "t3", "t4"]
key = "F1"
"""

TOKENS = {
    "cmd": "console-token-1",
    "cmd2": "console-token-2",
    "t1": "terminal-token-1",
    "t2": "terminal-token-2",
    "t3": "terminal-token-3",
    "t4": "terminal-token-4",
    "hashed": "enterprise-token",
}
# Low KDF costs keep the tests fast; production uses tokens.DEFAULT_COST.
TEST_COST = 2**8


def test_site():
    from console.dispatch.tokens import hash_token

    text = SITE.replace("{hashed}", hash_token(TOKENS["hashed"], TEST_COST))
    load = parse_site(text, "test-site.toml")
    assert load.problems == []
    return load.site


@pytest.fixture
def site():
    return test_site()


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'hub.sqlite'}"


def make_hub(site, db_url, **options) -> Hub:
    options.setdefault("ring_timeout", seconds(3))
    options.setdefault("token_cost", TEST_COST)
    port = options.pop("port", 0)
    return Hub(site, db_url, "127.0.0.1", port, **options)


@pytest.fixture
async def hub(site, db_url):
    async with make_hub(site, db_url) as running:
        yield running


class RawPeer:
    """A websocket peer that speaks JSON by hand and keeps all it gets."""

    def __init__(self, ws):
        self.ws = ws
        self.got: list[dict] = []
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self):
        async for data in self.ws:
            self.got.append(json.loads(data))

    async def send(self, type_: str, **fields) -> str:
        ident = fields.pop("id", None) or p.new_id()
        await self.ws.send(
            json.dumps({"type": type_, "id": ident, "ts": p.now()} | fields)
        )
        return ident

    async def send_raw(self, data) -> None:
        await self.ws.send(data)

    def of(self, type_: str, **match) -> list[dict]:
        return [
            m
            for m in self.got
            if m["type"] == type_ and all(m.get(k) == v for k, v in match.items())
        ]

    async def wait(self, type_: str, count: int = 1, timeout: float = 5, **match):
        """The first ``count`` messages of a type (and fields) to arrive."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds(timeout)
        while len(self.of(type_, **match)) < count:
            if loop.time() > deadline:
                raise AssertionError(f"no {count} {type_} {match}; got {self.got}")
            await asyncio.sleep(0.01)
        found = self.of(type_, **match)
        return found[0] if count == 1 else found[:count]

    async def closed(self, timeout: float = 5) -> int | None:
        await asyncio.wait_for(self.ws.wait_closed(), seconds(timeout))
        await asyncio.gather(self.reader, return_exceptions=True)
        return self.ws.close_code

    def seqs(self) -> list[int]:
        return [m["seq"] for m in self.got if "seq" in m]

    async def close(self):
        await self.ws.close()
        await asyncio.gather(self.reader, return_exceptions=True)


async def open_raw(url: str) -> RawPeer:
    ws = await connect(url, subprotocols=[p.SUBPROTOCOL], open_timeout=seconds(5))
    return RawPeer(ws)


async def login(url: str, unit: str, resume=None, role=None, **extra) -> RawPeer:
    """A raw peer that said hello as ``unit`` and got its welcome."""
    peer = await open_raw(url)
    role = role or ("console" if unit.startswith("cmd") else "terminal")
    fields = {"unit": unit, "token": TOKENS[unit], "role": role, **extra}
    if resume is not None:
        fields["resume"] = resume
    await peer.send("hello", **fields)
    await peer.wait("welcome")
    return peer


@pytest.fixture
async def peers(hub):
    """Log peers in with ``await peers("t1")``; all are closed after."""
    opened: list[RawPeer] = []

    async def open_peer(unit: str, **options) -> RawPeer:
        peer = await login(hub.url, unit, **options)
        opened.append(peer)
        return peer

    yield open_peer
    for peer in opened:
        await peer.close()
