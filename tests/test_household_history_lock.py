"""Reading the archive for the household page does not hold the board's lock: a tick
saved meanwhile does not wait behind the indexes of the parts being built (each part
read and checked, seconds for many at town scale)."""

from __future__ import annotations

import shutil
import threading

import pytest

from dutyboard.core.board import Board
from dutyboard.storage import archive_parts, part_index
from dutyboard.views import household_page as hp
from tests.test_household_history import (  # noqa: F401
    board,
    clock,
    demo_files,
    leader,
    open_deliveries,
    path,
)


def test_reading_the_archive_leaves_the_board_lock_free(
    board: Board,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.rmtree(archive_parts.index_dir(board.store.path), ignore_errors=True)
    assert board.store.has_archive() and not hp.history_ready(board)  # indexes missing
    reading, done_reading = threading.Event(), threading.Event()
    real = part_index.build

    def slow_build(*args: object) -> part_index.PartIndex:
        if threading.current_thread() is worker:
            reading.set()
            done_reading.wait(10)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(part_index, "build", slow_build)
    worker = threading.Thread(target=hp.archive_index, args=(board,))
    worker.start()
    try:
        assert reading.wait(10)
        assert board.lock.acquire(timeout=2)  # what a save takes: free while it reads
        board.lock.release()
        task = open_deliveries(board)[0]
        board.tick([task], leader(board))  # and a save goes through meanwhile
        assert worker.is_alive(), "the save did not wait for the indexes"
    finally:
        done_reading.set()
        worker.join(30)
    assert hp.history_ready(board)  # and the indexes are in place afterwards
    saved = Board.open(board.store.path, board.clock, device_id="laptop-b").task(task.id)
    assert saved is not None and saved.status == "done"
