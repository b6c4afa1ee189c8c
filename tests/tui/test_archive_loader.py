"""The archive loader (tui/archive_loader.py) without an app."""

from __future__ import annotations

from typing import Any, cast

from dutyboard.core.board import Board
from dutyboard.tui.archive_loader import ArchiveLoader


class _Store:
    def __init__(self) -> None:
        self.loaded_archive: Any = None
        self.version = (1, 1, 1)
        self.stale = False

    def has_archive(self) -> bool:
        return True

    def archive_stale(self) -> bool:
        return self.stale

    def archive_version(self) -> tuple[int, int, int]:
        return self.version


class _Board:
    def __init__(self) -> None:
        self.store = _Store()
        self.loads = 0

    def load_archive(self) -> None:
        self.loads += 1
        self.store.loaded_archive = object()


def test_it_reads_once_and_hands_back_what_waited() -> None:
    board = _Board()
    started: list[int] = []
    loader = ArchiveLoader(cast(Board, board), lambda: started.append(1))
    ran: list[str] = []
    assert not loader.ready("tomorrow")
    assert not loader.ready(None, lambda: ran.append("then"))
    assert started == [1]  # one read for both
    loader.read()
    tabs, then = loader.read_done()
    assert tabs == {"tomorrow"} and len(then) == 1
    assert loader.ready("tomorrow")
    assert board.loads == 1


def test_an_unreadable_archive_is_tried_once_and_again_when_rewritten() -> None:
    board = _Board()

    def broken() -> None:
        raise OSError("bad")

    board.load_archive = broken  # type: ignore[method-assign]
    started: list[int] = []
    loader = ArchiveLoader(cast(Board, board), lambda: started.append(1))
    assert not loader.ready("tomorrow")
    loader.read()  # the failure is the tab's to show
    loader.read_done()
    assert loader.ready("tomorrow")  # not tried again
    board.store.stale, board.store.version = True, (2, 2, 2)  # another laptop wrote it
    assert not loader.ready("tomorrow")
    assert started == [1, 1]
