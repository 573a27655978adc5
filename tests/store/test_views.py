"""Named views in a real SQLite file."""

from __future__ import annotations

import os

import pytest

from console.store import Store, StoreError, TileAssignment, View


def test_view_round_trip(tmp_path):
    """A view saved is read back whole, from a new connection."""
    url = f"sqlite:///{tmp_path / 'v.db'}"
    view = View("duty", 16, [TileAssignment(0, "a"), TileAssignment(5, "b", 1)], [0, 1])
    Store(url).save_view(view)
    again = Store(url).view("duty")
    assert again == view


def test_saving_again_replaces(tmp_path):
    """Saving under an existing name replaces that view."""
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    store.save_view(View("a", 4, [TileAssignment(0, "x")]))
    store.save_view(View("a", 9, []))
    assert store.view("a").layout == 9
    assert store.views() == ["a"]


def test_delete(tmp_path):
    """A deleted view is gone; deleting a missing one is no error."""
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    store.save_view(View("a", 4))
    store.delete_view("a")
    store.delete_view("never")
    assert store.view("a") is None


def test_unwritable_store_is_a_clear_error(tmp_path):
    """A database in a folder that cannot be written names the problem."""
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o500)
    url = f"sqlite:///{folder / 'v.db'}"
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions do not stop writes")
        with pytest.raises(StoreError, match="cannot"):
            Store(url)
    finally:
        os.chmod(folder, 0o700)


@pytest.mark.expect_log("cannot save view")
def test_read_only_database_fails_to_save_and_loses_nothing(tmp_path):
    """A write to a read-only database fails with a message; reads go on."""
    path = tmp_path / "v.db"
    Store(f"sqlite:///{path}").save_view(View("kept", 4))
    store = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreError, match="cannot save view 'new'"):
        store.save_view(View("new", 4))
    assert store.views() == ["kept"]
