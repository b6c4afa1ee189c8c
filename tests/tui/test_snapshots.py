"""Screenshots of the duty board at 120×40: the demo community (seed 2022) on
2022-04-26 at 09:30 Shanghai time, a shift leader at the keyboard, in both languages.

Review changed SVGs before accepting them (``--snapshot-update``): Chinese columns
must line up, and no file path may appear on screen.
"""

from __future__ import annotations

from typing import Any

import pytest

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock

from .conftest import SIZE, first_leader, make_app

LANGS = ["zh", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_today(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """Header: 景泰嘉苑 · 4月26日 星期二 · 09:30 · the leader's name with a 组长 badge ·
    已保存 (Jingtai Jiayuan · Tue 26 Apr · 09:30 · leader · saved). Below the tabs: who
    is on duty now (● names per group) and the short-staffed summary in red; then the
    roster table: group, slot, time (the gate's night slot reads 22:00–06:00 (次日) /
    (next day)), have/need, ● for people on duty now, name (组长 after leaders), phone,
    status; short slots (物资组 上午 2/4, 核酸组 早班, 关爱组 上午) have a red 缺 N 人 /
    "N short" row. People late (their slot began more than 15 minutes ago, not marked
    arrived) show ! and 未到岗 / late in red, and the header says 18 人未到岗 / 18 late.
    Key bar: r a n s t enabled, ! 未到岗, ? l u q, ^p search."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_deliveries(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """The Deliveries tab (key 2): the day's batch (团购蔬菜包, arriving 10:30) with its
    progress bar 0/137, the building chips (9号楼 涉阳, 11 and 12 封控), then one row per
    household: address, building mark (rows of sealed and positive buildings say 送到门口
    / door only), items, carrier, status 待办 / open, batch; the cursor on the first row.
    Key bar: space f o b h c k, p greyed (no parcel here), plus the app's keys; the tab
    bar ends with 8 物资 / Supplies."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["2"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_disinfection(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """The Disinfection tab (key 3): the checklist as a grid, positive building 9 first
    with three rounds, then buildings 1–13 and the common areas; items due before 09:30
    read 超时 09:00 / "late" in the overdue colour, later ones "09:30前" / "by 09:30";
    the summary counts 0/81 and 13 overdue."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["3"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_reassign_modal(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """r on the first person of Today (a supplies leader) opens the move dialog over the
    roster: the title names the person and their slot; groups on the left (Delivery lit
    after one ↓ and Enter), the delivery slots today and tomorrow on the right in
    aligned columns with their have/need counts, today's morning lit; the warning
    "未报名快递组" / "not signed up for Delivery" in the warning colour; the reason box,
    Move and Cancel buttons, and the key hint."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["r", "down", "enter"], terminal_size=SIZE)
