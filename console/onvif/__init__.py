"""ONVIF cameras: discover them, probe them, add them to a site, steer and
watch them.

Nothing here imports Qt. The modules, from the wire up:

- ``discovery``: WS-Discovery probes on asyncio datagrams.
- ``client``: a thin async wrapper around onvif-zeep-async with typed,
  human errors (``errors``) and plain results (``model``).
- ``credentials``: where camera passwords are kept instead of site files.
- ``commission``: "add a camera": probe, pick streams, store credentials,
  append a ``[[source]]`` to a site file.
- ``ptz``: steering with a per-camera operator reservation.
- ``events``: PullPoint subscriptions turned into ``CameraEvent``.
- ``cli``: ``python -m console onvif discover|probe|add``.
"""
