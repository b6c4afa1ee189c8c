"""Taking a household off the care register from the Care tab (x, leaders): the reason
dialog with Cancel focused, the household gone from the register, u puts it back; a
volunteer sees the key greyed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Static

from dutyboard.core.board import Board
from dutyboard.groups import care
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.care_panes import CarePane
from dutyboard.tui.care_screens import TakeOffScreen
from dutyboard.tui.key_bar import KeyBar

from .conftest import SIZE, first_leader, make_app, settle, sync
from .test_care import carer, put_cursor, rows


@sync
async def test_a_leader_takes_a_household_off_with_a_reason_and_undoes_it(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.query_one(CarePane)
        register = pane.register_table()
        hid = rows(register)[2]
        row = pane.view.row(hid)  # type: ignore[union-attr]
        assert row is not None
        await put_cursor(pilot, register, hid)
        assert pane.check_action("take_off", ()) is True
        keys = {shown: (desc, on) for shown, desc, on in app.query_one(KeyBar).shown_keys()}
        assert keys["x"] == ("移出名册", True)

        # x opens the dialog with Cancel focused: Enter there changes nothing.
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TakeOffScreen) and row.address in dialog.address
        assert app.focused is dialog.query_one("#off-cancel", Button)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, TakeOffScreen)
        assert hid in rows(register) and care.off_register(board) == []

        # Take off without a reason: the dialog says a reason is needed and stays.
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TakeOffScreen)
        await pilot.click("#off-ok")
        await pilot.pause()
        assert app.screen is dialog
        problem = dialog.query_one("#off-problem", Static)
        assert "原因" in str(problem.render())
        assert app.focused is dialog.query_one("#off-reason", Input)
        await pilot.press(*"搬去女儿家")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, TakeOffScreen)

        # Gone from the register (and the counts); the summary says one is off.
        assert hid not in rows(register)
        assert pane.view is not None and pane.view.row(hid) is None
        assert len(pane.view.rows) == 33
        summary = str(pane.query_one(".tasks-summary", Static).render())
        assert "独居老人 33 户" in summary and "已移出 1 户" in summary
        [off] = care.off_register(board)
        assert off.household.id == hid and off.reason == "搬去女儿家"

        # u puts it back.
        await pilot.press("u")
        await settle(pilot)
        assert hid in rows(register) and care.off_register(board) == []

        # A number picks a common reason and moves to the Take off button.
        await put_cursor(pilot, register, hid)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TakeOffScreen)
        await pilot.press("2")
        await pilot.pause()
        assert dialog.query_one("#off-reason", Input).value == "住院"
        assert app.focused is dialog.query_one("#off-ok", Button)
        await pilot.press("enter")
        await settle(pilot)
        assert hid not in rows(register)

    fresh = Board.open(board_path, clock, device_id="other")
    assert care.is_off(fresh, hid)
    assert [o.reason for o in care.off_register(fresh)] == ["住院"]
    assert [e.action for e in fresh.audit()][-3:] == ["register_off", "undo", "register_off"]


@sync
async def test_a_volunteer_sees_the_key_greyed(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, carer(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.query_one(CarePane)
        assert rows(pane.register_table())
        assert pane.check_action("take_off", ()) is None
        assert app.screen.active_bindings["x"].enabled is False
        keys = {shown: (desc, on) for shown, desc, on in app.query_one(KeyBar).shown_keys()}
        assert keys["x"] == ("Off register", False)
        await pilot.press("x")
        await settle(pilot)
        assert not isinstance(app.screen, TakeOffScreen)
        assert care.off_register(board) == []
