"""One-key call to 1,000 terminals: the hub against a bare broadcast.

    .venv/bin/python bench/dispatch_bench.py [--terminals 1000] [--calls 20]

Three processes: the hub (``console hub``), the terminal fleet (this file
with ``--fleet``; real ``DispatchClient`` connections, so the clients do
not share the hub's CPU) and this one, the console that starts each call
and keeps time. A call's figure is the time from sending ``call.start``
until the last terminal has parsed its ``call.ring`` (one monotonic clock
for every process of the machine). The baseline is a bare ``websockets``
server broadcasting the same frame to as many clients, parsed the same
way. Bounded: a fixed number of terminals and calls, and a deadline.

The fleet asks for ``call_updates: own`` (an extension, see
docs/dispatch-protocol.md): by the contract alone a call to 1,000 units
sends each of them 1,000 ``call.member`` messages at its start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from console.dispatch import protocol as p  # noqa: E402
from console.dispatch.client import CallRing, DispatchClient  # noqa: E402
from console.dispatch.tokens import hash_token  # noqa: E402

DEADLINE = 600.0  # the whole run, seconds
CONNECT_BATCH = 100


def raise_nofile(wanted: int) -> None:
    """Room for every socket of the run (inherited by the children)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def token(n: int) -> str:
    return f"bench-token-{n:05d}"


def write_site(folder: Path, count: int) -> Path:
    # Cheap hashes: the cost travels in the hash, and the bench measures
    # calls, not logins.
    lines = [
        '[[unit]]\nid = "bench-console"\nname = "基准指挥台"\nlevel = "city"\n'
        'kind = "console"\ntoken = "bench-console-token"\n'
    ]
    for n in range(count):
        lines.append(
            f'[[unit]]\nid = "t{n:05d}"\nname = "终端{n}"\nlevel = "town"\n'
            f'kind = "handheld"\ntoken_hash = "{hash_token(token(n), 2**4)}"\n'
        )
    members = ", ".join(f'"t{n:05d}"' for n in range(count))
    lines.append(f'[[group]]\nid = "all"\nname = "全体"\nmembers = [{members}]\n')
    path = folder / "bench-site.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# The fleet process ---------------------------------------------------------


class RingClock:
    """When each terminal parsed each ring; tells once all have it."""

    def __init__(self, count: int):
        self.count = count
        self.seen: dict[str, list[float]] = {}

    def ring(self, call: str) -> None:
        times = self.seen.setdefault(call, [])
        times.append(time.monotonic())
        if len(times) == self.count:
            print(f"ring {call} {min(times):.6f} {max(times):.6f}", flush=True)


async def fleet_hub(url: str, count: int) -> None:
    clock = RingClock(count)
    clients = []
    for n in range(count):
        client = DispatchClient(
            url, f"t{n:05d}", token(n), call_updates="own", backoff=(0.5, 5.0)
        )
        client.subscribe(
            lambda e: clock.ring(e.call) if isinstance(e, CallRing) else None
        )
        clients.append(client)
    for start in range(0, count, CONNECT_BATCH):
        batch = clients[start : start + CONNECT_BATCH]
        for client in batch:
            client.start()
        await asyncio.gather(*(c.wait_connected(60) for c in batch))
    print(f"ready {count}", flush=True)
    await _until_stdin_closes()
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


async def fleet_bare(url: str, count: int) -> None:
    from websockets.asyncio.client import connect

    clock = RingClock(count)

    async def reader(ws):
        async for data in ws:
            message = p.parse(data, to_hub=False)  # the client's own parse
            if isinstance(message, p.CallRing):
                clock.ring(message.call)

    sockets, tasks = [], []
    for start in range(0, count, CONNECT_BATCH):
        batch = await asyncio.gather(
            *(
                connect(url, subprotocols=[p.SUBPROTOCOL], max_size=p.FRAME_MAX)
                for _ in range(min(CONNECT_BATCH, count - start))
            )
        )
        sockets += batch
        tasks += [asyncio.ensure_future(reader(ws)) for ws in batch]
    print(f"ready {count}", flush=True)
    await _until_stdin_closes()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    await asyncio.gather(*tasks, return_exceptions=True)


