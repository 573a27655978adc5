"""The Python and PySide6 combination works where users run it.

PySide6 6.12.0 on CPython 3.11 (Debian 12's Python) crashed with reference
count errors ("deallocating None") when a Qt signal was emitted from a
foreign thread, and under qasync with a websockets client. These tests run
both in a fresh interpreter, so a version that brings the crash back fails.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import PySide6

from tests.support import seconds

KNOWN_BAD = {(3, 11): {"6.12.0"}}


def run_snippet(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-X", "dev", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=seconds(60),
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )


def test_pyside_version_is_not_known_bad_for_this_python():
    """The installed PySide6 is not one that crashed on this Python."""
    bad = KNOWN_BAD.get(sys.version_info[:2], set())
    assert PySide6.__version__ not in bad


def test_signal_from_foreign_thread_survives():
    """Thousands of signals emitted from plain threads reach the GUI thread."""
    result = run_snippet(
        """
        import threading
        from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

        class Source(QObject):
            ticked = Signal(int)

        app = QCoreApplication([])
        source = Source()
        got = []
        source.ticked.connect(got.append)

        def emit():
            for i in range(5000):
                source.ticked.emit(i)

        threads = [threading.Thread(target=emit) for _ in range(4)]
        for t in threads:
            t.start()
        def check():
            if len(got) == 20000:
                app.quit()
        timer = QTimer(interval=10)
        timer.timeout.connect(check)
        timer.start()
        QTimer.singleShot(30000, app.quit)
        app.exec()
        for t in threads:
            t.join()
        print("received", len(got))
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "received 20000" in result.stdout
    assert "deallocating" not in result.stderr


def test_qasync_with_websockets_survives():
    """qasync runs a websockets server and client inside the Qt loop."""
    result = run_snippet(
        """
        import asyncio, qasync
        from PySide6.QtWidgets import QApplication
        from websockets.asyncio.client import connect
        from websockets.asyncio.server import serve

        async def echo(ws):
            async for message in ws:
                await ws.send(message)

        async def main():
            async with serve(echo, "127.0.0.1", 0) as server:
                port = server.sockets[0].getsockname()[1]
                async with connect(f"ws://127.0.0.1:{port}") as ws:
                    for i in range(2000):
                        await ws.send(str(i))
                        assert await ws.recv() == str(i)
            print("echoed 2000")

        app = QApplication([])
        qasync.run(main())
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "echoed 2000" in result.stdout
    assert "deallocating" not in result.stderr
