"""Screenshots of the Care (5), Medicine (6) and Testing (7) tabs at 120×40: the demo
community (seed 2022) on 2022-04-26 at 09:30 Shanghai time, a shift leader at the
keyboard, in both languages.

Review changed SVGs before accepting them (``--snapshot-update``): Chinese columns
must line up and the duration bars must not be cut.
"""

from __future__ import annotations

from typing import Any

import pytest

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock

from .conftest import SIZE, first_leader, make_app

LANGS = ["zh", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_care(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """The Care tab (key 5): the summary (34 households, 6 calls overdue, 7 needs open)
    in the overdue colour; the register with the six overdue households first (超期 /
    overdue in red, their last call and caller), then by next call; the needs list
    below with the group each need went to (物资组 / 配药组 / 关爱组), the medicine
    stage, and the neighbours in the building for help at home. Key bar: p h space g x."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["5"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_medicine(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """The Medicine tab (key 6): 3 open, 1 overdue, 1 urgent; the urgent insulin request
    first with 紧急 / urgent and its due time late in red, then sourcing and bought;
    every request marked as needing a prescription and raised from a care call."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["6"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_testing(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """The Testing tab (key 7) before the day's round: next is round 17; the walking
    route without the sealed 11 and 12 and the positive 9, which are listed door to
    door in red; then the chart of rounds 1–16 from 3:00 on 03-28 down to 1:30."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["7"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_testing_round_under_way(
    snap_compare: Any, board: Board, clock: FixedClock, lang: str
) -> None:
    """s starts round 17: the buildings in route order with 9 (涉阳 / positive) and the
    sealed ones last, 上门采样 / door to door; space on the first building marks it
    called (已叫楼 / called, the time); the chart below."""
    app = make_app(board, clock, first_leader(board), lang)

    async def start_and_call(pilot: Any) -> None:
        await pilot.press("7")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await app.settled()
        await pilot.press("space")
        await pilot.pause()
        await app.settled()
        await pilot.pause()
        app.clear_notifications()  # "round 17 started" would cover the chart

    assert snap_compare(app, run_before=start_and_call, terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_log_call_dialog(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """p on the first overdue household opens the call dialog over the Care tab: the
    address in the title, the notes box, 已接通 / Reached ticked, two need rows (type,
    what exactly, urgent), Add a need / Save / Cancel and the key hint."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["5", "wait:300", "p"], terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_household_page(snap_compare: Any, board: Board, clock: FixedClock, lang: str) -> None:
    """h on the first overdue household: its address, residents, phone and note; the
    care section (who, help, frequency, next call overdue, the calls), medicine,
    deliveries, disinfection of its building today and the last testing round."""
    app = make_app(board, clock, first_leader(board), lang)
    assert snap_compare(app, press=["5", "wait:300", "h"], terminal_size=SIZE)
