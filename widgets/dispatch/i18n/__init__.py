"""The dispatch panel's own translations, beside the console's.

WORKAROUND(scripts/translations): it runs lupdate over ``widgets/*.py``
only, so strings in ``widgets/dispatch/`` never reach
``resources/i18n/console_zh_CN.ts`` (and would count as vanished there).
Until it reads subfolders, ``widgets/dispatch/i18n/update`` keeps this
folder's .ts and .qm, and the panel installs them when the console runs
in a translated language.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

FOLDER = Path(__file__).resolve().parent
_installed: list[QTranslator] = []


def install_translator() -> QTranslator | None:
    """Install the panel's translation when the console's own is active."""
    app = QCoreApplication.instance()
    if app is None or _installed:
        return None
    # The console installs its translator only for a language it has.
    if QCoreApplication.translate("Names", "Enterprise") == "Enterprise":
        return None
    translator = QTranslator(app)
    language = QLocale().name()
    if not translator.load(str(FOLDER / f"dispatch_{language}.qm")):
        log.warning("no dispatch translation for %s", language)
        return None
    app.installTranslator(translator)
    _installed.append(translator)
    return translator
