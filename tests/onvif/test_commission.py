"""Adding a simulated camera to a site file."""

from __future__ import annotations

import stat

import pytest

from console.onvif.commission import CommissionError, append_source, commission
from console.onvif.errors import ClockSkew
from console.site.loader import load_site
from tests.onvif.conftest import PASSWORD, STREAMS, USER, make_device

SITE = """# North district site: keep this comment
[site]
name = "North"

[[source]]   # the old camera
id = "yard"
name = "Yard"
kind = "camera"
level = "city"
main = "rtsp://10.0.0.2/main"
"""


@pytest.fixture
def site_file(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(SITE, encoding="utf-8")
    path.chmod(0o640)
    return path


async def test_commission_appends_a_source(device, store, site_file):
    """The camera's entry is appended; comments and password stay out."""
    added = await commission(
        "127.0.0.1",
        device.port,
        USER,
        PASSWORD,
        source_id="gate",
        name="北门 Gate",
        level="county",
        group="North",
        site_file=site_file,
    )
    text = site_file.read_text(encoding="utf-8")
    assert text.startswith(SITE) and text.endswith(added.block)
    assert PASSWORD not in text and USER not in text
    assert stat.S_IMODE(site_file.stat().st_mode) == 0o640
    load = load_site(site_file)
    assert load.problems == []
    gate = load.site.source("gate")
    assert (gate.name, gate.kind, gate.level) == ("北门 Gate", "ptz_dome", "county")
    assert gate.main.location() == STREAMS["main"]
    assert gate.sub.location() == STREAMS["sub"]
    assert (gate.credential, gate.ptz) == ("gate", True)
    assert (gate.onvif.port, gate.onvif.profile) == (device.port, "profile_main")
    assert store.get("gate").password == PASSWORD


async def test_operator_overrides_streams(device, store):
    """Choosing the sub profile as main is honoured; no site file needed."""
    added = await commission(
        "127.0.0.1",
        device.port,
        USER,
        PASSWORD,
        source_id="gate",
        main_profile="profile_sub",
        sub_profile="profile_sub",
        store=store,
    )
    assert added.source.main.location() == STREAMS["sub"]
    assert added.source.sub is None


async def test_taken_id_is_refused_before_storing(device, store, site_file):
    """An id already in the site is refused and nothing is stored."""
    with pytest.raises(CommissionError, match="already has a source 'yard'"):
        await commission(
            "127.0.0.1",
            device.port,
            USER,
            PASSWORD,
            source_id="yard",
            site_file=site_file,
        )
    assert store.names() == [] and site_file.read_text() == SITE


async def test_skewed_camera_with_adjust_time(store):
    """A skewed camera is refused until commissioned with adjust_time."""
    async with make_device(clock_offset=-600) as device:
        with pytest.raises(ClockSkew):
            await commission("127.0.0.1", device.port, USER, PASSWORD, store=store)
        added = await commission(
            "127.0.0.1", device.port, USER, PASSWORD, store=store, adjust_time=True
        )
    assert store.get(added.credential).options == {"adjust_time": True}


def test_append_refuses_broken_site(tmp_path):
    """A site file that is not TOML is left alone."""
    path = tmp_path / "broken.toml"
    path.write_text("[[source]\n")
    block = (
        '[[source]]\nid = "a"\nname = "A"\nkind = "camera"\n'
        'level = "city"\nmain = "rtsp://x/y"\n'
    )
    with pytest.raises(CommissionError, match="not valid TOML"):
        append_source(path, block)
    assert path.read_text() == "[[source]\n"
