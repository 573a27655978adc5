"""The add-camera dialog against a simulated camera and a real site file."""

from __future__ import annotations

from console.site import load_site
from tests.widgets.cameras.conftest import PASSWORD, USER, cameras, run


def dialog_on(console, qtbot, device, password=PASSWORD):
    dialog = cameras(console).add_camera()
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(device.port)
    dialog.user.setText(USER)
    dialog.password.setText(password)
    return dialog


def test_discovery_lists_the_simulated_cameras(console, fleet, qtbot):
    """Discovery at the responder lists every camera, marking the site's."""
    dialog = cameras(console).add_camera()
    dialog.target.setText(f"127.0.0.1:{fleet.discovery_port}")
    dialog.discover_button.click()
    assert dialog.busy_bar.isVisible()
    run(qtbot, dialog.work)
    assert not dialog.busy_bar.isVisible()
    rows = {
        dialog.found.item(r, 0).text(): dialog.found.item(r, 3).text()
        for r in range(dialog.found.rowCount())
    }
    gate, dome, new = fleet.devices
    assert rows[f"127.0.0.1:{gate.port}"] == "gate"
    assert rows[f"127.0.0.1:{dome.port}"] == "dome"
    assert rows[f"127.0.0.1:{new.port}"] == ""
    row = next(
        r
        for r in range(dialog.found.rowCount())
        if dialog.found.item(r, 0).text().endswith(str(new.port))
    )
    dialog.found.selectRow(row)
    assert dialog.port.value() == new.port
    assert dialog.source_name.text() == "New camera"


def test_probe_and_add_appends_a_valid_source(console, fleet, qtbot, site_file):
    """Probing shows the profiles; adding writes a source the site loads."""
    new = fleet.devices[2]
    dialog = dialog_on(console, qtbot, new)
    dialog.probe_button.click()
    run(qtbot, dialog.work)
    assert dialog.message.text().startswith("The camera answers")
    assert dialog.profiles.rowCount() == 2
    assert dialog.profiles.item(0, 3).text() == "1280×720"
    assert dialog.main_profile.currentData() == "profile_main"
    assert dialog.sub_profile.currentData() == "profile_sub"
    assert dialog.add_button.isEnabled()

    dialog.source_id.setText("new-cam")
    dialog.source_name.setText("东门 新摄像机")
    dialog.add_button.click()
    run(qtbot, dialog.work)
    assert "added to the site as new-cam" in dialog.message.text()

    load = load_site(site_file)
    assert load.problems == []
    source = load.site.source("new-cam")
    assert source.onvif.port == new.port and source.ptz
    assert source.name == "东门 新摄像机"
    assert source.password is None and source.credential == "new-cam"
    assert console.site.source("new-cam") is not None
    assert "new-cam" in console.tree._items
    # The new camera's events are watched at once.
    assert "new-cam" in cameras(console).watch.subscriptions


def test_wrong_password_is_told(console, fleet, qtbot):
    """A refused password says so, and nothing can be added."""
    dialog = dialog_on(console, qtbot, fleet.devices[2], password="nope")
    dialog.probe_button.click()
    run(qtbot, dialog.work)
    assert dialog.message.text() == (
        f"The camera refused user {USER}: the user name or password is wrong."
    )
    assert not dialog.add_button.isEnabled()
    assert dialog.clock_button.isHidden()


def test_clock_skew_is_told_and_corrected(console, fleet, qtbot):
    """A camera an hour ahead is told as such; the button sets its clock."""
    new = fleet.devices[2]
    new.clock_offset = 3600.0
    dialog = dialog_on(console, qtbot, new)
    dialog.probe_button.click()
    run(qtbot, dialog.work)
    assert "60 min ahead" in dialog.message.text()
    assert not dialog.clock_button.isHidden()
    dialog.clock_button.click()
    run(qtbot, dialog.work)
    assert abs(new.clock_offset) < 5
    assert dialog.message.text().startswith("The camera answers")


def test_unreachable_camera_is_told(console, fleet, qtbot):
    """Nothing listening at the address is told plainly."""
    from tests.support import free_port

    dialog = dialog_on(console, qtbot, fleet.devices[2])
    dialog.port.setValue(free_port())
    dialog.probe_button.click()
    run(qtbot, dialog.work)
    assert dialog.message.text().startswith("Cannot reach 127.0.0.1:")
