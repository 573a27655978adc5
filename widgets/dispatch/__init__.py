"""The console's dispatch side: roster, one-key groups, calls, instructions."""


def install(window) -> None:
    """Add the dispatch panel to the main window (nothing yet)."""
