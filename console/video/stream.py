"""A stream on the wall: connect, play, notice stalls, reconnect with backoff.

A ``StreamSession`` is what a tile plays. It owns one *attempt* at a time
(an ingest process and a libvlc player) and, while switching stream or size,
a second pending one: the tile keeps painting the current picture until the
pending attempt's first frame arrives, so a switch never shows black.

The session is driven by ``tick()`` from one thread (the GUI's timer); the
decoder threads only fill frame buffers. State changes are reported to
listeners from ``tick()``, on that same thread.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from console.site.model import Source
from console.video.frames import Frame
from console.video.health import StreamHealth
from console.video.ingest import Ingest, IngestError
from console.video.player import Engine, Player

log = logging.getLogger(__name__)


class Phase(enum.StrEnum):
    IDLE = "idle"
    CONNECTING = "connecting"
    PLAYING = "playing"
    STALLED = "stalled"
    OFFLINE = "offline"
    RECONNECTING = "reconnecting"


@dataclass(frozen=True)
class StreamState:
    """What a tile shows about its stream."""

    phase: Phase
    reason: str = ""
    retry_at: float | None = None
    attempt: int = 0

    def retry_in(self, now: float | None = None) -> float:
        if self.retry_at is None:
            return 0.0
        return max(0.0, self.retry_at - (time.monotonic() if now is None else now))


@dataclass(frozen=True)
class Timing:
    """How patient a session is; the tests shorten these."""

    stall_after: float = 3.0
    give_up_stalled: float = 8.0
    connect_timeout: float = 12.0
    backoff: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
    healthy_after: float = 20.0


def _with_stored_credentials(source: Source, url):
    """Fill in the credentials a site entry names in the credential store."""
    if url.user or not source.credential:
        return url
    from console.onvif.credentials import CredentialError, source_credentials

    try:
        user, password, _ = source_credentials(source)
    except CredentialError as error:
        log.warning("%s: credential %r: %s", source.id, source.credential, error)
        return url
    return url.with_credentials(user, password)


# A scene that never changes cannot show that its picture is new again: its
# tile is taken for live after this long.
RESUME_AT_MOST_S = 2.0


@dataclass(frozen=True)
class _Resumed:
    """A tile shown again: the picture it had, and when."""

    luma: bytes
    at: float


class _Attempt:
    """One ingest and one player: a single try at playing a stream."""

    def __init__(self, engine, source: Source, which, box, logger, reduced=False):
        self.which = which
        self.box = box
        self.reduced = reduced
        self.url = _with_stored_credentials(source, source.stream(which))
        self.ingest = Ingest(self.url, source.transport, logger)
        self.player = Player(
            engine, box, lambda: self.ingest.picture_size, reduced=reduced
        )
        self.started = time.monotonic()
        self.loop = source.kind == "file"
        self.placement = engine.placement  # gives its place back to it
        self.cpu: int | None = None  # the processor it was placed on

    def start(self) -> None:
        # A grid tile's ingest and libvlc threads all run on one processor
        # (console.video.placement); a large tile's keep every one.
        with self.placement.place(self.player.single_threaded) as cpu:
            self.player.play_fd(self.ingest.start(loop=self.loop))
        self.cpu = cpu  # counted there only once started

    @property
    def buffer(self):
        return self.player.buffer

    def has_frame(self) -> bool:
        return self.buffer is not None and self.buffer.serial > 0

    def failure(self) -> str | None:
        """Why this attempt cannot go on, or None while it can."""
        if self.ingest.exited() and not self.ingest.ended_normally():
            return self.ingest.reason()
        if self.player.ended.is_set():
            # A finite source (a file, a recorded HLS) ends normally once
            # libvlc has played what the ingest left in the pipe.
            return self.player.error or "stream ended"
        return None

    def retire(self, engine: Engine) -> None:
        # End the ingest first, so that libvlc's read returns at once; the pipe
        # closes only after libvlc has stopped reading it.
        self.ingest.terminate()
        engine.retire(self.player, then=self.ingest.stop)
        self.placement.release(self.cpu)
        self.cpu = None


class StreamSession:
    """Plays one source on one tile for as long as it is on the wall."""

    def __init__(
        self,
        source: Source,
        box: tuple[int, int],
        which: str = "sub",
        engine: Engine | None = None,
        timing: Timing = Timing(),
    ):
        self.source = source
        self.box = box
        self.which = which
        self.engine = engine or Engine.shared()
        self.timing = timing
        self.log = logging.LoggerAdapter(log, {"source": source.id})
        self.state = StreamState(Phase.IDLE)
        self.reconnects = 0
        self.visible = True
        # What a hidden tile showed when it was shown again, and when;
        # None when nothing is resuming.
        self._resumed_from: _Resumed | None = None
        self.reduced = False
        self.health = StreamHealth()
        self._sampled_at = 0.0
        self._last_read = 0
        self._listeners: list[Callable[[StreamState], None]] = []
        self._current: _Attempt | None = None
        self._pending: _Attempt | None = None
        self._last_shown = 0
        self._last_frame_at = 0.0
        self._shown_at = 0.0  # when it was last shown after being hidden
        self._playing_since: float | None = None
        self._failures = 0

    # Listeners

    def on_state(self, listener: Callable[[StreamState], None]) -> None:
        self._listeners.append(listener)

    def _set(self, state: StreamState) -> None:
        if state == self.state:
            return
        previous, self.state = self.state, state
        if state.phase is not previous.phase:
            self._log_change(previous, state)
        for listener in list(self._listeners):
            listener(state)

    def _log_change(self, previous: StreamState, state: StreamState) -> None:
        name = self.source.id
        if state.phase in (Phase.OFFLINE, Phase.STALLED):
            self.log.warning("%s %s: %s", name, state.phase, state.reason)
        elif state.phase is Phase.PLAYING:
            self.log.info("%s playing %s stream", name, self.which)
        else:
            self.log.debug("%s %s -> %s", name, previous.phase, state.phase)

    # Control

    def start(self) -> None:
        """Begin playing; reconnects on its own until ``stop``."""
        if self._current is None and self._pending is None:
            self._connect()

    def stop(self) -> None:
        """Stop playing and release the ingest and the player."""
        self._retire_attempts()
        self._set(StreamState(Phase.IDLE))

    def switch(self, which=None, box=None, reduced=None) -> None:
        """Play another stream, size or quality, showing the old picture meanwhile."""
        which = which or self.which
        box = box or self.box
        reduced = self.reduced if reduced is None else reduced
        if self.source.stream(which) == self.source.stream(self.which):
            which = self.which
        wanted = (which, box, reduced)
        if wanted == (self.which, self.box, self.reduced) and self._pending is None:
            return
        self.which, self.box, self.reduced = wanted
        if self._current is None or not self._current.has_frame():
            self._restart_now()
            return
        if self._pending is not None:
            self._pending.retire(self.engine)
        self._pending = self._try()

    def set_visible(self, visible: bool) -> None:
        """A tile nobody can see stops decoding; its camera stays connected.

        Its ingest holds the stream: it goes on reading the camera and
        writes nothing, so libvlc has nothing to decode. Shown again, the
        ingest writes what came since the last key frame at once, and the
        picture is live again without waiting for the camera's next one.
        """
        if visible == self.visible:
            return
        self.visible = visible
        for attempt in (self._current, self._pending):
            if attempt is not None:
                attempt.ingest.hold(not visible)
        self._last_frame_at = time.monotonic()
        if visible:
            self._shown_at = self._last_frame_at
        self._resumed_from = self._resume_mark() if visible else None
        self.log.debug("%s %s", self.source.id, "visible" if visible else "hidden")

    @property
    def resuming(self) -> bool:
        """Shown again, but still on the picture from before it was hidden.

        The ingest replays the stream from its last key frame, and libvlc
        shows a live picture again within a frame or two; until then
        the tile's picture is old and must not pass for live.
        """
        return self._resumed_from is not None

    def _resume_mark(self) -> _Resumed | None:
        frame = self.frame()
        if frame is None:
            return None
        return _Resumed(frame.luma(), time.monotonic())

    def _watch_resuming(self, now: float) -> None:
        """Lift the veil once the picture is new.

        libvlc's counters cannot tell: it re-displays its last picture while
        it has nothing new (the frame serial grows), and counts as shown the
        stale pictures it drops while it catches up. A picture that differs
        can.
        """
        mark = self._resumed_from
        frame = self.frame()
        if frame is None or mark is None:
            return
        if now - mark.at > RESUME_AT_MOST_S or frame.luma() != mark.luma:
            self._resumed_from = None

    def frame(self) -> Frame | None:
        """The newest frame to paint, from the attempt on screen."""
        if self._current is None:
            return None
        return self._current.player.frame()

    @property
    def frame_serial(self) -> int:
        """Grows with every decoded frame; the frame clock watches it."""
        attempt = self._current
        buffer = attempt.buffer if attempt else None
        return buffer.serial if buffer else 0

    @property
    def cpu(self) -> int | None:
        """The processor the playing stream's decoding is kept on, or None
        where it may use every one (``console.video.placement``)."""
        return self._current.cpu if self._current else None

    def process_ids(self) -> list[int]:
        """The ingest processes this session runs now (to measure them, or to
        spread their decoding)."""
        attempts = (self._current, self._pending)
        return [a.ingest.pid for a in attempts if a is not None and a.ingest.pid]

    def playing_for(self, now: float | None = None) -> float:
        """Seconds this stream has played without interruption; 0 if not."""
        if self.state.phase is not Phase.PLAYING or self._playing_since is None:
            return 0.0
        return (time.monotonic() if now is None else now) - self._playing_since

    def watched_for(self, now: float | None = None) -> float:
        """Seconds this stream has played and been decoded for a visible
        tile without interruption: what a frame rate is measured over."""
        now = time.monotonic() if now is None else now
        if not self.visible:
            return 0.0
        return min(self.playing_for(now), now - self._shown_at)

    def picture_size(self) -> tuple[int, int] | None:
        """The stream's own resolution, once the player knows it."""
        attempt = self._current
        if attempt is None or attempt.buffer is None:
            return None
        return attempt.player.picture_size()

    # The clock

    def tick(self, now: float | None = None) -> None:
        """Advance the state machine; call a few times a second."""
        now = time.monotonic() if now is None else now
        if self._pending is not None:
            self._tick_pending()
        if self.state.phase is Phase.RECONNECTING:
            if now >= (self.state.retry_at or 0):
                self._connect()
            return
        attempt = self._current
        if attempt is None:
            return
        failure = attempt.failure()
        if failure is not None:
            self._fail(failure, now)
            return
        if now - self._sampled_at >= 1.0:
            self._sample(attempt, now)
        if self.visible:
            self._watch_frames(attempt, now)
        else:
            self._watch_hidden(attempt, now)

    def _sample(self, attempt: _Attempt, now: float) -> None:
        self._sampled_at = now
        stats = attempt.player.stats()
        held = attempt.ingest.held_read
        if held:
            # What the ingest read while held never reached libvlc; it
            # still came from the camera, and the health table says so.
            stats = dataclasses.replace(stats, read_bytes=stats.read_bytes + held)
        self.health.record(now, stats, self.reconnects)
        if attempt.ingest.fps:
            self.health.expected_fps = attempt.ingest.fps

    def _watch_hidden(self, attempt: _Attempt, now: float) -> None:
        # Held, nothing reaches libvlc: the bytes the ingest says it read
        # tell whether the camera still sends.
        read = attempt.ingest.held_bytes
        if read is not None and read != self._last_read:
            self._last_read = read
            self._last_frame_at = now
            if self.state.phase is not Phase.PLAYING:
                self._playing(attempt, now)
            return
        if self.state.phase is Phase.CONNECTING:
            # A new attempt has had no data yet: it gets the time to connect
            # that a visible one gets for its first picture.
            if now - attempt.started > self.timing.connect_timeout:
                self._fail("no answer from the source", now)
        elif now - self._last_frame_at > self.timing.give_up_stalled:
            self._fail("no data", now)

    def _tick_pending(self) -> None:
        pending = self._pending
        if pending.has_frame():
            if self._current is not None:
                self._current.retire(self.engine)
            self._current, self._pending = pending, None
            self._resumed_from = None
            self._last_shown = 0
            self.health.new_attempt()
            return
        if pending.failure() is not None:
            # The new stream did not come; keep the old one playing.
            self.log.warning(
                "%s: could not switch to %s stream: %s",
                self.source.id,
                pending.which,
                pending.failure(),
            )
            pending.retire(self.engine)
            self._pending = None

    def _watch_frames(self, attempt: _Attempt, now: float) -> None:
        if self.state.phase is Phase.CONNECTING:
            if attempt.has_frame():
                self._playing(attempt, now)
            elif now - attempt.started > self.timing.connect_timeout:
                self._fail("no picture from the source", now)
            return
        # Pictures displayed, not decoded: libvlc counts decoder input
        # blocks as decoded, and re-displays old pictures when starved
        # without counting them.
        shown = attempt.player.stats().displayed
        if self._resumed_from is not None:
            self._watch_resuming(now)
        if shown != self._last_shown:
            self._last_shown = shown
            self._last_frame_at = now
            if self.state.phase is not Phase.PLAYING:
                self._playing(attempt, now)
            elif now - (self._playing_since or now) > self.timing.healthy_after:
                self._failures = 0
            return
        silent = now - self._last_frame_at
        if silent > self.timing.give_up_stalled:
            self._fail(f"no picture for {silent:.0f} s", now)
        elif silent > self.timing.stall_after:
            self._set(StreamState(Phase.STALLED, reason="no picture"))

    def _playing(self, attempt: _Attempt, now: float) -> None:
        self._last_frame_at = now
        self._playing_since = now
        self._set(StreamState(Phase.PLAYING, attempt=self.reconnects))

    def _fail(self, reason: str, now: float) -> None:
        self._set(StreamState(Phase.OFFLINE, reason=reason))
        self._retire_attempts()
        delay = self.timing.backoff[min(self._failures, len(self.timing.backoff) - 1)]
        self._failures += 1
        self._set(StreamState(Phase.RECONNECTING, reason=reason, retry_at=now + delay))

    def _connect(self) -> None:
        if self.state.phase is Phase.RECONNECTING:
            self.reconnects += 1
        reason = self.state.reason if self.state.phase is Phase.RECONNECTING else ""
        self._set(StreamState(Phase.CONNECTING, reason=reason))
        try:
            self._current = self._try()
        except IngestError as error:
            self._fail(str(error), time.monotonic())
            return
        self._last_shown = 0
        self._last_read = 0
        self.health.new_attempt()

    def _restart_now(self) -> None:
        self._retire_attempts()
        self._connect()

    def _retire_attempts(self) -> None:
        """Hand the current and pending attempts to the engine's reaper."""
        for attempt in (self._pending, self._current):
            if attempt is not None:
                attempt.retire(self.engine)
        self._pending = self._current = None
        self._resumed_from = None

    def _try(self) -> _Attempt:
        attempt = _Attempt(
            self.engine, self.source, self.which, self.box, self.log, self.reduced
        )
        attempt.start()
        if not self.visible:
            attempt.ingest.hold(True)
        return attempt
