"""``console hub`` and ``console terminal`` as processes, and the record."""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
import sys

from console.dispatch import protocol as p
from console.dispatch.record import dispatch_record
from console.dispatch.store import Store
from console.sim.terminals import Behaviour, run_fleet
from tests.dispatch.conftest import TOKENS, login
from tests.dispatch.test_resume import site_file, start_hub_process, stop_process
from tests.support import seconds


async def test_hub_command_stops_cleanly_on_sigterm(tmp_path):
    """The hub prints its URL with the real port and exits 0 on SIGTERM."""
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    proc, url = await start_hub_process(site_file(tmp_path), db_url)
    try:
        assert not url.endswith(":0")
        peer = await login(url, "t1")
        await peer.close()
    finally:
        assert await stop_process(proc) == 0


async def test_terminal_auto_answers_with_no_stdin(hub, peers):
    """console terminal --auto-answer answers a ring, stdin closed."""
    console = await peers("cmd")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "console",
        "terminal",
        "--hub",
        hub.url,
        "--unit",
        "t2",
        "--token",
        TOKENS["t2"],
        "--auto-answer",
        "0",
        "--auto-ack",
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
    )
    try:
        await console.wait("unit.update", unit="t2", online=True, timeout=20)
        call = p.new_id()
        await console.send(
            "call.start", call=call, members=["t2"], priority="high", subject="演练"
        )
        await console.wait("call.member", call=call, unit="t2", state="answered")
        msg = p.new_id()
        await console.send(
            "msg.send", msg=msg, to=["t2"], text="收到请回复", require_ack=True
        )
        await console.wait("msg.receipt", msg=msg, state="acked")
    finally:
        code = await stop_process(proc)
    output = (await proc.stdout.read()).decode()
    assert code == 0
    assert "RING [high] 演练" in output and "commands:" in output


async def test_fleet_answers_and_declines_by_behaviour(hub, peers):
    """The simulated fleet replies to a one-key call as configured."""
    console = await peers("cmd")
    stop = asyncio.Event()
    units = [(u, TOKENS[u]) for u in ("t1", "t2", "t3", "t4")]
    behaviour = Behaviour(
        answer_after=0,
        decline_share=0,
        miss_share=0,
        report_every=None,
        telemetry_every=None,
    )
    fleet = asyncio.ensure_future(run_fleet(hub.url, units, behaviour, stop=stop))
    try:
        for unit, _ in units:
            await console.wait("unit.update", unit=unit, online=True)
        call = p.new_id()
        await console.send(
            "call.start", call=call, group="all", priority="emergency", subject="s"
        )
        await console.wait("call.member", call=call, state="answered", count=4)
    finally:
        stop.set()
        await asyncio.wait_for(fleet, seconds(10))


async def test_record_exports_who_called_whom(hub, peers, tmp_path):
    """The dispatch record lists each member's outcome, as CSV and JSON."""
    console = await peers("cmd")
    t1 = await peers("t1")
    call = p.new_id()
    await console.send(
        "call.start", call=call, members=["t1", "t2"], priority="high", subject="记录"
    )
    await t1.wait("call.ring", call=call)
    await t1.send("call.answer", call=call)
    await console.send("call.end", call=call)
    await console.wait("call.state", call=call, state="ended")

    out = tmp_path / "record.csv"
    result = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "console",
            "hub",
            "--db",
            hub.db_url,
            "--export-record",
            str(out),
        ],
        capture_output=True,
        timeout=seconds(30),
    )
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8") as text:
        rows = list(csv.DictReader(text))
    outcomes = {r["member"]: r["outcome"] for r in rows if r["call"] == call}
    assert outcomes == {"t1": "left", "t2": "missed"}
    assert rows[0]["caller"] == "cmd" and rows[0]["subject"] == "记录"

    store = Store(hub.db_url)
    try:
        from console.dispatch.record import export_record

        export_record(dispatch_record(store), tmp_path / "record.json")
    finally:
        store.close()
    data = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    answered = [r for r in data if r["member"] == "t1"][0]
    assert answered["answered_at"] is not None
