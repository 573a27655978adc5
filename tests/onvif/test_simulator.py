"""The simulated camera, checked with onvif-zeep-async's own calls.

These use the library directly, not the console's client, so that a mistake
the client and the simulator share would still show here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from onvif import ONVIFCamera
from zeep.exceptions import Fault

from console.sim.onvif_device import MOTION, parse_duration
from tests.onvif.conftest import PASSWORD, STREAMS, USER, eventually, make_device


@pytest.fixture
async def camera(device):
    camera = ONVIFCamera("127.0.0.1", device.port, USER, PASSWORD, no_cache=True)
    try:
        await camera.update_xaddrs()
        yield camera
    finally:
        await camera.close()


async def test_services_are_listed(camera, device):
    """GetServices gives every service's address on the device's port."""
    assert set(camera.xaddrs) == {
        "http://www.onvif.org/ver10/device/wsdl",
        "http://www.onvif.org/ver10/media/wsdl",
        "http://www.onvif.org/ver10/events/wsdl",
        "http://www.onvif.org/ver20/ptz/wsdl",
    }
    assert all(f":{device.port}/onvif/" in x for x in camera.xaddrs.values())


async def test_device_information_and_capabilities(camera):
    """Device information and capabilities parse as the schema says."""
    devicemgmt = await camera.create_devicemgmt_service()
    info = await devicemgmt.GetDeviceInformation()
    assert (info.Manufacturer, info.Model) == ("Console Simulator", "SIM-PTZ-1")
    capabilities = await camera.get_capabilities()
    assert capabilities["Events"]["WSPullPointSupport"] is True
    assert capabilities["Media"]["StreamingCapabilities"]["RTP_RTSP_TCP"] is True
    scopes = await devicemgmt.GetScopes()
    assert "onvif://www.onvif.org/name/Gate%20camera" in [s.ScopeItem for s in scopes]


async def test_profiles_and_stream_uris(camera):
    """Main 1280x720 and sub 640x360 H.264 profiles serve the given URLs."""
    media = await camera.create_media_service()
    profiles = await media.GetProfiles()
    sizes = [
        (
            p.VideoEncoderConfiguration.Resolution.Width,
            p.VideoEncoderConfiguration.Resolution.Height,
        )
        for p in profiles
    ]
    assert sizes == [(1280, 720), (640, 360)]
    assert profiles[0].VideoEncoderConfiguration.Encoding == "H264"
    uris = []
    for profile in profiles:
        reply = await media.GetStreamUri(
            {
                "StreamSetup": {
                    "Stream": "RTP-Unicast",
                    "Transport": {"Protocol": "RTSP"},
                },
                "ProfileToken": profile.token,
            }
        )
        uris.append(reply.Uri)
    assert uris == [STREAMS["main"], STREAMS["sub"]]
    sources = await media.GetVideoSources()
    assert sources[0].Resolution.Width == 1280


async def test_continuous_move_changes_position_over_time(camera, device):
    """A continuous move runs until Stop; the position follows."""
    ptz = await camera.create_ptz_service()
    nodes = await ptz.GetNodes()
    assert nodes[0].MaximumNumberOfPresets == 32
    await ptz.ContinuousMove(
        {"ProfileToken": "profile_main", "Velocity": {"PanTilt": {"x": 1, "y": 0}}}
    )
    await eventually(lambda: device.position[0] > 0.05, what="pan moving")
    status = await ptz.GetStatus({"ProfileToken": "profile_main"})
    assert status.MoveStatus.PanTilt == "MOVING"
    await ptz.Stop({"ProfileToken": "profile_main", "PanTilt": True, "Zoom": True})
    stopped = device.position
    status = await ptz.GetStatus({"ProfileToken": "profile_main"})
    assert status.MoveStatus.PanTilt == "IDLE"
    assert status.Position.PanTilt.x == pytest.approx(stopped[0], abs=1e-3)


async def test_presets_round_trip(camera, device):
    """SetPreset, GetPresets, GotoPreset and RemovePreset agree."""
    ptz = await camera.create_ptz_service()
    await ptz.AbsoluteMove(
        {
            "ProfileToken": "profile_main",
            "Position": {"PanTilt": {"x": 0.3, "y": -0.2}, "Zoom": {"x": 0.5}},
        }
    )
    await eventually(lambda: device.position == (0.3, -0.2, 0.5), what="arrive")
    token = await ptz.SetPreset({"ProfileToken": "profile_main", "PresetName": "Gate"})
    presets = await ptz.GetPresets({"ProfileToken": "profile_main"})
    assert [(p.token, p.Name) for p in presets] == [(token, "Gate")]
    assert presets[0].PTZPosition.PanTilt.x == pytest.approx(0.3)
    await ptz.RelativeMove(
        {
            "ProfileToken": "profile_main",
            "Translation": {"PanTilt": {"x": -0.3, "y": 0}},
        }
    )
    await eventually(lambda: device.position[0] == pytest.approx(0.0), what="step")
    await ptz.GotoPreset({"ProfileToken": "profile_main", "PresetToken": token})
    await eventually(lambda: device.position[0] == pytest.approx(0.3), what="goto")
    await ptz.RemovePreset({"ProfileToken": "profile_main", "PresetToken": token})
    assert await ptz.GetPresets({"ProfileToken": "profile_main"}) == []


async def test_pullpoint_manager_receives_triggered_events(camera, device):
    """The library's PullPoint manager subscribes and pulls a motion event."""
    manager = await camera.create_pullpoint_manager(
        dt.timedelta(seconds=60), lambda: None
    )
    try:
        pullpoint = manager.get_service()
        initial = await pullpoint.PullMessages(
            {"Timeout": dt.timedelta(seconds=1), "MessageLimit": 10}
        )
        assert {
            m.Message._value_1.PropertyOperation for m in initial.NotificationMessage
        } == {"Initialized"}
        device.trigger(MOTION, True)
        reply = await pullpoint.PullMessages(
            {"Timeout": dt.timedelta(seconds=5), "MessageLimit": 10}
        )
        (message,) = reply.NotificationMessage
        assert message.Topic._value_1 == MOTION
        assert message.Message._value_1.Data.SimpleItem[0].Value == "true"
    finally:
        await manager.shutdown()
    assert device.subscriptions == {}


