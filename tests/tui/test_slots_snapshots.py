"""Screenshots of issue 13, parts 3 and 4, at a fixed size: the demo community (seed
2022) on 2022-04-26 at 09:30 Shanghai time, a shift leader at the keyboard, in both
languages. Nobody has been marked arrived yet, so everyone in a slot that began
before 09:15 reads 未到岗 / late.

Review changed SVGs before accepting them (``--snapshot-update``)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.app import DutyboardApp

from .conftest import SIZE, first_leader, make_app, settle

LANGS = ["zh", "en"]


async def count_overdue(pilot: Pilot[int]) -> None:
    """The clock's first tick: the header counts overdue work (in a worker)."""
    app = pilot.app
    assert isinstance(app, DutyboardApp)
    app._watch()
    await settle(pilot)


@pytest.mark.parametrize("lang", LANGS)
def test_slot_dialog(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """t on Today (a leader) opens 加开班次 / Add a slot over the roster: the group
    (物资组 / Supplies, the group of the row under the cursor) in a drop-down; 今天
    4月26日 / Today, 26 Apr chosen over 明天 / Tomorrow; start 15:30 and end 18:00 as
    typed, the end field focused; 1 person needed; an empty name; 确定 / Save and 取消 /
    Cancel; the hint on the night slot rule."""
    app = make_app(board, clock, first_leader(board), lang)
    keys = ["t", "1", "5", "colon", "3", "0", "tab", "1", "8", "colon", "0", "0"]
    assert snap_compare(app, press=keys, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_overdue_list(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """O after the header has counted: the title 超期事项（20 项）/ Overdue (20); one
    line per thing, the longest overdue first: six care calls (回访 / Care call, the
    moment each became due, the address and who lives there), the urgent insulin
    request (配药 / Medicine), then every building's lift buttons due at 09:00 (消杀 /
    Disinfection, 1号楼 before 10号楼); the first line lit; the hint. Behind it the
    header reads 18 人未到岗 · 20 项超期 / 18 late · 20 overdue in the alarm colour."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, run_before=count_overdue, press=["O"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_today_late_narrow(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """Today at 80 columns once overdue work is counted: the header drops the
    community's name (and the name of who is here) to keep the time, 组长 / leader, the
    late and overdue counts and the save state; late rows say ! and 未到岗 / late in
    the alarm colour; the key bar keeps the keys that fit."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, run_before=count_overdue, terminal_size=(80, 24))
