"""The household page opens at once; its history follows when the archive is read.

The history is read through an index per part of the archive, kept on this laptop.
Building a missing index reads its part (seconds for many parts at town scale: 250 MB
for 5,000 households and 90 days), so a page drawn while an index is missing shows the
live part with "正在读取存档……" and a worker builds the indexes, then the page is
drawn again with the history. With the indexes at hand it is ready at once.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from textual.widgets import Static

from dutyboard.core.board import Board
from dutyboard.storage import archive_parts
from dutyboard.storage.clock import FixedClock
from dutyboard.tui import household_page as page_screen
from dutyboard.tui.care_panes import CarePane
from dutyboard.tui.household_page import HouseholdScreen
from dutyboard.views import household_page as hp
from dutyboard.views.household import page_lines
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app, settle, sync


def test_history_ready_only_once_the_archive_is_read(board: Board, clock: FixedClock) -> None:
    assert board.store.has_archive()  # the demo has closed days
    folder = archive_parts.index_dir(board.store.path)
    shutil.rmtree(folder, ignore_errors=True)  # a laptop that never indexed them
    assert not hp.history_ready(board)
    pending = hp.household_page(board, board.households()[0].id, "zh", board.now(), history=False)
    assert pending is not None and pending.history_pending and not pending.history
    assert "正在读取存档……" in "\n".join(page_lines(pending, "zh"))
    hp.archive_index(board)
    assert hp.history_ready(board)
    # The indexes are kept on this laptop: the next session is ready at once.
    days = board.store.archive().days()
    assert sorted(p.name for p in folder.glob("*.idx")) == sorted(f"{d}.idx" for d in days)
    assert hp.history_ready(Board.open(board.store.path, clock, device_id="test-laptop"))


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
    # As on a laptop that never indexed the parts: nothing indexed yet.
    shutil.rmtree(archive_parts.index_dir(board.store.path), ignore_errors=True)
    board.store._archive = None  # not read yet this session
    assert not hp.history_ready(board)
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
