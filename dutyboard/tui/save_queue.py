"""The save queue: every change is applied and saved in one thread, in order, one at a time.

A change whose save fails stays queued (or, if it is already in memory and only the
write failed, the store is marked unsaved) until ``retry`` works. No Textual here: the
app runs ``run`` in its worker thread, and ``post`` hands each outcome to the app's
thread (``App.call_from_thread``), so the queue can be driven without an app.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from dutyboard.core.board import Board
from dutyboard.storage.errors import BoardBusy, DutyboardError, SaveError


class Op(NamedTuple):
    """A change to save: ``run`` in the saver thread, ``done`` with its result after."""

    run: Callable[[], Any]
    done: Callable[[Any], None] | None = None


class Outcomes(Protocol):
    """What the queue tells its owner, on the owner's thread (through ``post``)."""

    def applied(self, op: Op, result: Any) -> None: ...

    def refused(self, exc: Exception) -> None: ...

    def save_failed(self, exc: DutyboardError) -> None: ...

    def all_saved(self) -> None: ...


class SaveQueue:
    def __init__(self, board: Board, outcomes: Outcomes, post: Callable[..., None]) -> None:
        self.board = board
        self._outcomes = outcomes
        self._post = post
        self._queue: deque[Op] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.draining = False  # the saver is working through the queue
        self.unsaved = False  # a change is in memory but the file write failed

    def submit(self, run: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Queue a change and wake the saver."""
        with self._lock:
            self._queue.append(Op(run, done))
            start = not self.draining
            self.draining = True
        if start:
            self._wake.set()

    def retry(self) -> None:
        """Wake the saver if a failed save is waiting."""
        with self._lock:
            start = (bool(self._queue) or self.unsaved) and not self.draining
            self.draining = self.draining or start
        if start:
            self._wake.set()

    @property
    def saving(self) -> bool:
        """Changes are queued or being saved."""
        return bool(self._queue) or self.draining

    @property
    def busy(self) -> bool:
        """Something is not on disk yet."""
        return self.saving or self.unsaved

    def run(self, cancelled: Callable[[], bool]) -> None:
        """The saver thread: one for the whole session, woken for each change (a thread
        per tick would cost more than the save itself)."""
        while not cancelled():
            if not self._wake.wait(0.5):
                continue
            self._wake.clear()
            self.drain()

    def drain(self) -> None:
        """Apply and save what is queued, in order, until it is empty or a save fails."""
        board = self.board
        while True:
            with self._lock:
                if not self._queue and not self.unsaved:
                    self.draining = False
                    break
                op = self._queue[0] if self._queue else None
            try:
                with board.lock:
                    if self.unsaved:
                        board.store.save()
                        self.unsaved = False
                    if op is None:
                        continue
                    before = board.store.revision
                    try:
                        result = op.run()
                    except SaveError:
                        if board.store.revision != before:
                            self._queue.popleft()  # in memory; only the write failed
                            self.unsaved = True
                        raise
            except (SaveError, BoardBusy) as exc:
                with self._lock:
                    self.draining = False
                self._post(self._outcomes.save_failed, exc)
                return
            except Exception as exc:  # noqa: BLE001 - every failure becomes one clear line
                with self._lock:
                    self._queue.popleft()
                self._post(self._outcomes.refused, exc)
                continue
            with self._lock:
                self._queue.popleft()
            self._post(self._outcomes.applied, op, result)
        self._post(self._outcomes.all_saved)
