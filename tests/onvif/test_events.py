"""PullPoint events from the simulated camera, through loss and renewal."""

from __future__ import annotations

import pytest
from lxml import etree

from console.onvif.client import OnvifClient
from console.onvif.events import EventSubscription, parse_notification
from console.sim.onvif_device import MOTION, TAMPER
from tests.onvif.conftest import PASSWORD, USER, eventually, make_device

LINE = "tns1:RuleEngine/LineDetector/Crossed"
FIELD = "tns1:RuleEngine/FieldDetector/ObjectsInside"


def subscribe(device, events, **options) -> EventSubscription:
    client = OnvifClient("127.0.0.1", device.port, USER, PASSWORD, timeout=2)
    options = {"pull_timeout": 0.5, "backoff": 0.05, "max_backoff": 0.2, **options}
    return EventSubscription(client, events.append, camera_id="gate", **options)


def changes(events, topic):
    return [e for e in events if e.topic == topic and e.operation == "Changed"]


async def test_events_arrive_as_camera_events(device):
    """Motion, tamper, line and field events become CameraEvents."""
    events = []
    subscription = subscribe(device, events)
    await subscription.start()
    try:
        await eventually(lambda: subscription.live, what="subscribed")
        await eventually(lambda: len(events) == 2, what="initial states")
        assert {e.operation for e in events} == {"Initialized"}
        device.trigger(MOTION, True)
        device.trigger(TAMPER, True)
        device.trigger(LINE, 7)
        device.trigger(FIELD, True)
        await eventually(lambda: len(events) == 6, what="four events")
    finally:
        await subscription.stop()
    motion, tamper, line, field = events[2:]
    assert (motion.camera_id, motion.kind, motion.state) == ("gate", "motion", True)
    assert motion.data["Source"] == "vsc0"
    assert (tamper.kind, tamper.state) == ("tamper", True)
    assert (line.kind, line.state, line.data["ObjectId"]) == ("line_crossed", True, "7")
    assert (field.kind, field.state) == ("intrusion", True)
    assert motion.time.tzinfo is not None


async def test_stop_unsubscribes(device):
    """Stopping ends the subscription on the camera."""
    subscription = subscribe(device, [])
    await subscription.start()
    await eventually(lambda: device.subscriptions, what="subscribed")
    await subscription.stop()
    assert device.subscriptions == {}
    assert "Unsubscribe" in device.requests


async def test_subscription_is_renewed_before_it_ends():
    """A short-lived subscription is renewed and keeps delivering."""
    events = []
    async with make_device(subscription_max=1.0) as device:
        subscription = subscribe(device, events)
        await subscription.start()
        try:
            await eventually(lambda: device.requests.count("Renew") >= 3, what="renew")
            device.trigger(MOTION, True)
            await eventually(lambda: changes(events, MOTION), what="event after renew")
            assert subscription.subscriptions == 1
        finally:
            await subscription.stop()


@pytest.mark.expect_log(r"events lost: cannot reach")
async def test_resubscribes_after_camera_restart():
    """A camera that goes away and comes back is subscribed again."""
    events, status = [], []
    first = make_device()
    async with first:
        port = first.port
        subscription = subscribe(first, events, on_status=status.append)
        await subscription.start()
        await eventually(lambda: subscription.live, what="subscribed")
    try:
        await eventually(lambda: not subscription.live, what="lost")
        async with make_device(port=port) as second:
            await eventually(lambda: subscription.subscriptions == 2, what="again")
            second.trigger(MOTION, True)
            await eventually(lambda: changes(events, MOTION), what="event")
    finally:
        await subscription.stop()
    assert status[:3] == [True, False, True]


def test_notification_as_xml_element():
    """A message zeep left as XML is read the same way."""
    message = etree.fromstring(
        '<tt:Message xmlns:tt="http://www.onvif.org/ver10/schema" '
        'UtcTime="2024-05-01T08:00:00Z" PropertyOperation="Changed">'
        '<tt:Source><tt:SimpleItem Name="Source" Value="vs1"/></tt:Source>'
        '<tt:Data><tt:SimpleItem Name="IsMotion" Value="false"/></tt:Data>'
        "</tt:Message>"
    )
    event = parse_notification(
        "yard",
        {
            "Topic": {"_value_1": "tns1:RuleEngine/CellMotionDetector/Motion"},
            "Message": {"_value_1": message},
        },
    )
    assert (event.kind, event.state, event.data["Source"]) == ("motion", False, "vs1")
    assert event.time.year == 2024
