"""Reading the archive of closed days for the tabs that need it, once, in the background.

It takes seconds at town scale, so a tab asks ``ready`` first: if the archive cannot be
used at once, the loader starts one read (``start_read`` runs ``read`` in a worker
thread) and remembers the tabs to draw again and what to run when it is in; ``read_done``
hands them back. A version that could not be read is tried once, and again when
another laptop writes a new one. No Textual here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from dutyboard.core.board import Board


class ArchiveLoader:
    def __init__(self, board: Board, start_read: Callable[[], object]) -> None:
        self.board = board
        self._start_read = start_read
        self._wanted: set[str] = set()  # tabs drawn again once it is read
        self._then: list[Callable[[], object]] = []  # and what runs then
        self._tried = False  # read ran (it may have failed)
        self._tried_version: tuple[int, int, int] | None = None  # of that file

    def ready(self, tab: str | None = None, then: Callable[[], object] | None = None) -> bool:
        """True if the archive can be used at once; otherwise it is being read, and
        ``tab`` and ``then`` are remembered for ``read_done``."""
        store = self.board.store
        version = store.archive_version() if store.archive_stale() else None
        if version is not None and version != self._tried_version:
            self._tried = False  # another laptop wrote it since: read it again
        elif store.loaded_archive is not None or self._tried:
            return True
        if not store.has_archive():
            return True
        if not self._wanted and not self._then:
            self._tried_version = store.archive_version()
            self._start_read()
        if tab is not None:
            self._wanted.add(tab)
        if then is not None:
            self._then.append(then)
        return False

    def read(self) -> None:
        """In a worker thread, without the board's lock: saves go on meanwhile."""
        with contextlib.suppress(Exception):  # unreadable: the tab says so itself
            self.board.load_archive()

    def read_done(self) -> tuple[set[str], list[Callable[[], object]]]:
        """The tabs to draw again and what to run, now that ``read`` is over."""
        self._tried = True
        tabs, self._wanted = self._wanted, set()
        then, self._then = self._then, []
        return tabs, then
