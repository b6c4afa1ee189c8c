"""The household page opens at once; its history follows when the archive is read.

Reading the archive takes seconds at town scale (250 MB for 5,000 households and 90
days), so the first page of a session shows the live part with "正在读取存档……" and a
worker reads the archive, then the page is drawn again with the history.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.tui import household_page as page_screen
from dutyboard.tui.care_panes import CarePane
from dutyboard.tui.household_page import HouseholdScreen
from dutyboard.views import household_page as hp
from dutyboard.views.household import page_lines
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app, settle, sync


def test_history_ready_only_once_the_archive_is_read(
    board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert board.store.has_archive()  # the demo has closed days
    monkeypatch.setattr(hp, "_index", None)  # a fresh session: nothing indexed, read
    assert board.store.loaded_archive is None
    assert not hp.history_ready(board)
    pending = hp.household_page(board, board.households()[0].id, "zh", board.now(), history=False)
    assert pending is not None and pending.history_pending and not pending.history
    assert "正在读取存档……" in "\n".join(page_lines(pending, "zh"))
    hp.archive_index(board)
    assert hp.history_ready(board)


@sync
async def test_the_page_shows_at_once_and_the_history_follows(
    board: Board, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    real = hp.household_page

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("history", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(page_screen, "household_page", spy)  # as the page calls it
    monkeypatch.setattr(hp, "_index", None)  # as in a fresh session: nothing indexed yet
    board.store._archive = None  # not read yet this session
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert app.query_one(CarePane).view is not None
        await pilot.press("h")
        await wait_until_in_app(pilot, lambda: len(calls) >= 2, what="the archive read")
        assert isinstance(app.screen, HouseholdScreen)
        assert calls[:2] == [False, True]  # first without the history, then with it
        text = str(app.screen.query_one("#hh-text", Static).render())
        assert "■ 历史" in text and "正在读取存档" not in text
