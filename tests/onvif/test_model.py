"""Choosing streams and reading topic sets, without a camera."""

from __future__ import annotations

import pytest
from lxml import etree

from console.onvif.errors import NoStream
from console.onvif.model import Profile, choose_streams, topics


def streaming(token, width, height, fps=25.0) -> Profile:
    return Profile(
        token, token, "H264", width, height, fps, stream_uri=f"rtsp://x/{token}"
    )


PROFILES = [
    streaming("mid", 1280, 720),
    streaming("big", 1920, 1080),
    streaming("small", 640, 360),
    Profile("audio", "audio"),
]


def test_largest_is_main_smallest_is_sub():
    """Main is the largest streaming profile, sub the smallest."""
    main, sub = choose_streams(PROFILES)
    assert (main.token, sub.token) == ("big", "small")


def test_operator_override():
    """An operator's choice of profile wins."""
    main, sub = choose_streams(PROFILES, main="mid", sub="mid")
    assert main.token == "mid" and sub is None


def test_override_must_exist_and_stream():
    """Choosing a profile that is missing or has no stream is refused."""
    with pytest.raises(NoStream, match="no such profile"):
        choose_streams(PROFILES, main="nope")
    with pytest.raises(NoStream, match="'audio' has no video stream"):
        choose_streams(PROFILES, sub="audio")


def test_single_profile_has_no_sub():
    """A camera with one stream has no sub-stream."""
    main, sub = choose_streams([streaming("only", 800, 600)])
    assert main.token == "only" and sub is None


def test_no_stream_at_all():
    """A camera with no streaming profile is refused."""
    with pytest.raises(NoStream, match="audio: no encoder"):
        choose_streams([Profile("audio", "audio")])


def test_topic_paths():
    """Topic paths keep the root prefix and skip message descriptions."""
    xml = (
        '<t xmlns:tns1="http://www.onvif.org/ver10/topics" '
        'xmlns:wstop="http://docs.oasis-open.org/wsn/t-1" '
        'xmlns:tt="http://www.onvif.org/ver10/schema">'
        '<tns1:VideoSource><MotionAlarm wstop:topic="true">'
        "<tt:MessageDescription/></MotionAlarm></tns1:VideoSource>"
        '<tns1:RuleEngine><LineDetector><Crossed wstop:topic="true"/>'
        "</LineDetector></tns1:RuleEngine></t>"
    )
    root = etree.fromstring(xml)
    assert topics(list(root)) == [
        "tns1:VideoSource/MotionAlarm",
        "tns1:RuleEngine/LineDetector/Crossed",
    ]
