"""The console's own store: named views, through SQLAlchemy."""

from console.store.views import Store, StoreError, TileAssignment, View

__all__ = ["Store", "StoreError", "TileAssignment", "View"]
