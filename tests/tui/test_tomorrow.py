"""Journeys of the Tomorrow tab (key 4), the swap dialog, exports and fair share,
driven by keys through Textual's Pilot; each checks what is shown and what the board
holds afterwards (the file read afresh, as another laptop would).
"""

from __future__ import annotations

from pathlib import Path

import pendulum
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.export_screen import ExportScreen
from dutyboard.tui.tomorrow import TomorrowPane
from dutyboard.tui.tomorrow_dialogs import ConfirmScreen, FairShareScreen
from tests.waiting import wait_until_in_app

from .conftest import DAY, SIZE, first_leader, make_app, on_duty_volunteer, settle, sync

TZ = "Asia/Shanghai"


async def open_tomorrow(pilot: Pilot[int]) -> TomorrowPane:
    await pilot.press("4")

    def shown() -> TomorrowPane | None:
        panes = pilot.app.query(TomorrowPane)
        return panes.first() if panes and panes.first().view is not None else None

    return await wait_until_in_app(pilot, shown, what="the Tomorrow tab")


def texts(screen: ConfirmScreen) -> str:
    return "\n".join(str(s.render()) for s in screen.query(Static))


@sync
async def test_leader_plans_sees_warnings_swaps_and_undoes(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    leader = first_leader(board)
    # A days-in-a-row limit of 1: whoever is on today and tomorrow gets a warning.
    with board.transaction() as tx:
        rules = dict(board.meta["rules"])
        rules["max_days_in_a_row"] = 1
        tx.set_meta({"rules": rules})
    today_people = {a.volunteer for s in board.slots(board.today) for a in board.assignments(s.id)}
    app = make_app(board, clock, leader)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tomorrow(pilot)
        assert pane.view is not None and pane.view.day == DAY.add(days=1)

        await pilot.press("p")  # copy today: tomorrow is planned already, so it asks
        assert isinstance(app.screen, ConfirmScreen)
        assert "替换" in texts(app.screen) or "replace" in texts(app.screen).lower()
        await pilot.click("#confirm-yes")
        await settle(pilot)
        planned = {
            a.volunteer for s in board.slots(board.tomorrow) for a in board.assignments(s.id)
        }
        assert planned == today_people
        view = pane.view
        assert view is not None
        warned = [p for s in view.slots for p in s.people if p.warnings]
        assert warned and all("连续" in p.warnings[-1] for p in warned)
        table = pane.query_one(DataTable)
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        assert any("连续值班" in c for c in cells), "the warning is on screen"

        await pilot.press("w")  # the diff before the swap
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        shown = texts(screen)
        assert "4月26日" in shown and "4月27日" in shown
        assert "未完成顺延" in shown and "快递组" in shown
        n = sum(len(p.warnings) for s in view.slots for p in s.people)
        assert f"明日排班仍有 {n} 条提醒" in shown, "the dialog counts what the tab counts"
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert board.today == DAY.add(days=1)
        assert app.header.part("date").startswith("4月27日")
        carried = [t for t in board.tasks(board.today) if t.carried_from]
        assert carried

        await pilot.press("u")  # undo the swap: nothing happened on the new day yet
        await settle(pilot)
        assert board.today == DAY
        assert app.header.part("date").startswith("4月26日")

    fresh = Board.open(board_path, clock, device_id="other-laptop")
    assert fresh.today == DAY
    assert not [t for t in fresh.tasks() if t.carried_from]
    assert [e.action for e in fresh.audit() if e.action in ("swap", "undo")] == ["swap", "undo"]


@sync
async def test_volunteer_cannot_swap_or_plan(board: Board, clock: FixedClock) -> None:
    who = on_duty_volunteer(board)
    before = {a.id for a in board.views().assignments.values()}
    app = make_app(board, clock, who)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tomorrow(pilot)
        for action in ("swap", "copy_today", "rotation", "add", "fair"):
            assert pane.check_action(action, ()) is None, action  # shown greyed
        await pilot.press("w", "p", "t", "a")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert board.today == DAY
        assert {a.id for a in board.views().assignments.values()} == before


@sync
async def test_day_change_is_shown_and_the_swap_offered_never_made(
    board: Board, clock: FixedClock
) -> None:
    clock.at = pendulum.datetime(2022, 4, 27, 6, 0, tz=TZ)  # the day starts at 06:00
    leader = first_leader(board)
    app = make_app(board, clock, leader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = app.header.part("day")
        assert "4月27日" in note and "w" in note
        assert app.check_action("day_swap", ()) is True
        await pilot.pause(0.2)
        assert board.today == DAY, "nothing swaps on its own"
        await pilot.press("w")  # from the Today tab
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert board.today == DAY
    # A volunteer sees the note but the key is greyed.
    app2 = make_app(board, clock, on_duty_volunteer(board))
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app2.check_action("day_swap", ()) is None


@sync
async def test_export_writes_a_file_and_fair_share_opens(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    app: DutyboardApp = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_tomorrow(pilot)
        await pilot.press("e")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.write()  # the file is written in a worker thread
        await app.settled()
        await pilot.pause()
        path = board_path.parent / "exports" / "dutyboard-roster-2022-04-26.txt"
        assert path.exists()
        assert str(path) in str(screen.query_one("#export-result", Static).render())
        assert "****" in path.read_text(encoding="utf-8")
        await pilot.press("escape")
        await pilot.press("f")
        assert isinstance(app.screen, FairShareScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(board.volunteers())
        await pilot.press("escape")
        assert not isinstance(app.screen, FairShareScreen)
