"""Journeys of the care, medicine and testing groups through Textual's Pilot: what the
person sees and what the board (and the file, opened afresh) holds."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups import care, care_needs
from dutyboard.groups import testing_rounds as tr
from dutyboard.storage.clock import FixedClock
from dutyboard.tui import testing_pane
from dutyboard.tui._compat import notifications
from dutyboard.tui.care_panes import CarePane
from dutyboard.tui.care_screens import LogCallScreen
from dutyboard.tui.coverage_screen import CoverageScreen
from dutyboard.tui.household_page import HouseholdScreen
from dutyboard.tui.medicine_pane import MedicinePane

from .conftest import SIZE, first_leader, make_app, settle, sync


def carer(board: Board) -> Volunteer:
    """A care-group volunteer (not a leader)."""
    people = sorted(board.volunteers(), key=lambda v: v.name)
    return next(v for v in people if "care" in v.groups and not v.is_leader)


def rows(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [str(r.key.value) for r in table.ordered_rows]


async def put_cursor(pilot: Pilot[int], table: DataTable, key: str) -> None:  # type: ignore[type-arg]
    table.focus()
    table.move_cursor(row=rows(table).index(key), animate=False)
    await pilot.pause()


@sync
async def test_a_call_with_two_needs_is_followed_until_both_are_met(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    me = carer(board)
    app = make_app(board, clock, me)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.query_one(CarePane)
        register = pane.register_table()
        assert register.has_focus
        first = rows(register)[0]
        assert pane.view is not None and pane.view.rows[0].state == "overdue"
        address = pane.view.rows[0].address

        await pilot.press("p")  # log a call to the household under the cursor
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogCallScreen) and address in dialog.address
        await pilot.press(*"还好")
        dialog.query_one("#need-type-1", Select).value = "food"
        dialog.query_one("#need-text-1", Input).focus()
        await pilot.press(*"鸡蛋")
        dialog.query_one("#need-type-2", Select).value = "medicine"
        dialog.query_one("#need-text-2", Input).focus()
        await pilot.press(*"降压药")
        await pilot.click("#need-urgent-2")
        assert dialog.query_one("#need-urgent-2", Checkbox).value
        await pilot.click("#log-save")
        await settle(pilot)
        assert not isinstance(app.screen, LogCallScreen)

        # The call and its two needs, routed to the supplies and medicine groups.
        last = care.last_contacts(board)[first]
        assert last.by == me.id and last.notes == "还好" and last.needs == ("food", "medicine")
        needs = [n for n in care_needs.needs(board) if n.contact == last.id]
        by_group = {n.task.group: n.task for n in needs}
        assert set(by_group) == {"supplies", "medicine"}
        supplies, med = by_group["supplies"], by_group["medicine"]
        assert supplies.extra["need_text"] == "鸡蛋" and med.extra["medicine"] == "降压药"
        assert med.extra["urgent"] is True
        assert supplies.id in [x.id for x in board.tasks(group="supplies", status="open")]
        assert pane.view.row(first).state == "ok"  # type: ignore[union-attr]
        assert pane.view.need(supplies.id).group == "物资组"  # type: ignore[union-attr]
        assert pane.view.need(med.id).group == "配药组"  # type: ignore[union-attr]
        assert {supplies.id, med.id} <= set(rows(pane.needs_table()))

        # The medicine group sees the request (urgent) and moves it to delivered.
        await pilot.press("6")
        await settle(pilot)
        med_pane = app.query_one(MedicinePane)
        med_row = med_pane.view.row(med.id)  # type: ignore[union-attr]
        assert med_row is not None and med_row.urgent and med_row.from_care
        await put_cursor(pilot, med_pane._table(), med.id)
        for expected in ("sourcing", "bought", "delivered"):
            await pilot.press("space")
            await settle(pilot)
            assert med_pane.view.row(med.id).stage == expected  # type: ignore[union-attr]
        assert board.task(med.id).status == "done"  # type: ignore[union-attr]

        # The supplies task is met (space on its row in the needs list).
        await pilot.press("5")
        await settle(pilot)
        await put_cursor(pilot, pane.needs_table(), supplies.id)
        await pilot.press("space")
        await settle(pilot)
        # The care view closes both.
        assert pane.view.need(supplies.id).status == "done"  # type: ignore[union-attr]
        assert pane.view.need(med.id).status == "done"  # type: ignore[union-attr]
        assert pane.view.row(first).open_needs == 0  # type: ignore[union-attr]

    fresh = Board.open(board_path, clock, device_id="other")
    assert fresh.task(supplies.id).status == "done"  # type: ignore[union-attr]
    assert fresh.task(med.id).extra["stage"] == "delivered"  # type: ignore[union-attr]
    assert [e.action for e in fresh.audit()][-5:] == ["contact", "stage", "stage", "stage", "done"]


@sync
async def test_a_testing_round_with_a_positive_building(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await settle(pilot)
        pane = app.query_one(testing_pane.TestingPane)
        assert pane.view is not None and pane.view.number == 17 and not pane.view.running
        await pilot.press("s")
        await settle(pilot)
        view = pane.view
        assert view.running and view.number == 17
        order = [s.building for s in view.stops]
        assert order[-3:] and all(s.door_to_door for s in view.stops if s.building == 9)
        positive = next(s for s in view.stops if s.building == 9)
        assert positive.status == "positive" and order.index(9) >= len(order) - 3
        route = [s.building for s in view.stops if not s.door_to_door]
        assert 9 not in route and route[:3] == [1, 2, 3]
        table = pane._table()
        assert table.has_focus
        await pilot.press("e")  # too early: says which buildings are left, ends nothing
        await settle(pilot)
        assert tr.current(board) is not None
        assert any("13 buildings not done yet" in n.message for n in notifications(app))
        for stop in view.stops:
            await put_cursor(pilot, table, stop.task_id)
            await pilot.press("space")  # called
            await settle(pilot)
            assert pane.view.stop(stop.task_id).state == "called"  # type: ignore[union-attr]
            await pilot.press("space")  # done
            await settle(pilot)
        assert pane.view.done == len(view.stops)
        summary = str(pane.query_one(".tasks-summary", Static).render())
        assert "Every building is done" in summary
        clock.advance(minutes=85)
        await pilot.press("e")
        await settle(pilot)
        assert not pane.view.running and pane.view.number == 18
        assert pane.view.history[-1].number == 17 and pane.view.history[-1].minutes == 85
        chart = str(pane.query_one(".testing-chart", Static).render())
        assert "round 17" in chart and "1:25" in chart
    assert tr.durations(Board.open(board_path, clock, device_id="x"))[-1] == (17, "2022-04-26", 85)


@sync
async def test_a_volunteer_cannot_start_or_end_a_round_nor_open_the_coverage_grid(
    board: Board, clock: FixedClock
) -> None:
    me = carer(board)
    app = make_app(board, clock, me)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await settle(pilot)
        pane = app.query_one(testing_pane.TestingPane)
        assert pane.check_action("start_round", ()) is None  # greyed in the Footer
        await pilot.press("s")
        await settle(pilot)
        assert tr.current(board) is None
        await pilot.press("5")
        await settle(pilot)
        care_pane = app.query_one(CarePane)
        assert care_pane.check_action("coverage", ()) is None
        await pilot.press("g")
        await pilot.pause()
        assert not isinstance(app.screen, CoverageScreen)


@sync
async def test_household_page_from_a_care_row_and_a_delivery_and_the_coverage_grid(
    board: Board, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.query_one(CarePane)
        assert pane.view is not None
        address = pane.view.rows[0].address
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdScreen)
        text = str(app.screen.query_one("#hh-text", Static).render())
        assert address in text and "■ 关爱" in text and "■ 核酸" in text
        await pilot.press("escape")
        await pilot.press("g")  # the coverage grid (leaders)
        await pilot.pause()
        grid = app.screen
        assert isinstance(grid, CoverageScreen)
        table = grid.query_one(DataTable)
        assert table.row_count == 34 and len(table.columns) == 7
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, (HouseholdScreen, CoverageScreen))
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdScreen)
        assert app.active_tab == "deliveries"


@sync
async def test_undo_takes_back_a_call_and_the_needs_it_routed(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    me = carer(board)
    app = make_app(board, clock, me, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.query_one(CarePane)
        hid = rows(pane.register_table())[0]
        before = len(care.contacts(board, hid))
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogCallScreen)
        dialog.query_one("#need-type-1", Select).value = "bathing"
        await pilot.click("#log-save")
        await settle(pilot)
        assert len(care.contacts(board, hid)) == before + 1
        assert pane.view is not None and pane.view.row(hid).open_needs == 1  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(pilot)
        assert len(care.contacts(board, hid)) == before
        assert pane.view.row(hid).open_needs == 0  # type: ignore[union-attr]
        assert pane.view.row(hid).state == "overdue"  # type: ignore[union-attr]
        shown = [n.message for n in notifications(app)]
        assert "Undone: the call and its needs" in shown
    assert len(care.contacts(Board.open(board_path, clock, device_id="x"), hid)) == before


@sync
async def test_enter_on_a_request_and_the_palette_open_the_household_page(
    board: Board, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settle(pilot)
        pane = app.query_one(MedicinePane)
        assert pane.view is not None
        address = pane.view.rows[0].address
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdScreen)
        assert address in str(app.screen.query_one("#hh-text", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"5-2-201")
        await pilot.pause(0.5)
        await pilot.press("down", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HouseholdScreen)
        text = str(app.screen.query_one("#hh-text", Static).render())
        assert text.startswith("5-2-201") and "Help bathing" in text


@sync
async def test_a_medicine_request_raised_directly(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, carer(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"99-1-101", "tab", *"aspirin", "enter")
        await pilot.pause()
        assert any("No household 99-1-101" in n.message for n in notifications(app))
        hh = app.screen.query_one("#med-hh", Input)
        hh.value = "5-2-201"
        await pilot.click("#med-urgent")
        await pilot.click("#med-save")
        await settle(pilot)
        pane = app.query_one(MedicinePane)
        assert pane.view is not None
        row = next(r for r in pane.view.rows if r.medicine == "aspirin")
        assert row.address == "5-2-201" and row.urgent and not row.from_care
        assert row.stage == "requested" and pane.view.rows[1] is row  # urgent, after overdue


@sync
async def test_editing_a_register_entry_frequency_for_leaders_only(
    board: Board, clock: FixedClock
) -> None:
    from dutyboard.tui.care_screens import RegisterScreen

    app = make_app(board, clock, carer(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.query_one(CarePane)
        hid = rows(pane.register_table())[0]
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RegisterScreen)
        assert dialog.query_one("#reg-every", Input).disabled  # a volunteer
        dialog.query_one("#reg-help", Input).value = "needs help bathing twice a week"
        await pilot.click("#reg-save")
        await settle(pilot)
        entry = care.entry(board, hid)
        assert entry is not None and entry.help == "needs help bathing twice a week"
        assert entry.every_days == 3
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.query_one(CarePane)
        await put_cursor(pilot, pane.register_table(), hid)
        await pilot.press("e")
        await pilot.pause()
        every = app.screen.query_one("#reg-every", Input)
        assert not every.disabled
        every.value = "2"
        await pilot.click("#reg-save")
        await settle(pilot)
        assert pane.view is not None and pane.view.row(hid).every_days == 2  # type: ignore[union-attr]
    assert care.entry(board, hid).every_days == 2  # type: ignore[union-attr]


@sync
async def test_language_switch_redraws_the_care_tabs(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        for key in ("7", "6", "5"):
            await pilot.press(key)
            await settle(pilot)
        pane = app.query_one(CarePane)
        heads = [str(c.label) for c in pane.register_table().columns.values()]
        assert heads[0] == "地址" and "物资组" in {n.group for n in pane.view.needs}  # type: ignore[union-attr]
        await pilot.press("l")
        await settle(pilot)
        heads = [str(c.label) for c in pane.register_table().columns.values()]
        assert heads[0] == "Address" and "Supplies" in {n.group for n in pane.view.needs}  # type: ignore[union-attr]
        await pilot.press("7")
        await settle(pilot)
        testing = app.query_one(testing_pane.TestingPane)
        assert "Round durations" in str(testing.query_one(".testing-chart", Static).render())
        assert "round 16" in str(testing.query_one(".testing-chart", Static).render())
