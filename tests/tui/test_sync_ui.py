"""Sync by copying, in the app: merge another copy from a file (with a preview first),
then the conflicts view, where a leader restores the lost version or keeps the current.

Two copies of the demo board diverge: this laptop marks a delivery not delivered, the
other (a minute later) ticks it done. Merging takes the tick in and keeps the lost
"not delivered" as a conflict.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from dutyboard.core.board import Board
from dutyboard.core.merge import conflicts, merge_copies, resolve_conflict
from dutyboard.core.model import Task
from dutyboard.demo.board import build_demo
from dutyboard.storage.board_bytes import archive_path
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.commands import BoardCommands
from dutyboard.tui.sync_screens import ConflictsScreen, MergeScreen, try_merge

from .conftest import DAY, SIZE, first_leader, make_app, on_duty_volunteer, settle, sync


def text_of(app: DutyboardApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def diverge(board: Board, board_path: Path, clock: FixedClock, tmp_path: Path) -> tuple[Path, Task]:
    """A copy on another laptop; here the task fails, there (later) it is ticked done."""
    other_path = tmp_path / "copy" / "board.json"
    other_path.parent.mkdir()
    shutil.copy(board_path, other_path)
    if archive_path(board_path).exists():
        shutil.copy(archive_path(board_path), archive_path(other_path))
    task = next(x for x in board.tasks(board.today, kind="delivery") if x.status == "open")
    here = on_duty_volunteer(board)
    board.fail([task], here, "nobody home")
    clock.advance(minutes=1)
    other = Board.open(other_path, clock, device_id="laptop-b")
    other_task = other.task(task.id)
    assert other_task is not None
    other.tick([other_task], first_leader(other))
    return other_path, task


@sync
async def test_leader_merges_a_copy_after_a_preview_then_restores_the_lost_version(
    board: Board, board_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    other_path, task = diverge(board, board_path, clock, tmp_path)
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        assert app.check_action("conflicts", ()) is False  # none yet: not in the Footer
        # the palette lists the command for a leader
        hits = [h.text async for h in BoardCommands(app.screen).discover()]
        assert "从文件合并…" in hits and "冲突" in hits

        app.action_merge_file()
        await pilot.pause()
        assert isinstance(app.screen, MergeScreen)
        path_input = app.screen.query_one(Input)
        assert path_input.value == str(board_path.parent) + "/"  # the board's folder
        await pilot.press(*"nothing.json", "enter")
        await settle(pilot)
        assert "找不到这个文件" in text_of(app, "#merge-preview")
        path_input.value = str(board_path.parent) + "/"
        await pilot.press("end", *"copy/board.json", "enter")
        await settle(pilot)
        preview = text_of(app, "#merge-preview")
        assert "任务：新增 0，修改 1，删除 0" in preview
        assert "冲突：1 处" in preview
        assert board.task(task.id).status == "failed"  # a preview changes nothing

        await pilot.press("enter")  # merge
        await settle(pilot)
        assert not isinstance(app.screen, MergeScreen)
        assert board.task(task.id).status == "done"  # the other copy's tick
        [conflict] = conflicts(board)
        assert conflict.record == task.id and conflict.lost["status"] == "failed"
        assert app.header.part("conflicts") == "有 1 个冲突待处理"
        assert "有 1 个冲突待处理" in app.header.render().plain  # drawn, not only known
        assert app.check_action("conflicts", ()) is True

        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        row = [str(c) for c in table.get_row_at(0)]
        assert task.code in row[1] and row[2].startswith("状态\n")
        assert row[3].startswith("已完成\n") and row[4].startswith("未送达\n")
        assert "nobody home" in row[4] and row[5] == "test-laptop"
        await pilot.press("r")
        await settle(pilot)
        assert table.row_count == 0
        assert app.screen.has_class("-empty")
        await pilot.press("escape")
        await pilot.pause()

        assert board.task(task.id).status == "failed"  # the lost version is back
        assert conflicts(board) == []
        assert [c.status for c in conflicts(board, include_closed=True)] == ["restored"]
        assert any(e.action == "restore" and e.record == task.id for e in board.audit())
        assert app.header.part("conflicts") == ""
        assert app.check_action("conflicts", ()) is False

    on_disk = Board.open(board_path, clock, device_id="third-laptop")
    assert on_disk.task(task.id).status == "failed"
    assert conflicts(on_disk) == []


@sync
async def test_merge_dialog_says_in_one_line_why_a_file_cannot_be_merged(
    board: Board, clock: FixedClock, tmp_path: Path
) -> None:
    not_board = tmp_path / "notes.json"
    not_board.write_text('{"hello": "world"}')
    another = tmp_path / "other" / "board.json"
    another.parent.mkdir()
    build_demo(another, date=DAY, seed=7, clock=clock, device_id="elsewhere")
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        app.action_merge_file()
        await pilot.pause()
        path_input = app.screen.query_one(Input)
        for path, says in [
            (not_board, "not a board file"),
            (another, "a different board"),
            (tmp_path, "That is a folder"),
        ]:
            path_input.value = str(path)
            await pilot.press("enter")
            await settle(pilot)
            shown = text_of(app, "#merge-preview")
            assert says in shown and "\n" not in shown and "Traceback" not in shown
        await pilot.press("enter")  # no preview: Enter previews again, merges nothing
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        await pilot.press("escape")
    assert try_merge(board, str(board.store.path), "zh", dry_run=True).error


@sync
async def test_a_volunteer_cannot_merge_or_resolve_conflicts(
    board: Board, board_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    other_path, task = diverge(board, board_path, clock, tmp_path)
    merge_copies(board, [other_path], who=first_leader(board))
    [conflict] = conflicts(board)
    who = on_duty_volunteer(board)
    app = make_app(board, clock, who)
    async with app.run_test(size=SIZE) as pilot:
        assert app.check_action("conflicts", ()) is None  # greyed in the Footer
        assert app.header.part("conflicts") == "有 1 个冲突待处理"  # everyone sees it
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictsScreen)
        hits = [h.text async for h in BoardCommands(app.screen).discover()]
        assert "从文件合并…" not in hits and "冲突" not in hits
        app.action_merge_file()  # from nowhere else, refused with a note
        await pilot.pause()
        assert not isinstance(app.screen, MergeScreen)
    with pytest.raises(Refused):
        resolve_conflict(board, conflict.id, who, restore=True)
    assert board.task(task.id).status == "done" and len(conflicts(board)) == 1
