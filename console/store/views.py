"""Named views: a layout and what plays in each of its tiles.

Stored through SQLAlchemy: a SQLite file in the user's data folder unless
another URL is given, so several consoles can share one database server.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, String, create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from console.folders import database_url

log = logging.getLogger(__name__)


def default_url() -> str:
    return database_url("console.db")


class StoreError(RuntimeError):
    """The store could not be read or written; the message says why."""


class Base(DeclarativeBase):
    pass


class ViewRow(Base):
    __tablename__ = "views"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    layout: Mapped[int]
    tiles: Mapped[list] = mapped_column(JSON)
    screens: Mapped[list] = mapped_column(JSON, default=list)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class TileAssignment:
    """Which source plays in which tile, on which screen's wall."""

    tile: int
    source: str
    screen: int = 0


@dataclass
class View:
    """A named wall: a layout per screen and the sources in its tiles."""

    name: str
    layout: int
    tiles: list[TileAssignment] = field(default_factory=list)
    screens: list[int] = field(default_factory=list)

    def on_screen(self, screen: int) -> list[TileAssignment]:
        return [t for t in self.tiles if t.screen == screen]


class Store:
    """Saves and restores views; every failure is a ``StoreError``."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        try:
            self.engine = create_engine(self.url)
            Base.metadata.create_all(self.engine)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot open the store {self.url}: {error}") from error
        log.info("store at %s", self.engine.url.render_as_string())

    def save_view(self, view: View) -> None:
        row = ViewRow(
            name=view.name,
            layout=view.layout,
            tiles=[vars(t) for t in view.tiles],
            screens=list(view.screens),
            saved_at=datetime.now(UTC),
        )
        self._write(lambda session: session.merge(row), f"save view {view.name!r}")

    def delete_view(self, name: str) -> None:
        def delete(session: Session):
            row = session.get(ViewRow, name)
            if row is not None:
                session.delete(row)

        self._write(delete, f"delete view {name!r}")

    def view(self, name: str) -> View | None:
        with self._reading(f"read view {name!r}") as session:
            row = session.get(ViewRow, name)
            return _view(row) if row else None

    def views(self) -> list[str]:
        with self._reading("list views") as session:
            return list(session.scalars(select(ViewRow.name).order_by(ViewRow.name)))

    def close(self) -> None:
        self.engine.dispose()

    def _write(self, work, what: str) -> None:
        try:
            with Session(self.engine) as session, session.begin():
                work(session)
        except SQLAlchemyError as error:
            log.error("cannot %s: %s", what, error)
            raise StoreError(f"cannot {what}: {_short(error)}") from error

    @contextlib.contextmanager
    def _reading(self, what: str):
        try:
            with Session(self.engine) as session:
                yield session
        except SQLAlchemyError as error:
            log.error("cannot %s: %s", what, error)
            raise StoreError(f"cannot {what}: {_short(error)}") from error


def _short(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    return str(original or error).splitlines()[0]


def _view(row: ViewRow) -> View:
    tiles = [TileAssignment(**t) for t in row.tiles]
    return View(row.name, row.layout, tiles, list(row.screens or []))
