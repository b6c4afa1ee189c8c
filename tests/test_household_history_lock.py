"""Reading the archive for the household page does not hold the board's lock: a tick
saved meanwhile does not wait seconds behind a 250 MB parse."""

from __future__ import annotations

import threading

import pytest

from dutyboard.core.board import Board
from dutyboard.views import household_page as hp
from tests.test_household_history import board, clock, demo_files, path  # noqa: F401


def test_reading_the_archive_leaves_the_board_lock_free(
    board: Board,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hp, "_index", None)
    assert board.store.loaded_archive is None and board.store.has_archive()
    reading, done_reading = threading.Event(), threading.Event()
    real = board.store.read_archive

    def slow_read() -> object:
        reading.set()
        done_reading.wait(10)
        return real()

    monkeypatch.setattr(board.store, "read_archive", slow_read)
    worker = threading.Thread(target=hp.archive_index, args=(board,))
    worker.start()
    try:
        assert reading.wait(10)
        assert board.lock.acquire(timeout=2)  # what a save takes: free while it reads
        board.lock.release()
    finally:
        done_reading.set()
        worker.join(30)
    assert hp.history_ready(board)  # and the index is in place afterwards
    assert board.store.loaded_archive is not None
