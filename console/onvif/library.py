"""The one place that imports onvif-zeep-async, and the faults it raises.

WORKAROUND(onvif-zeep-async 4.3): ``onvif.client`` calls
``logging.basicConfig(level=INFO)`` when it is imported. Imported before the
console set up its logging (``python -m console onvif`` imports its command
module first), that would fix the console's log format and level for the
whole run. The import below puts the root logger back as it found it.
"""

from __future__ import annotations

import logging


def _import_quietly():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import onvif.client

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return onvif.client


_client = _import_quietly()

import aiohttp  # noqa: E402
import zeep.exceptions  # noqa: E402
import zeep.helpers  # noqa: E402
from onvif.exceptions import ONVIFError  # noqa: E402
from onvif.util import extract_subcodes_as_strings, stringify_onvif_error  # noqa: E402

ONVIFCamera = _client.ONVIFCamera
Fault = zeep.exceptions.Fault
TransportError = zeep.exceptions.TransportError

PTZ_NAMESPACE = "http://www.onvif.org/ver20/ptz/wsdl"
EVENTS_NAMESPACE = "http://www.onvif.org/ver10/events/wsdl"


def plain(reply):
    """A zeep reply as dicts and lists, for the parsers in ``model``."""
    return zeep.helpers.serialize_object(reply, dict) if reply is not None else {}


def subcodes(fault: Fault) -> list[str]:
    """The fault's ter: subcodes without their prefixes ("NotAuthorized")."""
    if fault.subcodes is None:
        return []
    codes = extract_subcodes_as_strings(fault.subcodes)
    return [code.rpartition("}")[2].rpartition(":")[2] for code in codes]


def fault_text(fault: Fault) -> str:
    return fault.message or stringify_onvif_error(fault)


__all__ = [
    "ONVIFCamera",
    "ONVIFError",
    "Fault",
    "TransportError",
    "aiohttp",
    "plain",
    "subcodes",
    "fault_text",
]
