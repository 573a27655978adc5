"""Video another console shared: onto the wall, marked with who shared it."""

from __future__ import annotations

import logging
import re

from pydantic import ValidationError
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont

from console.dispatch import protocol as p
from console.site.model import Site, Source
from widgets.dispatch.words import ORANGE

log = logging.getLogger(__name__)

BADGE = QColor(ORANGE)


def shared_source(site: Site, shared: p.VideoShared) -> Source:
    """A transient source for a share; raises ValueError for a bad URL.

    The site's own source of that id lends its kind and level; a source
    the site does not know plays as a city camera.
    """
    known = site.source(shared.source)
    ident = "shared-" + re.sub(r"[^A-Za-z0-9_.\-]", "-", shared.share)[:50]
    try:
        return Source(
            id=ident,
            name=shared.title or (known.name if known else shared.source),
            kind=known.kind if known else "camera",
            level=known.level if known else "city",
            main=shared.url,
        )
    except ValidationError as error:
        raise ValueError(error.errors()[0]["msg"]) from None


class SharedBadge:
    """The "shared by X" overlay of one tile, gone when the tile changes."""

    def __init__(self, tile, source: Source, text: str):
        self.tile, self.source, self.text = tile, source, text
        tile.add_overlay(self.paint)

    def paint(self, painter, tile) -> None:
        if tile.source is not self.source:
            return
        font = QFont(tile.font())
        font.setPixelSize(max(11, min(15, tile.height() // 20)))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(self.text) + 12
        height = metrics.height() + 6
        top = metrics.height() + 14  # under the tile's name strip
        badge = QRect(tile.width() - width - 4, top, width, height)
        painter.fillRect(badge, BADGE)
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.text)

    def still_shown(self) -> bool:
        return self.tile.source is self.source

    def remove(self) -> None:
        self.tile.remove_overlay(self.paint)
