"""The leaders' log (L): today's changes newest first, filtered by a name; names as
text, never markup; greyed for volunteers (issue 14, item 4)."""

from __future__ import annotations

import pendulum
from textual.widgets import Input, Label, OptionList

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.audit_screen import AuditScreen
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app, on_duty_volunteer, settle, sync

MARKUP_NAME = "王五[/b]"


def some_changes(board: Board) -> tuple[str, str]:
    """A volunteer ticks a task at 09:00, a person whose name is markup another at 09:10."""
    today = board.today
    vol = on_duty_volunteer(board)
    open_tasks = board.tasks(today, status="open")
    board.clock = FixedClock(pendulum.datetime(today.year, today.month, today.day, 9, tz=board.tz))
    board.tick([open_tasks[0]], vol)
    other = next(v for v in board.volunteers() if not v.is_leader and v.id != vol.id)
    with board.transaction() as tx:  # past every cleaning, as a merged copy could bring it
        tx.update("volunteers", other.id, {"name": MARKUP_NAME})
    marked = board.volunteer(other.id)
    assert marked is not None
    board.clock = FixedClock(
        pendulum.datetime(today.year, today.month, today.day, 9, 10, tz=board.tz)
    )
    board.tick([open_tasks[1]], marked)
    return vol.name, MARKUP_NAME


def audit_screen(app: DutyboardApp) -> AuditScreen | None:
    screen = app.screen
    return screen if isinstance(screen, AuditScreen) else None


def option_texts(screen: AuditScreen) -> list[str]:
    options = screen.query_one("#audit-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@sync
async def test_a_leader_sees_todays_changes_newest_first_and_filters_by_name(
    board: Board, clock: FixedClock
) -> None:
    first, marked = some_changes(board)
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("audit_log", ()) is True
        await pilot.press("L")
        screen = await wait_until_in_app(pilot, lambda: audit_screen(app), what="the log")
        lines = option_texts(screen)
        assert len(lines) == 2
        assert marked in lines[0] and first in lines[1]  # newest first
        assert "09:10:00" in lines[0] and "09:00:00" in lines[1]
        assert "完成" in lines[0]  # the action in the UI language
        assert "test-laptop" in lines[0]  # the laptop it was made on

        await pilot.press(*first)  # the filter has the focus
        assert screen.query_one("#audit-filter", Input).value == first
        await wait_until_in_app(pilot, lambda: len(option_texts(screen)) == 1, what="the filter")
        assert [first in x for x in option_texts(screen)] == [True]

        screen.query_one("#audit-filter", Input).value = "[/"  # typed text, not markup
        await wait_until_in_app(
            pilot, lambda: any(marked in x for x in option_texts(screen)), what="the filter"
        )
        assert [marked in x for x in option_texts(screen)] == [True]

        screen.query_one("#audit-filter", Input).value = "无此人"
        await wait_until_in_app(
            pilot, lambda: not screen.query_one("#audit-list", OptionList).display, what="no rows"
        )
        empty = screen.query_one("#audit-empty", Label)
        assert empty.display and "无此人" in str(empty.render())

        await pilot.press("escape")
        await wait_until_in_app(
            pilot, lambda: not isinstance(app.screen, AuditScreen), what="the log closed"
        )


@sync
async def test_the_log_is_greyed_for_a_volunteer(board: Board, clock: FixedClock) -> None:
    some_changes(board)
    app = make_app(board, clock, on_duty_volunteer(board))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("audit_log", ()) is None  # shown greyed, not run
        await pilot.press("L")
        await pilot.pause()
        assert not isinstance(app.screen, AuditScreen)
        app.action_audit_log()  # even asked for directly (the palette, a script)
        await pilot.pause()
        assert not isinstance(app.screen, AuditScreen)


@sync
async def test_an_empty_day_says_so_in_english(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        assert "Today's log" in screen.title_text and "0 changes" in screen.title_text
        assert "nothing has been changed today" in str(
            screen.query_one("#audit-empty", Label).render()
        )


@sync
async def test_the_household_page_hides_call_notes_outside_the_care_group(
    board: Board, clock: FixedClock
) -> None:
    from textual.widgets import Static

    from dutyboard.groups import care
    from dutyboard.tui.household_page import HouseholdScreen, open_household

    people = sorted(board.volunteers(), key=lambda v: v.name)
    carer = next(v for v in people if "care" in v.groups and not v.is_leader)
    other = next(v for v in people if "care" not in v.groups and not v.is_leader)
    h = care.register(board)[0].household
    care.log_contact(board, carer, h.id, "说心脏不舒服 [b]", [])
    for who, sees in ((other, False), (carer, True), (first_leader(board), True)):
        app = make_app(board, clock, who)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            open_household(app, h.id)
            await pilot.pause()
            assert isinstance(app.screen, HouseholdScreen)
            text = str(app.screen.query_one("#hh-text", Static).render())
            assert ("说心脏不舒服 [b]" in text) is sees, who.name
            assert ("仅关爱组和组长可见" in text) is not sees


@sync
async def test_the_palette_opens_the_log_for_a_leader(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Log of changes")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AuditScreen)
