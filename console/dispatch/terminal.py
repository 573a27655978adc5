"""``python -m console terminal``: a field terminal in the text terminal.

It shows rings, instructions and errors as lines, and reads one-letter
commands from stdin (``h`` lists them). With ``--auto-answer``,
``--auto-decline`` and ``--auto-ack`` it replies by itself, for drills and
CI; with no stdin at all it runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from pathlib import Path

from console.dispatch import protocol as p
from console.dispatch.client import (
    AlarmNew,
    CallRing,
    CallState,
    Connected,
    Disconnected,
    DispatchClient,
    DispatchError,
    Error,
    MsgDeliver,
    MsgReceipt,
    Roster,
)
from console.dispatch.drill import AutoReply

log = logging.getLogger(__name__)

HELP = (
    "commands: a [CALL] answer | d [CALL] [REASON] decline | e [CALL] end | "
    "k [MSG] ack | s STATE [NOTE] status | l LAT LON [ACC] location | "
    "sos [TEXT] | m TEXT to consoles | r roster | h help | q quit"
)
STATES = ("available", "busy", "en_route", "on_scene", "off_duty")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hub", required=True, metavar="URL", help="ws://HOST:PORT")
    parser.add_argument("--unit", required=True, metavar="ID")
    parser.add_argument(
        "--token",
        metavar="T",
        help="the unit's token (default: $CONSOLE_TERMINAL_TOKEN)",
    )
    parser.add_argument(
        "--auto-answer",
        type=float,
        metavar="SECONDS",
        help="answer every ring after SECONDS",
    )
    parser.add_argument(
        "--auto-decline", action="store_true", help="decline every ring"
    )
    parser.add_argument(
        "--auto-ack", action="store_true", help="acknowledge every instruction"
    )
    parser.add_argument(
        "--seq-file",
        metavar="FILE",
        help="keep the last seq here, to resume across runs",
    )


def run(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get("CONSOLE_TERMINAL_TOKEN")
    if not token:
        print("console terminal: give --token", file=sys.stderr)
        return 2
    terminal = Terminal(args, token)
    return asyncio.run(terminal.run())


class Terminal:
    """The terminal's state: the call ringing, the last instruction."""

    def __init__(self, args: argparse.Namespace, token: str):
        self.seq_file = Path(args.seq_file) if args.seq_file else None
        self.client = DispatchClient(
            args.hub, args.unit, token, last_seq=self._read_seq()
        )
        self.auto = AutoReply(
            answer_after=args.auto_answer,
            decline=args.auto_decline,
            ack=args.auto_ack,
        )
        self.call: str | None = None
        self.msg: str | None = None
        self.state: p.UnitState = "available"
        self.location: dict | None = None
        self.consoles: list[str] = []
        self._done = asyncio.Event()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self._done.set)
        self.client.subscribe(self.show)
        self.auto.attach(self.client)
        self.client.start()
        say(HELP)
        reader = asyncio.ensure_future(self._read_commands())
        await self._done.wait()
        reader.cancel()
        await self.client.close()
        return 1 if self.client.refused else 0

    # Showing -------------------------------------------------------------

    def show(self, event) -> None:
        self._keep_seq()
        if isinstance(event, Connected):
            say(f"connected to {self.client.url} as {self.client.unit}")
            asyncio.ensure_future(self._learn_consoles())
        elif isinstance(event, Disconnected):
            say(f"disconnected ({event.code} {event.reason})")
            if not event.retrying:
                self._done.set()
        elif isinstance(event, CallRing):
            self.call = event.call
            say(
                f"RING [{event.priority}] {event.subject} from {event.from_} "
                f"(call {event.call}): a to answer, d to decline"
            )
        elif isinstance(event, CallState):
            say(f"call {event.call}: {event.state}")
        elif isinstance(event, MsgDeliver):
            self.msg = event.msg
            need = " (k to acknowledge)" if event.require_ack else ""
            say(f"INSTRUCTION from {event.from_}: {event.text}{need}")
        elif isinstance(event, MsgReceipt):
            say(f"message {event.msg}: {event.state} by {event.unit}")
        elif isinstance(event, AlarmNew):
            say(f"ALARM [{event.severity}] {event.kind}: {event.text}")
        elif isinstance(event, Error):
            say(f"error {event.code}: {event.detail}")

    def _keep_seq(self) -> None:
        if self.seq_file is not None and self.client.last_seq is not None:
            self.seq_file.write_text(str(self.client.last_seq))

    def _read_seq(self) -> int | None:
        if self.seq_file is None or not self.seq_file.exists():
            return None
        with contextlib.suppress(ValueError):
            return int(self.seq_file.read_text().strip())
        return None

    async def _learn_consoles(self) -> None:
        with contextlib.suppress(Exception):
            roster: Roster = await self.client.roster()
            self.consoles = [u.unit for u in roster.units if u.kind == "console"]

    # Commands ------------------------------------------------------------

    async def _read_commands(self) -> None:
        lines = await _stdin_lines()
        if lines is None:
            return  # no stdin: auto replies and signals only
        async for line in lines:
            try:
                await self.command(line.strip())
            except (ValueError, IndexError) as error:
                say(f"? {error}; {HELP}")
            except (TimeoutError, ConnectionError, DispatchError) as error:
                say(f"! {str(error) or 'hub not reachable'}")

    async def command(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        client = self.client
        if word in ("", "h", "help"):
            say(HELP)
        elif word == "a":
            await client.answer(rest or self._current("call"))
        elif word == "d":
            call, _, reason = rest.partition(" ")
            await client.decline(call or self._current("call"), reason or None)
        elif word == "e":
            await client.end_call(rest or self._current("call"))
        elif word == "k":
            await client.ack(rest or self._current("msg"))
        elif word == "s":
            await self._status(rest)
        elif word == "l":
            await self._locate(rest.split())
        elif word == "sos":
            await self._sos(rest)
        elif word == "m":
            await self._to_consoles(rest)
        elif word == "r":
            await self._roster()
        elif word == "q":
            self._done.set()
        else:
            raise ValueError(f"unknown command {word!r}")

    def _current(self, what: str) -> str:
        value = getattr(self, what)
        if value is None:
            raise ValueError(f"no {what} yet")
        return value

    async def _status(self, rest: str) -> None:
        state, _, note = rest.partition(" ")
        if state not in STATES:
            raise ValueError(f"state is one of {', '.join(STATES)}")
        self.state = state
        await self.client.status(state, self.location, note or None)

    async def _locate(self, words: list[str]) -> None:
        lat, lon = float(words[0]), float(words[1])
        self.location = {"lat": lat, "lon": lon}
        if len(words) > 2:
            self.location["accuracy_m"] = float(words[2])
        await self.client.status(self.state, self.location)

    async def _sos(self, text: str) -> None:
        alarm = await self.client.raise_alarm(
            "sos", "red", text or "SOS", location=self.location
        )
        say(f"SOS raised (alarm {alarm})")

    async def _to_consoles(self, text: str) -> None:
        if not self.consoles:
            raise ValueError("no console known yet")
        await self.client.send_message(text, to=self.consoles)

    async def _roster(self) -> None:
        roster = await self.client.roster()
        for unit in roster.units:
            state = "online" if unit.online else "offline"
            say(f"  {unit.unit:<16} {unit.name} [{unit.kind}] {state} {unit.state}")
        for group in roster.groups:
            say(f"  group {group.group} {group.name}: {', '.join(group.members)}")


def say(line: str) -> None:
    print(line, flush=True)


async def _stdin_lines():
    """stdin as an async line iterator, or None when there is none."""
    if sys.stdin is None or sys.stdin.closed:
        return None
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
        )
    except (ValueError, OSError):
        # A regular file on stdin cannot be watched; read it all at once.
        text = sys.stdin.read()
        return _iterate(text.splitlines())

    async def lines():
        while line := await reader.readline():
            yield line.decode(errors="replace")

    return lines()


async def _iterate(items):
    for item in items:
        yield item
