"""Run inside ``unshare -n``: multicast discovery on a private loopback.

Prints the discovered cameras as JSON. Used by test_discovery.py, which
starts it in a network namespace of its own so that the multicast group is
joined nowhere but there.
"""

from __future__ import annotations

import asyncio
import json
import sys

from console.onvif.discovery import discover
from console.sim.onvif_device import run_devices


async def main(timeout: float) -> None:
    specs = [{"name": "Yard", "model": "SIM-A"}, {"name": "Gate", "model": "SIM-B"}]
    async with run_devices(specs, multicast=True):
        found = await discover(multicast=True, timeout=timeout)
    print(json.dumps([d.as_dict() for d in found]))


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1])))
