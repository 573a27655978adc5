"""The source tree: every source of the site by level and group.

Each source shows whether it is online: the wall reports the state of what
it plays, and the presence monitor checks the rest. A search box filters by
name or id; a source is dragged onto a tile, or double-clicked to put it on
the selected tile.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QMimeData,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from console.site.model import LEVEL_ORDER, Site
from widgets.names import kind_name, level_name, reason_text
from widgets.tile import SOURCE_MIME

log = logging.getLogger(__name__)

SOURCE_ID = Qt.ItemDataRole.UserRole + 1
ONLINE_STATE = Qt.ItemDataRole.UserRole + 2
ONLINE = {
    "online": QColor("#3ccf6e"),
    "offline": QColor("#e5484d"),
    "flaky": QColor("#f08c2e"),
    "unknown": QColor("#5b6574"),
}


def _dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class _SourceModel(QStandardItemModel):
    def mimeTypes(self):
        return [SOURCE_MIME]

    def mimeData(self, indexes):
        ids = [i.data(SOURCE_ID) for i in indexes if i.data(SOURCE_ID)]
        if not ids:
            return None
        mime = QMimeData()
        mime.setData(SOURCE_MIME, ids[0].encode())
        return mime


class SourceTree(QWidget):
    """Levels, groups and sources, with search and online state.

    Signals:
        source_activated(str): the operator double-clicked a source.
    """

    source_activated = Signal(str)

    def __init__(self, site: Site, parent=None):
        super().__init__(parent)
        self.site = site
        self._items: dict[str, QStandardItem] = {}
        self._icons = {name: _dot(colour) for name, colour in ONLINE.items()}
        self.model = _SourceModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(Qt.ItemDataRole.ToolTipRole)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search sources"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.on_search)

        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.doubleClicked.connect(self.on_double_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        self.populate()

    def populate(self) -> None:
        self.model.clear()
        self._items.clear()
        root = self.model.invisibleRootItem()
        for level in LEVEL_ORDER:
            sources = [s for s in self.site.sources if s.level == level]
            if not sources:
                continue
            level_item = _folder(level_name(level))
            root.appendRow(level_item)
            groups: dict[str, QStandardItem] = {}
            for source in sources:
                parent = level_item
                if source.folder:
                    if source.folder not in groups:
                        groups[source.folder] = _folder(source.folder)
                        level_item.appendRow(groups[source.folder])
                    parent = groups[source.folder]
                parent.appendRow(self._source_item(source))
        self.view.expandAll()

    def _source_item(self, source) -> QStandardItem:
        item = QStandardItem(self._icons["unknown"], source.name)
        item.setData(source.id, SOURCE_ID)
        item.setToolTip(f"{source.name}\n{source.id} · {kind_name(source.kind)}")
        item.setDragEnabled(True)
        item.setEditable(False)
        self._items[source.id] = item
        return item

    def set_online(self, source_id: str, online: str, detail: str = "") -> None:
        """Show a source as online, offline, flaky or unknown."""
        item = self._items.get(source_id)
        if item is None:
            return
        item.setIcon(self._icons[online])
        item.setData(online, ONLINE_STATE)
        source = self.site.source(source_id)
        tip = f"{source.name}\n{source.id} · {kind_name(source.kind)}"
        if detail:
            tip += "\n" + reason_text(detail)
        item.setToolTip(tip)

    def online(self, source_id: str) -> str:
        item = self._items.get(source_id)
        return (item.data(ONLINE_STATE) if item else None) or "unknown"

    @Slot(str)
    def on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.view.expandAll()

    def on_double_clicked(self, index) -> None:
        source_id = index.data(SOURCE_ID)
        if source_id:
            self.source_activated.emit(source_id)


def _folder(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setToolTip(text)
    item.setDragEnabled(False)
    item.setEditable(False)
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    return item
