"""The dispatch panel speaks Simplified Chinese through its own .ts/.qm."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from widgets.dispatch.i18n import FOLDER

ROOT = Path(__file__).parents[3]
TS = FOLDER / "dispatch_zh_CN.ts"
TOOLS = ROOT / ".venv" / "bin"


def test_every_dispatch_string_is_translated(tmp_path):
    """lupdate over widgets/dispatch finds no string left untranslated."""
    ts = tmp_path / "check.ts"
    shutil.copy(TS, ts)
    sources = sorted(str(p) for p in (ROOT / "widgets" / "dispatch").glob("*.py"))
    lupdate = str(TOOLS / "pyside6-lupdate")
    subprocess.run(
        [lupdate, "-silent", "-locations", "none", *sources, "-ts", str(ts)],
        check=True,
    )
    untranslated = [
        message.find("source").text
        for message in ET.parse(ts).iter("message")
        if message.find("translation").get("type") in ("unfinished", "vanished")
    ]
    assert untranslated == [], "run widgets/dispatch/i18n/update and translate"


def test_compiled_dispatch_translation_is_current(tmp_path):
    """The committed .qm is what lrelease makes of the committed .ts."""
    qm = tmp_path / "check.qm"
    lrelease = str(TOOLS / "pyside6-lrelease")
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(qm)], check=True)
    assert qm.read_bytes() == TS.with_suffix(".qm").read_bytes()
