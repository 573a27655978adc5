"""The console's dispatch side: roster, one-key groups, calls, instructions.

``install(window)`` adds the dispatch dock on the right and the alert
banner on top, and connects to the hub as soon as qasync runs the loop.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from widgets.dispatch.panel import DispatchPanel

__all__ = ["DispatchPanel", "install"]


def install(window) -> DispatchPanel:
    """Add the dispatch panel to ``window``; it has ``shutdown()``."""
    panel = DispatchPanel(window)
    area = Qt.DockWidgetArea.RightDockWidgetArea
    title = QCoreApplication.translate("DispatchPanel", "Dispatch")
    window.dispatch_dock = window._dock(panel, title, area)
    window.dispatch_dock.setMinimumWidth(440)
    # The cameras part reserves PTZ over it (None: dispatch is off).
    window.dispatch_link = panel.link
    panel.start_when_loop_runs()
    return panel
