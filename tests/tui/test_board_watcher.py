"""The board watcher (tui/board_watcher.py) without an app: what other laptops saved."""

from __future__ import annotations

from pathlib import Path

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.board_watcher import BoardWatcher
from tests.tui.conftest import first_leader


def test_nothing_new_then_another_laptops_tick(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    watcher = BoardWatcher(board)
    assert watcher.start()
    assert not watcher.start()  # one check at a time
    seen = watcher.check()
    assert (seen.reload, seen.merged, seen.archive) == (False, 0, None)
    other = Board.open(board_path, clock, device_id="other-laptop")
    task = other.tasks(other.today, status="open")[0]
    other.tick([task], first_leader(other))
    assert watcher.start()
    assert watcher.check().reload
    assert board.task(task.id).status != "open"  # type: ignore[union-attr]
