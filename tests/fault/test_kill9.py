"""kill -9 of a real writer process during its saves never leaves an unreadable board.

The writer (writer.py ``tick``) ticks task 0, 1, 2, ... one save each and prints
``ACK n`` once a save has returned. The parent kills it with SIGKILL at a random moment
and opens the survivor: it must parse, and hold exactly the last acknowledged state or
the one after it (the save that was in flight when the kill came).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from dutyboard.storage.board_bytes import shadow_path
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.store import BoardStore

from .conftest import done, expect_line, make_board, start_writer, temp_files

KILLS = 200
TASKS = 2000
FRESH_BELOW = 600  # open tasks left before the board is swapped for a fresh copy
MAX_DELAY_S = 0.150
SEED = 20220426


def _put_fresh_copy(template: Path, board: Path) -> None:
    """Start again from a board with every task open. The writer's own last save is
    dropped too: otherwise its copy-over protection would rightly take it back."""
    tmp = board.with_name("fresh-copy")
    shutil.copyfile(template, tmp)
    shadow_path(board).unlink(missing_ok=True)
    os.replace(tmp, board)


@pytest.mark.slow
def test_200_kill9_during_saves_leave_no_unreadable_file(tmp_path: Path) -> None:
    template = tmp_path / "template" / "board.json"
    template.parent.mkdir()
    make_board(template, TASKS)
    board = tmp_path / "live" / "board.json"
    board.parent.mkdir()
    shutil.copyfile(template, board)

    rng = random.Random(SEED)
    stats: Counter[str] = Counter()
    unreadable: list[str] = []
    wrong: list[str] = []
    count = 0
    started = time.perf_counter()
    for kill in range(KILLS):
        if TASKS - count < FRESH_BELOW:
            _put_fresh_copy(template, board)  # else: restart from the survivor
            stats["fresh copies"] += 1
        proc = start_writer("tick", board, "w1")
        last = int(expect_line(proc, "READY").split()[1])
        first = last
        time.sleep(rng.uniform(0, MAX_DELAY_S))  # the sleep is the point: a random kill time
        os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, f"writer ended on its own:\n{out}\n{err}"
        for line in out.splitlines():
            if line.startswith("ACK "):
                last = int(line.split()[1])
        stats["acknowledged ticks"] += last - first
        stats["kills that left a temp file"] += bool(temp_files(board))
        try:
            store = BoardStore.open(board, device="check")
        except BoardFileError as exc:
            unreadable.append(f"kill {kill}: {exc}")
            _put_fresh_copy(template, board)
            count = 0
            continue
        got = done(store)
        count = len(got)
        if got != list(range(count)) or count not in (last, last + 1):
            wrong.append(f"kill {kill}: acknowledged {last}, file has {count} done: {got[-5:]}")
        stats["kills after a rename, before its ACK"] += count == last + 1
        if temp_files(board):
            wrong.append(f"kill {kill}: open left temp files {temp_files(board)}")
    elapsed = time.perf_counter() - started

    print(
        f"\n{KILLS} kills in {elapsed:.1f} s: {len(unreadable)} unreadable, "
        f"{len(wrong)} not an acknowledged state; {dict(stats)}"
    )
    assert unreadable == []
    assert wrong == []
    assert stats["acknowledged ticks"] > KILLS  # the writer really was saving when killed


@pytest.mark.parametrize("stage", ["mid-write", "before-replace", "after-replace"])
def test_kill9_at_each_stage_of_a_save(tmp_path: Path, stage: str) -> None:
    """A crash while the temp file is half written, or between its fsync and the
    rename, leaves the old file and a temp file that the next open removes; a crash
    after the rename leaves the new file."""
    board = tmp_path / "board.json"
    make_board(board, 20)
    before = board.read_bytes()

    proc = start_writer("crash", board, "w1", stage)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"{out}\n{err}"
    assert "READY" in out and "SURVIVED" not in out

    if stage == "after-replace":
        assert temp_files(board) == []
        expected = [0]
    else:
        assert len(temp_files(board)) == 1
        assert board.read_bytes() == before
        expected = []
    store = BoardStore.open(board, device="check")
    assert done(store) == expected
    assert temp_files(board) == []


def test_open_leaves_the_temp_file_of_a_save_in_progress(tmp_path: Path) -> None:
    """A temp file is only a crash's leftover when nobody holds the lock."""
    board = tmp_path / "board.json"
    make_board(board, 5)
    theirs = board.with_name(f".{board.name}.tmp-99999-abcdef")
    theirs.write_bytes(board.read_bytes()[:100])

    holder = start_writer("hold", board, stdin=subprocess.PIPE)
    try:
        expect_line(holder, "LOCKED")
        BoardStore.open(board, device="a")
        assert temp_files(board) == [theirs.name]
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)

    BoardStore.open(board, device="a")
    assert temp_files(board) == []
