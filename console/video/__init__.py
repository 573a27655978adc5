"""The video engine: ingest processes, libvlc players, stream sessions."""
