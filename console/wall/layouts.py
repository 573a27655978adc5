"""Wall layouts: how many tiles, and which cells of a grid each one covers.

Every layout is a square grid; a tile covers a rectangle of its cells. The
"1 large + n" layouts put the large tile top-left, as command halls expect:
the feed that matters most sits where the eye lands first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Layout:
    tiles: int
    grid: int
    cells: tuple[Cell, ...]

    @property
    def name(self) -> str:
        return str(self.tiles)


def _uniform(size: int) -> Layout:
    cells = tuple(Cell(r, c) for r in range(size) for c in range(size))
    return Layout(size * size, size, cells)


def _one_large(grid: int) -> Layout:
    """One tile of (grid-1)^2 cells top-left, the rest around its edges."""
    big = grid - 1
    cells = [Cell(0, 0, big, big)]
    cells += [Cell(r, big) for r in range(big)]
    cells += [Cell(big, c) for c in range(grid)]
    return Layout(len(cells), grid, tuple(cells))


def _centre_large() -> Layout:
    """Thirteen: a 2x2 tile in the middle of a 4x4 grid, twelve around it."""
    cells = [Cell(1, 1, 2, 2)]
    cells += [
        Cell(r, c)
        for r in range(4)
        for c in range(4)
        if not (1 <= r <= 2 and 1 <= c <= 2)
    ]
    return Layout(13, 4, tuple(cells))


LAYOUTS: dict[int, Layout] = {
    layout.tiles: layout
    for layout in (
        _uniform(1),
        _uniform(2),
        _one_large(3),
        _one_large(4),
        _uniform(3),
        _centre_large(),
        _uniform(4),
        _uniform(5),
        _uniform(6),
    )
}

MAX_TILES = max(LAYOUTS)


def layout_for(tiles: int) -> Layout:
    """The layout with exactly ``tiles`` tiles, else the next larger one."""
    for count in sorted(LAYOUTS):
        if count >= tiles:
            return LAYOUTS[count]
    return LAYOUTS[MAX_TILES]
