"""The Buildings tab (9) with Pilot: a leader marks a building positive and, without a
restart, the testing route, the disinfection rounds and a delivery row follow; a
volunteer has ``s`` greyed and the core refuses them; the history shows what people
typed as text. The demo community (seed 2022) on 2022-04-26 at 09:30: building 5 is
normal with deliveries today; 9 is positive, 11 and 12 sealed (set before the
history was kept)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from dutyboard.core.board import Board
from dutyboard.groups import building_status as bs
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.tui import testing_pane
from dutyboard.tui._compat import notifications
from dutyboard.tui.building_dialogs import HistoryScreen, StatusScreen
from dutyboard.tui.buildings import BuildingCell, BuildingGrid, BuildingsPane
from dutyboard.tui.deliveries import DeliveriesPane
from dutyboard.tui.disinfection import DisinfectionPane

from .conftest import SIZE, first_leader, make_app, on_duty_volunteer, settle, sync

FIVE = 5


async def open_buildings(pilot: Pilot[int]) -> BuildingsPane:
    await pilot.press("9")
    await settle(pilot)
    pane = pilot.app.query_one(BuildingsPane)
    assert pane.view is not None
    return pane


async def cursor_on(pilot: Pilot[int], pane: BuildingsPane, number: int) -> None:
    grid = pane.grid
    grid.focus()
    grid.cursor = grid.numbers.index(number)
    await pilot.pause()
    row = pane.current()
    assert row is not None and row.number == number


async def choose(pilot: Pilot[int], state: str) -> StatusScreen:
    screen = pilot.app.screen
    assert isinstance(screen, StatusScreen)
    screen.query_one(OptionList).highlighted = bs.STATES.index(state)
    await pilot.pause()
    return screen


def toasts(app: object) -> str:
    return "\n".join(str(n.message) for n in notifications(app))


def rounds_of(app: object, number: int) -> int:
    pane = app.query_one(DisinfectionPane)  # type: ignore[attr-defined]
    assert pane.view is not None
    return max(r.rounds for r in pane.view.rows if r.building == number)


@sync
async def test_a_leader_marks_a_building_positive_and_every_tab_follows(
    board: Board, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        # Before: on the testing route, one round of disinfection, deliveries to collect.
        await pilot.press("7")
        await settle(pilot)
        testing = app.query_one(testing_pane.TestingPane)
        assert testing.view is not None and FIVE in testing.view.route
        assert FIVE not in testing.view.door_to_door
        await pilot.press("3")
        await settle(pilot)
        assert rounds_of(app, FIVE) == 1
        await pilot.press("2")
        await settle(pilot)
        deliveries = app.query_one(DeliveriesPane)
        assert deliveries.view is not None
        fives = [r for r in deliveries.view.rows if r.building == FIVE]
        assert fives and not any(r.door_only for r in fives)

        # s on building 5: positive, a note, Save.
        pane = await open_buildings(pilot)
        await cursor_on(pilot, pane, FIVE)
        assert app.screen.query_one("#building-5", BuildingCell).has_class("-normal")
        await pilot.press("s")
        await pilot.pause()
        screen = await choose(pilot, "positive")
        assert screen.query_one("#building-case-row").display
        screen.query_one("#building-note", Input).value = "3单元一例 [b]不是标记[/b]"
        await pilot.click("#building-save")
        await settle(pilot)
        assert not isinstance(app.screen, StatusScreen)
        assert board.building_status(FIVE) == "positive"
        assert "5号楼：正常 → 涉阳" in toasts(app)
        cell = app.screen.query_one("#building-5", BuildingCell)
        assert cell.has_class("-positive") and not cell.has_class("-normal")
        assert "还剩 7 天" in str(cell.render())

        # The other tabs, without a restart.
        await pilot.press("7")
        await settle(pilot)
        assert testing.view is not None
        assert FIVE not in testing.view.route and FIVE in testing.view.door_to_door
        await pilot.press("3")
        await settle(pilot)
        assert rounds_of(app, FIVE) == 3
        await pilot.press("2")
        await settle(pilot)
        assert deliveries.view is not None
        fives = [r for r in deliveries.view.rows if r.building == FIVE]
        assert fives and all(r.door_only for r in fives)

        # h: the history, the note shown as typed (not read as markup).
        await pilot.press("9")
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        text = str(history.query_one("#building-history-text", Static).render())
        assert "备注：3单元一例 [b]不是标记[/b]" in text and "正常 → 涉阳" in text
        await pilot.press("escape")
        await pilot.pause()

        # u: undone; back to normal everywhere.
        await pilot.press("u")
        await settle(pilot)
        assert board.building_status(FIVE) == "normal"
        assert app.screen.query_one("#building-5", BuildingCell).has_class("-normal")
        await pilot.press("7")
        await settle(pilot)
        assert testing.view is not None and FIVE in testing.view.route


@sync
async def test_lifting_early_asks_for_a_reason(board: Board, clock: FixedClock) -> None:
    lead = first_leader(board)
    bs.set_status(board, lead, FIVE, "sealed")  # may be controlled from 05-03
    app = make_app(board, clock, lead)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_buildings(pilot)
        await cursor_on(pilot, pane, FIVE)
        await pilot.press("s")
        await pilot.pause()
        screen = await choose(pilot, "controlled")
        assert not screen.query_one("#building-case-row").display
        assert screen.query_one("#building-reason-box").display
        await pilot.click("#building-save")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen  # not closed: the reason is missing
        problem = str(screen.query_one("#building-problem", Static).render())
        assert "5月3日 之前改为“管控”要写明原因" in problem
        screen.query_one("#building-reason", Input).value = "街道通知提前解封"
        # Pressed, not clicked: the problem line moved the button, and a click by
        # position can land before the layout follows on a loaded machine.
        screen.query_one("#building-save", Button).press()
        await settle(pilot)
        assert board.building_status(FIVE) == "controlled"
        (event,) = [e for e in bs.history(board, FIVE) if e.state == "controlled"]
        assert event.early and event.reason == "街道通知提前解封"
        assert board.audit(board.today)[-1].reason == "街道通知提前解封"


@sync
async def test_arrows_move_the_cursor_and_enter_shows_the_history(
    board: Board, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_buildings(pilot)
        grid = app.query_one(BuildingGrid)
        assert grid.has_focus and grid.columns == 3
        await pilot.press("right", "down")
        await pilot.pause()
        assert grid.current == 5
        assert app.screen.query_one("#building-5", BuildingCell).has_class("-cursor")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert pane.current() is not None


@sync
async def test_a_volunteer_sees_the_tab_but_s_is_greyed_and_refused(
    board: Board, clock: FixedClock
) -> None:
    who = on_duty_volunteer(board)
    app = make_app(board, clock, who)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_buildings(pilot)
        await cursor_on(pilot, pane, FIVE)
        assert pane.check_action("set_status", ()) is None  # greyed in the key bar
        assert pane.check_action("history", ()) is True
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, StatusScreen)
        with pytest.raises(Refused) as refusal:
            bs.set_status(board, who, FIVE, "sealed")
        assert refusal.value.key == "refused.not_leader"
        assert board.building_status(FIVE) == "normal"


@sync
async def test_the_tab_redraws_when_another_laptop_sets_a_status(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_buildings(pilot)
        other = Board.open(board_path, clock, device_id="laptop-2")
        bs.set_status(other, first_leader(other), FIVE, "sealed")
        app._refresh_board()  # what the watch timer does
        await settle(pilot)
        row = pane.view.row(FIVE) if pane.view else None
        assert row is not None and row.state == "sealed" and row.days_left == 7
