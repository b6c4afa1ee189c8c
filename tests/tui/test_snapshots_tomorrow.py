"""Screenshots of the Tomorrow tab and the swap dialog at 120×40: the demo community
(seed 2022) on 2022-04-26 at 09:30 Shanghai time, a shift leader at the keyboard, in
both languages. Review changed SVGs before accepting them (``--snapshot-update``).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from dutyboard.core import staffing
from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.tomorrow_dialogs import ConfirmScreen
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app

LANGS = ["zh", "en"]


async def _tomorrow(pilot: Pilot[int]) -> None:
    await pilot.press("4")
    for _ in range(5):
        await pilot.pause()


async def _swap_dialog(pilot: Pilot[int]) -> None:
    await _tomorrow(pilot)
    await pilot.press("w")
    await pilot.pause()
    # On a busy machine one pause may come before the dialog is up.
    await wait_until_in_app(
        pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), what="the swap dialog"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_tomorrow_tab(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """Key 4: 明日排班 4月27日 星期三 / Tomorrow's roster Wed 27 Apr; the summary line
    (people planned, people short, warnings, the leaders' keys); the table per group and
    slot with have/need, names (组长 after leaders), phones and each person's warnings;
    short slots end with a red "缺 N 人" row and "(a to add someone)". Key bar: p t a d r
    w f e for the leader."""
    leader = first_leader(board)
    # Someone not signed up for supplies, put into tomorrow's short morning slot.
    morning = next(s for s in board.slots(board.tomorrow, "supplies") if s.key == "morning")
    busy = {a.volunteer for s in board.slots(board.tomorrow) for a in board.assignments(s.id)}
    stranger = sorted(
        (v for v in board.volunteers() if "supplies" not in v.groups and v.id not in busy),
        key=lambda v: (v.name, v.id),
    )[0]
    staffing.assign(board, stranger.id, morning.id, leader, override_reason="short")
    app = make_app(board, clock, leader, lang)
    assert snap_compare(app, run_before=_tomorrow, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_swap_diff(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """w on the Tomorrow tab: the swap dialog over the roster: 4月26日 → 4月27日, one
    line per group (added, removed, moved people; gaps in the warning colour), the
    tasks that will carry over by kind, the warnings left, how to undo; Swap and
    Cancel (focused)."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, run_before=_swap_dialog, terminal_size=SIZE)
