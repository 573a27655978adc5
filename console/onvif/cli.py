"""``python -m console onvif``: find, probe and add ONVIF cameras.

    console onvif discover [--target HOST:PORT] [--timeout S] [--site FILE]
    console onvif probe --host H [--port P] --user U --password W
    console onvif add --site FILE --host H ... --id ID --name NAME

Results are JSON on stdout; a failure is one line on stderr and exit
status 1. A password can come from ``--password-env VAR`` instead of the
command line, where other users of the machine can see it in ``ps``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys

from console.onvif.client import OnvifClient
from console.onvif.commission import commission
from console.onvif.credentials import CredentialError, CredentialStore
from console.onvif.discovery import discover, parse_target
from console.onvif.errors import CameraError
from console.site.loader import load_site


def configure(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="onvif_command", required=True)

    found = commands.add_parser("discover", help="find cameras with WS-Discovery")
    found.add_argument("--target", metavar="HOST:PORT", help="probe this address")
    found.add_argument(
        "--multicast",
        action="store_true",
        help="also probe multicast when --target is given",
    )
    found.add_argument("--timeout", type=float, default=2.0, metavar="S")
    found.add_argument("--site", metavar="FILE", help="mark cameras already in it")

    probe = commands.add_parser("probe", help="report what a camera offers")
    _camera_arguments(probe)

    add = commands.add_parser("add", help="add a camera to a site file")
    _camera_arguments(add)
    add.add_argument("--site", metavar="FILE", required=True)
    add.add_argument(
        "--id", metavar="ID", help="source id (from the name if not given)"
    )
    add.add_argument("--name", metavar="NAME", help="name shown on the wall")
    add.add_argument(
        "--level",
        default="city",
        choices=["province", "city", "county", "town", "enterprise"],
    )
    add.add_argument("--group", default="", metavar="GROUP")
    add.add_argument("--main-profile", metavar="TOKEN")
    add.add_argument("--sub-profile", metavar="TOKEN")


def _camera_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, default=80)
    parser.add_argument("--user", default=None)
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--password", help="the camera's password")
    secret.add_argument(
        "--password-env",
        metavar="VAR",
        help="read the password from this environment variable",
    )
    secret.add_argument(
        "--credential",
        metavar="NAME",
        help="use a credential from the credential store",
    )
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S")
    parser.add_argument(
        "--adjust-time",
        action="store_true",
        help="sign requests with the camera's clock offset",
    )


def run(args: argparse.Namespace) -> int:
    try:
        result = asyncio.run(_COMMANDS[args.onvif_command](args))
    except (CameraError, CredentialError, ValueError) as error:
        print(f"console onvif {args.onvif_command}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


async def _discover(args) -> list[dict]:
    if args.target:
        parse_target(args.target)  # a bad target is a usage error, said now
    site = None
    if args.site:
        load = load_site(args.site)
        if load.problems and not load.site.sources:
            raise ValueError(f"cannot use site {args.site}: {load.problems[0]}")
        site = load.site
    multicast = True if args.multicast else None
    devices = await discover(
        args.target, multicast=multicast, timeout=args.timeout, site=site
    )
    return [device.as_dict() for device in devices]


def _login(args) -> tuple[str | None, str | None]:
    if args.credential:
        credential = CredentialStore().get(args.credential)
        return args.user or credential.user, credential.password
    if args.password_env:
        if args.password_env not in os.environ:
            raise ValueError(f"${args.password_env} is not set")
        return args.user, os.environ[args.password_env]
    return args.user, args.password


async def _probe(args) -> dict:
    user, password = _login(args)
    client = OnvifClient(
        args.host,
        args.port,
        user,
        password,
        timeout=args.timeout,
        adjust_time=args.adjust_time,
    )
    async with client:
        probe = await client.probe()
    return probe.as_dict()


async def _add(args) -> dict:
    user, password = _login(args)
    if not user or not password:
        raise ValueError("adding a camera needs --user and a password")
    added = await commission(
        args.host,
        args.port,
        user,
        password,
        source_id=args.id,
        name=args.name,
        level=args.level,
        group=args.group,
        main_profile=args.main_profile,
        sub_profile=args.sub_profile,
        site_file=args.site,
        adjust_time=args.adjust_time,
        timeout=args.timeout,
    )
    return {
        "source": added.source.id,
        "credential": added.credential,
        "site": args.site,
        "block": added.block,
    }


_COMMANDS = {"discover": _discover, "probe": _probe, "add": _add}
