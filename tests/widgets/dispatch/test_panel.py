"""The dispatch panel against a real embedded hub and real terminals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.dispatch import protocol as p
from console.site import SiteLoad, parse_site
from tests.widgets.dispatch.conftest import run, until
from widgets.dispatch.onekey import DEFAULT_SUBJECT
from widgets.dispatch.records import CallRecord


def test_function_key_rings_the_group(qtbot, window, panel, terminals):
    """F1 then Enter rings the group; the board shows who answered."""
    clients, seen = terminals
    window.activateWindow()
    qtbot.waitActive(window)

    qtbot.keyClick(window, Qt.Key.Key_F1)
    until(qtbot, lambda: panel.dialog and panel.dialog.isVisible(), what="dialog")
    qtbot.keyClick(panel.dialog, Qt.Key.Key_Return)

    expected = {"t1": "answered", "t2": "answered", "t3": "declined"}
    board = panel.board
    until(
        qtbot,
        lambda: (
            board.record
            and board.record.members == expected | {"t4": "offline"}
            and board.member_state("t1") == "Answered"
        ),
        what="members answered, declined and offline",
    )
    assert board.member_state("t1") == "Answered"
    assert board.member_state("t3") == "Declined"
    assert board.member_state("t4") == "Offline"
    assert board.record.state == "connected"
    ring = next(e for e in seen["t1"] if isinstance(e, p.CallRing))
    assert (ring.priority, ring.subject) == ("high", DEFAULT_SUBJECT)


def test_emergency_toggle_rings_with_emergency_priority(
    qtbot, window, panel, terminals
):
    """Ticking Emergency in the one-key question rings as an emergency."""
    clients, seen = terminals
    panel.onekey.buttons["field"].click()
    until(qtbot, lambda: panel.dialog and panel.dialog.isVisible(), what="dialog")
    panel.dialog.emergency_box.setChecked(True)
    qtbot.keyClick(panel.dialog, Qt.Key.Key_Return)

    until(
        qtbot,
        lambda: any(isinstance(e, p.CallRing) for e in seen["t2"]),
        what="t2 rings",
    )
    ring = next(e for e in seen["t2"] if isinstance(e, p.CallRing))
    assert ring.priority == "emergency"
    until(qtbot, lambda: panel.board.record.state == "connected", what="answered")
    panel.board.end_button.click()
    until(qtbot, lambda: panel.board.record.state == "ended", what="ended")
    assert not panel.board.end_button.isEnabled()


def test_instruction_shows_delivered_then_acked(qtbot, panel, terminals):
    """An instruction to a unit shows Delivered, then Acknowledged."""
    shown: list[str | None] = []
    view = panel.instruction_view

    def on_receipt(receipt):
        shown.append(view.receipt_of(receipt.msg, "t1"))

    panel.link.receipt_received.connect(on_receipt)
    panel.on_unit_activated("t1")
    assert panel.tabs.currentWidget() is view
    qtbot.keyClicks(view.text, "Go to the tank farm")
    qtbot.keyClick(view.text, Qt.Key.Key_Return)

    until(qtbot, lambda: "Acknowledged" in shown, what="acknowledged")
    assert shown == ["Delivered", "Acknowledged"]
    record = next(iter(panel.instructions.values()))
    assert record.receipts == {"t1": "acked"}
    assert view.summary(record) == "Delivered 1/1 · acknowledged 1/1"


def test_sos_shows_the_banner_until_acknowledged(
    qtbot, window, panel, terminals, console2
):
    """An SOS flashes the banner; acknowledging sends alarm.ack."""
    clients, _ = terminals
    other, got = console2
    bar = panel.banner.parentWidget()
    assert not bar.isVisible()

    sos = clients["t2"].raise_alarm("sos", "red", "trapped in the warehouse")
    alarm = run(qtbot, sos)
    until(qtbot, lambda: bar.isVisible(), what="banner shown")
    assert "trapped in the warehouse" in panel.banner.text.text()
    assert "Hazchem team" in panel.banner.text.text()

    qtbot.mouseClick(panel.banner.ack_button, Qt.MouseButton.LeftButton)
    update = until(
        qtbot,
        lambda: next(
            (e for e in got if isinstance(e, p.AlarmUpdate) and e.alarm == alarm),
            None,
        ),
        what="cmd2 hears of the acknowledgement",
    )
    assert (update.state, update.by) == ("acknowledged", "cmd")
    assert not bar.isVisible()


@pytest.mark.expect_log("drone-cam|shared-|offline|connection refused")
def test_shared_video_opens_a_tile(qtbot, window, panel, console2):
    """video.shared from another console plays on the wall, marked."""
    other, _ = console2
    url = "rtsp://127.0.0.1:9/shared"
    run(qtbot, other.share_video("drone-cam", url, "Drone 1", ["cmd"]))

    tile = until(
        qtbot,
        lambda: next(
            (t for t in window.wall.tiles if t.source and t.source.name == "Drone 1"),
            None,
        ),
        what="a tile shows the shared video",
    )
    assert tile.source.main.location() == url
    assert str(tile.source.kind) == "drone"
    assert panel.badges.text_on(tile) == "Shared by County command"
    assert panel.badges.paint in tile._overlays
    # The mark follows the video to another tile.
    other_tile = window.wall.tiles[(tile.index + 1) % 4]
    window.wall.swap(tile.index, other_tile.index)
    assert panel.badges.text_on(other_tile) == "Shared by County command"
    assert panel.badges.text_on(tile) is None
    assert "County command" in window.statusBar().currentMessage()


@pytest.mark.expect_log("hub unreachable")
def test_reconnects_when_the_hub_restarts(qtbot, panel):
    """A hub that restarts is reconnected to and the roster reloads."""
    loads: list = []
    panel.link.roster_loaded.connect(loads.append)
    hub = panel.link.hub
    run(qtbot, hub.stop())
    until(qtbot, lambda: panel.link.state == "reconnecting", what="reconnecting")
    assert "Reconnecting" in panel.connection.text()
    # A roster asked for before the hub went away may still land: count
    # only what loads after the restart.
    loads.clear()

    run(qtbot, hub.start())
    until(
        qtbot,
        lambda: loads and panel.link.state == "connected",
        what="reconnected and roster reloaded",
        timeout=15,
    )
    assert panel.status.text().endswith("connected")


def test_site_without_console_unit_disables_the_panel(qtbot):
    """No console unit: the dock says so and the one-key buttons are off."""
    from widgets.main_window import MainWindow

    load = parse_site('[[unit]]\nid="t1"\nname="T"\nlevel="town"\n'
                      'kind="station"\ntoken="terminal-token"\n', "x.toml")  # fmt: skip
    window = MainWindow(SiteLoad(load.site, []), None)
    qtbot.addWidget(window)
    panel = window.extensions[0]
    assert panel.link is None
    assert "no console unit" in panel.connection.text()
    assert not panel.onekey.isEnabled()
    window.close()


@pytest.mark.expect_log("hub unreachable")
def test_history_shows_calls_of_earlier_sessions(qtbot, window, panel, terminals):
    """The embedded hub's earlier calls appear in a new session's history."""
    from widgets.main_window import MainWindow

    call = panel.ring("field", "high", "earlier drill")
    until(qtbot, lambda: panel.calls[call].count("answered") == 2, what="answers")
    run(qtbot, panel.stop())

    later = MainWindow(SiteLoad(window.site, []), None)
    again = later.extensions[0]
    try:
        until(qtbot, lambda: again.history.has(call), what="earlier call shown")
        _, what, detail, outcome = again.history.texts(call)
        assert (what, outcome) == ("Call", "2/4 answered")
        assert "earlier drill" in detail
    finally:
        run(qtbot, again.stop())
        later.close()


def test_emergency_call_to_this_console_flashes_until_answered(qtbot, panel, console2):
    """An emergency call ringing this console flashes; Answer answers it."""
    other, got = console2
    bar = panel.banner.parentWidget()
    call = run(
        qtbot,
        other.start_call(members=["cmd"], priority="emergency", subject="dam"),
    )
    until(qtbot, lambda: bar.isVisible(), what="banner shown")
    assert panel.banner.ack_button.text() == "Answer"
    assert "County command" in panel.banner.text.text()

    qtbot.mouseClick(panel.banner.ack_button, Qt.MouseButton.LeftButton)
    until(
        qtbot,
        lambda: any(
            isinstance(e, p.CallMember)
            and (e.call, e.unit, e.state) == (call, "cmd", "answered")
            for e in got
        ),
        what="cmd answered",
    )
    assert not bar.isVisible()


def test_a_thousand_unit_call_is_shown_in_batches(qtbot, panel):
    """Member events are shown together, not one board rebuild each."""
    record = CallRecord("big", "Flood at the dam", "high", "field", ours=True)
    panel.calls["big"] = record
    panel.board.follow(record)
    for number in range(1000):
        state = "declined" if number % 100 == 0 else "answered"
        event = p.CallMember.new(call="big", unit=f"u{number:04}", state=state)
        panel.on_call_member_changed(event)
    # Nothing rebuilt yet: the thousand events wait for one showing.
    assert panel.board.members.topLevelItemCount() == 0

    until(qtbot, lambda: panel.board.members.topLevelItemCount() == 1000)
    assert panel.board.member_state("u0000") == "Declined"
    assert panel.board.members.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole) == (
        "u0000"
    )
    assert "990 of 1000 answered" in panel.board.summary.text()
