"""Names with markup and terminal escapes are shown literally, and the app does not
crash (issue 14). The names go into the board through the store, past every cleaning,
as a merged copy from an older version could bring them."""

from __future__ import annotations

import html
import re

from textual.command import CommandList, CommandPalette

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.reassign import ReassignScreen
from dutyboard.tui.today import TodayPane

from .conftest import SIZE, first_leader, make_app, settle, sync

NAMES = ("王五[/b]", "x[/]y", "Anna [DE]", "[@click=app.quit]", "[bold red]boom", "Bo\x1b[31mred")
# What each looks like on screen: the ESC shows as its escape, never reaches the terminal.
SHOWN = (
    "王五[/b]",
    "x[/]y",
    "Anna [DE]",
    "[@click=app.quit]",
    "[bold red]boom",
    "Bo\\u001b[31mred",
)
NOTES = ("note [/] here", "[link=file:///etc/passwd]see[/link]")


def on_duty_today(board: Board, n: int) -> list[Volunteer]:
    """``n`` plain volunteers with a slot today (deterministic for seed 2022)."""
    people = sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)
    return [v for v in people if board.assignments_of(v.id, board.today)][:n]


def rename(board: Board) -> list[Volunteer]:
    """Give people on duty today the hostile names, and two households hostile notes."""
    people = on_duty_today(board, len(NAMES))
    households = sorted(board.households(), key=lambda h: h.id)[: len(NOTES)]
    with board.transaction() as tx:
        for v, name in zip(people, NAMES, strict=True):
            tx.update("volunteers", v.id, {"name": name, "note": name})
        for h, note in zip(households, NOTES, strict=True):
            tx.update("households", h.id, {"note": note})
    renamed = [board.volunteer(v.id) for v in people]
    assert [v.name for v in renamed if v is not None] == list(NAMES)
    return [v for v in renamed if v is not None]


def screen_text(app: DutyboardApp) -> str:
    """The text on screen, line by line, from the screenshot (what a person sees)."""
    svg = app.export_screenshot()
    lines: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text [^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        lines.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join(
        "".join(parts) for _, parts in sorted(lines.items(), key=lambda i: float(i[0]))
    )


async def search_palette(pilot, query: str) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    for _ in range(20):  # the palette searches in the background
        await pilot.pause(0.05)
    hits = pilot.app.screen.query_one(CommandList)
    prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
    return "\n".join(prompts) + "\n" + screen_text(pilot.app)


@sync
async def test_the_palette_shows_hostile_names_and_jumps_to_them(
    board: Board, clock: FixedClock
) -> None:
    people = rename(board)
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        for person, shown in zip(people, SHOWN, strict=True):
            text = await search_palette(pilot, person.name[:4])
            first_hit = text.splitlines()[0]
            assert first_hit.startswith(shown), (shown, text)
            assert "\x1b" not in text
            await pilot.press("enter")  # jump to the person's row on Today
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert app.active_tab == "today"
            assert app.query_one(TodayPane).current_person() is not None
        assert app.is_running


@sync
async def test_today_people_and_reassign_show_hostile_names_literally(
    board: Board, clock: FixedClock
) -> None:
    people = rename(board)
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(TodayPane)
        seen = ""
        for person in people:
            assert pane.select_person(person.id)
            await pilot.pause()
            seen += screen_text(app)
        for shown in SHOWN:
            assert shown in seen, shown
        assert "\x1b" not in seen

        # Clicking where "[@click=app.quit]" shows must not quit.
        assert pane.select_person(people[3].id)
        await pilot.pause()
        await pilot.click(TodayPane)
        await pilot.pause()
        assert app.is_running and app.return_code is None

        for person in people:  # r on each: the dialog's title names them
            assert pane.select_person(person.id)
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ReassignScreen)
            text = screen_text(app)
            assert SHOWN[people.index(person)] in text and "\x1b" not in text
            await pilot.press("escape")
            await pilot.pause()

        await pilot.press("0")  # People
        await settle(pilot)
        text = screen_text(app)
        assert "Anna [DE]" in text and "x[/]y" in text and "\x1b" not in text
        assert app.is_running and app.return_code is None


@sync
async def test_a_toast_with_a_hostile_name_is_text(board: Board, clock: FixedClock) -> None:
    rename(board)
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("moved 王五[/b] and [@click=app.quit] \x1b[2J", title="x[/]y")
        await pilot.pause(0.1)
        toast = app.screen.query("Toast").last()  # on the screen: wrapped to the toast's width
        assert str(toast.render()) == "x[/]y\nmoved 王五[/b] and [@click=app.quit] \\u001b[2J"
        assert "\x1b" not in screen_text(app)
        assert app.is_running
