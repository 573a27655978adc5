"""The console's ONVIF client against the simulated camera over real HTTP."""

from __future__ import annotations

import socket

import pytest

from console.onvif.client import OnvifClient
from console.onvif.errors import (
    ClockSkew,
    NoStream,
    Unreachable,
    WrongPassword,
)
from console.sim.onvif_device import SimProfile, default_profiles
from tests.onvif.conftest import PASSWORD, STREAMS, USER, make_device
from tests.support import free_port, seconds


def client(device, password=PASSWORD, **options) -> OnvifClient:
    return OnvifClient("127.0.0.1", device.port, USER, password, **options)


async def test_probe_reports_the_camera(device):
    """A probe gives device information, profiles, streams, PTZ and topics."""
    async with client(device) as camera:
        probe = await camera.probe()
    assert probe.device.model == "SIM-PTZ-1"
    assert abs(probe.clock_offset) < 2
    main, sub = probe.profiles
    assert (main.encoding, main.width, main.height) == ("H264", 1280, 720)
    assert (sub.width, sub.height, sub.frame_rate) == (640, 360, 25)
    assert [main.stream_uri, sub.stream_uri] == [STREAMS["main"], STREAMS["sub"]]
    assert (probe.main, probe.sub) == ("profile_main", "profile_sub")
    assert probe.ptz is True
    assert "tns1:VideoSource/MotionAlarm" in probe.event_topics
    assert "tns1:RuleEngine/LineDetector/Crossed" in probe.event_topics


async def test_camera_without_ptz():
    """A fixed camera reports no PTZ and refuses PTZ calls clearly."""
    async with make_device(ptz=False) as device, client(device) as camera:
        probe = await camera.probe()
        assert probe.ptz is False and probe.presets == []
        with pytest.raises(Exception, match="no PTZ service"):
            await camera.stop("profile_main")


async def test_wrong_password():
    """A wrong password is reported as such, not as a clock problem."""
    async with make_device() as device:
        with pytest.raises(WrongPassword, match="wrong user name or password"):
            await client(device, password="guess").connect()


async def test_wrong_password_answered_with_http_401():
    """A camera that answers 401 instead of a fault means the same."""
    async with make_device(auth_failure="http") as device:
        with pytest.raises(WrongPassword):
            await client(device, password="guess").connect()


async def test_password_never_in_errors_or_repr():
    """Neither the error text nor the client's repr holds the password."""
    async with make_device() as device:
        camera = client(device, password="Tr0ub4dor&3")
        with pytest.raises(WrongPassword) as error:
            await camera.connect()
    assert "Tr0ub4dor" not in str(error.value) + repr(camera)


async def test_clock_skew_detected_and_corrected_by_offset():
    """A camera an hour ahead is a clock skew; signing with its offset works."""
    async with make_device(clock_offset=3600) as device:
        camera = client(device)
        with pytest.raises(ClockSkew, match="60 min ahead") as error:
            await camera.connect()
        assert error.value.offset == pytest.approx(3600, abs=2)
        try:
            assert await camera.correct_clock("offset") == pytest.approx(3600, abs=2)
            assert (await camera.device_information()).model == "SIM-PTZ-1"
        finally:
            await camera.close()
        assert device.clock_offset == 3600


async def test_clock_skew_corrected_on_the_device():
    """correct_clock("device") sets the camera's clock; plain signing works."""
    async with make_device(clock_offset=-900) as device:
        camera = client(device)
        try:
            assert await camera.correct_clock("device") == pytest.approx(-900, abs=2)
            assert abs(device.clock_offset) < 2
            assert camera.adjust_time is False
            assert (await camera.device_information()).model == "SIM-PTZ-1"
        finally:
            await camera.close()
        async with client(device) as fresh:
            assert abs(await fresh.clock_offset()) < 2


async def test_profile_without_a_stream():
    """A profile without an encoder says so; the others still stream."""
    profiles = [*default_profiles(), SimProfile("profile_meta", "metadata", 0, 0)]
    async with make_device(profiles=profiles) as device, client(device) as camera:
        with pytest.raises(NoStream, match="profile 'profile_meta' has no video"):
            await camera.stream_uri("profile_meta")
        probe = await camera.probe()
    meta = probe.profile("profile_meta")
    assert meta.stream_uri is None and "no video encoder" in meta.stream_error
    assert (probe.main, probe.sub) == ("profile_main", "profile_sub")


async def test_connection_refused():
    """Nothing listening is reported as a refused connection."""
    camera = OnvifClient("127.0.0.1", free_port(), USER, PASSWORD)
    with pytest.raises(Unreachable, match="connection refused"):
        await camera.connect()


async def test_unknown_host_name():
    """A host name that does not resolve is reported as unknown."""
    camera = OnvifClient("camera.invalid", 80, USER, PASSWORD, timeout=seconds(5))
    with pytest.raises(Unreachable, match="host name 'camera.invalid' is not"):
        await camera.connect()


async def test_no_answer_times_out():
    """A port that accepts but never answers times out."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        camera = OnvifClient("127.0.0.1", port, USER, PASSWORD, timeout=0.3)
        with pytest.raises(Unreachable, match="no answer within 0.3 s"):
            await camera.connect()
