"""The Tomorrow tab counts days in a row back over closed days, so it needs the
archive: its parts, read through an index each (kept on this laptop). Building a
missing index reads its part, seconds for many parts at town scale. The tab says it is
reading, the indexes are built in a worker without the board's lock, and the roster
follows."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

import dutyboard.tui.tomorrow as tomorrow_tab
from dutyboard.core.board import Board
from dutyboard.storage import archive_parts, part_index
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.tomorrow import TomorrowPane
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app, settle, sync


def no_indexes(board: Board) -> None:
    """As on a laptop that never indexed the parts (a board synced in)."""
    shutil.rmtree(archive_parts.index_dir(board.store.path), ignore_errors=True)


def held_builds(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Index builds off the main thread wait for ``go_on``; ``reading`` is set when the
    first one starts."""
    reading, go_on = threading.Event(), threading.Event()
    real = part_index.build

    def slow_build(*args: object) -> part_index.PartIndex:
        if threading.current_thread() is not threading.main_thread():
            reading.set()
            go_on.wait(10)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(part_index, "build", slow_build)
    return reading, go_on


@contextlib.contextmanager
def other_laptop(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Code run inside is another laptop's: its own user folder (its own indexes)."""
    with monkeypatch.context() as m:
        m.setenv("DUTYBOARD_HOME", str(tmp_path / "other-laptop-home"))
        yield


@sync
async def test_the_tab_says_it_is_reading_and_the_roster_follows(
    board: Board, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = board.store
    no_indexes(board)
    assert store.has_archive() and not store.archive().warm(build=False)
    reading, go_on = held_builds(monkeypatch)
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
        assert store.archive().warm(build=False)  # every part's index at hand
        summary = str(pane.query_one("#tomorrow-summary", Static).render())
        assert "正在读取存档" not in summary


@sync
async def test_fair_share_opened_before_the_archive_is_read_opens_once_it_is(
    board: Board, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutyboard.tui.tomorrow_dialogs import FairShareScreen

    no_indexes(board)
    _reading, go_on = held_builds(monkeypatch)
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
    from dutyboard.views.tomorrow import build_fair_share

    archive = board.store.archive()
    broken = archive.days()[-1]
    archive.path(broken).write_text("{cut off", encoding="utf-8")
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
        assert board.store.archive_problem and broken in archive.problems
        assert build_fair_share(board, "zh")  # counted over the live file and other parts
        days = {day for day, _t, _d in archive.lookup("assignments")}
        assert days and broken not in days  # the other parts still give their records
    assert app.return_code in (None, 0)


@sync
async def test_an_archive_another_laptop_wrote_is_read_again_once(
    board: Board,
    board_path: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store = board.store
    no_indexes(board)
    days = store.archive().days()
    events: list[str] = []  # "built DAY" (an index built here) and "drawn" (the tab)
    real_build, real_draw = archive_parts.Archive._build_index, tomorrow_tab.build_tomorrow

    def build(archive: archive_parts.Archive, day: str, path: Path) -> object:
        events.append(f"built {day}")
        return real_build(archive, day, path)

    def draw(*args: object, **kwargs: object) -> object:
        events.append("drawn")
        return real_draw(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(archive_parts.Archive, "_build_index", build)
    monkeypatch.setattr(tomorrow_tab, "build_tomorrow", draw)

    def built() -> list[str]:
        return sorted(e[6:] for e in events if e.startswith("built "))

    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until_in_app(
            pilot,
            lambda: store.archive().warm(build=False) and "drawn" in events,
            what="the archive read",
        )
        await settle(pilot)
        assert built() == days  # each part indexed once
        app._watch()  # the first look of the watcher only takes note of the parts
        await wait_until_in_app(
            pilot, lambda: app.watcher._archive_noticed is not None, what="the first look"
        )
        await settle(pilot)
        assert built() == days

        # Another laptop writes a part (a merge of a closed day, say): a new version of
        # that part file, with another size and modification time.
        day = days[-1]
        live = board_path.read_bytes()
        with other_laptop(monkeypatch, tmp_path):
            there = Board.open(board_path, clock, device_id="laptop-b")
            part = there.store.archive().part(day)
            assert part is not None
            with part.transaction() as tx:
                closed = next(iter(tx.store.rows("tasks")))
                tx.update("tasks", closed["id"], {"note": "from laptop b"})
        assert board_path.read_bytes() == live  # only the part: nothing else to reload
        ppath = archive_parts.part_path(board_path, day)
        st = os.stat(ppath)
        os.utime(ppath, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        assert not store.archive().warm(build=False)  # its index no longer fits
        events.clear()
        app._watch()  # as each second: the tab in front is drawn again, reading it
        await wait_until_in_app(
            pilot,
            lambda: f"built {day}" in events and events[-1] == "drawn",
            what="the part read again and the tab drawn",
        )
        await settle(pilot)
        assert store.archive().warm(build=False)
        assert built() == [day], "only the part that changed"
        assert events.index(f"built {day}") < len(events) - 1  # drawn after it
        await pilot.press("1")
        await pilot.press("4")
        await settle(pilot)
        assert built() == [day], "read once per version of the part"
