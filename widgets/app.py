"""Starting the console: application, language, theme, site, store, window."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from console.site import Site, SiteLoad, load_site
from console.store import Store, StoreError
from widgets.tasks import finish

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Sans"]
DEFAULT_LANGUAGE = "zh_CN"


def language(args) -> str:
    return getattr(args, "lang", None) or os.environ.get(
        "CONSOLE_LANG", DEFAULT_LANGUAGE
    )


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """The console's own translation and Qt's, for ``lang``; none for en."""
    if lang == "en":
        return []
    installed = []
    ours = QTranslator(app)
    if ours.load(str(RESOURCES / "i18n" / f"console_{lang}.qm")):
        installed.append(ours)
    else:
        log.warning("no translation for %s; the interface stays English", lang)
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{lang}", qt_folder):
        installed.append(qt)
    for translator in installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(lang))
    return installed


def apply_theme(app: QApplication) -> None:
    """The dark command-hall theme: low glare, high contrast for states."""
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#11151c",
        QPalette.ColorRole.WindowText: "#d7dde6",
        QPalette.ColorRole.Base: "#0b0e13",
        QPalette.ColorRole.AlternateBase: "#161b23",
        QPalette.ColorRole.Text: "#d7dde6",
        QPalette.ColorRole.Button: "#1a212b",
        QPalette.ColorRole.ButtonText: "#d7dde6",
        QPalette.ColorRole.Highlight: "#2f6fb8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#1a212b",
        QPalette.ColorRole.ToolTipText: "#d7dde6",
        QPalette.ColorRole.PlaceholderText: "#6b7686",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    style = RESOURCES / "theme" / "dark.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    font = QFont()
    font.setFamilies(CJK_FONTS)
    font.setPointSize(10)
    app.setFont(font)


def open_store(url: str | None) -> tuple[Store | None, str | None]:
    try:
        return Store(url), None
    except StoreError as error:
        log.error("%s", error)
        return None, str(error)


GC_INTERVAL_MS = 5000
# The most closing may take: the hub's goodbye (3 s at most) and the
# cameras' (their commands 1.5 s, then unsubscribing) run side by side.
CLOSING_S = 5.0


def collect_garbage_on_gui_thread(app: QApplication) -> QTimer:
    """Run Python's cycle collector only on the GUI thread, every few seconds.

    Left automatic, the collector runs on whichever thread allocates: a
    libvlc callback, an ingest stderr reader, a qasync worker. A widget
    collected there is destroyed on the GUI thread later by Shiboken, and
    that destruction waited on a Qt mutex while holding the GIL: the
    console hung (seen in the tests, with gdb). Collecting here, on the GUI
    thread, keeps every Qt object's end on the thread that owns it.
    """
    gc.disable()
    timer = QTimer(app, interval=GC_INTERVAL_MS)
    timer.timeout.connect(gc.collect)
    timer.start()
    return timer


def run_console(args, on_shown=None) -> int:
    """Open the console window and run until it is closed.

    ``on_shown(window)`` is called once the window is on screen; the
    end-to-end tests drive the console through it.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("command-console")
    app.setApplicationDisplayName("Command console")
    collect_garbage_on_gui_thread(app)
    install_translators(app, language(args))
    apply_theme(app)

    demo = None
    if args.demo:
        demo = start_demo(args)
        if demo is None:
            return 1
    try:
        return _run_window(app, args, demo is not None, on_shown)
    finally:
        if demo is not None:
            demo.stop()


def start_demo(args):
    """Start the demo site, saying so meanwhile; None if it cannot start."""
    from console.sim.demo import DemoError, DemoSite

    notice = QLabel(
        QApplication.translate(
            "Demo",
            "Starting the demo site… Its first start prepares the cameras'"
            " pictures, which takes some seconds.",
        )
    )
    notice.setWindowFlags(Qt.WindowType.SplashScreen)
    notice.setMargin(24)
    notice.adjustSize()
    centre = QApplication.primaryScreen().availableGeometry().center()
    notice.move(centre - notice.rect().center())
    notice.show()
    QApplication.processEvents()
    demo = DemoSite()
    try:
        args.site = str(demo.start())
    except DemoError as error:
        title = QApplication.translate("Demo", "Demo site")
        QMessageBox.critical(None, title, str(error))
        return None
    finally:
        notice.close()
    return demo


def _run_window(app: QApplication, args, demo: bool, on_shown) -> int:
    from widgets.main_window import MainWindow

    load = load_site(args.site) if args.site else SiteLoad(Site(), [])
    for problem in load.problems:
        log.warning("site file: %s", problem)
    store, store_error = open_store(args.db)
    # The loop exists before the window: what the window's parts start while
    # it is built (reading a dome's presets) waits on it and runs with it.
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow(load, store)
    if store_error:
        window.statusBar().showMessage(store_error)
    start_wall(window, args, demo)
    # Without a window manager (a kiosk X session) maximizing does nothing;
    # the screen's geometry does the same there.
    window.setGeometry(window.screen().availableGeometry())
    window.showMaximized()
    window.screens.open_screens()
    # A view's wall for a missing screen was opened before the main window.
    window.screens.raise_fallbacks()
    if on_shown is not None:
        QTimer.singleShot(0, lambda: on_shown(window))

    # Python handles SIGINT/SIGTERM only when it runs; a timer lets it.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: window.close())
    pulse = QTimer(interval=200)
    pulse.timeout.connect(lambda: None)
    pulse.start()
    run_event_loop(app, loop)
    if store is not None:
        store.close()
    return 0


def run_event_loop(app: QApplication, loop: qasync.QEventLoop) -> None:
    """Run Qt's event loop with asyncio inside it, until the app quits.

    The dispatch client and the ONVIF client are asyncio code; qasync runs
    their coroutines on the GUI thread, between Qt's events, so they may
    touch widgets directly.
    """
    quitting = asyncio.Event()
    app.aboutToQuit.connect(quitting.set)
    with loop:
        loop.run_until_complete(quitting.wait())
        loop.run_until_complete(finish_tasks())
    asyncio.set_event_loop(None)


async def finish_tasks(timeout: float = CLOSING_S) -> None:
    """Let closing work finish (hub goodbyes, ONVIF unsubscribes), then cancel.

    Parts started their shutdown when the window closed; a few seconds
    let them say goodbye to the hub and the cameras. This is the one
    deadline of closing: the parts' own patience fits inside it. What
    still runs then is cancelled and awaited, so nothing is destroyed
    while pending.
    """
    current = asyncio.current_task()
    await finish([t for t in asyncio.all_tasks() if t is not current], timeout)


def start_wall(window, args, demo: bool) -> None:
    """The wall the console opens with: a view, a layout, or the demo's."""
    if args.view and window.store is not None:
        window.open_view(args.view)
        return
    if demo:
        window.set_layout(args.layout or 16)
        for index, source in enumerate(window.site.sources[:16]):
            window.wall.assign(index, source)
    elif args.layout:
        window.set_layout(args.layout)
