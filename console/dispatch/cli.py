"""``python -m console hub``: run the dispatch hub, or export its record.

console hub --listen 127.0.0.1:8765 --db sqlite:///hub.sqlite --site site.toml
console hub --db sqlite:///hub.sqlite --export-record calls.csv
console hub --hash-token        # reads a token, prints its token_hash
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import signal
import sys

from console.dispatch.tokens import DEFAULT_COST, hash_token
from console.folders import database_url

log = logging.getLogger(__name__)


def default_db() -> str:
    """A standalone hub's database, apart from a console's embedded hub's."""
    return database_url("dispatch-hub.sqlite")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--listen",
        default="127.0.0.1:8765",
        metavar="HOST:PORT",
        help="where to listen (port 0: any free port; default %(default)s)",
    )
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the store")
    parser.add_argument("--site", metavar="FILE", help="site file with units, groups")
    parser.add_argument(
        "--ring-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long a call rings before members count as missed",
    )
    parser.add_argument("--ping-interval", type=float, default=20.0, metavar="SECONDS")
    parser.add_argument("--ping-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument(
        "--token-cost",
        type=int,
        default=DEFAULT_COST,
        metavar="N",
        help="scrypt cost for hashing plain site tokens (default %(default)s)",
    )
    parser.add_argument(
        "--export-record",
        metavar="FILE",
        help="write the dispatch record (.csv or .json) and exit",
    )
    parser.add_argument(
        "--hash-token",
        action="store_true",
        help="read a token on stdin, print a token_hash for a site file, exit",
    )


def run(args: argparse.Namespace) -> int:
    if args.hash_token:
        return _hash_token(args.token_cost)
    db = args.db or default_db()
    if args.export_record:
        return _export(db, args.export_record)
    try:
        host, port = _listen(args.listen)
    except ValueError as error:
        print(f"console hub: {error}", file=sys.stderr)
        return 2
    site = None
    if args.site:
        site = _site(args.site)
        if site is None:
            return 2
    return asyncio.run(_serve(args, site, db, host, port))


def _listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"--listen wants HOST:PORT, not {text!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def _site(path: str):
    from console.site import load_site

    load = load_site(path)
    for problem in load.problems:
        log.warning("site: %s", problem)
    if not load.site.units and load.problems:
        print(f"console hub: cannot use site {path}", file=sys.stderr)
        return None
    return load.site


async def _serve(args, site, db: str, host: str, port: int) -> int:
    from console.dispatch.hub import Hub

    hub = Hub(
        site,
        db,
        host,
        port,
        ring_timeout=args.ring_timeout,
        ping_interval=args.ping_interval,
        ping_timeout=args.ping_timeout,
        token_cost=args.token_cost,
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await hub.start()
    except OSError as error:
        log.error("cannot listen on %s:%s: %s", host, port, error)
        return 1
    print(f"hub listening on {hub.url}", flush=True)
    await stopping.wait()
    log.info("stopping on signal")
    await hub.stop()
    return 0


def _export(db: str, path: str) -> int:
    from console.dispatch.record import dispatch_record, export_record
    from console.dispatch.store import Store

    store = Store(db)
    try:
        rows = dispatch_record(store)
        export_record(rows, path)
    finally:
        store.close()
    print(f"wrote {len(rows)} record rows to {path}")
    return 0


def _hash_token(cost: int) -> int:
    if sys.stdin.isatty():
        token = getpass.getpass("token: ")
    else:
        token = sys.stdin.readline().strip()
    if len(token) < 8:
        print("console hub: a token has at least 8 characters", file=sys.stderr)
        return 2
    print(hash_token(token, cost))
    return 0
