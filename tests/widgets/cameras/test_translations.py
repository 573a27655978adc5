"""The camera part speaks Simplified Chinese through its own translation."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from widgets.cameras import i18n

ROOT = Path(__file__).parents[3]
TOOLS = ROOT / ".venv" / "bin"
TS = i18n.FOLDER / "cameras_zh_CN.ts"


def test_every_camera_string_is_translated(tmp_path):
    """lupdate over widgets/cameras finds no string without Chinese."""
    ts = tmp_path / "check.ts"
    shutil.copy(TS, ts)
    sources = sorted(str(p) for p in (ROOT / "widgets" / "cameras").glob("*.py"))
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), "-silent", "-locations", "none",
         *sources, "-ts", str(ts)],
        check=True,
    )  # fmt: skip
    untranslated = [
        message.find("source").text
        for message in ET.parse(ts).iter("message")
        if message.find("translation").get("type") in ("unfinished", "vanished")
    ]
    assert untranslated == [], "run widgets/cameras/i18n/update and translate"


def test_compiled_translation_is_current(tmp_path):
    """The committed .qm is what lrelease makes of the committed .ts."""
    qm = tmp_path / "check.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)],
        check=True,
    )
    assert qm.read_bytes() == TS.with_suffix(".qm").read_bytes()


def test_professional_words(qapp):
    """Alarms and PTZ use the command centre's words."""
    translator = QTranslator(qapp)
    assert translator.load(str(TS.with_suffix(".qm")))
    qapp.installTranslator(translator)
    try:
        say = QCoreApplication.translate
        assert say("CameraNames", "Motion detected") == "移动侦测"
        assert say("CameraNames", "Area intrusion") == "区域入侵"
        assert say("TilePtz", "PTZ held by %1") == "云台被 %1 占用"
        assert say("CameraPart", "Add camera…") == "添加摄像机…"
    finally:
        qapp.removeTranslator(translator)
