"""Screenshots of the Deliveries tab with a released batch and courier parcels, at
120×40, in both languages: the small community of tests/test_views_parcels.py
(building 6 sealed, 4 positive) at 09:31 on 2022-04-26 Shanghai time, a leader at
the keyboard.

Review changed SVGs before accepting them (``--snapshot-update``): Chinese columns
must line up, and nothing anyone typed may be read as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from dutyboard.core.board import Board
from dutyboard.groups.supplies import parcels
from dutyboard.tui.app import DutyboardApp
from tests.test_views_parcels import add, clock_of, release_batch, supplies_board, volunteer

from .conftest import SIZE, settle

LANGS = ["zh", "en"]


def board_with_parcels(tmp_path: Path) -> Board:
    """The batch released at 09:31 (4-1-101 short one box, 6-1-101 with a note that
    holds ``[/b]``), and five parcels: 5-1-101 since yesterday 08:31 (overdue),
    5-1-102 two from 京东, 6-1-201 whose courier holds ``[/b]``, 4-1-101, and 3-1-101
    already picked up."""
    board = supplies_board(tmp_path)
    release_batch(board)
    clock = clock_of(board)
    clock.advance(days=-1, hours=-1)
    add(board, "5-1-101", courier="顺丰")
    clock.advance(days=1, hours=1)
    add(board, "5-1-102", courier="京东", count=2)
    add(board, "6-1-201", courier="[/b]中通")
    add(board, "4-1-101")
    (picked,) = add(board, "3-1-101").added
    parcels.hand_over(board, [picked], volunteer(board, "gate"), "pickup")
    return board


@pytest.mark.parametrize("lang", LANGS)
def test_deliveries_with_parcels(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    """The Deliveries tab (key 2). Summary: 配送 0/4 [全部], the batch 青菜套餐 (09:00 到 /
    arrives 09:00) with its empty bar 0/4, then 快递 在架 5 件 · 已交 1 件 and, in red,
    超过一天 1 / "Parcels 5 on the shelf · 1 handed over 1 over a day". Chips 4号楼 涉阳
    0/1, 5号楼 0/2, 6号楼 封控 0/1. The shelf line stands out (bold, accent colour):
    货架 4号楼 1（送到门口） · 5号楼 3 · 6号楼 1（送到门口） / "Shelf: B4 1 (door only) ·
    B5 3 · B6 1 (door only)". Rows, all six columns on screen in both languages: the
    batch's four households, 4-1-101 and 6-1-101 with 送到门口 / "door only" after the
    address; 4-1-101's items followed by 缺 青菜套餐×1 / "short: 青菜套餐×1" in the
    warning colour, 6-1-101's by its note 备注：放门口，谢谢[/b] in italics, shown as
    typed. Then the parcels (no carrier, batch column 快递 / Parcel): 3-1-101 已自取 ✓
    09:31 / "picked up ✓ 09:31" in green; 4-1-101 door only, 09:31 上架 / "shelved
    09:31"; 5-1-101 快递×1 顺丰, "4月25日 08:31 上架 · 超过一天" / "shelved 25 Apr
    08:31 · 1 day+" in red; 5-1-102 快递×2 京东; 6-1-201 door only with the courier
    [/b]中通 as text. The cursor on the first row. Key bar: space f o b h c k, p greyed
    (the cursor is on a delivery, not a parcel), then ? l u q and ^p."""
    app = _app(tmp_path, lang)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_parcel_entry_dialog(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    """``k`` in Deliveries: the dialog 快递登记（门岗） / "Parcels at the gate" over the
    tab, after three entries: 5-1-101 typed and added, then 5-1-102 and 6-1-201 pasted
    with the courier 顺丰[/b] (shown as typed, in the courier box), then 5-9-999 and
    5-302 pasted. The status line tells the last entry: ✗ 住户名单里没有 5-9-999 and
    ✗ 5-302 不止一户，请问是哪个单元（5-1-302、5-2-302） in the warning colour / the
    English reasons. The room box is empty and focused with its placeholder, the count
    box shows 件数（默认 1） / "Count (1)" in full; the hint line below. Behind it the
    tab already lists the new parcels (5-1-101 and 5-1-102 twice, 6-1-201 twice)."""
    from textual import events

    from dutyboard.tui.parcel_entry import RoomInput

    app = _app(tmp_path, lang)

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press(*"5-1-101", "enter")
        await settle(pilot)
        room = app.screen.query_one("#parcel-room", RoomInput)
        await pilot.click("#parcel-courier")
        await pilot.press(*"顺丰[/b]")
        room.post_message(events.Paste("5-1-102\n6-1-201\n"))
        await settle(pilot)
        room.post_message(events.Paste("5-9-999\n5-302\n"))
        await settle(pilot)
        room.focus()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def _app(tmp_path: Path, lang: str) -> DutyboardApp:
    board = board_with_parcels(tmp_path)
    return DutyboardApp(
        board, clock_of(board), who=volunteer(board, "lead"), lang=lang, watch_interval=60.0
    )
