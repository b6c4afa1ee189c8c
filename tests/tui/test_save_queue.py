"""The save queue (tui/save_queue.py) without an app: in order, retried, told."""

from __future__ import annotations

import threading
from typing import Any, cast

from dutyboard.core.board import Board
from dutyboard.storage.errors import Refused, SaveError
from dutyboard.tui.save_queue import Op, SaveQueue


class _Store:
    def __init__(self) -> None:
        self.revision = 0
        self.fail = False
        self.saves = 0

    def save(self) -> None:
        if self.fail:
            raise SaveError("disk full")
        self.saves += 1


class _Board:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.store = _Store()


class _Told:
    def __init__(self) -> None:
        self.log: list[Any] = []

    def applied(self, op: Op, result: Any) -> None:
        self.log.append(("applied", result))

    def refused(self, exc: Exception) -> None:
        self.log.append(("refused", str(exc)))

    def save_failed(self, exc: Exception) -> None:
        self.log.append(("failed", str(exc)))

    def all_saved(self) -> None:
        self.log.append(("all_saved",))


def _queue() -> tuple[SaveQueue, _Board, _Told]:
    board, told = _Board(), _Told()
    saves = SaveQueue(cast(Board, board), told, lambda callback, *args: callback(*args))
    return saves, board, told


def test_changes_are_applied_in_order_and_told() -> None:
    saves, _, told = _queue()
    saves.submit(lambda: 1)
    saves.submit(lambda: 2)
    assert saves.busy and saves.draining
    saves.drain()
    assert told.log == [("applied", 1), ("applied", 2), ("all_saved",)]
    assert not saves.busy


def test_a_refused_change_is_dropped_and_the_rest_go_on() -> None:
    saves, _, told = _queue()

    def refuse() -> None:
        raise Refused("no")

    saves.submit(refuse)
    saves.submit(lambda: "next")
    saves.drain()
    assert told.log == [("refused", "no"), ("applied", "next"), ("all_saved",)]


def test_a_failed_write_stays_unsaved_until_a_retry_works() -> None:
    saves, board, told = _queue()

    def change_then_fail() -> None:
        board.store.revision += 1  # in memory
        raise SaveError("disk full")

    saves.submit(change_then_fail)
    saves.drain()
    assert told.log == [("failed", "disk full")]
    assert saves.unsaved and saves.busy and not saves.draining
    saves.retry()
    assert saves.draining
    saves.drain()
    assert board.store.saves == 1 and not saves.busy
    assert told.log[-1] == ("all_saved",)


def test_a_change_not_made_stays_queued_when_the_board_is_not_written() -> None:
    saves, board, told = _queue()
    tries: list[int] = []

    def fail_before_change() -> str:
        tries.append(1)
        if len(tries) == 1:
            raise SaveError("locked")
        return "done"

    saves.submit(fail_before_change)
    saves.drain()
    assert not saves.unsaved and saves.busy  # still queued
    saves.retry()
    saves.drain()
    assert told.log == [("failed", "locked"), ("applied", "done"), ("all_saved",)]


def test_the_saver_thread_works_until_cancelled() -> None:
    saves, _, told = _queue()
    stop = threading.Event()
    thread = threading.Thread(target=saves.run, args=(stop.is_set,))
    thread.start()
    try:
        saves.submit(lambda: "x")
        for _ in range(500):
            if ("all_saved",) in told.log:
                break
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join(5)
    assert told.log == [("applied", "x"), ("all_saved",)]