async def test_wrong_password_is_not_authorized():
    """A wrong password gets a ter:NotAuthorized fault."""
    async with make_device() as device:
        camera = ONVIFCamera("127.0.0.1", device.port, USER, "wrong", no_cache=True)
        try:
            with pytest.raises(Fault) as fault:
                await camera.update_xaddrs()
            assert [q.localname for q in fault.value.subcodes] == ["NotAuthorized"]
        finally:
            await camera.close()


async def test_skewed_clock_refuses_unless_time_adjusted():
    """A device an hour ahead refuses our timestamps; adjust_time copes."""
    async with make_device(clock_offset=3600) as device:
        for adjust, refused in ((False, True), (True, False)):
            camera = ONVIFCamera(
                "127.0.0.1",
                device.port,
                USER,
                PASSWORD,
                no_cache=True,
                adjust_time=adjust,
            )
            try:
                if refused:
                    with pytest.raises(Fault):
                        await camera.update_xaddrs()
                else:
                    await camera.update_xaddrs()
                    assert abs(camera.dt_diff.total_seconds() - 3600) < 5
            finally:
                await camera.close()


def test_durations():
    """xs:duration values parse to seconds."""
    assert parse_duration("PT10S") == 10
    assert parse_duration("PT1M30.5S") == 90.5
    assert parse_duration("P1DT1H") == 90000


async def test_subscription_expires_unless_renewed(camera, device):
    """A subscription past its termination time is gone."""
    events = await camera.create_events_service()
    reply = await events.CreatePullPointSubscription({"InitialTerminationTime": "PT1S"})
    assert (reply.TerminationTime - reply.CurrentTime).total_seconds() == 1
    camera.xaddrs["http://www.onvif.org/ver10/events/wsdl/PullPointSubscription"] = (
        reply.SubscriptionReference.Address._value_1
    )
    subscription = await camera.create_subscription_service("PullPointSubscription")
    ended = reply.TerminationTime + dt.timedelta(seconds=1)
    await eventually(lambda: device.device_now() > ended, what="end")
    with pytest.raises(Fault, match="no such subscription"):
        await subscription.Renew({"TerminationTime": "PT10S"})


async def test_scheduled_motion_alarms():
    """A motion schedule raises motion and clears it again."""
    async with make_device(motion_every=0.2) as device:
        camera = ONVIFCamera("127.0.0.1", device.port, USER, PASSWORD, no_cache=True)
        try:
            await camera.update_xaddrs()
            manager = await camera.create_pullpoint_manager(
                dt.timedelta(seconds=60), lambda: None
            )
            values = []
            pullpoint = manager.get_service()
            for _ in range(10):
                reply = await pullpoint.PullMessages(
                    {"Timeout": dt.timedelta(seconds=1), "MessageLimit": 10}
                )
                values += [
                    m.Message._value_1.Data.SimpleItem[0].Value
                    for m in reply.NotificationMessage
                    if m.Topic._value_1 == MOTION
                    and m.Message._value_1.PropertyOperation == "Changed"
                ]
                if values[:2] == ["true", "false"]:
                    break
            assert values[:2] == ["true", "false"]
            await manager.shutdown()
        finally:
            await camera.close()
