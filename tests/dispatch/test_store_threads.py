"""The hub's store keeps one transaction per thread."""

from __future__ import annotations

import threading

from console.dispatch.store import Store


def test_a_reader_on_another_thread_gets_its_own_transaction(tmp_path):
    """A thread reading while a transaction is open does not join it."""
    store = Store(f"sqlite:///{tmp_path / 'hub.db'}")
    seen = {}
    with store.atomic() as outer:

        def read():
            with store.atomic() as inner:
                seen["same"] = inner is outer

        reader = threading.Thread(target=read)
        reader.start()
        reader.join(10)
        with store.atomic() as nested:
            seen["nested"] = nested is outer
    store.close()
    assert seen == {"same": False, "nested": True}
