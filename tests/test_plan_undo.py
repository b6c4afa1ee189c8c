"""``u`` after a copy or a rotation on the Tomorrow tab: what it put in goes, and the
people it replaced come back (as they were, same assignments)."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from dutyboard.core import plan
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.core.undo import undo_last
from dutyboard.demo.board import build_demo
from dutyboard.storage.clock import FixedClock

TZ = "Asia/Shanghai"
DAY = pendulum.date(2022, 4, 26)


@pytest.fixture
def board(tmp_path: Path) -> Board:
    clock = FixedClock(pendulum.datetime(2022, 4, 26, 20, 0, tz=TZ))
    path = tmp_path / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo-laptop")
    return Board.open(path, clock, device_id="laptop-a")


def leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


def roster(board: Board, day: pendulum.Date) -> set[tuple[str, str, str]]:
    """(assignment id, slot, volunteer) of every active assignment of the day."""
    return {(a.id, a.slot, a.volunteer) for s in board.slots(day) for a in board.assignments(s.id)}


def test_undo_after_a_copy_brings_back_the_people_it_replaced(board: Board) -> None:
    boss = leader(board)
    before = roster(board, board.tomorrow)
    assert before  # the demo planned tomorrow already
    result = plan.copy_today(board, boss, replace=True)
    assert result.removed == len(before) and result.added > 0
    assert roster(board, board.tomorrow) != before

    entry = undo_last(board, boss)
    assert entry is not None and entry.action == "plan_copy"
    assert roster(board, board.tomorrow) == before  # the same assignments, not copies
    undo = board.audit()[-1]
    assert undo.action == "undo" and len(undo.after["restored"]) == len(before)

    reopened = Board.open(board.store.path, board.clock, device_id="laptop-b")
    assert roster(reopened, reopened.tomorrow) == before  # saved, in one save


def test_undo_after_a_rotation_restores_only_its_groups(board: Board) -> None:
    boss = leader(board)
    before = roster(board, board.tomorrow)
    plan.apply_rotation(board, boss, "alternate", replace=True)
    assert roster(board, board.tomorrow) != before
    assert undo_last(board, boss) is not None
    assert roster(board, board.tomorrow) == before


def test_undo_of_a_copy_into_an_empty_day_only_removes(board: Board) -> None:
    boss = leader(board)
    for s in board.slots(board.tomorrow):
        for a in board.assignments(s.id):
            plan.remove_person(board, boss, a.id)
    assert roster(board, board.tomorrow) == set()
    plan.copy_today(board, boss)
    assert roster(board, board.tomorrow)
    undo_last(board, boss)
    assert roster(board, board.tomorrow) == set()
    # The removals before it are still undoable one by one, the latest first.
    entry = undo_last(board, boss)
    assert entry is not None and entry.action == "unassign"
    assert len(roster(board, board.tomorrow)) == 1


def test_undo_does_not_put_someone_in_a_slot_twice(board: Board) -> None:
    """A leader put one of the replaced people back after the copy; undo must not
    give them a second assignment in that slot."""
    boss = leader(board)
    before = roster(board, board.tomorrow)
    plan.copy_today(board, boss, replace=True)
    gone_id, slot_id, vid = sorted(before)[0]
    if all(a.volunteer != vid for a in board.assignments(slot_id)):
        from dutyboard.core import staffing

        other = next(v for v in board.volunteers() if v.is_leader and v.id != boss.id)
        staffing.assign(board, vid, slot_id, other, override_reason="back where she was")
    undo_last(board, boss)
    pairs = [
        (a.slot, a.volunteer) for s in board.slots(board.tomorrow) for a in board.assignments(s.id)
    ]
    assert len(pairs) == len(set(pairs))  # nobody twice in a slot
    assert {(s, v) for _, s, v in before} == set(pairs)  # everyone else is back
    undo = board.audit()[-1]
    assert undo.after["already_there"] == [gone_id]
