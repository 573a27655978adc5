"""Fixtures for the whole suite.

Any WARNING or ERROR logged by the console's own loggers fails the test that
caused it, unless the test declares it with ``@pytest.mark.expect_log``.
"""

from __future__ import annotations

import gc
import logging
import os
import re

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CONSOLE_LANG", "en")

OWN_LOGGERS = ("console", "widgets")


def pytest_configure(config):
    # As in the console (widgets.app.collect_garbage_on_gui_thread): the
    # cycle collector runs only on the main thread, after each test, never
    # on a libvlc or worker thread, where collecting a Qt object deadlocked.
    gc.disable()
    config.addinivalue_line(
        "markers",
        "expect_log(*patterns): WARNING/ERROR messages matching a pattern "
        "are expected and do not fail the test",
    )


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        if record.name.split(".")[0] in OWN_LOGGERS:
            self.records.append(record)


@pytest.fixture(autouse=True)
def collect_garbage():
    """Collect cycles on the main thread once the test is done."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def log_guard(request):
    """Fail on unexpected warnings and errors from the console's loggers."""
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    previous = root.level
    root.setLevel(min(previous, logging.INFO) or logging.INFO)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
        root.setLevel(previous)
    patterns = [
        re.compile(p)
        for mark in request.node.iter_markers("expect_log")
        for p in mark.args
    ]
    unexpected = [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in collector.records
        if not any(p.search(r.getMessage()) for p in patterns)
    ]
    if unexpected and not _failed(request):
        pytest.fail("unexpected log records:\n" + "\n".join(unexpected))


def _failed(request) -> bool:
    report = getattr(request.node, "rep_call", None)
    return bool(report and report.failed)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


@pytest.fixture
def placement():
    """A fresh placement of decoding on processors for the shared engine,
    so that one test's spreading does not last into the next."""
    from console.video.placement import CorePlacement
    from console.video.player import Engine

    engine = Engine.shared()
    kept, engine.placement = engine.placement, CorePlacement()
    yield engine.placement
    engine.placement = kept
