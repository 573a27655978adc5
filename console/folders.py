"""Where the console keeps its files on this computer.

Databases and the demo site live in the user's data folder
(``~/.local/share/command-console``), encoded demo clips in the user's
cache (``~/.cache/command-console``), camera credentials in the user's
config folder (see ``console.onvif.credentials``). Every part takes the
folder's name from here.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "command-console"


def data_folder() -> Path:
    """The console's data folder, made if it is missing."""
    folder = Path(platformdirs.user_data_dir(APP))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_folder() -> Path:
    """The console's cache folder (not made: its users make what they need)."""
    return Path(platformdirs.user_cache_dir(APP))


def database_url(name: str) -> str:
    """The SQLite URL of the database file ``name`` in the data folder."""
    return f"sqlite:///{data_folder() / name}"
