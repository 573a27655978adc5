"""Resume after a dropped connection and after a hub killed and restarted."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from console.dispatch import protocol as p
from console.dispatch.tokens import hash_token
from tests.dispatch.conftest import SITE, TEST_COST, TOKENS, login, make_hub
from tests.support import seconds


async def test_resume_replays_what_was_missed(hub, peers):
    """resume=N replays N+1..last_seq in order, keeping seq and id."""
    console = await peers("cmd")
    t1 = await peers("t1")
    for n in range(3):
        await console.send(
            "msg.send", msg=f"m{n}", to=["t1"], text=str(n), require_ack=False
        )
    await t1.wait("msg.deliver", msg="m2")
    kept = t1.of("msg.deliver")
    resume_from = kept[0]["seq"] - 1
    await t1.close()

    again = await login(hub.url, "t1", resume=resume_from)
    try:
        welcome = again.of("welcome")[0]
        assert welcome["last_seq"] == t1.seqs()[-1]
        await again.wait("msg.deliver", count=3)
        replay = [(m["seq"], m["id"]) for m in again.of("msg.deliver")]
        assert replay == [(m["seq"], m["id"]) for m in kept]
        assert again.seqs() == list(range(resume_from + 1, welcome["last_seq"] + 1))
        assert "gap" not in welcome
    finally:
        await again.close()


async def test_resume_beyond_last_seq_replays_nothing(hub, peers):
    """resume above last_seq counts as last_seq."""
    t1 = await peers("t1")
    await t1.send("roster")
    await t1.wait("roster")
    await t1.close()
    again = await login(hub.url, "t1", resume=10_000)
    try:
        ref = await again.send("roster")
        answer = await again.wait("roster", ref=ref)
        assert answer["seq"] == again.of("welcome")[0]["last_seq"] + 1
    finally:
        await again.close()


async def test_dropped_connection_loses_nothing(hub, peers):
    """Messages sent while a terminal was cut off come back on resume."""
    console = await peers("cmd")
    t1 = await peers("t1")
    await console.wait("unit.update", unit="t1", online=True)
    t1.ws.transport.abort()  # no close handshake: a dropped link
    await console.wait("unit.update", unit="t1", online=False)
    last = max([t1.of("welcome")[0]["last_seq"], *t1.seqs()])
    await console.send(
        "msg.send", msg="while-away", to=["t1"], text="x", require_ack=False
    )
    again = await login(hub.url, "t1", resume=last)
    try:
        deliver = await again.wait("msg.deliver", msg="while-away")
        assert deliver["seq"] == last + 1
    finally:
        await again.close()


def site_file(tmp_path: Path) -> Path:
    text = SITE.replace("{hashed}", hash_token(TOKENS["hashed"], TEST_COST))
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def start_hub_process(site: Path, db_url: str, port: int = 0):
    """``console hub`` as its own process; its URL once it listens."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "console",
        "hub",
        "--listen",
        f"127.0.0.1:{port}",
        "--db",
        db_url,
        "--site",
        str(site),
        "--token-cost",
        str(TEST_COST),
        "--ring-timeout",
        str(seconds(30)),
        stdout=subprocess.PIPE,
    )
    line = await asyncio.wait_for(proc.stdout.readline(), seconds(20))
    assert line.startswith(b"hub listening on ws://127.0.0.1:"), line
    return proc, line.decode().split()[-1]


async def stop_process(proc, signum=signal.SIGTERM) -> int:
    if proc.returncode is None:
        os.kill(proc.pid, signum)
    return await asyncio.wait_for(proc.wait(), seconds(20))


async def test_hub_killed_and_restarted_loses_nothing(tmp_path):
    """SIGKILL the hub, restart on the same file: seq runs on, calls ring."""
    site = site_file(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    proc, url = await start_hub_process(site, db_url)
    peers = []
    try:
        console = await login(url, "cmd")
        t1 = await login(url, "t1")
        peers += [console, t1]
        await console.send(
            "msg.send", msg="before", to=["t1"], text="1", require_ack=True
        )
        await t1.wait("msg.deliver", msg="before")
        call = p.new_id()
        await console.send(
            "call.start", call=call, members=["t1", "t2"], priority="high", subject="s"
        )
        await t1.wait("call.ring", call=call)
        await console.send(
            "msg.send", msg="owed", to=["t2"], text="2", require_ack=False
        )
        await console.wait("msg.receipt", msg="before", state="delivered")
        # The hub answers in order: once roster is back, "owed" is stored.
        await console.wait("roster", ref=await console.send("roster"))
        assert await stop_process(proc, signal.SIGKILL) == -signal.SIGKILL
        await console.closed()
        await t1.closed()

        port = int(url.rsplit(":", 1)[1])
        proc, url = await start_hub_process(site, db_url, port)
        t1_last, console_last = t1.seqs()[-1], console.seqs()[-1]
        t1b = await login(url, "t1", resume=t1_last)
        consoleb = await login(url, "cmd", resume=console_last)
        t2 = await login(url, "t2")
        peers += [t1b, consoleb, t2]
        assert t1b.of("welcome")[0]["last_seq"] == t1_last
        assert consoleb.of("welcome")[0]["last_seq"] == console_last

        await t2.wait("msg.deliver", msg="owed")
        await t2.wait("call.ring", call=call)  # offline at start, still rings
        await t1b.send("call.answer", call=call)
        await consoleb.wait("call.state", call=call, state="connected")
        await t1b.send("msg.ack", msg="before")
        await consoleb.wait("msg.receipt", msg="before", state="acked")
        for peer, last in ((t1b, t1_last), (consoleb, console_last)):
            seqs = peer.seqs()
            assert seqs == list(range(last + 1, last + 1 + len(seqs)))
    finally:
        for peer in peers:
            await peer.close()
        await stop_process(proc)


@pytest.mark.expect_log("cannot read|no units")
async def test_embedded_hub_restart_over_same_file(site, db_url):
    """Stop and start Hub() in-process: seq survives, live calls resume."""
    async with make_hub(site, db_url) as hub:
        console = await login(hub.url, "cmd")
        await console.send(
            "call.start", call="c-live", members=["t3"], priority="normal", subject="s"
        )
        await console.wait("call.state", call="c-live")
        last = console.seqs()[-1]
        await console.close()
    async with make_hub(site, db_url) as hub:
        t3 = await login(hub.url, "t3")
        try:
            await t3.wait("call.ring", call="c-live")
            console = await login(hub.url, "cmd")
            assert console.of("welcome")[0]["last_seq"] == last
            await console.close()
        finally:
            await t3.close()
