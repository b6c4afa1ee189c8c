"""After a swap, what was left open shows where it is done: marked as carried over,
with the day it was first due (the Deliveries rows and the Disinfection cells)."""

from __future__ import annotations

from pathlib import Path

import pendulum

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.demo.board import build_demo
from dutyboard.storage.clock import FixedClock
from dutyboard.views.deliveries import build_deliveries, carried_label
from dutyboard.views.disinfection import build_disinfection

DAY = pendulum.date(2022, 4, 26)


def test_carried_tasks_are_marked_with_their_first_day(tmp_path: Path) -> None:
    clock = FixedClock(pendulum.datetime(2022, 4, 26, 21, 0, tz="Asia/Shanghai"))
    path = tmp_path / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo")
    board = Board.open(path, clock, device_id="laptop")
    leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    before = build_deliveries(board, DAY, "zh", clock.now())
    assert before.rows and not any(r.carried_from for r in before.rows)
    checked = board.tasks(DAY, kind="disinfection", status="open")[0]
    board.tick([checked], leader)  # done on its day: nothing of it carries over

    swap.swap(board, leader)
    new_day = board.today
    later = pendulum.datetime(2022, 4, 27, 8, 0, tz="Asia/Shanghai")
    rows = build_deliveries(board, new_day, "zh", later).rows
    carried = [r for r in rows if r.carried_from]
    assert carried and {r.carried_from for r in carried} == {"2022-04-26"}
    assert all(r.status == "open" for r in carried)

    cells = [c for r in build_disinfection(board, new_day, "zh", later).rows for c in r.cells if c]
    assert any(c.carried_from == "2022-04-26" for c in cells)
    # the item ticked on the 26th is the new day's own, unmarked
    same = [
        t
        for t in board.tasks(new_day, kind="disinfection")
        if (t.building, t.area, t.item, t.round)
        == (checked.building, checked.area, checked.item, checked.round)
    ]
    assert same and not any(t.carried_from for t in same)
    cell = next(c for c in cells if set(c.task_ids) == {t.id for t in same})
    assert cell.carried_from == ""


def test_carried_label_in_both_languages() -> None:
    assert carried_label("2022-04-26", "zh") == "4月26日顺延"
    assert carried_label("2022-04-26", "en") == "carried from 26 Apr"
    assert carried_label("someday", "en") == "carried from someday"
