"""Child processes that end with the process that started them."""

from __future__ import annotations

import ctypes
import signal
import subprocess

PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGTERM):
    """A ``preexec_fn`` that sends the child ``signum`` when its parent dies.

    If the console is killed or crashes, its ingest processes, its demo site
    and the demo's RTSP servers go too, and free their ports for the next
    start. Linux only, like the rest of the console. Linux sends it when
    the *thread* that started the child ends, so start children from a
    thread that lives as long as they should (here: the main thread).
    """

    def arrange() -> None:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum)

    return arrange


def end_process(process: subprocess.Popen, patience: float) -> None:
    """Ask a child to end; kill it if it has not within ``patience`` s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=patience)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
