"""The Tomorrow tab counts days in a row back over closed days, so it needs the
archive; reading it takes seconds at town scale. The tab says it is reading, the
archive is read in a worker without the board's lock, and the roster follows."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.tomorrow import TomorrowPane
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app, settle, sync


@sync
async def test_the_tab_says_it_is_reading_and_the_roster_follows(
    board: Board, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = board.store
    assert store.has_archive() and store.loaded_archive is None
    reading, go_on = threading.Event(), threading.Event()
    real = store.read_archive

    def slow_read() -> object:
        reading.set()
        go_on.wait(10)
        return real()

    monkeypatch.setattr(store, "read_archive", slow_read)
    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until_in_app(
            pilot, lambda: reading.is_set() and app.query(TomorrowPane), what="the tab reading"
        )
        pane = app.query_one(TomorrowPane)
        summary = str(pane.query_one("#tomorrow-summary", Static).render())
        assert summary == "正在读取存档……"
        assert board.lock.acquire(timeout=2)  # a save is not kept waiting meanwhile
        board.lock.release()
        go_on.set()
        await wait_until_in_app(pilot, lambda: pane.view is not None, what="the roster")
        await settle(pilot)
        assert pane.view is not None and pane.table.row_count > 0
        assert store.loaded_archive is not None
        summary = str(pane.query_one("#tomorrow-summary", Static).render())
        assert "正在读取存档" not in summary


@sync
async def test_fair_share_opened_before_the_archive_is_read_opens_once_it_is(
    board: Board, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutyboard.tui.tomorrow_dialogs import FairShareScreen

    store = board.store
    go_on = threading.Event()
    real = store.read_archive
    monkeypatch.setattr(store, "read_archive", lambda: (go_on.wait(10), real())[1])
    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until_in_app(pilot, lambda: app.query(TomorrowPane), what="the Tomorrow tab")
        await pilot.press("f")  # fair share, while the archive is being read
        await pilot.pause()
        assert not isinstance(app.screen, FairShareScreen)  # not yet: reading
        go_on.set()
        await wait_until_in_app(
            pilot, lambda: isinstance(app.screen, FairShareScreen), what="the fair share screen"
        )


@sync
async def test_a_broken_archive_is_named_not_a_crash(board: Board, clock: FixedClock) -> None:
    from dutyboard.storage.board_bytes import archive_path
    from dutyboard.views.tomorrow import build_fair_share

    archive_path(board.store.path).write_text("{cut off", encoding="utf-8")
    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until_in_app(
            pilot,
            lambda: (panes := app.query(TomorrowPane)) and panes.first().view is not None,
            what="the roster",
        )
        await settle(pilot)
        pane = app.query_one(TomorrowPane)
        assert pane.view is not None and pane.table.row_count > 0  # the roster is there
        summary = str(pane.query_one("#tomorrow-summary", Static).render())
        assert "存档读不出" in summary and "dutyboard check" in summary
        assert build_fair_share(board, "zh")  # counted over the live file
    assert app.return_code in (None, 0)


@sync
async def test_an_archive_another_laptop_wrote_is_read_again_once(
    board: Board, board_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = board.store
    reads: list[int] = []
    real = store.read_archive
    monkeypatch.setattr(store, "read_archive", lambda: (reads.append(1), real())[1])
    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until_in_app(
            pilot,
            lambda: store.loaded_archive is not None and app.query(TomorrowPane),
            what="the archive read",
        )
        await settle(pilot)
        first = store.loaded_archive
        assert first is not None and reads == [1]
        # Another laptop writes the archive (a merge of a closed day, say).
        there = Board.open(board_path, clock, device_id="laptop-b")
        with there.store.archive().transaction() as tx:
            closed = next(iter(tx.store.rows("tasks")))
            tx.update("tasks", closed["id"], {"note": "from laptop b"})
        assert store.archive_stale()
        app._watch()  # as each second: the tab in front is drawn again, reading it
        await wait_until_in_app(
            pilot, lambda: store.loaded_archive is not first, what="the archive read again"
        )
        await settle(pilot)
        assert store.loaded_archive is not first and not store.archive_stale()
        assert reads == [1, 1]
        await pilot.press("1")
        await pilot.press("4")
        await settle(pilot)
        assert reads == [1, 1], "read once per version of the file"
