"""Reading the archive of closed days for the tabs that need it, once, in the background.

Each part of the archive is read through a small index (dutyboard.storage.archive_parts);
building the index of a part synced in from another laptop reads that part, seconds for
many at town scale. So a tab asks ``ready`` first: if an index is missing, the loader
starts one read (``start_read`` runs ``read`` in a worker
thread) and remembers the tabs to draw again and what to run when it is in; ``read_done``
hands them back. A part that could not be read is tried once, and again when another
laptop writes a new one. No Textual here.
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

    def ready(self, tab: str | None = None, then: Callable[[], object] | None = None) -> bool:
        """True if the archive can be used at once (every part's index at hand, or
        the part could not be read); otherwise it is being read, and ``tab`` and
        ``then`` are remembered for ``read_done``."""
        store = self.board.store
        if not store.has_archive() or store.archive().warm(build=False):
            return True
        if not self._wanted and not self._then:
            self._start_read()
        if tab is not None:
            self._wanted.add(tab)
        if then is not None:
            self._then.append(then)
        return False

    def read(self) -> None:
        """In a worker thread, without the board's lock: saves go on meanwhile."""
        with contextlib.suppress(Exception):  # unreadable: the tab says so itself
            self.board.store.archive().warm()

    def read_done(self) -> tuple[set[str], list[Callable[[], object]]]:
        """The tabs to draw again and what to run, now that ``read`` is over."""
        tabs, self._wanted = self._wanted, set()
        then, self._then = self._then, []
        return tabs, then
