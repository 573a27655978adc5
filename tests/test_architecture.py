"""The core stays Qt-free: console/ never imports Qt's GUI or widgets."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).parents[1] / "console"
FORBIDDEN = ("PySide6", "widgets", "pyqtgraph", "qasync")
# The entry point opens the window when no command is given: it is the one
# place where the core and the widgets meet.
ENTRY_POINT = CORE / "__main__.py"


def imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_core_imports_no_qt():
    """No module under console/ imports Qt, pyqtgraph, qasync or widgets/."""
    offenders = [
        f"{path.relative_to(CORE.parent)}: {name}"
        for path in CORE.rglob("*.py")
        if path != ENTRY_POINT
        for name in imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []
