"""Exports of a day after it was swapped out: read back from the archive."""

from __future__ import annotations

from pathlib import Path

import pendulum

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.closed_day import board_for_day
from dutyboard.demo.board import build_demo
from dutyboard.io.exports import export
from dutyboard.storage.clock import FixedClock

DAY = pendulum.date(2022, 4, 26)


def test_a_closed_day_exports_what_it_held(tmp_path: Path) -> None:
    clock = FixedClock(pendulum.datetime(2022, 4, 26, 21, 0, tz="Asia/Shanghai"))
    path = tmp_path / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo")
    board = Board.open(path, clock, device_id="laptop")
    leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    delivery = board.tasks(DAY, kind="delivery", status="open")[0]
    board.tick([delivery], leader)
    roster_before = export(board, "roster", "csv", lang="en", day=DAY)
    deliveries_before = export(board, "deliveries", "text", lang="en", day=DAY)
    open_before = {t.id for t in board.tasks(DAY, kind="delivery") if t.status != "done"}

    swap.swap(board, leader)
    assert board.today == DAY.add(days=1)
    assert board.tasks(DAY) == []  # the live file no longer holds the day

    closed = board_for_day(board, DAY)
    assert closed is not board
    assert export(board, "roster", "csv", lang="en", day=DAY) == roster_before
    tasks = closed.tasks(DAY, kind="delivery")
    assert {t.id for t in tasks if t.status != "done"} == open_before
    assert {t.status for t in tasks if t.id in open_before} == {"carried"}
    assert closed.task(delivery.id) is not None and closed.task(delivery.id).status == "done"
    # The undelivered list of the day is what it was ("136 of 137 not delivered"): a
    # number found somewhere in a line could not tell an empty export from this one.
    text = export(board, "deliveries", "text", lang="en", day=DAY)
    assert text == deliveries_before and f"{len(open_before)} of " in text
    # today and later are the live board itself
    assert board_for_day(board, board.today) is board
