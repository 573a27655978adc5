"""One-key dispatch: the protocol, the hub, its store, clients, terminals.

``protocol`` and ``core``/``calls`` hold the protocol without I/O;
``hub`` puts them behind a websocket server, ``store`` keeps what the hub
accepts, ``client`` connects a unit, ``terminal`` is a text field
terminal, and ``cli`` runs the hub from the command line.
"""

import logging


class UnitLog(logging.LoggerAdapter):
    """Prefixes every record with the unit it concerns."""

    def process(self, msg, kwargs):
        return f"[{self.extra['unit']}] {msg}", kwargs
