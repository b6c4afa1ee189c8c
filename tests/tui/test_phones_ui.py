"""Phones in the app (issue 14, item 4): a volunteer sees every number masked on
Today, in the palette (ctrl+p), its toasts and the who-picker, but their own and
their slot-mates' of the day; a leader sees them in full (dutyboard/groups/privacy.py)."""

from __future__ import annotations

import re

from textual.command import CommandList, CommandPalette

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups.privacy import PhoneView, mask_phone
from dutyboard.storage.clock import FixedClock
from dutyboard.tui._compat import notifications
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.picker import PickerScreen

from .conftest import SIZE, first_leader, make_app, sync

FULL = re.compile(r"(?<!\d)1\d{10}(?!\d)")  # an 11-digit mobile number, unmasked


def volunteer_with_mates(board: Board) -> tuple[Volunteer, set[str]]:
    """A plain volunteer sharing a slot today with someone (deterministic, seed 2022),
    and the ids of the people whose numbers they may see (themselves included)."""
    people = sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)
    for v in people:
        mates = PhoneView(board, v).slot_mates()
        if len(mates) >= 2:
            return v, set(mates)
    raise AssertionError("no volunteer shares a slot today")


def today_text(app: DutyboardApp) -> str:
    """Every cell the Today table draws (all rows, not only those in view)."""
    rows = app.today.table._rows  # the cells as drawn
    return "\n".join(" ".join(c.plain for c in cells) for _key, cells in rows)


async def palette(pilot, query: str) -> str:  # type: ignore[no-untyped-def]
    """The palette's hits for ``query`` (opened afresh, closed again)."""
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    for _ in range(20):  # the palette searches in the background
        await pilot.pause(0.05)
    hits = pilot.app.screen.query_one(CommandList)
    text = "\n".join(str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count))
    return text


def stranger(board: Board, seen: set[str], *, on_duty: bool) -> Volunteer:
    """Someone whose number the viewer may not see, with or without a slot today."""
    return next(
        v
        for v in sorted(board.volunteers(), key=lambda v: v.name)
        if v.id not in seen
        and v.phone
        and bool(board.assignments_of(v.id, board.today)) == on_duty
        and sum(1 for x in board.volunteers() if x.name == v.name) == 1
    )


@sync
async def test_a_volunteer_sees_own_and_slot_mates_numbers_only(
    board: Board, clock: FixedClock
) -> None:
    me, seen = volunteer_with_mates(board)
    allowed = {v.phone for v in board.volunteers() if v.id in seen}
    mate = next(v for v in board.volunteers() if v.id in seen and v.id != me.id)
    other = stranger(board, seen, on_duty=True)
    away = stranger(board, seen, on_duty=False)
    app = make_app(board, clock, me)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = today_text(app)
        assert me.phone in shown and mate.phone in shown
        assert set(FULL.findall(shown)) <= allowed  # FAILED before: every number
        assert mask_phone(other.phone) in shown

        hits = await palette(pilot, other.name)
        assert mask_phone(other.phone) in hits and other.phone not in hits
        assert not set(FULL.findall(hits)) - allowed
        await pilot.press("escape")
        # Typing the hidden middle of a number finds nobody by it (a search is no probe).
        hits = await palette(pilot, other.phone[3:9])
        assert other.name not in hits
        await pilot.press("escape")
        hits = await palette(pilot, mate.name)
        assert mate.phone in hits
        await pilot.press("escape")

        # Someone not on duty today: the jump says so in a toast, its number masked.
        hits = await palette(pilot, away.name)
        assert away.phone not in hits
        await pilot.press("enter")
        await pilot.pause()
        toasts = "\n".join(str(n.message) for n in notifications(app))
        assert away.name in toasts and mask_phone(away.phone) in toasts
        assert away.phone not in toasts  # FAILED before


@sync
async def test_the_who_picker_masks_every_number(board: Board, clock: FixedClock) -> None:
    someone = sorted(board.volunteers(), key=lambda v: v.name)[0]
    app = make_app(board, clock, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.choices and all(not FULL.search(c.phone) for c in picker.choices)
        await pilot.press(*someone.phone[3:9])  # the hidden middle: nobody found by it
        await pilot.pause()
        assert someone.id not in {c.id for c in picker.shown}
        for _ in range(6):
            await pilot.press("backspace")
        await pilot.press(*someone.phone[-4:])  # the last four, as shown: found
        await pilot.pause()
        assert someone.id in {c.id for c in picker.shown}


@sync
async def test_a_leader_sees_numbers_in_full(board: Board, clock: FixedClock) -> None:
    lead = first_leader(board)
    me, seen = volunteer_with_mates(board)
    other = stranger(board, seen, on_duty=True)
    app = make_app(board, clock, lead)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = today_text(app)
        assert other.phone in shown and me.phone in shown and "****" not in shown
        hits = await palette(pilot, other.phone[3:9])  # a leader finds them by any digits
        assert other.name in hits and other.phone in hits