async def _until_stdin_closes() -> None:
    await asyncio.to_thread(sys.stdin.read)


# The bare broadcast server ---------------------------------------------------


async def bare_server() -> None:
    from websockets.asyncio.server import broadcast, serve

    terminals = set()

    async def handler(ws):
        if ws.request.path == "/control":
            async for call in ws:
                ring = p.CallRing.new(
                    call=call, from_="bench-console", priority="emergency",
                    subject="基准测试",
                )  # fmt: skip
                broadcast(terminals, p.encode(ring, 1))
            return
        terminals.add(ws)
        try:
            await ws.wait_closed()
        finally:
            terminals.discard(ws)

    async with serve(
        handler, "127.0.0.1", 0, subprotocols=[p.SUBPROTOCOL], max_size=p.FRAME_MAX
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"bare listening on ws://127.0.0.1:{port}", flush=True)
        await _until_stdin_closes()


# The console that keeps time ---------------------------------------------------


class Child:
    """A child process that talks in lines; ended by its pid."""

    def __init__(self, proc: asyncio.subprocess.Process):
        self.proc = proc
        self.rings: dict[str, float] = {}

    @classmethod
    async def start(cls, *argv: str) -> Child:
        proc = await asyncio.create_subprocess_exec(
            *argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT
        )
        return cls(proc)

    async def line(self, prefix: str, timeout: float = 120) -> str:
        while True:
            raw = await asyncio.wait_for(self.proc.stdout.readline(), timeout)
            if not raw:
                raise RuntimeError(f"child {self.proc.pid} ended")
            text = raw.decode().strip()
            if text.startswith("ring "):
                _, call, _first, last = text.split()
                self.rings[call] = float(last)
            if text.startswith(prefix):
                return text

    async def ring_done(self, call: str, timeout: float = 60) -> float:
        while call not in self.rings:
            await self.line("ring ", timeout)
        return self.rings.pop(call)

    async def stop(self) -> None:
        if self.proc.returncode is None:
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 30)
            except TimeoutError:
                self.proc.kill()  # by its own pid only
                await self.proc.wait()


async def measure_hub(count: int, calls: int, folder: Path) -> dict:
    site = write_site(folder, count)
    db = f"sqlite:///{folder / 'bench-hub.sqlite'}"
    hub = await Child.start(
        sys.executable, "-m", "console", "hub", "--listen", "127.0.0.1:0",
        "--db", db, "--site", str(site), "--ring-timeout", "600",
    )  # fmt: skip
    fleet = None
    try:
        url = (await hub.line("hub listening on ")).split()[-1]
        hub_ps = psutil.Process(hub.proc.pid)
        rss_before = hub_ps.memory_info().rss
        began = time.monotonic()
        fleet = await Child.start(sys.executable, __file__, "--fleet", url, str(count))
        await fleet.line("ready", timeout=300)
        connect_s = time.monotonic() - began
        await asyncio.sleep(2)  # let the hub settle after the logins
        rss_after = hub_ps.memory_info().rss
        idle = await idle_cpu(hub_ps, 5.0)

        console = DispatchClient(url, "bench-console", "bench-console-token",
                                 role="console")  # fmt: skip
        async with console:
            await console.wait_connected(30)
            ended: dict[str, asyncio.Event] = {}
            console.subscribe(lambda e: _note_end(e, ended))
            cpu_before = _cpu(hub_ps)
            latencies = []
            for _ in range(calls):
                call = p.new_id()
                ended[call] = asyncio.Event()
                t0 = time.monotonic()
                await console.start_call(
                    group="all", priority="emergency", subject="基准测试", call=call
                )
                latencies.append(await fleet.ring_done(call) - t0)
                await console.end_call(call)
                await asyncio.wait_for(ended[call].wait(), 60)
            cpu_calls = _cpu(hub_ps) - cpu_before
        return {
            "latencies": latencies,
            "connect_s": connect_s,
            "rss_per_unit": (rss_after - rss_before) / count,
            "cpu_per_ring_us": cpu_calls / (calls * count) * 1e6,
            "idle_pct": idle,
        }
    finally:
        if fleet is not None:
            await fleet.stop()
        hub.proc.terminate()  # SIGTERM: the hub's clean shutdown
        await asyncio.wait_for(hub.proc.wait(), 60)


