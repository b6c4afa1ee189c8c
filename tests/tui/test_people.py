"""Journeys on the People tab (key 0) through Textual's Pilot: a leader adds a person
who at once shows in Today's "free now" bench, takes someone off duty (they leave it),
adds several people to a group in one undoable change, edits a household; a volunteer
sees the leader keys greyed, is refused by the core, and edits their own availability.
The demo board (seed 2022) on tmp_path, 2022-04-26 09:30 Shanghai time."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, RadioButton

from dutyboard.core.board import Board
from dutyboard.groups import care, people
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.tui._compat import notifications
from dutyboard.tui.households_screen import HouseholdForm, HouseholdsScreen
from dutyboard.tui.people import PeoplePane
from dutyboard.tui.person_form import GroupScreen, OffDutyScreen, PersonForm
from dutyboard.tui.picker import PickerScreen
from dutyboard.tui.today import EMPTY_PREFIX

from .conftest import SIZE, first_leader, make_app, settle, sync


def short_slot(board: Board) -> str:
    """A slot of today that is short of people (the demo has several)."""
    return next(sr.slot.id for g in board.roster(board.today).groups for sr in g.slots if sr.short)


async def open_people(pilot: Pilot[int]) -> PeoplePane:
    await pilot.press("0")
    await settle(pilot)
    pane = pilot.app.query_one(PeoplePane)
    pane.table().focus()
    return pane


async def put_cursor(pilot: Pilot[int], pane: PeoplePane, person_id: str) -> None:
    pane.select(person_id)
    await pilot.pause()
    row = pane.current()
    assert row is not None and row.id == person_id


async def bench(pilot: Pilot[int], slot_id: str) -> list[str]:
    """Today's s on a short slot: the ids the "free now" bench offers (then Esc)."""
    app = pilot.app
    await pilot.press("1")
    await settle(pilot)
    assert app.today.select_key(EMPTY_PREFIX + slot_id)  # type: ignore[attr-defined]
    await pilot.press("s")
    await pilot.pause()
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    ids = [c.id for c in picker.choices]
    await pilot.press("escape")
    await pilot.pause()
    return ids


def registered(board: Board) -> set[str]:
    return {e.household.id for e in care.register(board)}


def toasts(app: object) -> str:
    return "\n".join(str(n.message) for n in notifications(app))


@sync
async def test_a_person_added_shows_at_once_in_the_free_now_bench(
    board: Board, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board))
    slot_id = short_slot(board)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_people(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PersonForm)
        form.query_one("#person-name", Input).value = "新邻居"
        form.query_one("#person-phone", Input).value = "1391234567"  # one digit short
        form.query_one("#group-delivery", Checkbox).value = True
        await pilot.click("#person-save")
        await pilot.pause()
        assert app.screen is form  # named under the form, the phone field focused
        assert "不是 11 位手机号" in str(form.query_one(".dialog-problem").render())
        assert form.query_one("#person-phone", Input).has_focus
        await pilot.press("end", "8")  # the missing digit
        await pilot.pause(0.3)  # a button ignores a second press within 0.2 s
        await pilot.click("#person-save")
        await settle(pilot)
        assert not isinstance(app.screen, PersonForm)
        added = next(v for v in board.volunteers() if v.name == "新邻居")
        assert (added.phone, added.groups) == ("13912345678", ("delivery",))
        row = pane.current()
        assert row is not None and row.id == added.id  # the cursor on the new person
        assert "已添加 新邻居" in toasts(app)
        assert added.id in await bench(pilot, slot_id)


@sync
async def test_off_duty_leaves_the_bench_and_back_returns(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board))
    slot_id = short_slot(board)
    async with app.run_test(size=SIZE) as pilot:
        first = (await bench(pilot, slot_id))[0]
        pane = await open_people(pilot)
        await put_cursor(pilot, pane, first)
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OffDutyScreen)
        await pilot.press("enter")  # no reason yet
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "原因" in str(dialog.query_one(".dialog-problem").render())
        dialog.query_one("#off-reason", Input).value = "发烧，在家隔离"
        await pilot.click("#off-save")
        await settle(pilot)
        row = pane.current()
        assert row is not None and row.off and row.off_text == "发烧，在家隔离"
        assert first not in await bench(pilot, slot_id)
        pane = await open_people(pilot)
        await put_cursor(pilot, pane, first)
        await pilot.press("o")  # off already: put back at once
        await settle(pilot)
        assert first in await bench(pilot, slot_id)


