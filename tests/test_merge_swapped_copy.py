"""Merging a copy that has swapped to the next day into a board still on the old day
(laptop B takes in laptop A's copy): B moves on to the new day, and B's own records of
the closed day go to the archive, not stay live until B's own next swap."""

from __future__ import annotations

import shutil
from pathlib import Path

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.closed_days import DATED_TABLES
from dutyboard.core.merge import merge_copies
from dutyboard.storage.clock import FixedClock
from tests.factories import archived, copy_archive
from tests.test_swap import DAY, at, clock, leader, path, volunteer  # noqa: F401


def stale_live(board: Board) -> list[str]:
    """Records of a closed day still in the live file, other than the running night
    slot the swap keeps (and its people)."""
    out = []
    for table, fld in DATED_TABLES.items():
        for d in board.store.rows(table):
            if d.get(fld, "9") < board.today.isoformat():
                if table == "slots" and d.get("key") == "night":
                    continue
                if table == "assignments" and board.slot(d["slot"]) is not None:
                    continue
                out.append(f"{table}:{d['id']}")
    return out


def test_a_board_on_the_old_day_takes_in_a_swapped_copy(
    tmp_path: Path,
    path: Path,  # noqa: F811
    clock: FixedClock,  # noqa: F811
) -> None:
    a_dir = tmp_path / "a"
    a_dir.mkdir()
    a_path = a_dir / "board.json"
    shutil.copy(path, a_path)
    copy_archive(path, a_path)

    b = Board.open(path, clock, device_id="laptop-b")  # still on the 26th
    task = b.tasks(DAY, kind="delivery")[0]
    b.tick([task], volunteer(b))  # B's tick on the old day, made before it hears of A

    clock.at = at(27, 6, 0)
    a = Board.open(a_path, clock, device_id="laptop-a")
    swap.swap(a, leader(a))
    assert a.today == DAY.add(days=1)

    merge_copies(b, [a_path])
    assert b.today == DAY.add(days=1)
    assert stale_live(b) == []  # the closed day is not live on B any more
    closed = archived(b.store, "tasks", task.id, day=DAY.isoformat())  # the closed day's part
    assert closed is not None and closed["status"] == "done"  # B's tick is kept,
    assert closed["done_by"] == volunteer(b).id  # though A carried it later by the clock
    successor = next(t for t in b.tasks(b.today) if t.carried_from == task.id)
    assert successor.status == "done"  # and passed on to the task carried over

    fresh = Board.open(path, clock, device_id="check")  # and so it is on disk
    assert fresh.today == DAY.add(days=1) and stale_live(fresh) == []
    assert fresh.task(successor.id).status == "done"  # type: ignore[union-attr]


def test_the_same_in_the_other_direction(
    tmp_path: Path,
    path: Path,  # noqa: F811
    clock: FixedClock,  # noqa: F811
) -> None:
    """B ticked on the 26th before A swapped; A takes in B's copy: the tick wins over
    A's carrying it, and the task carried over is done too."""
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b_path = b_dir / "board.json"
    shutil.copy(path, b_path)
    copy_archive(path, b_path)
    b = Board.open(b_path, clock, device_id="laptop-b")
    task = b.tasks(DAY, kind="delivery")[0]
    b.tick([task], volunteer(b))

    clock.at = at(27, 6, 0)
    a = Board.open(path, clock, device_id="laptop-a")
    swap.swap(a, leader(a))
    merge_copies(a, [b_path])
    closed = archived(a.store, "tasks", task.id, day=DAY.isoformat())
    assert closed is not None and closed["status"] == "done"
    successor = next(t for t in a.tasks(a.today) if t.carried_from == task.id)
    assert successor.status == "done"
