"""Watching the board file for what other laptops saved.

``check`` runs in a worker thread, one at a time (``start`` says whether one may begin):
it reads the file again if it changed (``Board.refresh`` never writes), merges
Syncthing's conflict copies beside it and moves them aside, and notices the archive of
closed days being written elsewhere. It says what it found; the app redraws. No
Textual here, so it can be checked without an app.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from dutyboard.core.board import Board
from dutyboard.storage.errors import DutyboardError


class Seen(NamedTuple):
    reload: bool  # the board changed, or the store has notices or refusals to show
    merged: int  # conflict copies merged and moved aside
    archive: tuple[tuple[str, int, int], ...] | None  # the parts, if they changed


class BoardWatcher:
    def __init__(self, board: Board) -> None:
        self.board = board
        self._lock = threading.Lock()
        self._checking = False
        self._archive_noticed: tuple[tuple[str, int, int], ...] | None = None

    def start(self) -> bool:
        """True if no check is under way; the caller then runs ``check``."""
        with self._lock:
            if self._checking:
                return False
            self._checking = True
            return True

    def check(self) -> Seen:
        # Deferred: merging (and the validation it loads) is not needed to draw the
        # first screen; the first check runs just after it.
        from dutyboard.core.merge import merge_conflict_copies

        merged = 0
        try:
            changed = self.board.refresh()
            found = merge_conflict_copies(self.board)
            if found is not None and found.moved:
                merged, changed = len(found.moved), True
        except DutyboardError:
            changed = False  # unreadable right now (a copy under way?): try again later
        finally:
            with self._lock:
                self._checking = False
        store = self.board.store
        reload = changed or bool(store.notices) or bool(store.refusals)
        archive = store.archive_version()  # a listing and a stat per part
        noticed, self._archive_noticed = self._archive_noticed, archive
        if noticed is None or archive == noticed:  # the first look only takes note
            return Seen(reload, merged, None)
        return Seen(reload, merged, archive)