def _note_end(event, ended: dict[str, asyncio.Event]) -> None:
    done = isinstance(event, p.CallState) and event.state == "ended"
    if done and event.call in ended:
        ended[event.call].set()


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


async def idle_cpu(process: psutil.Process, seconds: float) -> float:
    before, t0 = _cpu(process), time.monotonic()
    await asyncio.sleep(seconds)
    return (_cpu(process) - before) / (time.monotonic() - t0) * 100


async def measure_bare(count: int, calls: int) -> list[float]:
    from websockets.asyncio.client import connect

    server = await Child.start(sys.executable, __file__, "--bare-server")
    fleet = None
    try:
        url = (await server.line("bare listening on ")).split()[-1]
        fleet = await Child.start(
            sys.executable, __file__, "--fleet-bare", url, str(count)
        )
        await fleet.line("ready", timeout=300)
        await asyncio.sleep(2)
        latencies = []
        async with connect(url + "/control", subprotocols=[p.SUBPROTOCOL]) as control:
            for _ in range(calls):
                call = p.new_id()
                t0 = time.monotonic()
                await control.send(call)
                latencies.append(await fleet.ring_done(call) - t0)
                await asyncio.sleep(0.05)
        return latencies
    finally:
        if fleet is not None:
            await fleet.stop()
        await server.stop()


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


async def bench(count: int, calls: int) -> None:
    with tempfile.TemporaryDirectory(prefix="dispatch-bench-") as folder:
        hub = await measure_hub(count, calls, Path(folder))
    bare = await measure_bare(count, calls)
    hub_ms = [v * 1000 for v in hub["latencies"]]
    bare_ms = [v * 1000 for v in bare]
    print(f"terminals connected: {count} in {hub['connect_s']:.1f} s")
    print(f"hub ring to all, p50: {statistics.median(hub_ms):.1f} ms")
    print(f"hub ring to all, p99: {p99(hub_ms):.1f} ms (target < 250 ms)")
    print(f"bare broadcast, p50: {statistics.median(bare_ms):.1f} ms")
    print(f"bare broadcast, p99: {p99(bare_ms):.1f} ms")
    print(f"ratio hub/bare, p99: {p99(hub_ms) / p99(bare_ms):.2f} (target <= 2)")
    median_ratio = statistics.median(hub_ms) / statistics.median(bare_ms)
    print(f"ratio hub/bare, p50: {median_ratio:.2f}")
    print(f"hub memory per connected unit: {hub['rss_per_unit'] / 1024:.1f} KiB")
    print(f"hub CPU per ring per unit: {hub['cpu_per_ring_us']:.1f} us")
    print(f"hub idle CPU with {count} units: {hub['idle_pct']:.1f} % of a core")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terminals", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--fleet", nargs=2, metavar=("URL", "N"))
    parser.add_argument("--fleet-bare", nargs=2, metavar=("URL", "N"))
    parser.add_argument("--bare-server", action="store_true")
    args = parser.parse_args()
    if args.fleet:
        asyncio.run(fleet_hub(args.fleet[0], int(args.fleet[1])))
    elif args.fleet_bare:
        asyncio.run(fleet_bare(args.fleet_bare[0], int(args.fleet_bare[1])))
    elif args.bare_server:
        asyncio.run(bare_server())
    else:
        raise_nofile(4 * args.terminals + 256)
        os.environ.setdefault("CONSOLE_LOG", "warning")
        work = bench(args.terminals, args.calls)
        asyncio.run(asyncio.wait_for(work, DEADLINE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
