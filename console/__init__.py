"""The command console's Qt-free core: sources, video engine, store, dispatch."""

__version__ = "0.1.0"
