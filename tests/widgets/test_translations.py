"""Simplified Chinese by default, through Qt's translation system."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from widgets.app import RESOURCES, install_translators

ROOT = Path(__file__).parents[2]
TS = RESOURCES / "i18n" / "console_zh_CN.ts"
TOOLS = ROOT / ".venv" / "bin"


def test_every_string_is_translated(tmp_path):
    """lupdate over the widgets finds no string without a Chinese translation."""
    ts = tmp_path / "check.ts"
    shutil.copy(TS, ts)
    widgets = sorted(str(p) for p in (ROOT / "widgets").rglob("*.py"))
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), "-silent", "-locations", "none",
         *widgets, "-ts", str(ts)],
        check=True,
    )  # fmt: skip
    untranslated = [
        message.find("source").text
        for message in ET.parse(ts).iter("message")
        if message.find("translation").get("type") in ("unfinished", "vanished")
    ]
    assert untranslated == [], "run scripts/translations and translate these"


def test_compiled_translation_is_current(tmp_path):
    """The committed .qm is what lrelease makes of the committed .ts."""
    qm = tmp_path / "check.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)],
        check=True,
    )
    assert qm.read_bytes() == TS.with_suffix(".qm").read_bytes()


def test_chinese_is_installed(qapp):
    """With zh_CN the interface's words come out in Chinese."""
    translators = install_translators(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("Names", "Enterprise") == "企业"
        assert QCoreApplication.translate("TileWidget", "Drag a source here") == (
            "将视频源拖到此处"
        )
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
