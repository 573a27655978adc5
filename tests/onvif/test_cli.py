"""``python -m console onvif`` against simulated cameras."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from console.sim.onvif_device import DiscoveryResponder
from tests.onvif.conftest import PASSWORD, STREAMS, USER
from tests.support import seconds

ROOT = Path(__file__).resolve().parents[2]


async def console(*args: str, env: dict | None = None):
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "console",
        "onvif",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    try:
        async with asyncio.timeout(seconds(30)):
            out, err = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return process.returncode, out.decode(), err.decode()


def camera(device, *extra: str) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(device.port), "--user", USER, *extra]


async def test_probe_prints_json(device):
    """probe prints profiles with streams, PTZ, presets and topics."""
    status, out, err = await console(
        "probe", *camera(device, "--password-env", "CAM_PW"), env={"CAM_PW": PASSWORD}
    )
    assert status == 0, err
    report = json.loads(out)
    assert report["device"]["model"] == "SIM-PTZ-1"
    main = report["profiles"][0]
    assert (main["encoding"], main["width"], main["height"]) == ("H264", 1280, 720)
    assert main["frame_rate"] == 25 and main["stream_uri"] == STREAMS["main"]
    assert report["ptz"] is True and report["presets"] == []
    assert "tns1:VideoSource/MotionAlarm" in report["event_topics"]


async def test_wrong_password_is_one_line_and_fails(device):
    """A refused login is one line on stderr and a non-zero exit."""
    status, out, err = await console("probe", *camera(device, "--password", "x"))
    assert status == 1 and out == ""
    assert err.strip().splitlines() == [
        f"console onvif probe: the camera refused user {USER!r}: "
        "wrong user name or password"
    ]


async def test_unreachable_is_one_line():
    """An address nobody answers on fails with a clear line."""
    status, _, err = await console(
        "probe", "--host", "127.0.0.1", "--port", "1", "--user", "u", "--password", "p"
    )
    assert status == 1
    assert "connection refused" in err and len(err.strip().splitlines()) == 1


async def test_discover_with_target(device):
    """discover --target prints the devices that answer there."""
    async with DiscoveryResponder([device]) as responder:
        status, out, err = await console(
            "discover",
            "--target",
            f"127.0.0.1:{responder.port}",
            "--timeout",
            str(seconds(0.5)),
        )
    assert status == 0, err
    (found,) = json.loads(out)
    assert (found["port"], found["name"], found["in_site"]) == (
        device.port,
        "Gate camera",
        False,
    )


async def test_add_writes_the_site(device, tmp_path):
    """add appends the camera and stores its credential."""
    site = tmp_path / "site.toml"
    status, out, err = await console(
        "add",
        *camera(device, "--password", PASSWORD),
        "--site",
        str(site),
        "--id",
        "gate",
        "--name",
        "Gate",
        env={"CONSOLE_CONFIG_DIR": str(tmp_path)},
    )
    assert status == 0, err
    assert json.loads(out)["source"] == "gate"
    assert 'credential = "gate"' in site.read_text()
    assert PASSWORD not in site.read_text()