@sync
async def test_selected_people_join_a_group_after_a_briefing_in_one_undo(
    board: Board, clock: FixedClock
) -> None:
    lead = first_leader(board)
    app = make_app(board, clock, lead)
    newcomers = sorted(
        (v for v in board.volunteers() if "care" not in v.groups and not v.is_leader),
        key=lambda v: v.name,
    )[:3]
    entries = len(board.audit())
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_people(pilot)
        for v in newcomers:
            await put_cursor(pilot, pane, v.id)
            await pilot.press("space")
            await pilot.pause()
        assert pane.selected == {v.id for v in newcomers}
        await pilot.press("g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, GroupScreen)
        await pilot.click("#join-care")
        await pilot.pause()
        assert dialog.query_one("#join-care", RadioButton).value
        await pilot.click("#group-save")  # not briefed yet: refused in the dialog
        await pilot.pause()
        assert app.screen is dialog
        assert "岗前说明" in str(dialog.query_one(".dialog-problem").render())
        dialog.query_one("#group-briefed", Checkbox).value = True
        await pilot.pause(0.3)  # a button ignores a second press within 0.2 s
        await pilot.click("#group-save")
        await settle(pilot)
        assert all("care" in (board.volunteer(v.id) or v).groups for v in newcomers)
        assert len(board.audit()) == entries + 1 and pane.selected == set()
        assert "已把 3 人加入关爱组" in toasts(app)
        await pilot.press("u")
        await settle(pilot)
        assert [board.volunteer(v.id) for v in newcomers] == newcomers


@sync
async def test_a_leader_marks_a_household_elderly_alone(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board))
    h = next(h for h in board.households() if not h.elderly_alone and h.id not in registered(board))
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await pilot.press("H")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HouseholdsScreen)
        await pilot.click("#households-find")
        await pilot.press(*h.address)
        await pilot.pause()
        assert [r.address for r in screen.rows] == [h.address]
        screen.query_one("#households-table", DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, HouseholdForm)
        assert form.query_one("#household-address", Input).disabled
        form.query_one("#household-alone", Checkbox).value = True
        await pilot.click("#household-save")
        await settle(pilot)
        assert app.screen is screen
        assert h.id in registered(board)
        assert "独居老人" in str(screen.query_one("#households-table", DataTable).get_row(h.id))


@sync
async def test_a_volunteer_has_the_leader_keys_greyed_and_edits_their_availability(
    board: Board, clock: FixedClock
) -> None:
    me = sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)[0]
    other = sorted((v for v in board.volunteers() if v.id != me.id), key=lambda v: v.name)[0]
    app = make_app(board, clock, me)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_people(pilot)
        mine = pane.view.row(me.id) if pane.view else None
        theirs = pane.view.row(other.id) if pane.view else None
        assert mine is not None and mine.phone == me.phone and mine.mine
        assert theirs is not None and theirs.phone == other.phone[:3] + "****" + other.phone[-4:]
        for action in ("add", "off_duty", "select", "to_group", "households"):
            assert pane.check_action(action, ()) is None, action
        assert pane.check_action("edit", ()) is True
        await pilot.press("n", "o", "space", "g", "H")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]  # nothing opened
        with_refusal = []
        for act in (
            lambda: people.add_volunteer(board, me, "张三", "13812345678", "delivery"),
            lambda: people.take_off(board, me, other.id, "生病"),
            lambda: people.edit_volunteer(board, me, other.id, availability="晚上"),
        ):
            try:
                act()
            except Refused as exc:
                with_refusal.append(exc.key)
        assert with_refusal == ["refused.not_leader"] * 3

        await put_cursor(pilot, pane, other.id)
        await pilot.press("e")  # someone else's row: told why not
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert "只能改自己的可服务时段" in toasts(app)

        await put_cursor(pilot, pane, me.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PersonForm) and form.own_only
        assert form.query_one("#person-name", Input).disabled
        assert form.query_one("#person-availability", Input).has_focus
        form.query_one("#person-availability", Input).value = "周末全天"
        await pilot.press("enter")
        await settle(pilot)
        assert (board.volunteer(me.id) or me).availability == "周末全天"
        row = pane.current()
        assert row is not None and row.id == me.id and row.availability == "周末全天"
