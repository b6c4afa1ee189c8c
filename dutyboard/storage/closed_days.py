"""Records of closed days, kept out of a live board's file.

Which records belong to a closed day, and what becomes of them in the archive, is the
domain's rule (dutyboard.core.closed_days), handed to the store when the core opens a
live board, as a ``ClosedDays``. The store only asks it, and sets its own flags from
what it answers. A store without one keeps every record it is given.

Two ways such records reach memory: another copy still on the closed day is merged in
(``closed_record``: never taken in, sent to the archive), or the copy merged in moved
the board on to a later day and this program still holds the day it closed
(``_find_left_behind``: sent to the archive before the next save).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, cast

from dutyboard.storage.board_bytes import Table
from dutyboard.storage.records import Doc
from dutyboard.storage.tables import BoardTables

if TYPE_CHECKING:
    from dutyboard.storage.store import BoardStore


class ClosedDays(Protocol):
    """The rule for a live board's closed days, as the store needs it."""

    def tables(self) -> Iterable[str]:
        """The tables whose records may belong to a closed day."""
        ...

    def archive_bound(self, store: BoardStore, table: str, doc: Doc) -> bool:
        """Does this record of ``table`` belong in the archive of this live board?"""
        ...

    def send(self, store: BoardStore, closed: dict[str, list[Doc]]) -> bool:
        """Merge these records into the archive (written first); the changes this
        makes to live records stay in memory. True if a live record changed."""
        ...

    def part_of(self, store: BoardStore, table: str, doc: Doc) -> str | None:
        """The day (YYYY-MM-DD) of the archive's part this record belongs in; None if
        it has none the rule can tell."""
        ...

    def index_keys(self, table: str, doc: Doc) -> Iterable[str]:
        """The keys this archived record is looked up by (its household, ...)."""
        ...


class ClosedDayRecords(BoardTables):
    """The part of BoardStore that keeps closed days' records out of the live file."""

    closed_days: ClosedDays | None
    # Ids (per table) of records only this program still holds, of a day the file on
    # disk has closed (another window or laptop swapped the day): they go to the
    # archive before the next save, never back into the live file (absorb).
    _left_behind: dict[str, set[str]]

    def _store(self) -> BoardStore:
        return cast("BoardStore", self)  # the only class built on this one

    def closed_record(self, name: str, doc: Doc) -> bool:
        """A record this file lacks that belongs in the archive (an older copy, still
        on a day this board has closed, is being merged in)."""
        if doc.get("id") in self._index.get(name, ()):
            return False
        return self._archive_bound(name, doc)

    def note_left_behind(self, data: dict[str, Table], day_before: str | None) -> None:
        """After merging another copy's ``data`` in a transaction (dutyboard.core.merge): if
        it moved this board on from ``day_before`` (its swap), this board's records of
        the closed day that copy lacks go to the archive when the save ends, as after a
        reload (_find_left_behind)."""
        self._find_left_behind(data, day_before)

    def _find_left_behind(
        self, data: dict[str, Table], day_before: str | None
    ) -> dict[str, set[str]]:
        """The mirror of closed_record, for the copy being merged in: when it moved this
        board on to a later day (its swap), the records of a closed day that this
        program holds and that copy lacks were moved to the archive by that swap (or
        made here on the old day, unsaved). Without this, merging is a union, and the
        next save would write the whole closed day back into the live file (a second
        window open during a swap made by another). Records the swap kept (a slot still
        running) are in that copy too, and stay. Remembered in ``_left_behind`` and sent
        to the archive by _send_left_behind, with whatever was done to them meanwhile."""
        day_after = self.live_day()
        policy = self.closed_days
        if policy is None or day_before is None or day_after is None or day_after <= day_before:
            return {}
        found: dict[str, set[str]] = {}
        for name in policy.tables():
            theirs = {d.get("id") for d in (data.get(name) or {}).values()}
            for doc in self._data.get(name, {}).values():
                if doc["id"] not in theirs and self._archive_bound(name, doc):
                    found.setdefault(name, set()).add(doc["id"])
        for name, ids in found.items():
            self._left_behind.setdefault(name, set()).update(ids)
        return found

    def _send_left_behind(self) -> bool:
        """Send the records of closed days found by _find_left_behind to the archive,
        then take them out of memory. True if any were. The live file on disk already
        lacks them: only a change to the live records (a tick passed on) makes it
        dirty. A SaveError (the archive cannot be written) keeps them here for the next
        try."""
        if not self._left_behind:
            return False
        routed: dict[str, list[Doc]] = {}
        for name, ids in self._left_behind.items():
            index, table = self._index[name], self._data[name]
            # Those still here: a swap made in the transaction may have moved some.
            docs = [table[index[rid]] for rid in sorted(ids) if rid in index]
            if docs:
                routed[name] = docs
        if not routed:
            self._left_behind.clear()
            return False
        was_dirty = self.dirty
        changed = self.route_closed(routed)
        for name, docs in routed.items():
            for doc in docs:
                del self._data[name][self._index[name].pop(doc["id"])]
        self._left_behind.clear()
        self.dirty = was_dirty or changed
        self.revision += 1
        return True

    def _archive_bound(self, name: str, doc: Doc) -> bool:
        policy = self.closed_days
        return policy is not None and policy.archive_bound(self._store(), name, doc)

    def route_closed(self, closed: dict[str, list[Doc]]) -> bool:
        """Merge closed days' records into the archive (the ClosedDays rule). True if
        a live record changed (a tick passed on, an open task carried)."""
        if self.closed_days is None or not closed:
            return False
        changed = self.closed_days.send(self._store(), closed)
        self.dirty = True  # the live file on disk still holds the closed records
        self.revision += 1
        return changed
