"""The stream health panel: plots for the selected tile, a table of all.

The plots show the selected tile's frame rate and bitrate over the last
five minutes; the table lists every source of the site with its state,
rates, lost frames and reconnects, so a failing feed stands out among many.
A source that reconnected again and again is flagged here and on the tree.
"""

from __future__ import annotations

import logging
import time

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.video.health import FailureRecord
from console.video.stream import Phase, StreamState
from widgets.names import level_name, phase_name, reason_text

log = logging.getLogger(__name__)

REFRESH_MS = 1000
FLAKY_COLOUR = QColor("#f08c2e")
DOWN_COLOUR = QColor("#e5484d")


class HealthPanel(QWidget):
    """Plots of the selected tile and a table of every source."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.main_window = window
        self.failures = FailureRecord()
        self.title = QLabel(self)

        pg.setConfigOptions(antialias=True, background="#0b0e13", foreground="#9aa5b4")
        self.fps_plot = pg.PlotWidget(self)
        self.fps_plot.setLabel("left", self.tr("frames/s"))
        self.fps_plot.setLabel("bottom", self.tr("seconds ago"))
        self.fps_curve = self.fps_plot.plot(pen=pg.mkPen("#3ccf6e", width=2))
        self.rate_plot = pg.PlotWidget(self)
        self.rate_plot.setLabel("left", self.tr("kbit/s"))
        self.rate_plot.setLabel("bottom", self.tr("seconds ago"))
        self.rate_curve = self.rate_plot.plot(pen=pg.mkPen("#4da3ff", width=2))
        for plot in (self.fps_plot, self.rate_plot):
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setMouseEnabled(x=False, y=False)
            plot.setMinimumHeight(90)

        headers = self._headers()
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        plots = QWidget(self)
        plots_layout = QVBoxLayout(plots)
        plots_layout.setContentsMargins(0, 0, 0, 0)
        plots_layout.addWidget(self.title)
        plots_layout.addWidget(self.fps_plot)
        plots_layout.addWidget(self.rate_plot)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(plots)
        splitter.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def _headers(self) -> list[str]:
        return [
            self.tr("Source"),
            self.tr("Level"),
            self.tr("State"),
            self.tr("fps"),
            self.tr("kbit/s"),
            self.tr("Lost"),
            self.tr("Reconnects"),
        ]

    @Slot(str, object)
    def on_source_state_changed(self, source_id: str, state: StreamState) -> None:
        self.failures.record(source_id, state)

    @Slot()
    def refresh(self) -> None:
        if not self.isVisible():
            return
        self._refresh_plots()
        self._refresh_table()

    def selected_session(self):
        """The selected tile of the wall the operator worked on last."""
        wall = self.main_window.screens.current
        tile = wall.tiles[wall.selected]
        return tile, tile.session

    def _refresh_plots(self) -> None:
        tile, session = self.selected_session()
        if session is None:
            self.title.setText(self.tr("Select a playing tile to see its health"))
            self.fps_curve.setData([], [])
            self.rate_curve.setData([], [])
            return
        figures = session.health.figures()
        self.title.setText(
            self.tr("%1: %2 fps, %3 kbit/s, %4 lost, %5 reconnects")
            .replace("%1", tile.source.name)
            .replace("%2", f"{figures.fps:.1f}")
            .replace("%3", f"{figures.kbps:.0f}")
            .replace("%4", str(figures.lost))
            .replace("%5", str(figures.reconnects))
        )
        now = time.monotonic()
        for field, curve in (
            ("frames", self.fps_curve),
            ("read_bytes", self.rate_curve),
        ):
            times, values = session.health.series(field)
            curve.setData([t - now for t in times], values)

    def _refresh_table(self) -> None:
        sessions = {s.source.id: s for s in self.main_window.screens.sessions()}
        sources = self.main_window.site.sources
        self.table.setRowCount(len(sources))
        for row, source in enumerate(sources):
            session = sessions.get(source.id)
            self._fill_row(row, source, session)

    def _fill_row(self, row: int, source, session) -> None:
        reconnects = self.failures.count(source.id)
        if session is not None:
            figures = session.health.figures()
            state = phase_name(session.state.phase)
            if session.state.reason:
                state += ": " + reason_text(session.state.reason)
            cells = [f"{figures.fps:.1f}", f"{figures.kbps:.0f}", str(figures.lost)]
        else:
            state = self.tr("not on the wall")
            cells = ["", "", ""]
        values = [source.name, level_name(source.level), state, *cells, str(reconnects)]
        colour = None
        if self.failures.flaky(source.id):
            colour = FLAKY_COLOUR
        if session is not None and session.state.phase in (
            Phase.OFFLINE,
            Phase.RECONNECTING,
        ):
            colour = DOWN_COLOUR
        for column, value in enumerate(values):
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, column, item)
            item.setText(value)
            item.setForeground(QBrush(colour) if colour else QBrush())

    def shutdown(self) -> None:
        self._timer.stop()
