"""Logging for every part of the console, and the policy it follows.

ERROR: something we depend on failed (a database write, a server we run).
WARNING: we degraded (a stream lost, the hub unreachable, a bad site entry).
INFO: lifecycle (a stream playing, a view opened, a peer connected).
DEBUG: traffic (frames, messages, SOAP calls).
"""

import logging
import os

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(verbosity: int = 0) -> None:
    """Log to stderr; ``-v`` for INFO, ``-vv`` for DEBUG."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    env = os.environ.get("CONSOLE_LOG")
    if env:
        level = getattr(logging, env.upper(), level)
    logging.basicConfig(level=level, format=FORMAT)
    for noisy in ("websockets", "zeep", "httpx", "asyncio"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
