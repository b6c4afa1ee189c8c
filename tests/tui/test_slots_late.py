"""Pilot journeys of issue 13, parts 3 and 4: a leader adds, changes and removes a
slot on Today; late people are flagged on Today and in the header, ``!`` goes to
them and ``a`` clears it; the header counts overdue work and ``O`` goes to it; a
volunteer has the slot keys greyed and the core refuses. The demo board (seed 2022)
at 09:30: nobody has been marked arrived yet, so everyone in a slot that began
before 09:15 is late."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from dutyboard.cli.roster import roster_json
from dutyboard.core import slots
from dutyboard.core.board import Board
from dutyboard.groups.lateness import late_count
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.tui._compat import notifications
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.overdue_screen import OverdueScreen
from dutyboard.tui.slot_dialog import SlotDialog

from .conftest import DAY, TZ, first_leader, make_app, on_duty_volunteer, settle, sync


def keys(app: DutyboardApp) -> dict[str, bool]:
    """The key bar: key -> enabled (False: greyed)."""
    from dutyboard.tui.key_bar import KeyBar

    return {key: enabled for key, _, enabled in app.query_one(KeyBar).shown_keys()}


def enabled(app: DutyboardApp, key: str) -> bool:
    """A key where the focus is, shown in the bar or not (m and x are in the help)."""
    return app.screen.active_bindings[key].enabled


async def type_text(pilot: Pilot[int], text: str) -> None:
    await pilot.press(*("colon" if ch == ":" else ch for ch in text))


# ---------------------------------------------------------------- slots


@sync
async def test_a_leader_adds_a_slot_it_shows_on_today_and_in_the_roster_json(
    board: Board, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SlotDialog)
        dialog.query_one("#slot-group", Select).value = "delivery"
        await type_text(pilot, "15:30")  # the start field has the focus
        await pilot.press("tab")
        await type_text(pilot, "18:00")
        await pilot.press("tab", "backspace")
        await type_text(pilot, "4")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SlotDialog)
        made = slots.resolve_slot(board, "delivery:extra-1530")
        assert (made.date, made.start, made.end, made.needed) == (DAY, "15:30", "18:00", 4)
        # on Today, short of 4, the cursor on it; the roster's JSON has it too
        line = app.today.view.slot(made.id) if app.today.view else None
        assert line is not None and line.name == "加开 15:30" and line.short == 4
        assert app.today.current_slot() == line
        groups = roster_json(board, DAY, "zh")["groups"]
        delivery = next(g for g in groups if g["group"] == "delivery")
        by_start = ["morning", "afternoon", "extra-1530", "night"]
        assert [s["slot"] for s in delivery["slots"]] == by_start
        extra = delivery["slots"][2]
        assert (extra["name"], extra["needed"], extra["people"]) == ("加开 15:30", 4, [])
        assert any("已加开" in str(n.message) for n in notifications(app))
        # m changes it, x removes it (empty), u brings it back
        await pilot.press("m")
        await pilot.pause()
        edit = app.screen
        assert isinstance(edit, SlotDialog)
        assert edit.query_one("#slot-start", Input).value == "15:30"
        edit.query_one("#slot-needed", Input).value = "6"
        await pilot.press("enter")
        await settle(pilot)
        assert board.slot(made.id).needed == 6  # type: ignore[union-attr]
        await pilot.press("x")
        await settle(pilot)
        assert board.slot(made.id) is None
        assert app.today.view is not None and app.today.view.slot(made.id) is None
        await pilot.press("u")
        await settle(pilot)
        assert board.slot(made.id) is not None
        assert app.today.view.slot(made.id) is not None


@sync
async def test_the_dialog_says_what_is_wrong_and_stays(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await type_text(pilot, "15:00")
        await pilot.press("tab")
        await type_text(pilot, "14:00")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SlotDialog)
        problem = str(dialog.query_one("#slot-problem", Static).render())
        assert problem.startswith("the slot ends (14:00) before it starts (15:00)")
        await pilot.press("escape")
        await settle(pilot)
        assert not any(s.key.startswith("extra") for s in board.slots(DAY))


@sync
async def test_a_slot_with_people_cannot_be_removed(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.today.current_person() is not None  # the first row: someone in it
        assert enabled(app, "x") is False  # greyed
        slot = app.today.current_slot()
        assert slot is not None
        with pytest.raises(Refused):
            slots.remove_slot(board, first_leader(board), slot.slot_id)


@sync
async def test_a_volunteer_has_the_slot_keys_greyed_and_the_core_refuses(
    board: Board, clock: FixedClock
) -> None:
    volunteer = on_duty_volunteer(board)
    app = make_app(board, clock, volunteer)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert keys(app)["t"] is False  # greyed in the bar
        assert (enabled(app, "t"), enabled(app, "m"), enabled(app, "x")) == (False, False, False)
        await pilot.press("t", "m", "x")
        await pilot.pause()
        assert not isinstance(app.screen, SlotDialog)
    with pytest.raises(Refused) as exc:
        slots.add_slot(board, volunteer, "delivery", "15:30", "18:00", 2)
    assert exc.value.key == "refused.not_leader"


# ---------------------------------------------------------------- late


@sync
async def test_a_late_person_is_flagged_the_key_goes_to_them_and_a_clears_it(
    board: Board, clock: FixedClock
) -> None:
    late = late_count(board, clock.now())
    assert late > 1
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.header.part("late") == f"{late} 人未到岗"
        assert keys(app)["!"] is True
        await pilot.press("2", "exclamation_mark")  # from another tab: back to Today
        await pilot.pause()
        assert app.active_tab == "today"
        found = app.today.current_person()
        assert found is not None
        person = found[1]
        assert person.late and person.status_label == "未到岗"
        await pilot.press("a")
        await settle(pilot)
        assert board.assignment(person.assignment_id).status == "arrived"  # type: ignore[union-attr]
        again = app.today.view.person(person.assignment_id) if app.today.view else None
        assert again is not None and not again[1].late and again[1].status_label == "已到岗"
        assert app.header.part("late") == f"{late - 1} 人未到岗"
        # ! moves on to the next one, round to the first
        await pilot.press("exclamation_mark")
        nxt = app.today.current_person()
        assert nxt is not None and nxt[1].late and nxt[1].assignment_id != person.assignment_id


@sync
async def test_lateness_follows_the_clock(board_path: Path) -> None:
    clock = FixedClock(pendulum.datetime(2022, 4, 26, 6, 40, tz=TZ))
    board = Board.open(board_path, clock, device_id="test-laptop")
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.header.part("late") == ""  # 06:40: testing began at 06:30, not 15 min ago
        assert "!" not in keys(app)
        clock.advance(minutes=40)  # 07:20: testing's and delivery's mornings began
        app._watch()  # as each second
        await settle(pilot)
        n = late_count(board, clock.now())
        assert n > 0 and app.header.part("late") == f"{n} late"
        assert keys(app)["!"] is True
        flagged = [p for g in app.today.view.groups for s in g.slots for p in s.people if p.late]  # type: ignore[union-attr]
        assert len(flagged) == n and all(p.status_label == "late" for p in flagged)


# ---------------------------------------------------------------- overdue


@sync
async def test_the_header_counts_overdue_work_and_o_goes_to_it(
    board: Board, clock: FixedClock
) -> None:
    from dutyboard.groups.lateness import overdue

    found = overdue(board, clock.now())
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.header.part("overdue") == ""  # not on the first screen's path
        app._watch()  # the clock's first tick: counted in a worker
        await settle(pilot)
        assert app.header.part("overdue") == f"{len(found)} 项超期"
        assert keys(app)["O"] is True
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OverdueScreen)
        first = app.screen.view.rows[0]
        assert first.kind == "care"
        await pilot.press("enter")
        await settle(pilot)
        assert app.active_tab == "care"
        register = app.pane("care").query(DataTable).first()
        assert register.coordinate_to_cell_key(register.cursor_coordinate).row_key.value == (
            first.record
        )
        # a disinfection round: its tab, the cursor on its row and item
        await pilot.press("O")
        await pilot.pause()
        rows = app.screen.view.rows  # type: ignore[attr-defined]
        index = next(i for i, r in enumerate(rows) if r.kind == "disinfection")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.active_tab == "disinfection"
        grid = app.pane("disinfection").query(DataTable).first()
        cell = grid.coordinate_to_cell_key(grid.cursor_coordinate)
        assert (cell.row_key.value, cell.column_key.value) == (rows[index].record, "lift_buttons")
