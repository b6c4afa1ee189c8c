"""Screenshots of the Buildings tab (9) and its status dialog: the demo community (seed
2022) on 2022-04-26 at 09:30 Shanghai time, a shift leader at the keyboard, at
120×40, in both languages. Before the app starts, statuses are set through the core
(``set_buildings``): 3 sealed with a case on 04-22 then positive with a new case on
04-24 (day 3: sealed to day 14), 5 sealed with its case on 04-19 (may be lifted
today), 6 controlled today. 9 (positive), 11 and 12 (sealed) come from the demo,
set before any history was kept.

Review changed SVGs before accepting them (``--snapshot-update``): every cell's
border and title in its status's colour, no text cut in the middle of a character.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from dutyboard.core.board import Board
from dutyboard.groups import building_status as bs
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.building_dialogs import StatusScreen
from dutyboard.tui.buildings import BuildingCell
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app

LANGS = ["zh", "en"]


def set_buildings(board: Board) -> None:
    lead = first_leader(board)
    bs.set_status(board, lead, 3, "sealed", case_date="2022-04-22", note="3单元一例")
    bs.set_status(board, lead, 3, "positive", case_date="2022-04-24")
    bs.set_status(board, lead, 5, "sealed", case_date="2022-04-19")
    bs.set_status(board, lead, 6, "controlled")


@pytest.mark.parametrize("lang", LANGS)
def test_buildings_tab(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """Key 9: the title with the day and the counts (涉阳 2 · 封控 3 · 管控 1 · 正常 7);
    13 cells, three to a row, by number. 3号楼 · 涉阳 in red: since 4月26日 · case
    4月24日, 还剩 10 天 · 5月6日起可转管控, 配送 10 · 消杀 15. 5号楼 · 封控 in yellow:
    case 4月19日, may be controlled now (from 4月26日), in bold. 6号楼 · 管控 in blue:
    since 4月26日, 7 days to normal (5月3日). 9号楼 · 涉阳, 11号楼 and 12号楼 · 封控:
    since not known, lift day not known. Normal cells grey with only their open work.
    The cursor on 3号楼 (tinted). Key bar: s 设置状态, h 状态记录, then the app's keys."""
    set_buildings(board)
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["9", "wait:300", "right", "right"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_status_dialog(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """s on 3号楼 (positive), then down to 管控: the dialog's title names the building;
    the line below says where it stands now (涉阳 · since 4月26日 · case 4月24日 · 10
    days · controlled from 5月6日); the four states with 涉阳 marked (现在) and 管控
    highlighted; no case date (it goes with sealed or positive only); the note; the
    reason for lifting early, its label naming the earliest day 5月6日; Save and Back."""
    set_buildings(board)
    app = make_app(board, clock, first_leader(board), lang)

    async def open_dialog(pilot: Pilot[Any]) -> None:
        # The pauses as before, then until what they waited for is there: on a busy
        # machine the dialog can take longer, and "down" must land in it.
        await pilot.press("9")
        await pilot.pause(0.3)
        await wait_until_in_app(pilot, lambda: app.query(BuildingCell), what="the cells")
        await pilot.press("right", "right", "s")
        await pilot.pause(0.2)
        await wait_until_in_app(
            pilot, lambda: isinstance(app.screen, StatusScreen), what="the status dialog"
        )
        await pilot.press("down")

    assert snap_compare(app, run_before=open_dialog, terminal_size=SIZE)
